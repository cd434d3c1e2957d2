"""One immutable snapshot per request: replacing a cited document under load gives no 5xx.

The reproduction: clients asking (and fetching the cited clause) while the document their
answers cite is replaced got HTTP 500s at the swaps ("extractive answer failed verification":
retrieval used the old index, verification the new texts). Here: a small project, four clients,
three replacements that shift every offset in the cited document, on a live loopback server."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import httpx
import pytest

from rag.api import create_app
from rag.config import Settings
from rag.errors import BadInput
from rag.models import Answer
from rag.snapshot import Snapshot

from .conftest import CORPUS, copy_corpus
from .live import live_server, open_assistant

ROOT = Path(__file__).resolve().parents[1]
DOC = "beacon.txt"
TEXT = """关于开展星火燎原示范工程的通知

一、总体要求
各区要把星火燎原示范工程作为推动科技成果转化的重要抓手，建立项目库，按季度报送进展。

二、支持政策
对认定的星火燎原示范工程给予一次性补助50万元。
"""
QUESTIONS = ["星火燎原示范工程补助多少", "星火燎原示范工程的项目库怎么报送进展"]


def version(i: int) -> bytes:
    """The document with a preface of a different length each time: every offset moves."""
    return (f"（第{i}次修订说明：" + "本通知内容保持不变。" * (i + 1) + "）\n\n" + TEXT).encode()


def test_the_question_length_is_checked_after_normalisation():
    from rag.assistant import _clean

    settings = Settings(max_question_chars=2000)
    assert _clean("\ufdfa" * 100, settings)  # 1,800 characters once normalised: accepted
    with pytest.raises(BadInput, match="once normalised"):
        _clean("\ufdfa" * 200, settings)  # 200 characters as sent, 3,600 after NFKC


@pytest.mark.slow
def test_replacing_a_cited_document_under_load_gives_no_5xx(tmp_path):
    root = tmp_path / "project"
    copy_corpus(CORPUS, ["000_571a2a0449ec3df3.txt"], root / "corpus")
    (root / "corpus" / DOC).write_bytes(version(0))
    settings = Settings(root=root, allow_uploads=True, watch_corpus_s=0)
    assistant = open_assistant(settings)
    old = assistant.snapshot()
    statuses: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    with live_server(create_app(settings, assistant, ui=False)) as base:

        def client(n: int) -> None:
            with httpx.Client(base_url=base, timeout=60) as http:
                i = n
                while not stop.is_set():
                    r = http.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                    codes = [r.status_code]
                    if r.status_code == 200:
                        answer = Answer.model_validate(r.json())
                        for c in answer.citations[:1]:
                            codes.append(http.get(f"/v1/clauses/{c.clause_id}").status_code)
                    elif r.status_code >= 500:
                        with lock:
                            failures.append(r.text[:200])
                    with lock:
                        statuses.extend(codes)
                    i += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        try:
            with httpx.Client(base_url=base, timeout=60) as http:
                for i in range(1, 4):
                    build = http.get("/v1/index").json()["build"]
                    r = http.post("/v1/documents", files={"file": (DOC, version(i), "text/plain")},
                                  data={"replace": "true"})
                    assert r.status_code == 202, r.text
                    deadline = time.monotonic() + 120
                    while (s := http.get("/v1/index").json())["build"] == build or s["building"] or s["pending"]:
                        assert time.monotonic() < deadline, s
                        time.sleep(0.1)
                    assert s["last_error"] is None, s
        finally:
            stop.set()
            for t in threads:
                t.join(60)

    assert not failures, failures[:3]
    assert statuses and not [s for s in statuses if s >= 500]
    assert statuses.count(200) >= 20, f"too few requests overlapped the swaps: {len(statuses)}"
    # a snapshot taken before the swaps still quotes the text it was built from
    doc_id = next(d.doc_id for d in old.index.documents.values() if d.path.endswith(DOC))
    assert old.document(doc_id).text == version(0).decode()
    for c in old.index.clauses:
        assert old.documents[c.doc_id].text[c.start : c.end] == c.text
    new = assistant.snapshot()
    assert new is not old and new.document(doc_id).text == version(3).decode()
    assert new.index.documents[doc_id].tier == "uploaded"


def test_a_snapshot_quotes_its_builds_texts_and_refuses_others(tmp_path):
    from rag.index import IndexStale, build_index, load_index
    from rag.snapshot import check_texts

    root = tmp_path / "project"
    copy_corpus(CORPUS, [], root / "corpus")
    (root / "corpus" / DOC).write_bytes(version(0))
    settings = Settings(root=root, watch_corpus_s=0)
    build_index(settings)
    index = load_index(settings)
    assert Snapshot.of(settings, index).document(next(iter(index.documents))).text == version(0).decode()
    (root / "corpus" / DOC).write_bytes(version(1))  # changed behind the server's back
    snap = Snapshot.of(settings, index)  # the texts come from the build (texts.jsonl), not corpus/
    doc_id = next(iter(index.documents))
    assert snap.document(doc_id).text == version(0).decode()
    other = {doc_id: snap.document(doc_id).model_copy(update={"text": version(1).decode()})}
    with pytest.raises(IndexStale, match="changed after the index was built"):
        check_texts(index, other)
