"""The cases a clause sets a rule for, and the case a question states.

Regulations write one rule per case: "违法所得三十万元以上的，处违法所得一倍以上三倍以下的罚款；…不足三十万元的，处十万元以上
三十万元以下的罚款". A question stating its case (gains of fifty thousand, a sum below some threshold) is answered
from the part whose condition holds it (rag.answer.short.CASE_PART), and its sum is no false premise against the
thresholds it falls between (rag.answer.premise.CASE_IN_RANGE) — devdocs 24 dev: two such questions were refused as
false premises, a third answered with the other case's fine.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..sentences import FACT_PATTERNS
from .premise import PARSERS, figures, part_at

# the words closing a condition ("违法所得三十万元以上的，处…"): what follows is the rule for that case
CONDITION_END = ("的，", "的,")

_LOWER_AFTER_RE = re.compile(r"\s*(?:及以上|以上|起)")
_UPPER_AFTER_RE = re.compile(r"\s*(?:以下|以内|及以下)")
_LOWER_BEFORE = ("超过", "高于", "不低于", "不少于", "达到", "满")
_UPPER_BEFORE = ("不足", "不到", "不满", "低于", "不超过", "少于", "未达到", "未满", "最高")
# (a bound that leaves its own value out: 不足三十万元 stops short of the 三十万元以上 next to it)
_STRICT_BEFORE = ("超过", "高于", "不足", "不到", "不满", "低于", "少于", "未达到", "未满")
_STRICT = 1e-6


class Range(NamedTuple):
    kind: str
    low: float
    high: float
    start: int  # where its words start and end in the text
    end: int


def ranges(text: str) -> list[Range]:
    """Each bounded money sum or share in `text`: 三十万元以上 → [300000, ∞), 不足三十万元 → [0, 300000],
    十万元以上三十万元以下 → [100000, 300000]."""
    out: list[Range] = []
    for kind, parse in PARSERS.items():
        low_end = -1  # where the last lower bound's words end: an upper bound right after it closes one range
        for m in FACT_PATTERNS[kind].finditer(text):
            value = parse(m.group(0))
            if value is None:
                continue
            written, before = m.group(0), text[max(0, m.start() - 4):m.start()]
            lower_after = _LOWER_AFTER_RE.match(text, m.end())
            upper_after = _UPPER_AFTER_RE.match(text, m.end())
            upper = bool(upper_after) or written.endswith("以下") or before.endswith(_UPPER_BEFORE)
            lower = bool(lower_after) or written.endswith("以上") or before.endswith(_LOWER_BEFORE)
            end = (upper_after or lower_after or m).end()
            if before.endswith(_STRICT_BEFORE):
                value += _STRICT if lower else -_STRICT
            if upper and out and low_end >= 0 and m.start() - low_end <= 1:
                out[-1] = out[-1]._replace(high=value, end=end)
            elif upper:
                out.append(Range(kind, 0.0, value, m.start(), end))
            elif lower:
                out.append(Range(kind, value, float("inf"), m.start(), end))
            low_end = end if lower and not upper else -1
    return out


def conditions(text: str) -> list[Range]:
    """The ranges `text` sets as conditions ("违法所得三十万元以上的，…"): a bound on the value itself
    ("提取不低于百分之十的比例") is what the clause gives, not a case of it."""
    return [r for r in ranges(text) if text.startswith(CONDITION_END, r.end)]


def asked_ranges(question: str) -> list[tuple[str, float, float]]:
    """(kind, low, high) for each money sum or share a question states: its range when it bounds it
    (违法所得不足50万元 → below 500000), else the one value."""
    bounded = ranges(question)
    out = [(r.kind, r.low, r.high) for r in bounded]
    for (kind, value), written in figures(question).items():
        at = question.find(written)
        if kind in ("money", "percent") and not any(r.start <= at < r.end for r in bounded):
            out.append((kind, *_english_bound(question[max(0, at - 16):at].lower(), value)))
    return out


@lru_cache(maxsize=256)
def _asked(question: str) -> tuple[tuple[str, float, float], ...]:
    # (the short answer asks in_case of every figure it weighs: the question is read once)
    return tuple(asked_ranges(question))


# an English question's bound on the sum it states (a trade "less than" 10,000 yuan: devdocs 20 dev read it as
# exactly 10,000, the case of 一万元以上的)
_EN_BOUNDS = ((re.compile(r"(?:not (?:less|fewer|lower) than|at least|no less than)\s*$"), "min"),
              (re.compile(r"(?:not (?:more|higher) than|up to|at most|no more than)\s*$"), "max"),
              (re.compile(r"(?:less|fewer|lower) than\s*$|\b(?:under|below)\s*$"), "below"),
              (re.compile(r"(?:more|higher|greater) than\s*$|\b(?:over|above|exceeding)\s*$"), "above"))


def _english_bound(before: str, value: float) -> tuple[float, float]:
    side = next((name for pattern, name in _EN_BOUNDS if pattern.search(before)), None)
    return {"min": (value, float("inf")), "max": (0.0, value), "below": (0.0, value - _STRICT),
            "above": (value + _STRICT, float("inf"))}.get(side or "", (value, value))


def in_case(question: str, quote: str, start: int) -> bool | None:
    """Whether the part of `quote` (between "；") holding the figure at `start` is the one for the case
    the question states: its condition ("违法所得三十万元以上的") holds the question's sum or share
    (违法所得有五十万元, 违法所得不足五十万元 within 不足五十万元的). None when the question states no sum
    or share, or the part sets no condition."""
    asked = _asked(question)
    cases = conditions(quote[slice(*part_at(quote, start))])
    if not asked or not cases:
        return None
    return any(r.kind == kind and r.low <= low and high <= r.high for r in cases for kind, low, high in asked)
