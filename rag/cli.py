"""The `rag` command line (see CONTRACT.md). Errors are one line on stderr, exit status 2."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .config import Settings
from .errors import RagError
from .logs import quiet_libraries

EXIT_BAD_INPUT = 2


class CliError(Exception):
    """A user-facing error: printed as one line, never as a traceback."""


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def cmd_docs(args: argparse.Namespace, settings: Settings) -> None:
    from .corpus import load_corpus

    docs = load_corpus(settings.resolved_corpus_dir(), settings.root)
    if args.json:
        for d in docs:
            _print_json(d.model_dump(exclude={"text"}))
        return
    for d in docs:
        print(f"{d.doc_id}  [{d.script}]  {d.title}")
        details = "  ".join(x for x in (d.issuer, d.number, d.date) if x)
        print(f"    {details}" if details else "", end="\n" if details else "")
        print(f"    {d.path}  ({len(d.text):,} characters)")


def cmd_chunks(args: argparse.Namespace, settings: Settings) -> None:
    from .chunker import chunk
    from .corpus import load_corpus

    docs = load_corpus(settings.resolved_corpus_dir(), settings.root)
    if args.doc_id:
        docs = [d for d in docs if d.doc_id == args.doc_id]
        if not docs:
            raise CliError(f"unknown document '{args.doc_id}' (see `rag docs`)")
    for d in docs:
        clauses = chunk(d.doc_id, d.text, settings.max_clause_chars)
        if args.json:
            for c in clauses:
                _print_json(c.model_dump())
            continue
        print(f"{d.doc_id}  {d.title}  ({len(clauses)} clauses)")
        for c in clauses:
            indent = "  " * (c.level + 1)
            head = c.section_path[-1] if c.section_path else "(preamble)"
            part = f" [part {c.part}]" if c.part else ""
            text = re.sub(r"^#{1,6}\s+", "", c.text)  # a Markdown heading line: its title without the marks
            body = text[len(head) :] if text.startswith(head) else text
            print(f"{indent}{_shorten(head, 50)}{part}  ·  {c.clause_id}  {c.start}-{c.end}")
            if body.strip():
                print(f"{indent}    {_shorten(body, 70)}")


def cmd_index(args: argparse.Namespace, settings: Settings) -> None:
    from tqdm import tqdm

    from .index import IndexError_, build_index

    bar = None
    # a bar on a terminal; in a log file one line when a stage starts and one when it ends
    terminal = sys.stderr.isatty()
    started = 0.0

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal bar, started
        if bar is None:
            bar = tqdm(total=total, unit="clause", desc="embedding", file=sys.stderr, disable=args.quiet or not terminal)
            started = time.perf_counter()
            if not terminal and not args.quiet:
                print(f"rag: {stage}: {total} clauses", file=sys.stderr, flush=True)
        bar.update(done - bar.n)
        if done >= total and not terminal and not args.quiet:
            print(f"rag: {stage}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)

    try:
        report = build_index(settings, force=args.force, progress=progress)
    except IndexError_ as e:  # a damaged build is rebuilt; anything left is one line, never a traceback
        raise CliError(str(e)) from None
    finally:
        if bar is not None:
            bar.close()
    if not report.built:
        print(f"index is current: {report.documents} documents, {report.clauses} clauses ({report.build.name})")
        return
    was = report.reason.split("; run `rag index")[0]  # a corrupt build's reason ends with that advice
    print(
        f"indexed {report.documents} documents, {report.clauses} clauses in {report.seconds:.1f} s "
        f"({report.build.name}; was {was})"
    )


def _assistant(settings: Settings, build: bool = False):
    from .assistant import Assistant

    return Assistant.open(settings, build_if_needed=build)


def _print_hits(hits) -> None:
    for i, h in enumerate(hits, start=1):
        print(f"[{i}] {h.score:.4f}  {h.doc_title}")
        print(f"    {' > '.join(h.section_path) or '(preamble)'}   ({h.clause_id})")
        print(f"    {_shorten(h.text, 160)}")


def cmd_search(args: argparse.Namespace, settings: Settings) -> None:
    result = _assistant(settings).search(_text_arg(args.query), args.top_k, mode=args.mode)
    if args.json:
        _print_json({"query": result.query, "hits": [h.model_dump() for h in result.hits],
                     "timings_ms": result.timings_ms})
        return
    _print_hits(result.hits)
    print(f"({result.timings_ms['total']:.0f} ms)")


def _report_stem(gold: Path) -> str:
    """The report's file name for a gold file: eval (evals/gold.jsonl), eval-devdocs3 (evals/devdocs3/gold.jsonl),
    eval-blind (evals/blind.jsonl), eval-devdocs-gold2 (evals/devdocs/gold2.jsonl: another folder's
    gold2.jsonl is not overwritten by it)."""
    if gold.stem == "gold":
        return "eval" if gold.parent.name == "evals" else f"eval-{gold.parent.name}"
    return f"eval-{gold.stem}" if gold.parent.name == "evals" else f"eval-{gold.parent.name}-{gold.stem}"


def cmd_eval(args: argparse.Namespace, settings: Settings) -> None:
    from pathlib import Path

    from tqdm import tqdm

    from .evaluate import evaluate, load_gold, summary_table, write_reports

    if args.corpus:
        # a set with documents of its own (evals/newdocs): its index is built beside its corpus folder
        corpus = Path(args.corpus).resolve()
        if not corpus.is_dir():
            raise CliError(f"corpus folder not found: {corpus}")
        settings = settings.model_copy(update={"corpus_dir": corpus, "index_dir": corpus.parent / "index"})
    if args.conversations:
        _eval_conversations(args, settings)
        return
    gold = Path(args.gold) if args.gold else settings.root / "evals" / "gold.jsonl"
    if not gold.is_file():
        raise CliError(f"gold file not found: {gold}")
    split = args.split or ("dev" if args.ablate else "all")
    items = load_gold(gold, split)
    assistant = _assistant(settings, build=bool(args.corpus))
    assistant.warm_up()
    out = Path(args.out) if args.out else settings.root / "evals" / "reports"
    stem = _report_stem(gold)
    stem += "" if split == "all" else f"-{split}"
    if args.ablate:
        from . import ablation

        with tqdm(total=len(items), desc="ablating", unit="step", file=sys.stderr, disable=args.json) as bar:
            report = ablation.ablate(assistant, items, progress=lambda n, total: (
                setattr(bar, "total", total), bar.update(n - bar.n)))
        paths = ablation.write(report, out, stem.replace("eval", "ablation", 1), f"{gold.name}, split {split}")
        if args.json:
            _print_json(report)
            return
        print(ablation.markdown(report, f"{gold.name}, split {split}"))
        print("reports: " + ", ".join(str(p) for p in paths))
        return
    baselines = {}
    if not args.no_baselines:
        baselines["bm25 only"] = lambda q, k: _passages(assistant.search(q, k, mode="keyword").hits)
        baselines["dense only"] = lambda q, k: _passages(assistant.search(q, k, mode="dense").hits)
        from .llamaindex import llamaindex_default_baseline

        docs = [assistant.document(d.doc_id) for d in assistant.documents()]
        baseline = llamaindex_default_baseline(docs, assistant.embedder)
        baselines["llama-index default"] = baseline.retrieve
    with tqdm(total=len(items), desc="evaluating", unit="q", file=sys.stderr, disable=args.json) as bar:
        report = evaluate(assistant, items, baselines, with_answers=not args.no_answers,
                          progress=lambda n, total: bar.update(n - bar.n))
    report["gold"] = gold.name if not args.corpus else f"{gold.parent.name}/{gold.name}"
    report["split"] = split
    paths = write_reports(report, out, stem)
    if args.json:
        _print_json({k: v for k, v in report.items() if k != "items"})
        return
    print(summary_table(report))
    print("reports: " + ", ".join(str(p) for p in paths))


def _eval_conversations(args: argparse.Namespace, settings: Settings) -> None:
    from pathlib import Path

    from tqdm import tqdm

    from . import evalconv

    path = Path(args.conversations)
    if not path.is_file():
        raise CliError(f"conversations file not found: {path}")
    split = args.split or "all"
    items = evalconv.load_conversations(path, split)
    assistant = _assistant(settings, build=bool(args.corpus))
    assistant.warm_up()
    with tqdm(total=len(items), desc="conversations", unit="c", file=sys.stderr, disable=args.json) as bar:
        report = evalconv.evaluate_conversations(assistant, items, progress=lambda n, total: bar.update(n - bar.n))
    report["file"], report["split"] = path.name, split
    out = Path(args.out) if args.out else settings.root / "evals" / "reports"
    stem = f"eval-{path.stem}" + ("" if split == "all" else f"-{split}")
    paths = evalconv.write(report, out, stem, f"{path.name}, split {split}")
    if args.json:
        _print_json({k: v for k, v in report.items() if k != "items"})
        return
    print(evalconv.markdown(report, f"{path.name}, split {split}").split("## Failures")[0].rstrip())
    print("reports: " + ", ".join(str(p) for p in paths))


def _passages(hits) -> list[str]:
    return [" ".join(h.section_path) + "\n" + h.text for h in hits]


def _text_arg(value: str) -> str:
    """`-` reads the text from standard input (for long questions; argv is limited to 128 KB)."""
    return sys.stdin.read() if value == "-" else value


def cmd_ask(args: argparse.Namespace, settings: Settings) -> None:
    from pathlib import Path

    from .conversation import read_history, understood_as

    history = read_history(Path(args.history).read_text(encoding="utf-8"), args.history) if args.history else []
    answer = _assistant(settings).ask(_text_arg(args.question), args.top_k, history=history)
    if args.json:
        _print_json(answer.model_dump())
        return
    if answer.resolved_question:
        lang = answer.meta.get("lang")
        print(understood_as(answer.resolved_question, lang if isinstance(lang, str) else None) + "\n")
    print(answer.answer)
    if answer.citations:
        print()
        for c in answer.citations:
            print(f"[{c.n}] {c.doc_title} — {' > '.join(c.section_path) or '(preamble)'}")
            print(f"    “{_shorten(c.quote, 200)}”  ({c.clause_id}, {c.start}-{c.end})")
    elif not answer.answered and answer.hits:
        print("\n(closest passages: " + ", ".join(h.clause_id for h in answer.hits[:3]) + ")")
    if args.explain:
        _explain(answer.meta)
    print(f"\n({answer.timings_ms['total']:.0f} ms)")


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> None:
    """`rag feedback export`: the feedback log as candidate gold items (dev split, to be reviewed)."""
    from pathlib import Path

    from . import feedback

    log = Path(args.log) if args.log else settings.resolved_feedback_path()
    items = feedback.candidates(feedback.read(log))
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    if args.out:
        Path(args.out).write_text(lines, encoding="utf-8")
        print(f"{len(items)} candidate dev items from {log} → {args.out} (review each before adding it to a dev set)",
              file=sys.stderr)
    else:
        sys.stdout.write(lines)


def _explain(meta: dict) -> None:
    """Why the answer stands or not: every gate's verdict, the model's probability, the features."""
    print()
    gates = meta.get("gates") or {}
    if not gates:
        print(f"no gate ran ({meta.get('reason', 'the composer abstained')})")
    for name, passed in gates.items():
        mark = "pass" if passed else "FAIL"
        print(f"{mark:4}  {name}" + ("   <- decides" if meta.get("gate") == name else ""))
    if "p_answerable" in meta:
        print(f"p(answer is right) = {meta['p_answerable']:.3f}")
    if meta.get("margins"):
        print("margins to thresholds: " + ", ".join(f"{k} {v:+.3f}" for k, v in meta["margins"].items()))
    if meta.get("features"):
        print("features: " + ", ".join(f"{k} {v:.2f}" for k, v in meta["features"].items()))


def cmd_add(args: argparse.Namespace, settings: Settings) -> None:
    from pathlib import Path

    from .index import build_index
    from .ingest import prepare_upload, write_document

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"file not found: {path}")
    prepared = prepare_upload(path.name, path.read_bytes(), settings, replace=args.replace)
    metadata = {k: v for k in ("title", "issuer", "number", "date") if (v := getattr(args, k))}
    entry = write_document(prepared, metadata, settings)
    note = f" (converted from {prepared.encoding})" if prepared.encoding in ("gb18030", "utf-8-sig") else ""
    print(f"added {entry['file']} as {entry['doc_id']}{note}")
    if not args.no_index:
        report = build_index(settings)
        print(f"indexed {report.documents} documents, {report.clauses} clauses in {report.seconds:.1f} s")


def cmd_remove(args: argparse.Namespace, settings: Settings) -> None:
    from .index import build_index
    from .library import remove_document

    removed = remove_document(args.doc_id, settings)
    print(f"removed {removed['file']} ({removed['doc_id']}); kept in corpus/{removed['trash']} for "
          f"{settings.trash_days:g} days")
    if not args.no_index:
        report = build_index(settings)
        print(f"indexed {report.documents} documents, {report.clauses} clauses in {report.seconds:.1f} s")


def cmd_edit(args: argparse.Namespace, settings: Settings) -> None:
    from .index import build_index
    from .library import edit_metadata

    fields = {k: getattr(args, k) for k in ("title", "issuer", "number", "date", "script", "short_title")
              if getattr(args, k) is not None}
    if not fields:
        raise CliError("nothing to change: give --title, --issuer, --number, --date, --script or --short-title "
                       "('' clears one)")
    entry = edit_metadata(args.doc_id, fields, settings)
    print(f"edited {entry['file']} ({args.doc_id}): " + ", ".join(f"{k}={entry.get(k, '')!r}" for k in fields))
    if not args.no_index:
        report = build_index(settings)
        print(f"indexed {report.documents} documents, {report.clauses} clauses in {report.seconds:.1f} s")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    import logging

    import uvicorn

    from .api import create_app
    from .api.server import uvicorn_config

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    quiet_libraries()
    app = create_app(settings)
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{args.port}"
    logging.getLogger("rag.api").info("API docs: %s/docs   chat UI: %s/ui   (ready when %s/healthz answers 200)",
                                      base, base, base)
    # connection limits and request timeouts: see rag/api/server.py (RAG_REQUEST_TIMEOUT_S, default 15 s)
    uvicorn.Server(uvicorn_config(app, settings, host=args.host, port=args.port, log_level=args.log_level)).run()


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line on stderr and exit status 2, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"rag: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="rag", description="Cited answers over Chinese S&T policy documents.")
    p.add_argument("--root", metavar="DIR", help="the project folder holding corpus/ and index/ (default: $RAG_ROOT, "
                                                  "else the nearest folder above the current one with a corpus/)")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("docs", help="list the documents")
    s.add_argument("--json", action="store_true", help="one JSON object a line")
    s.set_defaults(func=cmd_docs)

    s = sub.add_parser("chunks", help="list the clauses, in document order")
    s.add_argument("doc_id", nargs="?", help="only this document")
    s.add_argument("--json", action="store_true", help="one Clause a line")
    s.set_defaults(func=cmd_chunks)

    s = sub.add_parser("index", help="(re)build index/ from corpus/; a no-op when current")
    s.add_argument("--force", action="store_true", help="rebuild even when current")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_index)

    s = sub.add_parser("search", help="retrieval only")
    s.add_argument("query", help="the query; - reads it from standard input")
    s.add_argument("--top-k", type=int, default=None)
    s.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_search)

    s = sub.add_parser("ask", help="answer with numbered citations")
    s.add_argument("question", help="the question; - reads it from standard input")
    s.add_argument("--top-k", type=int, default=None)
    s.add_argument("--json", action="store_true", help="print the Answer object")
    s.add_argument("--history", metavar="FILE",
                   help="the chat so far (JSON array or JSON Lines of {role, content}, or an OpenAI request body): "
                        "a follow-up is answered as the standalone question it means")
    s.add_argument("--explain", action="store_true",
                   help="also print each abstention gate's verdict, the answerability model's probability and the features")
    s.set_defaults(func=cmd_ask)

    s = sub.add_parser("feedback", help="the 👍/👎 log of answers")
    s.add_argument("action", choices=["export"], help="export: candidate gold items for a dev split (JSON Lines)")
    s.add_argument("--log", help="the feedback log (default: RAG_FEEDBACK_PATH or feedback/feedback.jsonl)")
    s.add_argument("--out", help="write the items here instead of standard output")
    s.set_defaults(func=cmd_feedback)

    s = sub.add_parser("add", help="add a document to corpus/ (UTF-8 or GB18030/GBK .txt/.md/.html, or .pdf/.docx/.png/.jpg) and re-index")
    s.add_argument("file")
    s.add_argument("--title")
    s.add_argument("--issuer")
    s.add_argument("--number", help="document number, e.g. 京政办发〔2016〕50号")
    s.add_argument("--date", help="issue date, YYYY-MM-DD")
    s.add_argument("--replace", action="store_true", help="replace a file of the same name")
    s.add_argument("--no-index", action="store_true", help="do not re-index now")
    s.set_defaults(func=cmd_add)

    s = sub.add_parser("remove", help="move a document out of corpus/ into corpus/.trash/ and re-index")
    s.add_argument("doc_id")
    s.add_argument("--no-index", action="store_true", help="do not re-index now")
    s.set_defaults(func=cmd_remove)

    s = sub.add_parser("edit", help="change a document's metadata in the corpus manifest and re-index")
    s.add_argument("doc_id")
    for field in ("title", "issuer", "number", "date", "script", "short_title"):
        s.add_argument(f"--{field.replace('_', '-')}", dest=field,
                       help="'' clears it" if field != "date" else "YYYY-MM-DD; '' clears it")
    s.add_argument("--no-index", action="store_true", help="do not re-index now")
    s.set_defaults(func=cmd_edit)

    s = sub.add_parser("serve", help="HTTP API (docs at /docs) with the chat UI at /ui")
    s.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    s.set_defaults(func=cmd_serve)

    s = sub.add_parser("eval", help="offline evaluation on a gold file")
    s.add_argument("--gold", help="gold JSONL file (default evals/gold.jsonl)")
    s.add_argument("--out", help="report folder (default evals/reports)")
    s.add_argument("--json", action="store_true", help="print the report as one JSON object")
    s.add_argument("--no-baselines", action="store_true", help="skip the baseline pipelines")
    s.add_argument("--no-answers", action="store_true", help="retrieval metrics only")
    s.add_argument("--split", choices=["dev", "test", "all"],
                   help="score only this split of the gold file (default all; dev with --ablate)")
    s.add_argument("--corpus", help="evaluate on this corpus folder instead of corpus/ (its index is built "
                                    "in a sibling folder named index), e.g. evals/newdocs/corpus")
    s.add_argument("--conversations", metavar="FILE",
                   help="evaluate follow-up questions: a JSON Lines file of conversations (evals/conversations.jsonl), "
                        "each last message asked with and without its history")
    s.add_argument("--ablate", action="store_true",
                   help="switch each composer gate and rule off in turn and report the change in each metric")
    s.set_defaults(func=cmd_eval)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    quiet_libraries()
    func: Callable[[argparse.Namespace, Settings], None] = args.func
    try:
        if args.root is not None and not Path(args.root).is_dir():
            raise CliError(f"--root {args.root}: no such folder")
        func(args, Settings(root=Path(args.root).resolve()) if args.root is not None else Settings())
    except CliError as e:
        print(f"rag: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RagError as e:
        print(f"rag: {e.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, OSError) as e:  # domain errors carry a message meant for the user
        print(f"rag: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `rag chunks | head`
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
