"""An LLM's rewrite, checked: the standalone question an LLM words for a follow-up may replace the rules'
only when it keeps every entity of theirs and adds none (rag/llm.py asks, rag/assistant.py checks)."""

from __future__ import annotations

import re

from ..question import place_mentions
from .markers import _english_places, _view
from .resolution import Resolution

_QUOTED_RE = re.compile(r"[“\"「『《]([^”\"」』》]+)[”\"」』》]")
MAX_REWRITE_CHARS = 300


def entities(text: str) -> set[str]:
    """What a rewrite must keep and may not invent: places (by their Chinese names, whatever language
    names them), quoted names, figures and years."""
    view = _view(text)
    found = {p for _, p in place_mentions(view)} | {zh for *_, zh in _english_places(view)}
    found |= {m.group(1) for m in _QUOTED_RE.finditer(view)}
    found |= set(re.findall(r"\d+(?:\.\d+)?", view))
    return found


def check_rewrite(candidate: str, resolution: Resolution) -> str | None:
    """Why an LLM's standalone question for a follow-up may not replace the rules' (None: it may).

    The LLM may word the question better, but it must keep every entity the rules' resolution keeps
    (the new place of "那廊坊呢", the old topic's quoted names and figures) and add none of its own:
    a rewrite that drops 廊坊 or brings in 上海 would answer another question."""
    text = candidate.strip().strip("\"'“”")
    if not text or "\n" in text or len(text) > MAX_REWRITE_CHARS:
        return "not a single question"
    want, got = entities(resolution.question), entities(text)
    if want - got:
        return "drops " + "、".join(sorted(want - got))
    if got - want - entities(resolution.typed):
        return "adds " + "、".join(sorted(got - want))
    return None
