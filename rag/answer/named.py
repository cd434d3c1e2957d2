"""The things a question names (高精尖产业引领计划, 城市空间更新基金) and which retrieved clauses name them.

A question naming a programme is answered from the clause that names it, not from a sibling clause
that says the same words about another programme: "高精尖产业引领计划每年安排多少专项资金" was
answered with the “创新合伙人”计划's 2亿元 — its clause ranked higher and said 每年安排…专项资金 too
(conversations dev 9). A name is read up to a head noun (rag/lexicons/names.json); the longest tail of
it that some clause contains is the name that clause must contain."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

_QUOTES_RE = re.compile(r"[“”「」『』\"'‘’《》〈〉]")
_MIN_BEFORE_HEAD = 2  # 创母基金 may name a thing; 母基金 alone is any fund of funds
_ASKS_RE = re.compile(r"多少|几|什么|哪|谁|怎|如何")  # (每年安排多少…: no name)
_STOP = r"\s，,。？?！!、；;：:的里在对和与及之向为是把被从给由其这那该个份"


# A station named (a radar station's distances asked) is answered from the clause naming it, not from a sibling station's
# (devdocs 29 dev: two near misses answered with 国家一般气象站's 800米; the clause naming the radar station leaves
# its ranges to the national authority). (ablation switch, read on first use)
STATIONS = True


@lru_cache(maxsize=1)
def _heads() -> tuple[str, ...]:
    path = Path(__file__).parents[1] / "lexicons" / "names.json"
    lexicon = json.loads(path.read_text(encoding="utf-8"))
    return tuple(sorted(lexicon["heads"] + (lexicon["stations"] if STATIONS else []), key=len, reverse=True))


@lru_cache(maxsize=1)
def _name_re() -> re.Pattern[str]:
    # (…转化行动方案, …行动计划: a document's name, not a programme's — forms 3 dev)
    return re.compile(rf"[^{_STOP}]{{{_MIN_BEFORE_HEAD},14}}(?:{'|'.join(map(re.escape, _heads()))})"
                      r"(?!方案|规划|计划|纲要|意见|措施|条例|办法|通知|细则|决定)")


def asked_names(question: str) -> list[str]:
    """The names of things a (Simplified, normalised) Chinese question names, quotation marks removed."""
    return [m.group(0) for m in _name_re().finditer(_QUOTES_RE.sub("", question)) if not _ASKS_RE.search(m.group(0))]


def naming_clauses(question: str, texts: Sequence[str], titles: Sequence[str] = ()) -> set[int]:
    """Indexes of the `texts` (Simplified clause text with headings) that name what the question names:
    for each name, its longest tail (at least two characters before the head noun) that some text
    contains. A name in a document's title (`titles`: …转化行动计划) names the document, not a thing in it.
    Empty when the question names nothing, or nothing any text names."""
    plain = [_QUOTES_RE.sub("", t) for t in texts]
    named_documents = [_QUOTES_RE.sub("", t) for t in titles]
    out: set[int] = set()
    for name in asked_names(question):
        head = next(h for h in _heads() if name.endswith(h))
        for start in range(len(name) - len(head) - _MIN_BEFORE_HEAD + 1):
            found = {i for i, t in enumerate(plain) if name[start:] in t}
            if found:
                if not any(name[start:] in t for t in named_documents):
                    out |= found
                break
    return out


# (a station of a kind, not 一站式 nor the class of them all, 气象台站)
_STATION_RE = re.compile(rf"[^{_STOP}、]{{2,10}}(?<![一台])站")
_STATION_TAIL = 4  # characters of the name's end a clause must write to name it (本气象站, 雷达站 is too short)


def sibling_stations(question: str, texts: Sequence[str]) -> set[int]:
    """Indexes of the `texts` that name a station but not the one the question names (天气雷达站 asked: the
    article on 国家一般气象站's ranges). A text names it by any end of its name of four characters or more
    (基本气象站 for 国家基本气象站). Empty unless the question names exactly one station (两种站 compared: each
    its own clause)."""
    if not STATIONS:
        return set()
    asked = [m.group(0) for m in _STATION_RE.finditer(_QUOTES_RE.sub("", question)) if not _ASKS_RE.search(m.group(0))]
    if len(asked) != 1:
        return set()
    tails = [asked[0][s:] for s in range(len(asked[0]) - _STATION_TAIL + 1)]
    plain = [_QUOTES_RE.sub("", t) for t in texts]
    if not any(tail in t for tail in tails for t in plain):
        return set()
    return {i for i, t in enumerate(plain) if not any(tail in t for tail in tails) and _STATION_RE.search(t)}


# A body or programme the question names in quotation marks (设立的“某某审查委员会”由哪些部门组成) is one the retrieved
# clauses must name: its head noun with the two characters before it (审查委员会). Quoted names are asked as the
# text's own; where no clause has them, the question's premise is not the documents' (devdocs 31 dev: two such
# false premises answered from another committee's clause). (ablation switch)
QUOTED_NAMES = True
_QUOTED_HEADS = ("委员会", "领导小组", "工作组", "小组", "中心", "基金", "平台", "计划", "工程", "基地", "联盟", "实验室",
                 "研究院", "协会", "办公室")
_QUOTED_NAME_RE = re.compile(r"[“「『\"]([^“”「」『』\"]{3,24})[”」』\"]")


def quoted_names(question: str) -> list[tuple[str, str]]:
    """(name, the part of it a clause must have) for each name in quotation marks ending in a head noun."""
    out = []
    for m in _QUOTED_NAME_RE.finditer(question):
        name = m.group(1)
        head = next((h for h in _QUOTED_HEADS if name.endswith(h)), None)
        if head is not None and len(name) >= len(head) + 2:
            out.append((name, name[-(len(head) + 2):]))
    return out


def unnamed_quoted(question: str, texts: Iterable[str]) -> str | None:
    """The first name the question quotes (quoted_names) that none of `texts` (Simplified) has, else None.
    `texts` is read only when the question quotes a name (the gate passes its hits unnormalised, lazily)."""
    names = quoted_names(question) if QUOTED_NAMES else []
    if not names:
        return None
    plain = [_QUOTES_RE.sub("", t) for t in texts]
    return next((name for name, part in names if not any(part in t for t in plain)), None)
