"""Split a Chinese official document into a tree of clauses with exact offsets.

Heading levels, outermost first (a document may skip levels):

    Markdown #…######   unnumbered headings of Markdown sources
    第X编 / 第X章 / 第X节 / 第X条   laws; inside an article (条), 款/项 stay in the article
    一、   (一)/（一）   1. 1、 １．   (1)/（1）   ①…   专栏N：…

Headings are found at line starts and inline (a copy may have no line breaks:
"…特制定以下措施。一、总体目标…1.实施原始创新能力跃升计划。…"). An inline marker is
accepted only when its number continues the numbering of its level (n = previous
+ 1), or starts a new, deeper level at 1; a line-start marker may also skip
numbers or start mid-way (excerpts such as 000 begin at "(四)"). That rule, plus
the patterns' own guards, keeps decimals (2.6万亿元), ranges (3—5项, 1-2个), years
((2016—2035)), document numbers (〔2016〕50号), "5G", "3×100", "(G20)" and
cross-references (按第(三)项) from starting clauses.

A short standalone line of plain words ("基本介绍", "内容解读") is an unnumbered part
heading: it labels the unnumbered text after it, and numbered headings do not
nest under it (their paths start at their own numbering). Not in Markdown sources,
which mark their headings with "#"; there a heading on a "#" line is always taken,
whatever its numbering (a contents list of "## 第一章…第五章" may precede the text),
and one that is not 编/章/节/条 ("## 一、买卖合同的成立") nests by its "#" depth, so it
can hold articles.

Articles inserted by amendment (第十七条之一) are articles of their own, after 第十七条.

Each clause runs from its heading to the next heading; furniture spans are cut
out, so a clause interrupted by furniture becomes several parts. Clauses longer
than `max_chars` are split at sentence ends into parts that keep the same path.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from .furniture import FurnitureSpan, find_furniture
from .models import Clause

CHUNKER_VERSION = "6"  # 6: a markup comment line is furniture

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = r"[一二三四五六七八九十百千零〇两]+"

# Names official documents give their top-level sections; used to cut a heading
# that runs straight into its body without punctuation ("一、总体目标聚焦具有…").
SECTION_NAMES = (
    "总体目标", "总体要求", "总体思路", "指导思想", "基本原则", "发展目标", "主要目标", "工作目标",
    "重点任务", "主要任务", "重点措施", "主要措施", "政策措施", "保障措施", "组织保障", "实施保障",
    "组织实施", "工作要求", "附则", "总则",
)


def cn_to_int(s: str) -> int:
    """Chinese numeral → int (一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105)."""
    total, current = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def chinese_number(n: int) -> str:
    """int → Chinese numeral as headings and Word's chineseCounting write it (1 → 一, 10 → 十, 12 → 十二,
    20 → 二十, 105 → 一百零五); the inverse of `cn_to_int` below 1000 (other numbers stay in digits)."""
    if n <= 0 or n >= 1000:
        return str(n)
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


@dataclass(frozen=True)
class Kind:
    name: str
    rank: int  # smaller = outer
    token: str  # clause-id prefix for this level


KINDS = {
    k.name: k
    for k in (
        Kind("bian", 10, "B"),
        Kind("zhang", 11, "ch"),
        Kind("jie", 12, "s"),
        Kind("tiao", 13, "art"),
        Kind("cn", 20, "C"),
        Kind("paren_cn", 21, "P"),
        Kind("arabic", 22, "N"),
        Kind("paren_arabic", 23, "Q"),
        Kind("circled", 24, "R"),
        Kind("box", 25, "box"),
    )
}
_ARTICLE_RANK = KINDS["tiao"].rank

_DIGITS = r"[0-9０-９]{1,3}"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 第N条之M is an article inserted by an amendment; "第N条的…", "第N条、", "第N条第M款" are cross-references.
    ("law", re.compile(rf"第({_CN_NUM}|\d+)([编章节条])(?:(?<=条)之({_CN_NUM}))?(?=[\s\u3000]|[^\s\d款项目的、，,第])")),
    ("cn", re.compile(rf"(?<![第\d])({_CN_NUM})、(?=\S)")),
    ("paren_cn", re.compile(rf"(?<!第)[(（]({_CN_NUM})[)）](?![项款目条])(?=\S)")),
    ("paren_arabic", re.compile(rf"(?<!第)[(（]({_DIGITS})[)）](?![项款目条])(?=[^\s\d%％])")),
    ("arabic", re.compile(rf"(?<![第\d.．A-Za-z０-９])({_DIGITS})(?:[.．](?![\d０-９])|、)(?=\s*[^\s\d０-９%％.．、,，。])")),
    ("circled", re.compile(rf"([{_CIRCLED}])(?=\S)")),
    ("box", re.compile(rf"专栏\s*({_DIGITS}|{_CN_NUM})\s*[:：]")),
]
_LAW_KIND = {"编": "bian", "章": "zhang", "节": "jie", "条": "tiao"}
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*)$")
# Where an inline marker may begin: after a sentence end or a closing quote.
_INLINE_AFTER_PUNCT = set("。;;!!??:：”」』)）")
_SENT_END = "。!?;！？；"
_PART_MAX = 20


@dataclass
class _Heading:
    start: int  # offset of the marker (or of the heading line)
    kind: str  # a KINDS name, "md", or "part"
    number: int
    title: str  # verbatim heading text, for section paths
    rank: int
    line_start: bool
    token: str = ""
    sub: int = 0  # M of an inserted article 第N条之M
    marked: bool = False  # on a Markdown "#" line: the author marked it as a heading
    depth: int = 0  # number of "#" of that line (0: not on a "#" line)


@dataclass
class _Node:
    heading: _Heading
    clause_id: str
    children_tokens: dict[str, int] = field(default_factory=dict)


def _to_int(num: str) -> int:
    if num in _CIRCLED:  # checked first: str.isdigit() is True for ①…⑨ but int() rejects them
        return _CIRCLED.index(num) + 1
    num = num.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if num.isdigit():
        return int(num)
    return cn_to_int(num)


def _heading_title(text: str, start: int, line_end: int, own_line: bool) -> str:
    """The heading's own words: to the end of its first sentence (or its line)."""
    stop = line_end
    for i in range(start, line_end):
        if text[i] in _SENT_END:
            stop = i
            break
    title = text[start:stop].rstrip()
    number = re.match(r"^\S{1,4}?[、.．)）]", title)
    if own_line and number and stop < line_end and not text[stop + 1 : line_end].strip() \
            and len(title) - number.end() > 20 and re.search(r"[,，;；\d]", title):
        # an item that is one whole sentence (1.对…按技术合同成交额的7.5%给予补助，…最高补助375万元。) is a
        # clause, not a heading over one: its heading is its number, and its words stay in its text
        return title[: number.end()]
    if own_line or len(title) <= 40:
        return title
    # An inline heading that runs into its body: cut after a known section name,
    # else at the first comma, else at 40 characters.
    m = re.match(r"^\S{1,4}?[、.．)）]", title)
    body_at = m.end() if m else 0
    for name in SECTION_NAMES:
        if title.startswith(name, body_at):
            return title[: body_at + len(name)]
    comma = re.search(r"[,，]", title)
    return title[: comma.start()] if comma and comma.start() > body_at else title[:40]


