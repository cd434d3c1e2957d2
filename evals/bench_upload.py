"""Upload to searchable: how long a one-page notice takes from `POST /v1/documents` (Assistant.add_document)
until search returns its clause, with a thread querying all along to record the longest wait a query
had during the re-index. Prints the figures and writes evals/reports/upload.json. Asserts nothing.

    python -m evals.bench_upload [--laws-root DIR] [--skip-laws] [--queries-only]

(a) the five documents of corpus/ (a temporary copy); (b) LawRefBook's `laws` subset (360 files,
~28.8k clauses) copied once into --laws-root (default /tmp/policy-rag-bench-laws) and indexed once —
the first build embeds everything (~16-25 min on 2 cores); later runs reuse its vector cache, as a
server's next upload would.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from rag.assistant import Assistant
from rag.config import Settings
from rag.index import build_index
from rag.ingest import prepare_upload
from rag.library import remove_document

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "evals" / "reports" / "upload.json"
QUERIES = ["科技成果转化 奖励 比例", "高新技术企业 认定 补助", "What is the reward share for researchers?",
           "知识产权 保护", "人才 引进 政策"]


def notice(tag: str) -> str:
    """A one-page notice (about 900 characters) whose clause names a programme no corpus has (`tag`)."""
    items = [f"{n}、对{kind}给予一次性奖励{amount}万元，所需资金由市财政列支，按年度据实结算。"
             for n, kind, amount in (("一", f"新认定的{tag}示范基地", 50), ("二", "新认定的市级孵化器", 30),
                                     ("三", "新认定的众创空间", 20), ("四", "新获批的重点实验室", 100),
                                     ("五", "新认定的技术转移机构", 10), ("六", "新引进的创新团队", 200))]
    body = "\n".join(items)
    return (f"某某市科学技术局关于支持{tag}示范基地建设的通知\n各区科技主管部门：\n为加快科技成果转化，现就有关事项通知如下。\n"
            f"{body}\n七、本通知自发布之日起施行，有效期三年。\n某某市科学技术局\n2026年11月1日\n") * 2


def searchable(assistant: Assistant, tag: str, doc_id: str) -> bool:
    return any(h.doc_id == doc_id for h in assistant.search(f"{tag}示范基地 奖励", top_k=5).hits)


def measure(root: Path, label: str) -> dict:
    settings = Settings(root=root)
    t = time.perf_counter()
    first = build_index(settings)
    prepare_s = time.perf_counter() - t
    assistant = Assistant.open(settings)
    assistant.warm_up()
    stop = threading.Event()
    waits: list[float] = []

    def query() -> None:
        i = 0
        while not stop.is_set():
            t0 = time.perf_counter()
            assistant.ask(QUERIES[i % len(QUERIES)])
            waits.append((time.perf_counter() - t0) * 1000)
            i += 1

    for q in QUERIES:  # a baseline of query times before the upload
        assistant.ask(q)
    tag = f"量子测绘{uuid.uuid4().hex[:6]}"
    name = f"bench-notice-{tag[-6:]}.txt"
    prepared = prepare_upload(name, notice(tag).encode("utf-8"), settings)
    querier = threading.Thread(target=query, daemon=True)
    querier.start()
    t0 = time.perf_counter()
    added = assistant.keeper.add_document(prepared)
    while not searchable(assistant, tag, added["doc_id"]):
        if time.perf_counter() - t0 > 1800:
            raise TimeoutError("the notice was not searchable after 30 min")
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    stop.set()
    querier.join()
    status = assistant.keeper.status()
    manifest = json.loads((assistant.index.build / "manifest.json").read_text(encoding="utf-8"))
    remove_document(added["doc_id"], settings)  # leave the corpus as it was (the cache keeps the vectors)
    waits.sort()
    row = {
        "corpus": label, "documents": manifest["counts"]["documents"], "clauses": manifest["counts"]["clauses"],
        "embedded": manifest["counts"].get("embedded"), "upload_to_searchable_s": round(seconds, 2),
        "build_seconds": manifest.get("build_seconds"), "first_build_s": round(prepare_s, 1) if first.built else None,
        "queries_during": len(waits), "query_p50_ms": round(waits[len(waits) // 2], 1) if waits else None,
        "query_max_ms": round(waits[-1], 1) if waits else None, "last_error": status.get("last_error"),
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def five_documents() -> Path:
    root = Path(tempfile.mkdtemp(prefix="policy-rag-bench-five-"))
    shutil.copytree(ROOT / "corpus", root / "corpus", ignore=shutil.ignore_patterns(".*"))
    return root


def laws_root(folder: Path) -> Path:
    """LawRefBook's `laws` subset as a corpus (copied once; the reserved regulations are not in it)."""
    from evals import lawref

    corpus = folder / "corpus"
    if not (corpus / "manifest.json").is_file():
        corpus.mkdir(parents=True, exist_ok=True)
        entries = []
        for f in lawref.manifest("laws"):
            shutil.copyfile(f.full_path(), corpus / f"{f.doc_id}.md")
            entries.append({"file": f"{f.doc_id}.md", "doc_id": f.doc_id, "title": f.title})
        (corpus / "manifest.json").write_text(json.dumps({"documents": entries}, ensure_ascii=False), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--laws-root", type=Path, default=Path(tempfile.gettempdir()) / "policy-rag-bench-laws")
    ap.add_argument("--skip-laws", action="store_true")
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args(argv)
    rows = []
    five = five_documents()
    try:
        rows.append(measure(five, "five documents (corpus/)"))
    finally:
        shutil.rmtree(five, ignore_errors=True)
    if not args.skip_laws:
        from evals import lawref

        if lawref.available():
            rows.append(measure(laws_root(args.laws_root), "LawRefBook laws subset"))
        else:
            print("LawRefBook not found (../shared/external/lawrefbook): (b) skipped", file=sys.stderr)
    report = {"measured_at": time.strftime("%Y-%m-%d %H:%M:%S"), "rows": rows,
              "targets": {"five documents s": 10, "laws s": 30, "query max ms": 1000}}
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
