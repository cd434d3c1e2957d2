"""Per-item runs of every gold and conversation set, to measure a rule: run the sets, switch one thing off, diff.

    python -m evals.runs run TAG [SET|GROUP ...] [module:NAME=value ...]
    python -m evals.runs sum TAG [TAG ...]
    python -m evals.runs diff BEFORE AFTER [SET ...]

`run` answers every item of the named sets (default: all; groups `test`, `dev`, `conv`, `convtest`) through the
library, as `rag eval` does, and writes each item's outcome — right or not, the answer, the short answer, the
resolved question, the evidence's rank — to $RAG_RUNS_DIR/TAG.json (default evals/runs/, not kept in git). A
`module:NAME=value` argument sets a module constant first (`compose:LIST_PARTS=False`, `answer.slots:EN_PERIOD_UNIT=0`):
the ablation of a switch read at call time. `sum` prints each set's count of right items per run; `diff` lists the
items whose outcome (+/-) or answer (~) changed between two runs — a change that should alter no answer (a review,
a refactor) is checked by `diff` printing nothing.

Dev sets are studied, test sets only scored (README, "How we measure"): read `diff` on test sets for regressions,
never to pick a rule.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVALS = ROOT / "evals"
KEYS = ("ok", "answer", "short", "resolved", "rank", "answered")


def gold_sets() -> dict[str, tuple[Path, Path | None, str]]:
    """name -> (gold file, its corpus folder or None for corpus/, split)."""
    out: dict[str, tuple[Path, Path | None, str]] = {
        "gold-test": (EVALS / "gold.jsonl", None, "test"), "blind": (EVALS / "blind.jsonl", None, "all"),
        "newdocs": (EVALS / "newdocs" / "gold.jsonl", EVALS / "newdocs" / "corpus", "all"),
        "gold-dev": (EVALS / "gold.jsonl", None, "dev")}
    for path in sorted(EVALS.glob("dev_*.jsonl")):
        out[path.stem] = (path, None, "all")
    for folder in sorted(EVALS.glob("devdocs*"), key=lambda p: int(re.sub(r"\D", "", p.name) or 0)):
        for gold in sorted(folder.glob("gold*.jsonl")):
            name = folder.name if gold.stem == "gold" else f"{folder.name}-{gold.stem}"
            out[name] = (gold, folder / "corpus", "all")
    return out


def conversation_sets() -> dict[str, tuple[Path, str]]:
    out = {"conv-test": (EVALS / "conversations.jsonl", "test"), "conv-dev": (EVALS / "conversations.jsonl", "dev")}
    for path in sorted(EVALS.glob("conversations_dev*.jsonl"), key=lambda p: int(re.sub(r"\D", "", p.stem))):
        out["c" + re.sub(r"\D", "", path.stem)] = (path, "all")
    return out


def groups() -> dict[str, list[str]]:
    gold, conv = list(gold_sets()), list(conversation_sets())
    test = ["gold-test", "blind", "newdocs"]
    return {"test": test, "dev": [g for g in gold if g not in test], "convtest": ["conv-test"],
            "conv": [c for c in conv if c != "conv-test"], "all": [*gold, *conv]}


def _value(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return {"True": True, "False": False, "None": None}.get(text, text)


def set_constant(spec: str) -> None:
    """`module:NAME=value` (module under rag): set that module constant for this process."""
    target, value = spec.split("=", 1)
    module, name = target.split(":")
    mod = importlib.import_module(f"rag.{module}")
    if not hasattr(mod, name):
        raise SystemExit(f"rag.{module} has no {name}")
    setattr(mod, name, _value(value))


def run(tag: str, names: list[str], constants: list[str], out_dir: Path) -> dict:
    from rag import evalconv
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.evaluate import evaluate, load_gold

    for spec in constants:
        set_constant(spec)
    gold, conv = gold_sets(), conversation_sets()
    result: dict = {"tag": tag, "constants": constants, "sets": {}}
    opened: dict[str, Assistant] = {}

    def assistant(corpus: Path | None) -> Assistant:
        key = str(corpus)
        if key not in opened:
            opened.clear()  # one index in memory at a time
            settings = (Settings(root=ROOT) if corpus is None
                        else Settings(root=ROOT, corpus_dir=corpus, index_dir=corpus.parent / "index"))
            opened[key] = Assistant.open(settings, build_if_needed=True)
            opened[key].warm_up()
        return opened[key]

    for name in names:
        rows: list[dict]
        if name in gold:
            path, corpus, split = gold[name]
            items = load_gold(path, split)
            report = evaluate(assistant(corpus), items, {}, with_answers=True)
            rows = [{"id": r["id"], "ok": bool(r.get("correct")) if r["answerable"] else not r["answered"],
                     "answered": r["answered"], "rank": r.get("rank"), "short": r.get("short"),
                     "lang": r["lang"], "form": r["form"], "answerable": r["answerable"],
                     "answer": (r.get("answer") or "")[:600]} for r in report["items"]]
        elif name in conv:
            path, split = conv[name]
            report = evalconv.evaluate_conversations(assistant(None), evalconv.load_conversations(path, split))
            rows = [{"id": r["id"], "ok": r["ok"], "answered": r["answered"], "resolved": r["resolved"],
                     "lang": r["lang"], "form": r["kind"], "answerable": r["answerable"], "answer": r["answer"]}
                    for r in report["items"]]
        else:
            raise SystemExit(f"unknown set {name!r}; sets: {', '.join([*gold, *conv])}")
        result["sets"][name] = rows
        print(f"{name:16s} {sum(r['ok'] for r in rows):4d}/{len(rows):<4d}", flush=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{tag}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def changes(before: dict, after: dict, only: list[str] | None = None) -> list[tuple[str, str, str]]:
    """(mark, set, id) for each item both runs have whose outcome changed (+ now right, - now wrong) or whose
    answer, short answer, resolution or evidence rank changed with the same outcome (~)."""
    out = []
    for name, rows in after["sets"].items():
        if (only and name not in only) or name not in before["sets"]:
            continue
        earlier = {r["id"]: r for r in before["sets"][name]}
        for r in rows:
            b = earlier.get(r["id"])
            if b is None:
                continue
            if b["ok"] != r["ok"]:
                out.append(("+" if r["ok"] else "-", name, r["id"]))
            elif any(b.get(k) != r.get(k) for k in KEYS):
                out.append(("~", name, r["id"]))
    return out


def counts(result: dict) -> dict[str, tuple[int, int]]:
    return {name: (sum(r["ok"] for r in rows), len(rows)) for name, rows in result["sets"].items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("tag")
    p.add_argument("what", nargs="*", help="sets or groups, and module:NAME=value constants")
    p = sub.add_parser("sum")
    p.add_argument("tags", nargs="+")
    p = sub.add_parser("diff")
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("sets", nargs="*")
    args = parser.parse_args(argv)
    out_dir = Path(os.environ.get("RAG_RUNS_DIR", EVALS / "runs"))

    def load(tag: str) -> dict:
        return json.loads((out_dir / f"{tag}.json").read_text(encoding="utf-8"))

    if args.command == "run":
        constants = [w for w in args.what if "=" in w]
        wanted = [w for w in args.what if "=" not in w] or ["all"]
        names = [n for w in wanted for n in groups().get(w, [w])]
        run(args.tag, list(dict.fromkeys(names)), constants, out_dir)
    elif args.command == "sum":
        runs = [counts(load(t)) for t in args.tags]
        for name in dict.fromkeys(n for r in runs for n in r):
            print(f"{name:16s} " + " ".join(f"{r[name][0]:5d}/{r[name][1]:<5d}" if name in r else f"{'-':>11s}"
                                            for r in runs))
    else:
        for mark, name, item in changes(load(args.before), load(args.after), args.sets or None):
            print(mark, name, item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
