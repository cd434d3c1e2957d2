"""A list question answered by a section's own numbered sub-clauses: "十六项重点措施有哪些?",
"实施保障包括哪些措施?".

The composer quotes sentences of the retrieved clauses; when the list asked for is a heading whose
items are clauses of their own (二、重点措施 → 1.实施原始创新能力跃升计划 … 10.开展城市空间更新行动),
the quotes hold the heading's introduction and perhaps one item, never the list. Here the items'
own headings are the answer, in order, each cited; and when the section says how many there are
(实施十六项重点措施) but the stored copy ends before that many, because the record says the copy
is cut short (rag.answer.docfacts: its notes), the answer says where the copy ends (issue #14:
"the copy ends at item N").

Mechanism only: `section_for` finds the section, `listed` makes the draft; the assistant runs it on
an answered draft and checks the result like any answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import Citation, Clause, DocumentMeta
from ..normalize import aligned_simplified
from ..question import NAMED_COUNT_RE, Question
from ..sentences import split_sentences
from . import enumerated, messages

# how much of the question a section's heading (with its document's title) must cover to be the list asked
SECTION_COVERAGE = 0.6
MAX_SECTION_ITEMS = 40
_ITEM_HEADING_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、|专栏\d+)")
# the number of items a section says it has: 实施十六项重点措施, 提出了36项重点任务
_STATED_COUNT_RE = re.compile(r"([一二三四五六七八九十百两]+|\d+)\s*[项条个类方面]")


def asks_list(q: Question) -> bool:
    """A question for the items themselves (有哪些, 十六项措施是什么), not how many."""
    return "list" in q.intents or bool(NAMED_COUNT_RE.search(q.normalised) and not enumerated.COUNT_OF_ITEMS_RE.search(
        q.normalised) and re.search(r"哪|什么|\bwhat\b|\bwhich\b|\blist\b", q.normalised, re.IGNORECASE))


# what a list question lists: 三大机制 → 机制, 哪些措施 → 措施 (an item whose heading names it is the list)
_LISTED_NOUN_RE = re.compile(r"(?:[两二三四五六七八九十几\d]+\s*[大类项条个种]|哪些|哪几[个项类种条]?|哪[两二三四五六七八九十][个项类种条])"
                             r"\s*([\u4e00-\u9fff]{2})")


def items_of(section: Clause, clauses: Sequence[Clause]) -> list[Clause]:
    """The numbered sub-clauses of `section` (the first part of one split in parts), in text order."""
    children = sorted((c for c in clauses if c.parent == section.clause_id and c.section_path
                       and _ITEM_HEADING_RE.match(c.section_path[-1])), key=lambda c: c.start)
    firsts: dict[tuple[str, ...], Clause] = {}
    for c in children:
        firsts.setdefault(tuple(c.section_path), c)
    return list(firsts.values())


# a question's words that say how many or frame the question (十六项, 包括), not what the list is of
_COUNT_WORD_RE = re.compile(r"[\d一二三四五六七八九十百两几]+[项个条类大种]?|[项个条类种]")
_FRAME = frozenset({"包括", "包含", "哪些", "有", "是", "什么", "include", "includes"})


def list_concepts(groups: list[tuple[list[str], float]]) -> list[tuple[list[str], float]]:
    """The question's concepts naming what is listed: without its count (十六项) and frame words."""
    return [(forms, w) for forms, w in groups
            if not all(_COUNT_WORD_RE.fullmatch(f) or f in _FRAME for f in forms)]


def section_for(q: Question, first: Clause, clauses: Sequence[Clause], covers: Callable[[str], float],
                title: str) -> tuple[Clause, list[Clause]] | None:
    """The section whose items answer `q`: the first quoted clause, or its parent when the clause's
    own heading does not cover the question and the parent's covers it better; it must have at least
    two numbered items and its heading (with the document's title) must cover SECTION_COVERAGE of the
    question. (An item whose heading is the question's — 2.建立协同创新三大机制 — is the list asked
    for, not its parent's items: gold dev.)"""
    by_id = {c.clause_id: c for c in clauses}
    own = covers(f"{first.section_path[-1] if first.section_path else ''} {title}")
    options = [(first, own)]
    parent = by_id.get(first.parent or "")
    noun = _LISTED_NOUN_RE.search(q.normalised)
    names_it = bool(noun and first.section_path and noun.group(1) in aligned_simplified(first.section_path[-1]))
    if parent is not None and parent.section_path and own < SECTION_COVERAGE and not names_it:
        options.append((parent, covers(f"{parent.section_path[-1]} {title}")))
    for section, coverage in options:
        if coverage < SECTION_COVERAGE or (section is not first and coverage <= own):
            continue
        items = items_of(section, clauses)
        if 2 <= len(items) <= MAX_SECTION_ITEMS:
            return section, items
    return None