_WS = " \t\r\n\u3000\ufeff\xa0\u2002\u2003\u200b"


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip(_WS))


def _strip(line: str) -> str:
    return line.strip(_WS)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        bounds.append((pos, pos + len(body)))
        pos += len(raw)
    return bounds


def _is_part_line(line: str, next_line: str | None) -> bool:
    s = line.strip()
    return (
        0 < len(s) <= _PART_MAX
        and next_line is not None
        and re.fullmatch(r"[\u4e00-\u9fff\u3400-\u4dbf]+", s) is not None
    )


def _candidates(text: str, furniture: list[FurnitureSpan]) -> list[_Heading]:
    """Every place a heading could start, in text order (not yet checked for continuity)."""
    def in_furniture(pos: int) -> bool:
        return any(f.start <= pos < f.end for f in furniture)

    lines = _line_bounds(text)
    line_starts = {a + _lead(text[a:b]) for a, b in lines}
    line_begins = [a for a, _ in lines]

    def end_of_line(pos: int) -> int:
        i = bisect.bisect_right(line_begins, pos) - 1
        return lines[i][1] if i >= 0 and pos <= lines[i][1] else len(text)
    cands: dict[int, _Heading] = {}

    # A Markdown source marks its own headings; a short plain line in it is text, not a part heading.
    markdown = any(_MD_HEADING_RE.match(_strip(text[a:b])) for a, b in lines)
    seen_content = False
    for idx, (a, b) in enumerate(lines):
        stripped = _strip(text[a:b])
        lead = a + _lead(text[a:b])
        if not stripped or in_furniture(lead):
            continue
        md = _MD_HEADING_RE.match(stripped)
        if md:
            depth = len(md.group(1))
            # the title without its "#" marks: they are Markdown, not words of the heading
            cands[lead] = _Heading(lead, "md", 0, md.group(2).strip(), depth - 1, True, depth=depth)
        elif seen_content and not markdown:  # the first line of a document is its title, not a part
            nxt = next((text[c:d] for c, d in lines[idx + 1 :] if _strip(text[c:d])), None)
            if _is_part_line(stripped, nxt):
                cands[lead] = _Heading(lead, "part", 0, stripped, 0, True)
        seen_content = True

    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            pos = m.start()
            if in_furniture(pos):
                continue
            at_line = pos in line_starts
            md_line = None
            if not at_line:
                # A marker right after a Markdown "## " counts as starting the line.
                ls = text.rfind("\n", 0, pos) + 1
                prefix = text[ls:pos]
                if re.fullmatch(r"[ \t\u3000]*#{1,6}[ \t]+", prefix):
                    at_line, md_line = True, ls + len(prefix) - len(prefix.lstrip())
            if not at_line:
                prev = text[pos - 1] if pos else ""
                if kind in ("cn",) and prev not in _INLINE_AFTER_PUNCT:
                    continue
                if kind == "law" and prev not in _INLINE_AFTER_PUNCT and not prev.isspace():
                    continue
            sub = 0
            if kind == "law":
                name = _LAW_KIND[m.group(2)]
                number = _to_int(m.group(1))
                sub = _to_int(m.group(3)) if m.group(3) else 0
            else:
                name, number = kind, _to_int(m.group(1))
            if number <= 0:
                continue
            line_end = end_of_line(pos)
            if name in ("bian", "zhang", "jie") and md_line is None and re.search(r"[，,。；;]", text[pos:line_end]):
                continue  # "第七节相应改为第八节，…" is a sentence about a 节, not a 节 heading
            own_line = at_line and not any(ch in _SENT_END for ch in text[pos:line_end].rstrip()[:-1])
            title = m.group(0).strip() if name == "tiao" else _heading_title(text, pos, line_end, own_line)
            heading = _Heading(pos, name, number, title, KINDS[name].rank, at_line, sub=sub)
            if md_line is not None:  # the "##" belongs to the heading line
                # 编/章/节/条 keep their legal order (sources do invert "###"/"##"); any other numbered
                # heading on a "#" line nests by its Markdown depth, so "## 一、…" can hold articles.
                depth = text.count("#", md_line, pos)
                rank = KINDS[name].rank if name in _LAW_KIND.values() else depth - 1
                heading = _Heading(md_line, name, number, text[pos:line_end].strip(), rank, True,
                                   sub=sub, marked=True, depth=depth)
                cands.pop(md_line, None)
            cands.setdefault(heading.start, heading)
    return [cands[k] for k in sorted(cands)]


