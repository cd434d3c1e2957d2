"""LawRefBook/Laws as an outside corpus: 3,475 Markdown files of Chinese legislation, ~147k articles.

The files live outside the repository (`../shared/external/lawrefbook/`, or $RAG_EXTERNAL_DIR/lawrefbook)
and are never copied into `corpus/` (the collection declares no licence). This module reads its
manifest, chunks the files with the project's own chunker, and labels each clause with its
article (第N条 / 第N条之M), which is how STARD's gold is located (`evals.stard`).

    python -m evals.lawref ingest [--subset all|national|national+beijing|statutes|laws] [--max-chars 600]

chunks every file of the subset with a progress bar and reports documents/s, clauses/s and how
the article clauses compare with the file's own `第N条` lines.

File format (see lawrefbook/SOURCE.md): an H1 title (the 民法典 books carry a second H1, the book),
history lines, `<!-- INFO END -->`, `##`/`###` headings for 编/章/节, one `第N条 …` paragraph per
article, whose later paragraphs (款, and 项 "（一）…") belong to it. The chunker gives one clause per
article with section path [H1, 编/章/节 headings…, "第N条"]; the front matter stays in the H1 clause.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rag.chunker import chunk
from rag.models import Clause

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "evals" / "reports"


def external_dir() -> Path:
    return Path(os.environ.get("RAG_EXTERNAL_DIR") or ROOT.parent / "shared" / "external")


def lawref_dir() -> Path:
    return external_dir() / "lawrefbook"


def available() -> bool:
    return (lawref_dir() / "manifest.tsv").is_file()


SUBSETS = ("all", "national", "national+beijing", "statutes", "laws")
BEIJING = "DLC/北京地方法规"
# National collections that are not laws or judicial interpretations: State Council regulations,
# ministry rules and court cases. The `statutes` subset leaves them out; `laws` also leaves out
# the judicial interpretations, keeping what the NPC and its Standing Committee enacted.
NOT_STATUTES = ("行政法规", "部门规章", "案例")
INTERPRETATIONS = "司法解释"
ARTICLE_RE = re.compile(r"第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?")
# The file's own article lines, as SOURCE.md counted them (line start, then a space).
ARTICLE_LINE_RE = re.compile(r"(?m)^(第[一二三四五六七八九十百千零〇两]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]")


@dataclass(frozen=True)
class LawFile:
    row: int  # position in manifest.tsv; doc ids derive from it
    path: str  # relative to laws/
    collection: str
    region: str
    title: str
    version_date: str
    latest: bool
    n_articles: int  # the manifest's own count of article lines

    @property
    def doc_id(self) -> str:
        return f"lrb{self.row:04d}"

    @property
    def national(self) -> bool:
        return not self.collection.startswith("DLC/")

    def full_path(self) -> Path:
        return lawref_dir() / "laws" / self.path

    def read(self) -> str:
        return self.full_path().read_bytes().decode("utf-8")


def in_subset(f: LawFile, subset: str) -> bool:
    if subset == "all":
        return True
    if subset == "national":
        return f.national
    if subset == "national+beijing":
        return f.national or f.collection == BEIJING
    if subset == "statutes":
        return f.national and f.collection not in NOT_STATUTES
    if subset == "laws":
        return f.national and f.collection not in (*NOT_STATUTES, INTERPRETATIONS)
    raise ValueError(f"unknown subset {subset!r} (choose from {', '.join(SUBSETS)})")


RESERVED_RULES = Path(__file__).with_name("lawref_reserved.json")


@lru_cache(maxsize=1)
def _reserved_rules() -> tuple[tuple[frozenset[str], re.Pattern[str]], ...]:
    rules = json.loads(RESERVED_RULES.read_text(encoding="utf-8"))["rules"]
    return tuple((frozenset(r["regions"]), re.compile(r["title"])) for r in rules)


def reserved(f: LawFile) -> bool:
    """Held out for an outside check (evals/lawref_reserved.json): never in a subset."""
    return any(("*" in regions or f.region in regions) and pattern.search(f.title)
               for regions, pattern in _reserved_rules())


def manifest(subset: str = "all") -> list[LawFile]:
    """The files of a subset, in manifest order, without the reserved regulations."""
    path = lawref_dir() / "manifest.tsv"
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found; the LawRefBook copy lives in ../shared/external "
                                "(or set RAG_EXTERNAL_DIR)")
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    files = [
        LawFile(i, r["path"], r["collection"], r["region"], r["title"], r["version_date"],
                r["latest_in_repo"] == "1", int(r["n_articles"] or 0))
        for i, r in enumerate(rows)
    ]
    return [f for f in files if in_subset(f, subset) and not reserved(f)]


def article_label(clause: Clause) -> str | None:
    """'第十七条之一' when the clause is (a part of) an article, else None."""
    if clause.section_path and ARTICLE_RE.fullmatch(clause.section_path[-1]):
        return clause.section_path[-1]
    return None


def article_lines(text: str) -> list[str]:
    return ARTICLE_LINE_RE.findall(text)


def chunk_file(f: LawFile, max_chars: int = 600, text: str | None = None) -> list[Clause]:
    clauses = chunk(f.doc_id, f.read() if text is None else text, max_chars)
    if not f.title:
        return clauses
    # A file holding one part of a law (民法典's books: "# 中华人民共和国民法典", then "# 合同编")
    # would give its articles paths without the law's name; every path names it, so a citation
    # and a keyword search both see 中华人民共和国民法典.
    return [c if not c.section_path or f.title in c.section_path[0]
            else c.model_copy(update={"section_path": [f.title, *c.section_path]}) for c in clauses]


@dataclass
class Ingested:
    files: list[LawFile]
    clauses: list[list[Clause]]  # per file
    seconds: float
    chars: int

    @property
    def n_clauses(self) -> int:
        return sum(map(len, self.clauses))

    def flat(self) -> Iterable[tuple[LawFile, Clause]]:
        for f, cs in zip(self.files, self.clauses, strict=True):
            for c in cs:
                yield f, c


def ingest(files: list[LawFile], max_chars: int = 600, progress: bool = True) -> Ingested:
    """Read and chunk every file (single process), with a tqdm bar showing clauses/s."""
    from tqdm import tqdm

    out: list[list[Clause]] = []
    chars = 0
    n = 0
    t0 = time.perf_counter()
    bar = tqdm(files, desc="chunk LawRefBook", unit="doc", disable=not progress, file=sys.stderr, mininterval=1.0)
    for f in bar:
        text = f.read()
        chars += len(text)
        cs = chunk_file(f, max_chars, text)
        out.append(cs)
        n += len(cs)
        bar.set_postfix_str(f"{n / max(time.perf_counter() - t0, 1e-9):,.0f} clauses/s", refresh=False)
    bar.close()
    return Ingested(files, out, time.perf_counter() - t0, chars)


def ingest_report(ing: Ingested) -> dict:
    """Throughput, and how the article clauses compare with each file's own 第N条 lines."""
    articles = 0
    files_without = 0
    disagree: list[dict] = []
    for f, cs in zip(ing.files, ing.clauses, strict=True):
        labels = list(dict.fromkeys(label for c in cs if (label := article_label(c))))
        articles += len(labels)
        files_without += not labels
        own = article_lines(f.read())
        if labels != own:
            disagree.append({"path": f.path, "article_lines": len(own), "article_clauses": len(labels)})
    s = ing.seconds
    return {
        "documents": len(ing.files),
        "clauses": ing.n_clauses,
        "article_clauses": articles,
        "files_without_articles": files_without,
        "chars": ing.chars,
        "seconds": round(s, 2),
        "documents_per_s": round(len(ing.files) / s, 1),
        "clauses_per_s": round(ing.n_clauses / s, 1),
        "chars_per_s": round(ing.chars / s),
        "files_where_articles_differ_from_lines": disagree,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.lawref", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("ingest", help="chunk every file of a subset; report documents/s and clauses/s")
    p.add_argument("--subset", default="all", choices=SUBSETS)
    p.add_argument("--max-chars", type=int, default=600)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--report", type=Path, default=REPORTS / "lawref_ingest.json",
                   help="where to write the JSON report (default: %(default)s)")
    args = ap.parse_args(argv)

    files = manifest(args.subset)
    ing = ingest(files, args.max_chars, progress=not args.no_progress)
    rep = {"subset": args.subset, "max_chars": args.max_chars, **ingest_report(ing)}
    differ = rep["files_where_articles_differ_from_lines"]
    print(f"{rep['documents']:,} documents → {rep['clauses']:,} clauses ({rep['article_clauses']:,} articles) "
          f"in {rep['seconds']:.1f} s: {rep['documents_per_s']:,.1f} documents/s, "
          f"{rep['clauses_per_s']:,.0f} clauses/s, {rep['chars_per_s']:,} chars/s")
    print(f"{rep['files_without_articles']} files have no 第N条 article (cases, 一、-numbered interpretations, 修正案)")
    print(f"{len(differ)} files where the article clauses differ from the file's own line-start 第N条 lines "
          "(articles run together on one line, which the chunker splits and the line count misses):")
    for d in differ[:20]:
        print(f"  {d['path']}: {d['article_lines']} lines, {d['article_clauses']} article clauses")
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(rep, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
