"""When documents disagree on the value asked for, the answer says so and shows each, official first.

A post-step after the composer (it never changes how a draft is composed): for a question
asking for a figure (a share or a sum of money), the retrieved sentences that state such a
figure and cover the question about as well as the cited one are statements about the same
slot. When two documents make such statements with no value in common (70% in one, 99% in
another), the answer gets a note naming both values, each document's sentence is quoted
(added as a citation if the composer had not chosen it), official sources come before
uploaded ones, and every uploaded source is labelled "(uploaded, not official)".

Everything here is a pure function of the question's intents, the hits, the draft's text
and citations and a coverage function, so it is tested on hand-built hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..chunker import cn_to_int
from ..models import MARKER_RE, Citation, Hit
from ..sentences import Span, facts, split_sentences
from . import messages

# The figures whose disagreement is reported: a share and a sum of money. (Counts and dates are
# stated for many different things in one document; a "disagreement" there is mostly noise.)
KINDS_FOR_INTENT = {"number": ("percent", "money"), "money": ("money",)}
MIN_COVERAGE = 0.5  # a statement covers at least this share of the question's concepts …
SAME_SLOT_RATIO = 0.8  # … and at least this share of what the best cited statement covers
MAX_DOCUMENTS = 4  # statements shown, one per document

LABELS = {"zh-Hans": "（上传文件，非官方）", "zh-Hant": "（上傳文件，非官方）", "en": " (uploaded, not official)"}
NOTES = {
    "zh-Hans": ("注意：文件之间对此说法不一：", "《{title}》{label}为{value}", "；", "。"),
    "zh-Hant": ("注意：文件之間對此說法不一：", "《{title}》{label}為{value}", "；", "。"),
    "en": ("Note: the documents disagree on this: ", "《{title}》{label} says {value}", "; ", "."),
}

_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")
_MONEY_UNITS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}


@dataclass(frozen=True)
class Statement:
    """A sentence of a hit stating figures of the asked kind."""

    hit: Hit
    span: Span
    values: tuple[str, ...]  # verbatim, in text order ("70%及以上")
    keys: frozenset[float]  # the same values as numbers, for comparing
    coverage: float


@dataclass(frozen=True)
class Disagreement:
    statements: list[Statement]  # one per document, official first


def value_key(kind: str, text: str) -> float | None:
    """A stated figure as a number: "70%及以上" → 70.0, "百分之七十" → 70.0, "50万元" → 500000.0."""
    number = _NUMBER_RE.search(text)
    if kind == "percent":
        if number is None:
            rest = text.split("分之", 1)[-1]
            value = float(cn_to_int(rest)) if rest else None
            return None if value is None else value / (10 if text.startswith("千") else 1)
        value = float(number.group(0).replace(",", ""))
        return value / 10 if "‰" in text else value
    if kind == "money" and number is not None:
        value = float(number.group(0).replace(",", ""))
        unit = next((m for u, m in _MONEY_UNITS.items() if u in text[number.end():]), 1.0)
        return value * unit
    return None


def statements(hits: Sequence[Hit], kinds: tuple[str, ...], coverage: Callable[[str], float]) -> list[Statement]:
    """Every sentence of `hits` stating a figure of `kinds`, with how well it covers the question."""
    out = []
    for hit in hits:
        context = " ".join(hit.section_path)
        for span in split_sentences(hit.text, base=hit.start):
            for part in (_stretches(span) if STRETCHES else [span]):
                found = [(kind, value) for kind, value in facts(part.text, kinds)]
                keys = {k for kind, value in found if (k := value_key(kind, value)) is not None}
                if keys:
                    out.append(Statement(hit, part, tuple(v for _, v in found), frozenset(keys),
                                         coverage(f"{part.text} {context}")))
    return out


# A sentence listing several targets (高新技术企业收入达到2.6万亿元，战略性新兴产业增加值占地区生产总值比重65%以上，
# …) states each in its own stretch: the stretch is the statement, so a share of another thing does not
# "disagree" with the share asked (dev_blind dev: 技术交易增加值占GDP的比重 9%左右 was reported as disagreeing with
# 2.6万亿元、65%以上、1750亿元). (ablation switch)
STRETCHES = True
_STRETCH_END_RE = re.compile(r"[，,；;]")


def _stretches(span: Span) -> list[Span]:
    """The comma-separated stretches of a sentence, each with its own offsets."""
    out, start = [], 0
    for m in _STRETCH_END_RE.finditer(span.text):
        out.append(Span(span.start + start, span.start + m.end(), span.text[start:m.end()]))
        start = m.end()
    if start < len(span.text):
        out.append(Span(span.start + start, span.end, span.text[start:]))
    return [s for s in out if s.text.strip()]


def _cited(statement: Statement, citations: Sequence[Citation]) -> Citation | None:
    return next((c for c in citations if c.clause_id == statement.hit.clause_id
                 and c.start <= statement.span.start and statement.span.end <= c.end), None)


def find_disagreement(kinds: tuple[str, ...], hits: Sequence[Hit], citations: Sequence[Citation],
                      coverage: Callable[[str], float], anchors: Sequence[Citation] = ()) -> Disagreement | None:
    """Two documents stating the asked figure with no value in common, or None.

    The statements the draft cites are about the asked slot, and so are those the `anchors` cite
    (the answer the official documents alone give, when the draft quotes an uploaded one: an
    uploaded text worded like the question must not push the official figure out). Any other
    statement is about the same slot when it covers the question well (MIN_COVERAGE) and
    nearly as well as the best cited one. Per document the best statement speaks for it, a
    cited one first."""
    if not kinds or not citations:
        return None
    found = statements(hits, kinds, coverage)
    chosen = [*citations, *anchors]
    cited = [s for s in found if _cited(s, chosen)]
    if not cited:
        return None
    floor = max(MIN_COVERAGE, SAME_SLOT_RATIO * max(s.coverage for s in cited))
    per_doc: dict[str, Statement] = {}
    for s in sorted(found, key=lambda s: (_cited(s, chosen) is None, -s.coverage)):
        if (_cited(s, chosen) or s.coverage >= floor) and s.hit.doc_id not in per_doc:
            per_doc[s.hit.doc_id] = s
    speaking = list(per_doc.values())
    if not any(a.keys.isdisjoint(b.keys) for i, a in enumerate(speaking) for b in speaking[i + 1:]):
        return None
    ordered = sorted(speaking, key=lambda s: (s.hit.tier != "official", -s.coverage))
    return Disagreement(ordered[:MAX_DOCUMENTS])


# -- rendering ---------------------------------------------------------------------------


def _line(quote: str, n: int, lang: str) -> str:
    from ..compose import prose_safe

    return f"“{prose_safe(quote)}” [{n}]" if lang == "en" else f"{prose_safe(quote)}[{n}]"


def _blocks(answer: str) -> list[list[str]]:
    """The answer's lines grouped as a lead line and the quoted lines after it."""
    blocks: list[list[str]] = []
    for line in answer.split("\n"):
        if blocks and MARKER_RE.search(line) and (len(blocks[-1]) > 1 or not MARKER_RE.search(blocks[-1][0])):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _renumber(lines: list[str], citations: dict[int, Citation]) -> tuple[list[str], list[Citation]]:
    order: dict[int, int] = {}
    for line in lines:
        for m in MARKER_RE.findall(line):
            order.setdefault(int(m), len(order) + 1)
    out = [MARKER_RE.sub(lambda m: f"[{order[int(m.group(1))]}]", line) for line in lines]
    return out, sorted((citations[old].model_copy(update={"n": new}) for old, new in order.items()),
                       key=lambda c: c.n)