def _accept(stack: list[_Node], h: _Heading) -> bool:
    """Numbering continuity decides whether a marker really opens a clause."""
    if h.kind in ("md", "part") or h.marked:  # explicit markup wins over numbering (e.g. after a contents list)
        return True
    same = next((n for n in reversed(stack) if n.heading.kind == h.kind), None)
    if any(n.heading.rank == _ARTICLE_RANK for n in stack) and h.rank > _ARTICLE_RANK:
        return False  # 款/项 inside an article stay in the article
    if same is not None and (
        (h.number == same.heading.number + 1 and h.sub == 0)
        or (h.number == same.heading.number and h.sub == same.heading.sub + 1)  # 第N条之一 after 第N条
    ):
        return True
    deeper = not stack or h.rank > stack[-1].heading.rank
    if same is None and h.number == 1 and deeper:
        return True
    if h.line_start:
        if same is None:
            # A 编/章/节 that starts at number 2+ inside a running article is quoted text (an
            # amendment inserting "第七节 监察委员会"), not the document's own structure.
            inside_article = any(n.heading.rank == _ARTICLE_RANK for n in stack)
            return not (h.rank < _ARTICLE_RANK and h.kind in ("bian", "zhang", "jie") and h.number > 1
                        and inside_article)
        return (h.number, h.sub) > (same.heading.number, same.heading.sub)
    return False


