"""Uploads (POST /v1/documents) and re-indexing without downtime, on a small temporary project.

The project holds two of the five documents (000 and 004), so a build takes seconds, not
minutes. Tests run in file order on one module-wide project: each upload adds a document.
"""

from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from rag.api import create_app
from rag.chunker import chunk
from rag.config import Settings
from rag.errors import BadInput, Conflict, TooLarge
from rag.index import build_index
from rag.ingest import check_file_name, prepare_upload
from rag.models import Answer

from .conftest import CORPUS, copy_corpus
from .live import live_server, open_assistant

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("000_571a2a0449ec3df3.txt", "004_61ad411d8b1f8f89.txt")
KEY = "upload-test-key"
BUILD_TIMEOUT = 180

UTF8_TXT = """关于开展星火燎原示范工程的通知

一、总体要求
各区要把星火燎原示范工程作为推动科技成果转化的重要抓手，建立项目库，按季度报送进展。

二、支持政策
对认定的星火燎原示范工程给予一次性补助50万元。
"""
GB_TXT = """雄安新区数字孪生城市建设实施办法

一、适用范围
本办法适用于雄安新区数字孪生城市建设项目的申报、评审和验收。朱镕基同志曾强调依法行政。

二、资金支持
对通过验收的数字孪生城市建设项目，按照实际投资额的百分之二十给予补助。
"""
MD_NO_HEADINGS = """本细则用于规范青年科技人才托举计划的组织实施，明确申报条件、评审流程和经费管理要求。

托举计划每年组织一次，申报人应当在本市高校、科研院所或者企业从事科研工作，年龄不超过三十五周岁。

入选者获得每年二十万元的资助，连续资助三年，资助经费用于科研活动和学术交流。
"""
HTML_DOC = """<!doctype html>
<html><head><meta charset="utf-8"><title>海淀区专利导航服务办法</title>
<script>alert("XSS-MARKER-HEAD")</script><style>p { color: red }</style></head>
<body><h1>海淀区专利导航服务办法</h1>
<p>第一条 为推进专利导航服务体系建设，服务区内重点产业创新发展，制定本办法。</p>
<script>document.write("XSS-MARKER-BODY")</script>
<p onclick="alert('XSS-MARKER-ATTR')">第二条 专利导航服务机构每年评估一次，评估结果向社会公开。</p>
</body></html>
"""


# -- the temporary project ----------------------------------------------------------------


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("project")
    copy_corpus(CORPUS, SEEDS, root / "corpus")
    settings = Settings(root=root, allow_uploads=True)  # uploads are off without a key unless allowed
    build_index(settings)
    return settings


@pytest.fixture(scope="module")
def assistant(settings):
    return open_assistant(settings)


@pytest.fixture(scope="module")
def client(assistant):
    with TestClient(create_app(assistant.settings, assistant, ui=False), raise_server_exceptions=False) as c:
        yield c


def upload(client, name: str, data: bytes, headers: dict | None = None, **fields):
    return client.post("/v1/documents", files={"file": (name, data, "application/octet-stream")},
                       data={k: str(v).lower() if isinstance(v, bool) else v for k, v in fields.items()},
                       headers=headers)


def wait_until_indexed(get, timeout: float = BUILD_TIMEOUT) -> dict:
    """Poll GET /v1/index until no build runs or is pending."""
    deadline = time.monotonic() + timeout
    while True:
        status = get("/v1/index").json()
        if not status["building"] and not status["pending"]:
            return status
        assert time.monotonic() < deadline, f"re-index still running after {timeout} s: {status}"
        time.sleep(0.2)


def check_error(r, status: int, code: str, fragment: str = "") -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["code"] == code, body
    assert fragment in body["error"]["message"], body
    return body["error"]["message"]


def stored_text(settings: Settings, doc: dict) -> str:
    return (settings.root / doc["path"]).read_bytes().decode("utf-8")


def doc_clauses(assistant, doc_id: str):
    return [c for c in assistant.index.clauses if c.doc_id == doc_id]


