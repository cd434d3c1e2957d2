"""Comparisons across places (issue #14 item 2): "海淀和廊坊的科技创新基金规模分别是多少?", "北京和上海
的奖励比例分别是多少?", "Compare Luoyang and the Zhengluoxin zone: …".

One composition for the whole question quotes the best clause of one side and, at best, some clause of
the other; its short answer is one side's. Here each side is asked on its own — the question without
the other sides' names, retrieved from that side's documents only — and the answers are put together:
one short answer per side, each cited, each side's quotes under it, and a plain line for a side the
documents do not cover (北京 answered, 上海 not: the reader learns both).

Mechanism only: `sides` says whether a question compares places, `side_question` writes one side's
question, `merge` joins the sides' checked drafts; the assistant runs each side through the usual
pipeline (gates included) and checks the merged answer like any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..models import MARKER_RE, Citation, DocumentMeta
from ..question import MULTI_DOC_RE, PLACES, Question
from .messages import MESSAGES, short_line, short_value

if TYPE_CHECKING:
    from ..compose import Draft

MAX_SIDES = 4
# words that join the sides or say "each" (分别, 各自); removed with the other sides' names
_JOINER = r"(?:和|与|及|以及|跟|同|、|，和|,和|，|,|\s+and\s+|\s+versus\s+|\s+vs\.?\s+|\s*&\s*)"
_EACH_RE = re.compile(r"分别|各自|各(?=[是为有])|\brespectively\b|\beach\b", re.IGNORECASE)
# a side named by its document ("洛阳科学技术进步条例"): the whole name goes with the place
_DOC_NAME = r"[^，,。？?、和与及]{0,16}?(?:条例|规划|方案|计划|意见|措施|办法|通知|决定)"


def sides(q: Question) -> list[str]:
    """The places a question compares (two or more, named with a word that compares), else []."""
    if len(q.places) < 2 or not MULTI_DOC_RE.search(q.normalised):
        return []
    return q.places[:MAX_SIDES]


# Two documents compared by name ("甲省的条例和某部国家法律，对…的规定有什么异同", "Compare … in the
# Qingdao provisions with … under Shandong's regulation"): each answered from its own document (devdocs 11 dev:
# one side only was quoted; one document is often national, so the places do not tell the sides apart).
# (ablation switch)
DOCUMENT_SIDES = True
# (asked as a contrast — 有什么不同, 是否一样 — not a word that has it: 差异化发展)
_CONTRASTED_RE = re.compile(r"异同|有(?:什么|啥|何)(?:不同|区别|差别|差异)|(?:不同|区别|差别|差异)(?:是什么|在哪|何在)"
                            r"|(?:是否|是不是)(?:相同|一样)|(?:相同|一样)吗|\bdiffer(?:s|ent|ence|ences)?\b|\bin common\b"
                            r"|\bsimilar(?:ly|ities)?\b", re.IGNORECASE)


def document_sides(q: Question, documents: dict, concepts: Sequence[Sequence[str]] | None = None) -> list:
    """The two documents (DocumentMeta) a question compares by name, else []: it compares (分别, 对比, 异同,
    compare, differ …) and names two titles as the document-fact comparisons read them (rag.answer.docfacts)."""
    from . import docfacts

    if not DOCUMENT_SIDES or not (MULTI_DOC_RE.search(q.normalised) or _CONTRASTED_RE.search(q.normalised)):
        return []
    if docfacts.asked_field(q) is not None:  # a record fact of each: the document-fact answer compares them
        return []
    return national_and_local(q, documents, concepts) or list(docfacts.two_named(q, documents, concepts) or ())


# "国家条例和湖南条例对此各有什么规定", "the national rules and Hunan's one": one side is the place's document,
# the other the national one the question names by the nation, not by its title — which the place's title may
# contain whole (某某条例 in 某省某某条例), so the titles did not tell the sides apart (devdocs 23 dev: two places'
# regulations compared instead) (ablation switch)
NATIONAL_SIDE = True
_NATION_NAMED_RE = re.compile(r"国家的?(?:《|条例|法律|法规|法(?!人))"
                              r"|\bnational (?:regulations?|laws?|rules|one)\b", re.IGNORECASE)


def national_and_local(q: Question, documents: dict, concepts: Sequence[Sequence[str]] | None = None) -> list:
    """The national document and the one place's document a question compares ("国家条例和湖南条例"),
    in the order it names them; [] unless it names the nation and one place, and each side's best-named
    document is one."""
    from . import docfacts
    from .features import Featurizer

    nation = _NATION_NAMED_RE.search(q.normalised)
    if not NATIONAL_SIDE or nation is None or len(q.places) != 1:
        return []
    place = q.places[0]
    local = [d for d in documents.values() if place in f"{d.title}{d.issuer or ''}"]
    national = [d for d in documents.values() if not Featurizer.document_places(f"{d.title}{d.issuer or ''}")]

    def best(docs: list[DocumentMeta]) -> DocumentMeta | None:
        scored = sorted(((docfacts.named_share(q, d.title, concepts), d) for d in docs), key=lambda x: -x[0])
        if not scored or (len(scored) > 1 and scored[1][0] >= scored[0][0]):
            return None  # (none, or two named alike: which is meant is not said)
        return scored[0][1]

    ours, theirs = best(national), best(local)
    if ours is None or theirs is None:
        return []
    named_at = [m.start() for n in _names(place) if (m := re.search(re.escape(n), q.normalised, re.IGNORECASE))]
    return [ours, theirs] if not named_at or nation.start() < min(named_at) else [theirs, ours]


# "A条例的送检期限，和B条例的审定期限，哪个短？": each document has a phrase of its own,
# joined at a comma; a side asked the whole question was answered from the other side's words and refused
# (devdocs 19 dev). The phrase naming most of a document's title is that side's question. (ablation switch)
DOCUMENT_PHRASES = True
_SIDE_PHRASE_RE = re.compile(r"[，,；;]\s*(?:和|与|及|以及|还有|跟)|；|;")


# "A法和B法各自是从哪一天起施行的？", "X在A条例和B条例里各自…": two names joined, one ask of each — each side is
# asked it with the other name (and the word joining them) taken out (devdocs 24 dev: the whole question was
# asked of each document, the second refused). A name is the run of its title's characters on that side of
# the joiner, up to the title's kind. (ablation switch)
JOINED_NAMES = True
_DOC_KIND_RE = re.compile(r"(?:法|条例|规划|方案|计划|意见|措施|办法|规定|细则|决定|通知|纲要)》?")
_DOC_KIND_END_RE = re.compile(_DOC_KIND_RE.pattern + "$")
_JOINER_RE = re.compile(r"和|与|及|跟")


def _joined_phrase(question: str, title: str, other: str) -> str | None:
    """`question` asked of `title` alone when it names it and `other` joined ("A法和B法各自…"), else None."""
    if not _EACH_RE.search(question):
        return None
    letters = "".join(set(title + other + "《》"))  # (a name: the run of its title's characters)
    for joint in _JOINER_RE.finditer(question):
        before, after = question[:joint.start()], question[joint.end():]
        first = before[len(before.rstrip(letters)):]
        run = after[:len(after) - len(after.lstrip(letters))]
        kinds = list(_DOC_KIND_RE.finditer(run))
        second = run[:kinds[-1].end()] if kinds else ""  # (up to its kind: 实施条例里 ends at 条例)
        if min(len(first), len(second)) < 3 or not _DOC_KIND_END_RE.search(first):
            continue
        if _share(first, title) > _share(first, other) and _share(second, other) > _share(second, title):
            return _EACH_RE.sub("", before + after[len(second):])
        if _share(second, title) > _share(second, other) and _share(first, other) > _share(first, title):
            return _EACH_RE.sub("", before[:len(before) - len(first)] + after)
    return None


def _share(phrase: str, name: str) -> float:
    """The share of `name`'s character pairs `phrase` has."""
    grams = {name[i:i + 2] for i in range(len(name) - 1)}
    return sum(g in phrase for g in grams) / (len(grams) or 1)


