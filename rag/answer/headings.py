"""The section a question names by its heading: "样例能力提升计划每年给多少钱？" asks about the measure
headed 1.实施样例能力提升计划, and a figure quoted from the measure beside it (3.实施样例企业培育计划: 每年安排8亿元)
does not answer it (conversations dev 30: a follow-up the documents do not answer was answered so). When a quote
lies in a section the question names, figures are read only from quotes in such sections. Pure functions on
headings, tested without an index."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..normalize import aligned_simplified

HEADING_NAMED = True  # (ablation switch)
# the shortest heading name that names a section (实施保障, 组织领导 are every plan's; a programme's full name is one)
MIN_NAME = 6
_NUMBER_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、|专栏\s*\d+\s*[:：]?"
                        r"|第[一二三四五六七八九十百零〇\d]+[编章节条])\s*")
# the verb a measure's heading opens with says what is done with the thing it names
_VERB_RE = re.compile(r"^(?:实施|开展|加强|推进|推动|建立|建设|完善|深化|加快|打造|构建|设立|组织|强化|支持|促进|实行)")
_MARKS_RE = re.compile(r"[“”\"「」『』《》‘’'\s]")


def heading_name(heading: str) -> str:
    """A heading without its number, its opening verb and anything after its first stop: 1.实施样例能力提升计划
    → 样例能力提升计划."""
    name = _NUMBER_RE.sub("", aligned_simplified(heading))
    name = re.split(r"[。，,；;:：]", name)[0]
    return _MARKS_RE.sub("", _VERB_RE.sub("", name))


def outside(question: str, paths: Sequence[Sequence[str]]) -> list[bool]:
    """For each section path, whether it lies outside every section the (normalised) question names by
    heading — all False when no path lies in a named section."""
    if not HEADING_NAMED:
        return [False] * len(paths)
    asked = _MARKS_RE.sub("", question)
    named = {h for path in paths for h in path if len(n := heading_name(h)) >= MIN_NAME and n in asked}
    if not named:
        return [False] * len(paths)
    return [not named & set(path) for path in paths]