# -- uploads become searchable ------------------------------------------------------------


def test_uploads_of_each_format_become_searchable(client, assistant, settings):
    before = client.get("/v1/index").json()
    sent = {
        "beacon.txt": (UTF8_TXT.encode("utf-8"), "utf-8", "星火燎原示范工程"),
        "xiongan-gb.txt": (GB_TXT.encode("gb18030"), "gb18030", "数字孪生城市"),
        "talent-plan.md": (MD_NO_HEADINGS.encode("utf-8"), "utf-8", "青年科技人才托举计划"),
        "patent-nav.html": (HTML_DOC.encode("utf-8"), "utf-8", "专利导航服务"),
    }
    accepted = {}
    for name, (data, encoding, _) in sent.items():
        r = upload(client, name, data, issuer="测试机关", date="2024-05-01")
        assert r.status_code == 202, r.text
        body = r.json()
        assert body["status"] == "indexing" and body["file"] == name and body["encoding"] == encoding
        assert body["replaced"] is False
        accepted[name] = body["doc_id"]
    status = client.get("/v1/index").json()
    assert status["building"] or status["pending"] or status["builds"] > before["builds"]

    status = wait_until_indexed(client.get)
    # the server's corpus watcher may have rebuilt first once the broken file was gone
    assert status["last_error"] is None and status["last_result"] in ("swapped", "up to date"), status
    assert status["build"] != before["build"] and status["documents"] == before["documents"] + 4
    # four uploads in quick succession: fewer builds than uploads (uploads arriving during a build are
    # batched into the next; on a loaded machine the corpus watcher may add one more, 3 seen in CI)
    assert status["builds"] - before["builds"] < len(sent), status

    docs = {d["doc_id"]: d for d in client.get("/v1/documents").json()}
    for name, (_, _, phrase) in sent.items():
        doc_id = accepted[name]
        assert doc_id in docs, name
        assert docs[doc_id]["issuer"] == "测试机关" and docs[doc_id]["date"] == "2024-05-01"
        hits = client.post("/v1/search", json={"query": phrase, "top_k": 3}).json()["hits"]
        assert hits and hits[0]["doc_id"] == doc_id and phrase in hits[0]["text"], (name, hits[:1])
        # offsets refer to the stored file (the extracted text for HTML), decoded as UTF-8
        text = stored_text(settings, docs[doc_id])
        clauses = doc_clauses(assistant, doc_id)
        assert clauses
        for c in clauses:
            assert text[c.start : c.end] == c.text, c.clause_id
        for h in hits:
            if h["doc_id"] == doc_id:
                assert text[h["start"] : h["end"]] == h["text"]

    corpus = settings.resolved_corpus_dir()
    # UTF-8 is stored as sent; GB18030 is converted to UTF-8
    assert (corpus / "beacon.txt").read_bytes() == sent["beacon.txt"][0]
    assert (corpus / "xiongan-gb.txt").read_bytes() == GB_TXT.encode("utf-8")
    assert "朱镕基" in stored_text(settings, docs[accepted["xiongan-gb.txt"]])
    # Markdown without headings: preamble only, no heading path
    assert all(c.section_path == [] and c.level == 0 for c in doc_clauses(assistant, accepted["talent-plan.md"]))
    # HTML: the markup is kept as uploaded; no script (or attribute) text reaches any clause
    assert (corpus / "patent-nav.html").read_bytes() == sent["patent-nav.html"][0]
    assert docs[accepted["patent-nav.html"]]["path"].endswith(".derived/patent-nav.html.txt")
    assert not [c.clause_id for c in assistant.index.clauses if "XSS-MARKER" in c.text or "alert(" in c.text]
    assert "XSS-MARKER" not in stored_text(settings, docs[accepted["patent-nav.html"]])
    # the manifest has an entry for each upload, and is still valid JSON with the hand-written ones
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    files = [e["file"] for e in manifest["documents"]]
    assert set(sent) | set(SEEDS) <= set(files) and len(files) == len(set(files))
    assert not [p.name for p in corpus.iterdir() if p.name.endswith(".tmp")]


