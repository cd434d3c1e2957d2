"""`rag eval --conversations FILE`: follow-up questions answered with the chat history.

Each item is a conversation of two or three user turns (the earlier ones with the assistant's reply as
a user saw it); its last user message is asked with the earlier turns as history, and scored like a
gold item (rag.evaluate.answer_outcome) against the standalone question it means. The same last
message is asked again without the history: the control, which shows what the history is worth.

Metrics: followup_acc (answerable follow-ups answered right), standalone_unchanged (complete questions
answered exactly as typed), unanswerable_refused (follow-ups the documents do not answer, refused),
each by language, for the history and the control; resolve_ms (the resolution step alone).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from .conversation import Turn, resolve
from .evaluate import Lang, Split, _percentile, _rounded, answer_outcome, load_items

FOLLOWUP_KINDS = ("swap", "slot", "pronoun")


class ConvTurn(BaseModel):
    user: str
    assistant: str | None = None


class ConversationItem(BaseModel):
    id: str
    lang: Lang
    turns: list[ConvTurn] = Field(min_length=2)
    followup: str  # the standalone question the last message means
    standalone: bool = False
    answerable: bool
    seed: str | list[str] | None = None
    evidence: list[str] = Field(default_factory=list)
    answer_any: list[str] = Field(default_factory=list)
    answer_all: list[str] = Field(default_factory=list)
    kind: str
    split: Split | None = None
    short: str | None = None
    note: str | None = None

    def history(self) -> list[Turn]:
        out = []
        for t in self.turns[:-1]:
            out.append(Turn("user", t.user))
            if t.assistant:
                out.append(Turn("assistant", t.assistant))
        return out


def load_conversations(path: Path, split: str = "all") -> list[ConversationItem]:
    return load_items(path, ConversationItem, split, "conversation item")


def _share(rows: Sequence[dict], key: str) -> float | None:
    return round(sum(r[key] for r in rows) / len(rows), 4) if rows else None


def metrics(rows: Sequence[dict], prefix: str = "") -> dict[str, float | int | None]:
    """followup_acc, standalone_unchanged, unanswerable_refused (and their counts) of scored rows."""
    follow = [r for r in rows if not r["standalone"] and r["answerable"]]
    alone = [r for r in rows if r["standalone"]]
    unans = [r for r in rows if not r["answerable"]]
    return {
        f"{prefix}followup_acc": _share(follow, "correct"),
        f"{prefix}standalone_unchanged": _share(alone, "unchanged"),
        f"{prefix}standalone_acc": _share([r for r in alone if r["answerable"]], "correct"),
        f"{prefix}unanswerable_refused": _share(unans, "refused"),
        f"{prefix}all_acc": _share(rows, "ok"),
        "n_followup": len(follow), "n_standalone": len(alone), "n_unanswerable": len(unans),
    }


def _score(item: ConversationItem, answer) -> dict:
    from .evaluate import GoldItem

    gold = GoldItem(id=item.id, question=item.followup, lang=item.lang, answerable=item.answerable,
                    evidence=item.evidence, answer_any=item.answer_any, answer_all=item.answer_all, kind=item.kind)
    row = answer_outcome(answer, gold)
    correct = bool(row.get("correct", False))
    refused = not answer.answered
    unchanged = answer.resolved_question is None
    ok = (correct if item.answerable else refused) and (unchanged or not item.standalone)
    return {"correct": correct, "refused": refused, "unchanged": unchanged, "ok": ok,
            "answered": answer.answered, "resolved": answer.resolved_question, "answer": answer.answer[:400]}


def evaluate_conversations(assistant, items: Sequence[ConversationItem],
                           progress: Callable[[int, int], None] | None = None) -> dict:
    rows = []
    resolve_ms = []
    for n, item in enumerate(items, start=1):
        history = item.history()
        message = item.turns[-1].user
        t0 = time.perf_counter()
        resolve(message, history)
        resolve_ms.append((time.perf_counter() - t0) * 1000)
        with_history = _score(item, assistant.ask(message, history=history))
        control = _score(item, assistant.ask(message))
        rows.append({"id": item.id, "lang": item.lang, "kind": item.kind, "split": item.split,
                     "standalone": item.standalone, "answerable": item.answerable, "message": message,
                     "followup": item.followup, **with_history,
                     "control": {k: control[k] for k in ("correct", "refused", "ok", "answer")}})
        if progress:
            progress(n, len(items))
    control_rows = [{**r, **r["control"], "unchanged": True} for r in rows]
    report: dict = {"n": len(rows), **metrics(rows), **{k: v for k, v in metrics(control_rows, "no_history_").items()
                                                          if not k.startswith("n_")}}
    report["by_lang"] = {lang: metrics([r for r in rows if r["lang"] == lang])
                         for lang in sorted({r["lang"] for r in rows})}
    report["by_kind"] = {kind: metrics([r for r in rows if r["kind"] == kind])
                         for kind in sorted({r["kind"] for r in rows})}
    report["resolve_ms"] = _rounded({"p50": _percentile(resolve_ms, 0.5), "p95": _percentile(resolve_ms, 0.95),
                                     "max": max(resolve_ms)})
    report["items"] = rows
    return report


def markdown(report: dict, title: str) -> str:
    keys = ("followup_acc", "standalone_unchanged", "standalone_acc", "unanswerable_refused", "all_acc")
    lines = [f"# Conversations: {title}", "", f"{report['n']} conversations; resolution p50 "
             f"{report['resolve_ms']['p50']} ms, p95 {report['resolve_ms']['p95']} ms", "",
             "| | " + " | ".join(keys) + " |", "| --- |" + " --- |" * len(keys)]

    def fmt(v) -> str:
        return "—" if v is None else f"{v:.3f}"

    lines.append("| **with history** | " + " | ".join(fmt(report[k]) for k in keys) + " |")
    lines.append("| no history (control) | " + " | ".join(fmt(report.get(f"no_history_{k}")) for k in keys) + " |")
    for group in ("by_lang", "by_kind"):
        for name, m in report[group].items():
            lines.append(f"| {name} | " + " | ".join(fmt(m[k]) for k in keys) + " |")
    lines += ["", "## Failures", ""]
    for r in report["items"]:
        if not r["ok"]:
            lines.append(f"- {r['id']} ({r['lang']}, {r['kind']}): {r['message']!r} → resolved as "
                         f"{r['resolved']!r}; answered {r['answered']}")
    return "\n".join(lines) + "\n"


def write(report: dict, out_dir: Path, stem: str, title: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{stem}.json", out_dir / f"{stem}.md"]
    paths[0].write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    paths[1].write_text(markdown(report, title), encoding="utf-8")
    return paths