def _count_stated(section: Clause) -> tuple[int, int, int] | None:
    """(count, start, end) of the number of items the section's own text (before its first item) says
    it has, offsets in the document."""
    from ..chunker import cn_to_int

    view = aligned_simplified(section.text)
    m = _STATED_COUNT_RE.search(view)
    if m is None:
        return None
    number = m.group(1)
    count = int(number) if number.isdigit() else cn_to_int(number)
    return count, section.start + m.start(), section.start + m.end()


def listed(q: Question, section: Clause, items: list[Clause], text: str, doc: DocumentMeta,
           incomplete: bool) -> tuple[str, list[Citation]]:
    """The answer: the section's lead, each item's heading sentence cited, and where the copy ends
    when the section names more items than the (cut-short) copy holds."""
    lang, lines = _lead(q, section, doc)
    citations: list[Citation] = []
    for item in items:
        first = split_sentences(item.text, item.start)[0]
        lines.append(_quoted(lang, citations, item, first.start, first.end, first.text, doc))
    stated = _count_stated(section)
    if incomplete and stated is not None and stated[0] > len(items):
        _, start, end = stated
        sentence = next(s for s in split_sentences(section.text, section.start) if s.start <= start < s.end)
        citations.append(_citation(len(citations) + 1, section, sentence.start, sentence.end, sentence.text, doc))
        last = re.match(r"\s*(\S+?)[.．、]", items[-1].section_path[-1])
        number = last.group(1) if last else str(len(items))
        lines.append(messages.MESSAGES[lang]["copy_ends"].format(last=number, stated=text[start:end], n=len(citations)))
    return "\n".join(lines), citations


def _lead(q: Question, section: Clause, doc: DocumentMeta) -> tuple[str, list[str]]:
    """The answer's language and its lead line: the document's short name and the section's heading."""
    lang = q.lang if q.lang in messages.MESSAGES else "zh-Hans"
    return lang, [messages.MESSAGES[lang]["lead"].format(
        title=doc.short_title or messages.short_name(doc.title),
        path=messages.clause_path_of(section.section_path, doc.title, lang))]


def _citation(n: int, clause: Clause, start: int, end: int, quote: str, doc: DocumentMeta) -> Citation:
    return Citation(n=n, clause_id=clause.clause_id, doc_id=clause.doc_id, doc_title=doc.title,
                    section_path=clause.section_path, quote=quote, start=start, end=end, tier=doc.tier)


def _quoted(lang: str, citations: list[Citation], clause: Clause, start: int, end: int, quote: str,
            doc: DocumentMeta) -> str:
    """Cite `quote` (appended to `citations`) and give its line of the answer."""
    citations.append(_citation(len(citations) + 1, clause, start, end, quote, doc))
    shown, n = quote.strip(), len(citations)
    return f"“{shown}” [{n}]" if lang == "en" else f"{shown}[{n}]"


# A goal list written with dashes, often in running text: "实现以下主要目标:——原始创新能力显著增强。…
# ——高精尖产业结构更加巩固。…" (forms dev: a plan's five goals). Each item is its first sentence.
_DASH_LEAD_RE = re.compile(r"[^。；;！？!?]*[:：]\s*(?=——)")
_DASH_ITEM_RE = re.compile(r"——([^。；;！？!?—]{2,60}[。；;！？!?])")


def dash_items(first: Clause, clauses: Sequence[Clause], text: str, covers: Callable[[str], float],
               title: str) -> tuple[tuple[int, int], list[tuple[int, int, Clause]]] | None:
    """For a clause (with the other parts of its section) holding a lead-in that ends in a colon and
    dash items after it: the lead-in's span and each item's first sentence (start, end, its clause), when
    the section's heading with the lead-in and title covers the question; else None."""
    parts = sorted((c for c in clauses if c.doc_id == first.doc_id and c.section_path == first.section_path),
                   key=lambda c: c.start)
    if not parts:
        return None
    start, end = parts[0].start, parts[-1].end
    body = text[start:end]
    lead = _DASH_LEAD_RE.search(aligned_simplified(body))
    if lead is None:
        return None
    heading = first.section_path[-1] if first.section_path else ""
    if covers(f"{heading} {lead.group(0)} {title}") < SECTION_COVERAGE:
        return None
    items = []
    for m in _DASH_ITEM_RE.finditer(body, lead.end()):
        a, b = start + m.start(1), start + m.end(1)
        owner = next((c for c in parts if c.start <= a and b <= c.end), None)
        if owner is None:
            return None  # an item cut by a part boundary: not quoted whole
        items.append((a, b, owner))
    if len(items) < 2:
        return None
    return (start + lead.start(), start + lead.end()), items


def dashed(q: Question, first: Clause, found: tuple[tuple[int, int], list[tuple[int, int, Clause]]], text: str,
           doc: DocumentMeta) -> tuple[str, list[Citation]]:
    """The answer: the lead-in, then each dash item's first sentence, cited."""
    lang, lines = _lead(q, first, doc)
    citations: list[Citation] = []
    lines += [_quoted(lang, citations, clause, a, b, text[a:b], doc) for a, b, clause in found[1]]
    return "\n".join(lines), citations