def test_replace_keeps_the_doc_id(client, assistant, settings):
    data = UTF8_TXT.replace("50万元", "80万元").encode("utf-8")
    doc_id = next(d["doc_id"] for d in client.get("/v1/documents").json() if d["path"].endswith("beacon.txt"))
    check_error(upload(client, "beacon.txt", data), 409, "conflict", "replace=true")
    served = client.get("/v1/index").json()["build"]
    r = upload(client, "beacon.txt", data, replace=True, title="星火燎原示范工程通知(修订)")
    assert r.status_code == 202, r.text
    assert r.json()["replaced"] is True and r.json()["doc_id"] == doc_id
    # until the new build is swapped in, the served index quotes the text it was built from
    clauses = doc_clauses(assistant, doc_id)
    old = client.get(f"/v1/documents/{doc_id}").json()
    if client.get("/v1/index").json()["build"] == served:  # (the build takes seconds: practically always)
        assert "50万元" in old["text"] and "80万元" not in old["text"]
        for c in clauses:
            assert old["text"][c.start : c.end] == c.text
    assert wait_until_indexed(client.get)["last_error"] is None
    doc = client.get(f"/v1/documents/{doc_id}").json()
    assert doc["title"] == "星火燎原示范工程通知(修订)" and "80万元" in doc["text"]
    for c in doc_clauses(assistant, doc_id):
        assert doc["text"][c.start : c.end] == c.text


# -- refusals -------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
BIG5 = "本辦法適用於科技成果轉化項目的申報與評審，以及智慧財產權的保護。".encode("big5") * 20
EUC_KR = "대한민국 헌법 제1조 대한민국은 민주공화국이다. 모든 권력은 국민으로부터 나온다.".encode("euc-kr") * 20


@pytest.mark.parametrize(
    ("name", "data", "status", "code", "fragment"),
    [
        ("scan.txt", PNG, 422, "bad_input", "binary file"),
        ("nul.txt", "政策".encode() + b"\x00" * 10, 422, "bad_input", "binary file"),
        ("undecodable.txt", b"\x80\x81 plain \xff\xfe", 422, "bad_input", "cannot decode"),
        ("big5.txt", BIG5, 422, "bad_input", "expected UTF-8 or GB18030/GBK"),
        ("korean.txt", EUC_KR, 422, "bad_input", "cannot decode"),
        ("utf16.txt", "政策文件".encode("utf-16"), 422, "bad_input", "UTF-16"),
        ("empty.txt", b"", 422, "bad_input", "empty"),
        ("blank.md", b" \r\n\t\n", 422, "bad_input", "white space"),
        ("only-script.html", b"<script>alert(1)</script>", 422, "bad_input", "no text"),
        ("../../x.txt", b"text", 422, "bad_input", "file name must be a plain name"),
        ("..", b"text", 422, "bad_input", "plain name"),
        (".hidden.txt", b"text", 422, "bad_input", "plain name"),
        ("x.exe", b"text", 422, "bad_input", ".txt, .md, .markdown, .html, .htm"),
        ("noext", b"text", 422, "bad_input", "unsupported file type"),
        ("README.md", b"text", 422, "bad_input", "reserved"),
        ("x" * 121 + ".txt", b"text", 422, "bad_input", "too long"),
        (SEEDS[0], b"text", 409, "conflict", "already in the corpus"),
    ],
)
def test_refused_uploads(client, settings, name, data, status, code, fragment):
    before = sorted(p.name for p in settings.resolved_corpus_dir().iterdir())
    check_error(upload(client, name, data), status, code, fragment)
    assert sorted(p.name for p in settings.resolved_corpus_dir().iterdir()) == before


