"""Pages of lines → one text with page offsets: running headers and footers and page numbers dropped,
lines that a page wrapped mid-sentence joined again.

A PDF (or a scan) keeps a policy document as printed lines: "…对新认定的" at the end of one line and
"市级基地给予奖励。" at the start of the next are one sentence, and the chunker and the quotes need it
whole. A line is joined to the next unless it ends a sentence or a heading, or the next one opens
a clause (一、 （一） 1. 第三条 专栏2 …) — the markers the chunker splits on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from . import Extracted

# a bare page number: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 10 页", "3/10", "Page 3"
_PAGE_NUMBER_RE = re.compile(r"^[\s\-—–－·•]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[\s\-—–－·•]*$"
                             r"|^\s*(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE)
# the lines of a page looked at for running headers and footers
EDGE_LINES = 2
# a line at a page's edge is a running header/footer when (digits aside) it is at the edge of at least
# this share of the pages, and of two pages at least
RUNNING_SHARE = 0.6
# where a clause opens: the chunker's markers (rag.chunker), so no clause is glued to the line before it
_OPENS_CLAUSE_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百\d]+[）)]|\d{1,3}[.．、](?!\d)"
    r"|第[一二三四五六七八九十百千\d]+[章节条款部分]|专栏\s*\d|附件|附表|[•·●■◆▪]|[|｜])"
)
_ENDS_UNIT_RE = re.compile(r"[。！？!?；;：:」”）)]\s*$")
# a line shorter than this is a title, a signature or a date, never a wrapped sentence
MIN_WRAPPED_CHARS = 12
_ASCII_END = re.compile(r"[A-Za-z0-9,]$")
_ASCII_START = re.compile(r"^[A-Za-z0-9(]")


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """The shapes (digits as #) of lines repeated at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        kept = [line for line in lines if line.strip()]
        edges = {_shape(line) for line in kept[:EDGE_LINES] + kept[-EDGE_LINES:]}
        seen.update(s for s in edges if s)
    need = max(2, RUNNING_SHARE * len(pages))
    return {shape for shape, n in seen.items() if n >= need}


def _without_furniture(lines: Sequence[str], running: set[str]) -> list[str]:
    kept = [line.rstrip() for line in lines if line.strip()]
    n = len(kept)
    out = []
    for i, line in enumerate(kept):
        at_edge = i < EDGE_LINES or i >= n - EDGE_LINES
        if at_edge and (_shape(line) in running or _PAGE_NUMBER_RE.match(line)):
            continue
        out.append(line)
    return out


def _wrapped(previous: str, line: str) -> bool:
    return (len(previous.strip()) >= MIN_WRAPPED_CHARS and not _ENDS_UNIT_RE.search(previous)
            and not _OPENS_CLAUSE_RE.match(line))


def assemble(pages: Sequence[Sequence[str]], ocr_pages: Sequence[int] = (), join: bool = True) -> Extracted:
    """One text from the lines of each page (in reading order), with the offset where each page begins.
    `join=False`: every line is a paragraph already (a Word document's)."""
    running = running_lines(pages)

    def _joins(previous: str, line: str) -> bool:
        return join and _wrapped(previous, line)

    text = ""
    starts: list[int] = []
    for lines in pages:
        kept = _without_furniture(lines, running)
        starts.append(len(text) + (1 if text and kept and not _joins(text.rsplit("\n", 1)[-1], kept[0]) else 0))
        for line in kept:
            line = line.strip()
            if not text:
                text = line
            elif _joins(text.rsplit("\n", 1)[-1], line):
                space = " " if _ASCII_END.search(text) and _ASCII_START.match(line) else ""
                text += space + line
            else:
                text += "\n" + line
    text = text + "\n" if text else text
    starts = [min(s, max(len(text) - 1, 0)) for s in starts]
    return Extracted(text, starts, list(ocr_pages))
