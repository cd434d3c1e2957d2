"""The citation checker. Every answer passes through it, whatever composed it.

Checks:
  markers      every [n] in the prose has a citation, every citation is used, numbers are unique
  quote        each citation's quote is exactly the document text at its start/end; a document-record
               citation's quote is its record line in the text or the record's field, verbatim
  clause       the cited span lies inside the cited clause (clause citations)
  unsupported  every number, percentage, date and quoted programme name (“…” or 《…》) in the
               answer occurs in a cited quote, or in the cited clause's heading path or title

`repair` drops the offending sentences (and citations nobody uses any more) and
renumbers what is left; if nothing useful is left, the caller falls back to the
extractive answer. An answer is never returned unverified.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .answer.enumerated import inline_lists, item_at
from .answer.premise import counts, figures, mentions, multiple
from .docrecord import revisions
from .models import MARKER_RE, Citation, Clause, DocumentMeta
from .normalize import aligned_simplified, match_key
from .sentences import FACT_PATTERNS, NUMBER_RE, QUOTED_NAME_RE

_SENTENCE_RE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]|\n|$)")


@dataclass(frozen=True)
class Problem:
    kind: str  # markers | quote | clause | unsupported
    detail: str
    sentence: str | None = None


def _claims(sentence: str) -> list[str]:
    text = MARKER_RE.sub("", sentence)
    found = [m.group(0).strip() for m in NUMBER_RE.finditer(text)]
    found += [m.group(1) or m.group(2) for m in QUOTED_NAME_RE.finditer(text)]
    return [f for f in found if f]


def _same(key: tuple[str, float]) -> tuple[str, float]:
    """A figure's value to 9 significant digits (2.6万亿 and 2.6 trillion differ in the last float bit)."""
    return key[0], float(f"{key[1]:.9g}")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_RE.findall(text) if s.strip()]