def test_refused_metadata_and_form(client):
    check_error(upload(client, "m.txt", b"text", date="2016-13-01"), 422, "bad_input", "date")
    check_error(upload(client, "m.txt", b"text", script="latin"), 422, "bad_input", "script")
    check_error(upload(client, "m.txt", b"text", title="t" * 301), 422, "bad_input", "title")
    check_error(upload(client, "m.txt", b"text", replace="perhaps"), 422, "bad_request", "replace")
    check_error(client.post("/v1/documents", data={"title": "no file"}), 422, "bad_request", "file")
    check_error(client.post("/v1/documents", json={"file": "x"}), 422, "bad_request", "file")


def test_size_limits_per_route(client, assistant):
    limit = assistant.settings.max_upload_bytes
    # over the upload limit but within the multipart allowance: refused by the upload checks
    check_error(upload(client, "big.txt", b"a" * (limit + 1)), 413, "too_large", "upload limit")
    # far over: refused by the body-size middleware before the body is read
    check_error(upload(client, "bigger.txt", b"a" * (limit + 200_000)), 413, "too_large", "limit")
    # a 3 MB body passes the middleware on the upload route (then fails as binary, not as too large) …
    check_error(upload(client, "zeros.txt", b"\x00" * 3_000_000), 422, "bad_input", "binary")
    # … while JSON routes keep max_body_bytes
    big_json = json.dumps({"question": "科技", "padding": "x" * 3_000_000}).encode()
    check_error(client.post("/v1/ask", content=big_json, headers={"content-type": "application/json"}),
                413, "too_large")


@pytest.mark.parametrize(
    "name",
    ["a/b.txt", "a\\b.txt", "/etc/passwd.txt", "C:\\x.txt", "x\x00.txt", "x\n.txt", "x\x07.txt", "a\u202etxt.md",
     " x.txt", "x.txt ", ".", "", "manifest.json", "\u6587" * 81 + ".txt"],
)
def test_file_names_that_are_not_plain(name):
    with pytest.raises(BadInput):
        check_file_name(name)


@pytest.mark.parametrize("name", ["政策文件.txt", "plan-2016.md", "a..b.html", "Notice.HTM", "x.markdown"])
def test_plain_file_names(name):
    assert check_file_name(name) == name


def test_prepare_upload_size_and_conflict(settings):
    with pytest.raises(TooLarge):
        prepare_upload("big.txt", b"a" * (settings.max_upload_bytes + 1), settings)
    with pytest.raises(Conflict):
        prepare_upload(SEEDS[1], b"text", settings)
    assert prepare_upload(SEEDS[1], b"text", settings, replace=True).replace


def test_ten_megabyte_single_line(settings):
    """A 10 MB document on one line: refused at the default limit; under a higher one it is
    accepted, and the chunker splits it at sentence ends in seconds, not minutes."""
    # varied sentences: one sentence repeated is refused as filler (tests/test_corpus_safety.py)
    rng = random.Random(18)
    words = ["科技成果", "转化", "推动", "创新发展", "重要途径", "各地区", "加强", "政策支持", "服务保障", "高新技术企业",
             "研发投入", "知识产权", "人才引进", "资金补助", "孵化器", "产业园区", "示范工程", "协同创新", "金融服务"]
    sentences = (f"{''.join(rng.choices(words, k=rng.randint(4, 9)))}{rng.randint(1, 99_999)}项。" for _ in range(130_000))
    line = "".join(sentences)
    data = line.encode("utf-8")[:10_000_000].decode("utf-8", "ignore").encode("utf-8")
    assert 9_900_000 < len(data) <= 10_000_000 and b"\n" not in data
    with pytest.raises(TooLarge):
        prepare_upload("one-line.md", data, settings)
    roomy = settings.model_copy(update={"max_upload_bytes": 12_000_000, "max_clauses_per_document": 100_000})
    prepared = prepare_upload("one-line.md", data, roomy)
    t0 = time.perf_counter()
    clauses = chunk("one-line", prepared.text, settings.max_clause_chars)
    seconds = time.perf_counter() - t0
    print(f"\nchunk() on a {len(data):,}-byte single line ({len(prepared.text):,} characters): "
          f"{len(clauses):,} clauses in {seconds:.1f} s")
    assert len(clauses) > 1000 and max(len(c.text) for c in clauses) <= 2 * settings.max_clause_chars
    assert all(prepared.text[c.start : c.end] == c.text for c in clauses[:50] + clauses[-50:])
    assert seconds < 120  # a guard against quadratic behaviour only (measured: ~2 s)