def show_disagreement(answer: str, citations: list[Citation], disagreement: Disagreement, lang: str
                      ) -> tuple[str, list[Citation]]:
    """The answer with a note naming each document's value (official first), each statement quoted
    (added when the draft had not cited it), and official sources' lines before uploaded ones."""
    by_n = {c.n: c for c in citations}
    next_n = max(by_n, default=0) + 1
    blocks = _blocks(answer)
    for s in disagreement.statements:
        if _cited(s, citations):
            continue
        citation = Citation(n=next_n, clause_id=s.hit.clause_id, doc_id=s.hit.doc_id, doc_title=s.hit.doc_title,
                            section_path=s.hit.section_path, quote=s.span.text, start=s.span.start,
                            end=s.span.end, tier=s.hit.tier)
        by_n[next_n] = citation
        lead = messages.lead(s.hit, lang)
        blocks.append([lead, _line(s.span.text, next_n, lang)])
        next_n += 1

    def uploaded_only(block: list[str]) -> bool:
        marks = [int(m) for line in block for m in MARKER_RE.findall(line)]
        return bool(marks) and all(by_n[m].tier == "uploaded" for m in marks)

    blocks.sort(key=uploaded_only)  # stable: official (and unmarked) blocks first, in their order
    head, part, sep, end = NOTES[lang]
    parts = [part.format(title=s.hit.doc_title, value="、".join(dict.fromkeys(s.values)),
                         label=LABELS[lang] if s.hit.tier == "uploaded" else "") for s in disagreement.statements]
    note = head + sep.join(parts) + end
    lines, renumbered = _renumber([line for block in blocks for line in block], by_n)
    return "\n".join([note, *lines]), renumbered


def label_uploaded(answer: str, citations: Sequence[Citation], lang: str) -> str:
    """Each marker of an uploaded source followed by "(uploaded, not official)" in the answer's language."""
    uploaded = {c.n for c in citations if c.tier == "uploaded"}
    if not uploaded:
        return answer
    label = LABELS.get(lang, LABELS["zh-Hans"])
    return MARKER_RE.sub(lambda m: m.group(0) + label if int(m.group(1)) in uploaded else m.group(0), answer)