def check(
    answer: str,
    citations: list[Citation],
    doc_text: Callable[[str], str],
    clause_of: Callable[[str], Clause | None],
    record_of: Callable[[str], DocumentMeta | None] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    used = [int(m) for m in MARKER_RE.findall(answer)]
    numbers = [c.n for c in citations]
    if len(numbers) != len(set(numbers)):
        problems.append(Problem("markers", "duplicate citation numbers"))
    for n in sorted(set(used) - set(numbers)):
        problems.append(Problem("markers", f"marker [{n}] has no citation"))
    for n in sorted(set(numbers) - set(used)):
        problems.append(Problem("markers", f"citation {n} is not used in the answer"))
    good: dict[int, Citation] = {}
    for c in citations:
        try:
            text = doc_text(c.doc_id)
        except LookupError:
            problems.append(Problem("quote", f"citation {c.n}: unknown document {c.doc_id}"))
            continue
        at_offsets = 0 <= c.start < c.end <= len(text) and text[c.start : c.end] == c.quote
        if c.kind == "document":  # a record line of the text at its offsets, or the manifest's field
            if not (at_offsets or _in_manifest(c, record_of)):
                problems.append(Problem("quote", f"citation {c.n}: quote is not the document record's {c.field}"))
                continue
            good[c.n] = c
            continue
        if not at_offsets:
            problems.append(Problem("quote", f"citation {c.n}: quote does not match the document at {c.start}-{c.end}"))
            continue
        clause = clause_of(c.clause_id)
        if clause is None or clause.doc_id != c.doc_id or not (clause.start <= c.start and c.end <= clause.end):
            problems.append(Problem("clause", f"citation {c.n}: span is not inside clause {c.clause_id}"))
            continue
        good[c.n] = c
    support_text = " ".join(f"{c.quote} {' > '.join(c.section_path)} {c.doc_title} {_short_title(c, record_of)}"
                            for c in good.values())
    support = match_key(support_text)
    simple = aligned_simplified(support_text)
    values = {_same(key) for key in figures(simple)}
    values |= {_same(key) for key in counts(simple)}  # 1.2万家 supports "12,000"
    # a multiple (三倍以下) supports its number in an English short answer ("3 times or less")
    values |= {("count", n) for m in FACT_PATTERNS["multiple"].finditer(simple) if (n := multiple(m.group(0)))}
    # the last heading of a document's chapters or articles (第六十八条, cited as its record) counts them
    values |= {("count", float(n)) for c in good.values() if c.kind == "document" and c.field in ("chapters", "articles")
               for n in [_ordinal(c.quote)] if n}
    # a regulation's revision lines (cited as its record) count its revisions
    values |= {("count", float(n)) for c in good.values() if c.kind == "document" and c.field == "revisions"
               for n in [revisions(c.quote)] if n}
    # an age (十四周岁, rendered "14" in an English short answer) supports its number: counts() reads ages as no count
    values |= {("count", float(n)) for m in _AGE_RE.finditer(simple) if (n := _age(m.group(1)))}
    # a list written inline counts its items: “…、…、…等方面” supports 3
    values |= {("count", float(found.count)) for c in good.values() for found in inline_lists(aligned_simplified(c.quote))}
    # an item's own number counts the list it ends: “（六）研究处理其他相关事项。” supports 6
    values |= {("count", float(item.number)) for c in good.values() if (item := item_at(c.quote, 0)) is not None}
    for sentence in _sentences(answer):
        # a figure rendered in other words (100,000 yuan for 10万元, 0.1% for 1‰) is supported by its value
        rendered = [written for key, written in mentions(aligned_simplified(sentence)) if _same(key) in values]
        for claim in _claims(sentence):
            # (a bare count in digits, "5" for 五大 in an English short answer, is supported by that count)
            number = claim.replace(",", "")
            counted = bool(re.fullmatch(r"\d+(?:\.\d+)?", number)) and _same(("count", float(number))) in values
            if match_key(claim) not in support and not any(claim in written for written in rendered) and not counted:
                problems.append(Problem("unsupported", f"“{claim}” is in no cited quote", sentence))
    return problems


_AGE_RE = re.compile(r"(\d+|[一二三四五六七八九十]+)\s*周?岁")


def _age(written: str) -> int:
    from .chunker import cn_to_int

    return int(written) if written.isdigit() else cn_to_int(written)


def _ordinal(heading: str) -> int:
    from .chunker import cn_to_int

    # (the heading's number: a last chapter is cited with its words, 第七章 附则 — docfacts.CHAPTER_TITLE)
    m = re.match(r"第([一二三四五六七八九十百零〇]+)[章条條](?![\u4e00-\u9fff])", heading.strip())
    return cn_to_int(m.group(1)) if m else 0


def _short_title(c: Citation, record_of: Callable[[str], DocumentMeta | None] | None) -> str:
    """The name the manifest gives a cited document for the lead line (《孵化器办法》), if any."""
    record = record_of(c.doc_id) if record_of is not None else None
    return (record.short_title or "") if record is not None else ""


def _in_manifest(c: Citation, record_of: Callable[[str], DocumentMeta | None] | None) -> bool:
    """A citation without offsets (start = end = 0) whose quote is the manifest's field verbatim, or a
    sentence of it verbatim (one sentence of the notes says a copy is an excerpt)."""
    record = record_of(c.doc_id) if record_of is not None and c.start == c.end == 0 else None
    value = getattr(record, c.field, None) if record is not None and c.field is not None else None
    if not isinstance(value, str) or not c.quote.strip():
        return False
    return c.quote in value if c.field == "notes" else c.quote == value


def repair(
    answer: str,
    citations: list[Citation],
    problems: list[Problem],
) -> tuple[str, list[Citation]]:
    """Drop sentences that make unsupported claims or cite bad/missing sources; renumber the rest."""
    bad_numbers = {
        int(n) for p in problems if p.kind in ("quote", "clause") for n in re.findall(r"citation (\d+)", p.detail)
    }
    valid = {c.n: c for c in citations if c.n not in bad_numbers}
    bad_sentences = {p.sentence for p in problems if p.sentence}
    kept = []
    for sentence in _sentences(answer):
        markers = [int(m) for m in MARKER_RE.findall(sentence)]
        if sentence in bad_sentences or any(m not in valid for m in markers):
            continue
        kept.append(sentence)
    renumber: dict[int, int] = {}
    for sentence in kept:
        for m in MARKER_RE.findall(sentence):
            renumber.setdefault(int(m), len(renumber) + 1)
    text = "".join(MARKER_RE.sub(lambda m: f"[{renumber[int(m.group(1))]}]", s) for s in kept).strip()
    new = [valid[old].model_copy(update={"n": new}) for old, new in renumber.items()]
    return text, sorted(new, key=lambda c: c.n)