def document_phrase(question: str, title: str, other: str) -> str | None:
    """The phrase of a (Simplified) question comparing two documents that names `title` more than `other`,
    when each has one ("A条例的X，和B条例的Y，哪个…"), as a question of its own; else None."""
    if not DOCUMENT_PHRASES:
        return None
    if JOINED_NAMES and (joined := _joined_phrase(question, title, other)) is not None:
        return joined
    joints = list(_SIDE_PHRASE_RE.finditer(question))
    if len(joints) != 1:
        return None
    first, rest = question[:joints[0].start()], question[joints[0].end():]
    second = re.split(r"[，,]", rest)[0]
    if not second.strip() or second == rest.strip():
        return None  # (no shared ask after the second phrase)

    mine = [p for p in (first, second) if _share(p, title) > _share(p, other)]
    theirs = [p for p in (first, second) if _share(p, other) > _share(p, title)]
    if len(mine) != 1 or len(theirs) != 1:
        return None
    return f"{mine[0].strip()}？"


def _names(place: str) -> list[str]:
    """How a question may write a place: 廊坊, 廊坊市, Langfang."""
    english = PLACES.get(place) or ""
    return [n for n in (f"{place}市", f"{place}省", f"{place}区", place, english.title(), english) if n]


# "A的X，和B的Y，各是多少?": each side has its own phrase, joined at a comma; the question at the end is shared
_PHRASE_JOINER_RE = re.compile(r"[，,；;]\s*(?:和|与|及|以及|还有|跟)|；|;")
_SHARED_TAIL_RE = re.compile(r"[，,]\s*(?:分别|各自|各)[^，,]*$")