# -- API key ------------------------------------------------------------------------------


def test_upload_requires_the_api_key(assistant):
    settings = assistant.settings.model_copy(update={"api_key": KEY})
    with TestClient(create_app(settings, assistant, ui=False), raise_server_exceptions=False) as keyed:
        check_error(upload(keyed, "k.txt", b"text"), 401, "unauthorized")
        check_error(upload(keyed, "k.txt", b"text", headers={"X-API-Key": "wrong"}), 401, "unauthorized")
        check_error(keyed.get("/v1/index"), 401, "unauthorized")
        # with the key the request reaches the upload checks (x.exe: refused there, nothing written)
        check_error(upload(keyed, "x.exe", b"text", headers={"Authorization": f"Bearer {KEY}"}), 422, "bad_input")
        assert keyed.get("/v1/index", headers={"X-API-Key": KEY}).status_code == 200
        spec = keyed.get("/openapi.json").json()
        assert "post" in spec["paths"]["/v1/documents"] and "/v1/index" in spec["paths"]
        responses = spec["paths"]["/v1/documents"]["post"]["responses"]
        assert {"202", "401", "409", "413", "422"} <= set(responses)


# -- a failed build changes nothing that is served --------------------------------------------


def test_failed_build_keeps_serving_the_old_index(client, assistant, settings):
    corpus = settings.resolved_corpus_dir()
    before = wait_until_indexed(client.get)
    broken = corpus / "broken-by-hand.txt"  # as if copied into corpus/ by hand, bypassing the upload checks
    broken.write_bytes("政策".encode("gb18030") + b"\xff")
    try:
        r = upload(client, "after-broken.txt", "科技金融风险补偿资金池管理办法。".encode())
        assert r.status_code == 202, r.text
        status = wait_until_indexed(client.get)
        assert status["last_result"] == "failed" and "broken-by-hand.txt" in status["last_error"], status
        assert status["build"] == before["build"]
        answer = client.post("/v1/ask", json={"question": "廊坊给新认定的市级协同创新基地多少奖励"})
        assert answer.status_code == 200 and answer.json()["answered"]
        assert r.json()["doc_id"] not in {d["doc_id"] for d in client.get("/v1/documents").json()}
        assert (corpus / "after-broken.txt").exists() and broken.exists()  # nothing removed behind our back
    finally:
        broken.unlink()
    assistant.keeper.reindex()
    status = wait_until_indexed(client.get)
    # the server's corpus watcher may have rebuilt first once the broken file was gone
    assert status["last_error"] is None and status["last_result"] in ("swapped", "up to date"), status
    assert r.json()["doc_id"] in {d["doc_id"] for d in client.get("/v1/documents").json()}


# -- no downtime ---------------------------------------------------------------------------

QUESTIONS = ["廊坊给新认定的市级协同创新基地多少奖励", "中关村示范区如何搭建产业创新发展平台", "星火燎原示范工程补助多少",
             "What support do new collaborative innovation bases get?"]