def _sentence_split_points(text: str, start: int, end: int, max_chars: int) -> list[int]:
    """Offsets where a long span is cut into parts, each at a sentence end if possible."""
    cuts, pos = [], start
    # A short tail (a 责任单位 line, say) stays with its clause rather than standing alone.
    while end - pos > max_chars + max_chars // 4:
        window = text[pos : pos + max_chars]
        best = max((i for i, ch in enumerate(window) if ch in _SENT_END or ch == "\n"), default=-1)
        cut = pos + (best + 1 if best >= max_chars // 3 else max_chars)
        cuts.append(cut)
        pos = cut
    return cuts


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    return a, b


def chunk(doc_id: str, text: str, max_chars: int = 600) -> list[Clause]:
    """The clauses of one document, in document order."""
    furniture = find_furniture(text)
    stack: list[_Node] = []
    used_ids: set[str] = set()
    part_counter = 0
    sections: list[tuple[int, list[str], str, int, str | None]] = []  # start, path, id, level, parent

    def unique(cid: str) -> str:
        base, k = cid, 2
        while cid in used_ids:
            cid, k = f"{base}~{k}", k + 1
        used_ids.add(cid)
        return cid

    for h in _candidates(text, furniture):
        if not _accept(stack, h):
            continue
        if h.kind == "part":
            part_counter += 1
            stack.clear()  # a part ends the numbered structure before it
            token = f"h{part_counter}"
        elif h.kind == "md":
            part_counter += 1
            token = f"h{part_counter}"
        else:
            token = f"{KINDS[h.kind].token}{h.number}" + (f"-{h.sub}" if h.sub else "")
        while stack and (
            stack[-1].heading.rank >= h.rank
            or stack[-1].heading.kind == "part"
            # an unnumbered "## 序言" ends at the next heading of its "#" depth, numbered or not
            or (h.depth and stack[-1].heading.kind == "md" and stack[-1].heading.depth >= h.depth)
        ):
            stack.pop()
        prefix = stack[-1].clause_id.split(":", 1)[1] + "." if stack else ""
        cid = unique(f"{doc_id}:{prefix}{token}")
        parent = stack[-1].clause_id if stack else None
        stack.append(_Node(h, cid))
        path = [n.heading.title for n in stack]
        sections.append((h.start, path, cid, len(stack), parent))

    bounds = [s[0] for s in sections] + [len(text)]
    spans: list[tuple[int, int, list[str], str, int, str | None]] = []
    if not sections or sections[0][0] > 0:
        spans.append((0, bounds[0], [], unique(f"{doc_id}:preamble"), 0, None))
    for (start, path, cid, level, parent), end in zip(sections, bounds[1:], strict=True):
        spans.append((start, end, path, cid, level, parent))

    clauses: list[Clause] = []
    for start, end, path, cid, level, parent in spans:
        pieces = _cut_furniture(start, end, furniture)
        parts: list[tuple[int, int]] = []
        for a, b in pieces:
            a, b = _strip_span(text, a, b)
            if a >= b:
                continue
            cuts = [a, *_sentence_split_points(text, a, b, max_chars), b]
            for x, y in itertools.pairwise(cuts):
                x, y = _strip_span(text, x, y)
                if x < y:
                    parts.append((x, y))
        for i, (a, b) in enumerate(parts):
            clauses.append(
                Clause(
                    clause_id=cid if i == 0 else f"{cid}@{i + 1}",
                    doc_id=doc_id,
                    section_path=list(path),
                    text=text[a:b],
                    start=a,
                    end=b,
                    level=level,
                    parent=parent,
                    part=i + 1 if len(parts) > 1 else 0,
                )
            )
    return clauses


def _cut_furniture(start: int, end: int, furniture: list[FurnitureSpan]) -> list[tuple[int, int]]:
    pieces, pos = [], start
    for f in furniture:
        if f.end <= pos or f.start >= end:
            continue
        if f.start > pos:
            pieces.append((pos, f.start))
        pos = max(pos, f.end)
    if pos < end:
        pieces.append((pos, end))
    return pieces