def side_question(question: str, side: str, all_sides: Sequence[str]) -> str:
    """`question` about `side` alone: its own phrase when each side has one ("北京…的数额，和廊坊…的总规模，
    各是多少?" → "北京…的数额，是多少?"), else the question with the other sides' names (and the word
    joining them) and "分别" taken out ("海淀和廊坊的基金规模分别是多少" → "海淀的基金规模是多少")."""
    tail = _SHARED_TAIL_RE.search(question)
    joints = list(_PHRASE_JOINER_RE.finditer(question, 0, tail.start() if tail else len(question)))
    if tail and joints:
        cuts = [0, *(j.end() for j in joints)]
        ends = [*(j.start() for j in joints), tail.start()]
        phrases = [question[a:b] for a, b in zip(cuts, ends, strict=True)]
        own = [p for p in phrases if any(n in p for n in _names(side))]
        if len(own) == 1 and all(any(any(n in p for n in _names(o)) for p in phrases) for o in all_sides):
            return (own[0].strip() + _EACH_RE.sub("", tail.group(0))).strip()
    text = question
    for other in all_sides:
        if other == side:
            continue
        for name in sorted(_names(other), key=len, reverse=True):
            pattern = rf"{re.escape(name)}(?:{_DOC_NAME})?"
            text, n = re.subn(rf"{_JOINER}{pattern}|{pattern}{_JOINER}", "", text, count=1, flags=re.IGNORECASE)
            if n:
                break
            text = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
    text = _EACH_RE.sub("", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _renumber(answer: str, citations: list[Citation], offset: int) -> tuple[str, list[Citation]]:
    shifted = MARKER_RE.sub(lambda m: f"[{int(m.group(1)) + offset}]", answer)
    return shifted, [c.model_copy(update={"n": c.n + offset}) for c in citations]


def merge(q: Question, drafts: Sequence[tuple[str, Draft | None]]) -> Draft:
    """One draft from each side's (None: the documents do not answer it for that side): a short line
    with each side's value, cited, then each side's quotes, then the sides not answered."""
    from ..compose import Draft  # (at run time: compose imports this package)

    lang = q.lang if q.lang in MESSAGES else "zh-Hans"
    english = lang == "en"
    lines: list[str] = []
    shorts: list[str] = []
    citations: list[Citation] = []
    missing: list[str] = []
    first_short = None
    for side, draft in drafts:
        if not english:
            name = side
        elif PLACES.get(side):
            name = PLACES[side].title()
        elif " " in side:  # (a case written out — "counterfeiting a protected variety" — as typed)
            name = side[:1].upper() + side[1:]
        else:
            name = side.title()
        if draft is None:
            missing.append(name)
            continue
        body, short = draft.answer, draft.short
        if short is not None:  # its own short line goes; the merged one opens the answer
            body = body.replace(short_line(q, short) + "\n", "", 1)
            short = replace(short, n=short.n + len(citations))
            first_short = first_short or short
            shorts.append(f"{name}: {short_value(short)} [{short.n}]" if english
                          else f"{name} {short_value(short)}[{short.n}]")
        body, cited = _renumber(body, list(draft.citations), len(citations))
        lines.append(f"{name}:" if english else f"{name}：")
        lines.append(body.strip())
        citations.extend(cited)
    if shorts:
        lines.insert(0, ("Answer: " + "; ".join(shorts)) if english else ("答：" + "；".join(shorts)))
    if missing:
        line = MESSAGES[lang]["side_unanswered"].format(places=", ".join(missing) if english else "、".join(missing))
        # (a document's name may open with 关于 itself: 关于关于加快… reads as a slip)
        lines.append(re.sub(r"^(关于|關於)(?=关于|關於)", "", line))
    # (the API's one short answer is the first side's; the prose gives every side's)
    return Draft("\n".join(lines), citations, True, {"composer": "per-side", "sides": [s for s, _ in drafts],
                                                      "unanswered": missing}, first_short)