def test_no_downtime_while_reindexing(assistant, settings):
    """Queries fired concurrently while a re-index runs all get a valid Answer, from the old index
    and then from the new one; afterwards the new document is searchable."""
    with live_server(create_app(assistant.settings, assistant, ui=False)) as base:
        http = httpx.Client(base_url=base, timeout=120)
        texts = {d["doc_id"]: stored_text(settings, d) for d in http.get("/v1/documents").json()}
        before = wait_until_indexed(http.get)
        # enough new clauses that the re-index takes seconds even though unchanged passages' vectors are
        # cached (rag.vector_cache): the asks must overlap the build
        items = "".join(f"{n}.对第{n}批深海探测装备首台套项目给予保费百分之{n % 50 + 30}的补偿，单个项目最高{n * 7}万元。\n"
                        for n in range(1, 161))
        data = f"关于设立深海探测装备首台套保险补偿的通知\n\n对深海探测装备首台套给予保费百分之八十的补偿。\n{items}".encode()
        r = http.post("/v1/documents", files={"file": ("deep-sea.txt", data)})
        assert r.status_code == 202, r.text
        new_doc = r.json()["doc_id"]

        stop = threading.Event()
        lock = threading.Lock()
        results: list[tuple[int, dict, float, bool]] = []  # status, body, seconds, building when sent

        def fire(worker: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as mine:
                i = worker
                while not stop.is_set():
                    building = mine.get("/v1/index").json()["building"]
                    t0 = time.perf_counter()
                    resp = mine.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                    with lock:
                        results.append((resp.status_code, resp.json(), time.perf_counter() - t0, building))
                    i += 1

        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(fire, w) for w in range(4)]
            try:
                after = wait_until_indexed(http.get)
            finally:
                stop.set()
            for f in futures:
                f.result()
        http.close()

    assert after["last_error"] is None and after["build"] != before["build"], after
    during = [r for r in results if r[3]]
    print(f"\n{len(results)} asks during the re-index ({len(during)} sent while building); "
          f"slowest {max(r[2] for r in results):.2f} s; build {after['last_build_seconds']} s")
    assert len(during) >= 4, "the asks did not overlap the build"
    for status, body, _, _ in results:
        assert status == 200, body
        answer = Answer.model_validate(body)  # markers match citations
        for h in answer.hits:
            if h.doc_id in texts:
                assert texts[h.doc_id][h.start : h.end] == h.text
        for c in answer.citations:
            if c.doc_id in texts:
                assert texts[c.doc_id][c.start : c.end] == c.quote
    hits = assistant.search("深海探测装备首台套", top_k=3).hits
    assert hits and hits[0].doc_id == new_doc


# -- coalescing, without building anything ---------------------------------------------------------


def test_requests_during_a_build_coalesce_into_one_more():
    from rag.reindex import Reindexer

    started, release = threading.Semaphore(0), threading.Event()
    builds: list[int] = []

    def build():
        builds.append(len(builds) + 1)
        started.release()
        release.wait(10)
        return len(builds)

    worker = Reindexer(build, lambda report: "swapped")
    worker.request()
    assert started.acquire(timeout=10)  # build 1 is running
    for _ in range(5):  # five uploads arrive meanwhile
        worker.request()
    assert worker.status()["building"] and worker.status()["pending"]
    release.set()
    assert worker.wait_idle(10)
    assert builds == [1, 2] and worker.status()["requests"] == 6 and worker.status()["builds"] == 2


def test_a_failed_or_superseded_build():
    from rag.reindex import Reindexer

    outcomes = iter(["superseded", "swapped"])
    worker = Reindexer(lambda: None, lambda report: next(outcomes))
    worker.request()
    assert worker.wait_idle(10)
    assert worker.status()["builds"] == 2 and worker.status()["last_result"] == "swapped"  # built again

    def fail():
        raise ValueError("corpus/bad.txt: not valid UTF-8")

    worker = Reindexer(fail, lambda report: "swapped")
    worker.request()
    assert worker.wait_idle(10)
    status = worker.status()
    assert status["last_result"] == "failed" and "bad.txt" in status["last_error"] and status["last_error_at"]
    worker.request()  # the worker survives a failure
    assert worker.wait_idle(10) and worker.status()["builds"] == 2


def test_broken_multipart_is_a_documented_400(client):
    boundary = "7c5156fb04a2177cf9e322ad31ebde44"
    r = client.post("/v1/documents", content=f"--{boundary}\r\nNone--{boundary}--\r\n".encode(),
                    headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    check_error(r, 400, "bad_request")
    assert "400" in client.get("/openapi.json").json()["paths"]["/v1/documents"]["post"]["responses"]
