"""Lists a clause enumerates: a lead-in ("…用于下列事项的投入：", "有下列情形之一的，…给予处分；") and
the numbered items that follow it on their own lines ((一) … (六), 1. … 9.).

Such a list answers "which" with its items and "how many" with its length, though no sentence writes
the count (a regulation's "几类事项", "几种情形", "how many categories": devdocs 2 dev, five count
questions refused as "no figure stated"). The count is the last item's own number when the items run
1, 2, 3 … without a gap, so a short answer can quote it ("（六）" holds 六) and be checked like any other.
Mechanism only; the composer and the short answer decide when a question asks for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..chunker import cn_to_int
from ..models import Hit
from ..normalize import aligned_simplified

# an item opens a line: （一） (一) 一、 1. 1、 （1）
_ITEM_NUMBER = r"[一二三四五六七八九十]+|\d{1,2}"
ITEM_RE = re.compile(rf"^[ \t\u3000]*(?:[(（]\s*(?P<paren>{_ITEM_NUMBER})\s*[)）]"
                     r"|(?P<comma>[一二三四五六七八九十]+)、|(?P<dot>\d{1,2})[.．、](?!\d))", re.MULTILINE)
_ITEM_HERE_RE = re.compile(ITEM_RE.pattern[1:])  # the same, where a caller knows an item may start
# an item written on the line of the one before, after its "；" ("（一）…的； （二）…的；"): some regulations'
# copies run their items on one line (devdocs 6 dev: a count of four 情形 refused, their list cut at two)
INLINE_ITEMS = True
_INLINE_NEXT_RE = re.compile(rf"[；;](?=[ \t\u3000]*[(（]\s*(?:{_ITEM_NUMBER})\s*[)）])")
# a sentence that announces items: it ends with a colon, or names them (下列/以下/如下) and the items follow
_ANNOUNCES_RE = re.compile(r"下列|以下|如下")
EN_LIST_NOUNS = True  # (ablation switch, read at import: see COUNT_OF_ITEMS_RE)
# "how many" asked of things a list enumerates (几类事项, 几项职责, 几种情形, 多少个方面; how many categories)
# (a sum or share asked after it — 几个项目各补助多少万元 — asks a figure, not a count; one the question states
# — 有几种行为会被处10万元以下罚款 — only names the items: devdocs 8 dev, a count of five refused)
COUNT_OF_ITEMS_RE = re.compile(r"(?:几|多少)\s*(?:个|大)?\s*(?:类|项|种|个|条|方面|点|款)"
                               r"(?![^，。？?]*?(?<![\d.一二三四五六七八九十百千两万亿])(?:万|亿|元|%|％))"
                               r"|\bhow many (?:[a-z]+(?:-[a-z]+)* ){0,2}?(?:categories|kinds|types|items|situations|circumstances|cases|duties"
                               r"|responsibilities|tasks|matters|conditions|forms|ways|measures|areas|aspects"
                               # (what a numbered list names as readily: the documents to file, the uses of a
                               # fund, the principles to follow — devdocs 9 dev, refused as "no figure stated")
                               r"|documents|materials|uses|purposes|principles|steps|requirements|obligations|functions"
                               # (and the grounds, reasons, qualities … a list's items are — devdocs 6 dev: refused
                               # as "no figure stated"; not tiers or levels, which a regulation counts itself, 分为三级:
                               # devdocs 17 dev lost; EN_LIST_NOUNS)
                               + (r"|grounds|reasons|qualities|features|characteristics|activities|acts"
                                  r"|behaviou?rs|violations|practices|criteria|factors|sources|channels|fields|sectors"
                                  r"|stages|elements|components|procedures|rights|powers|exemptions|exceptions"
                                  if EN_LIST_NOUNS else "") + r")\b",
                               re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    start: int  # offset of the item's line in the text given
    end: int  # end of the item's line
    number: int
    written: str  # the number as the text writes it (六, 6)
    style: str  # paren | comma | dot: the items of one list share a style


def opens_list(sentence: str) -> bool:
    """A sentence that may lead in a list: it ends with a colon, or says 下列/以下/如下."""
    text = sentence.rstrip()
    return text.endswith(("：", ":")) or bool(_ANNOUNCES_RE.search(text))


def item_at(text: str, start: int) -> Item | None:
    """The numbered item whose line starts at `start` in `text`, if there is one."""
    m = _ITEM_HERE_RE.match(text, start)
    if m is None:
        return None
    style = next(name for name in ("paren", "comma", "dot") if m.group(name))
    written = m.group(style)
    number = int(written) if written.isdigit() else cn_to_int(written)
    line_end = text.find("\n", m.end())
    end = len(text) if line_end < 0 else line_end
    if INLINE_ITEMS and style == "paren" and (inline := _INLINE_NEXT_RE.search(text, m.end(), end)) is not None:
        end = inline.end()  # (the next item starts on this line)
    return Item(start, end, number, written, style)


def _next_line(text: str, pos: int) -> int | None:
    """Where the first non-blank line after `pos` starts, or None; after an item ending in "；" on its
    line, where the next item starts on it."""
    if INLINE_ITEMS and pos > 0 and text[pos - 1] in "；;":
        start = pos
        while start < len(text) and text[start] in " \t\u3000":
            start += 1
        if _ITEM_HERE_RE.match(text, start):
            return start
    nl = text.find("\n", pos)
    if nl < 0:
        return None
    start = nl + 1
    while start < len(text) and text[start] == "\n":
        start += 1
    return start


def _items_from(text: str, line: int | None) -> list[Item]:
    """The items numbered 1, 2, 3 … of one style on the lines from `line` (blank lines between them
    allowed); [] when that line is not item 1 or fewer than two follow."""
    items: list[Item] = []
    while line is not None:
        item = item_at(text, line)
        if item is None or item.number != len(items) + 1 or (items and item.style != items[0].style):
            break
        items.append(item)
        line = _next_line(text, item.end)
    return items if len(items) >= 2 else []


def items_after(text: str, lead_end: int) -> list[Item]:
    """The items numbered 1, 2, 3 … of one style on the lines after `lead_end`; [] when the next line
    is not item 1."""
    return _items_from(text, _next_line(text, lead_end))


def lists_in(text: str) -> list[list[Item]]:
    """Every list in `text`: each run of items numbered from 1 (see items_after)."""
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    return [run for start in starts if (run := _items_from(text, start))]


def counted_list(text: str, quoted: list[tuple[int, int]]) -> Item | None:
    """The last item of a list in `text` whose last item is quoted (`quoted`: spans as offsets in
    `text`): it says how many items the list has."""
    for run in lists_in(text):
        last = run[-1]
        if any(a <= last.start < b or last.start <= a < last.end for a, b in quoted):
            return last
    return None


# "农业普查要调查哪些内容" whose clause reads "农业普查内容包括：农业生产条件、…、农民生活": the noun a which-question
# asks (哪些内容, 哪几类对象) names the list's lead-in (feat:lead_noun_list, rag.compose)
_ASKED_LIST_NOUN_RE = re.compile(r"(?:哪些|哪几(?:个|项|类|种|方面)?)([\u4e00-\u9fff]{2})")


def asked_list_nouns(question: str) -> list[str]:
    """The nouns a (Chinese) which-question asks a list of: 内容 in 哪些内容."""
    return list(dict.fromkeys(m.group(1) for m in _ASKED_LIST_NOUN_RE.finditer(question)))


# "哪些情况下可以避开…" whose clause reads "属于下列情形的，可以避开技术措施…：（一）…": a lead-in announcing a list of
# the asked noun (下列情形; 情况 is written 情形 in regulations) leads the list asked (feat:lead_noun_list; devdocs 20
# dev: the article forbidding circumvention was quoted)
_ANNOUNCED_FORMS = {"情况": ("情况", "情形"), "情形": ("情形", "情况")}


def announces(sentence: str, nouns: list[str]) -> bool:
    """Whether a (Simplified) lead-in announces a list of one of `nouns`: 下列情形, 以下事项."""
    return any(f"{word}{form}" in sentence for noun in nouns for form in _ANNOUNCED_FORMS.get(noun, (noun,))
               for word in ("下列", "以下"))


# A list written inline, its items joined by 、 (the last one maybe by 和/及/与) before the noun they share:
# 在政府项目承担、职称评审、人才引进、建设用地、投资融资等方面 (five 方面), 发展改革、经济和信息化、…、工商行政管理
# 等部门 (nine). It answers "几个方面 / how many departments" though no sentence writes the count (devdocs 8
# dev: three counts refused as "no figure stated").
INLINE_COUNTS = True
_INLINE_ITEM = r"[^、，,。；;：:\s（）()“”《》]{1,16}"
_INLINE_JOIN = r"(?:以及|和|及|与)"
_LEAD_RE = re.compile(r"[^、]*[在对向由将把为按与的](?=[^、]{2,}、)")
_LAST_ITEM_RE = re.compile(r"[^、，,。；;：:\s（）()“”《》等]{1,16}")
# (a noun that names kinds of thing, up to four characters after the count: 几个方面, 几类行政部门; not any
# noun — 多少个新能源汽车充电桩 counts charging posts, which a list of 新能源… does not: forms dev — nor 哪几类,
# which asks which)
_HOW_MANY = r"(?:(?<!哪)几|多少)\s*"  # (哪几 asks which)
_ZH_COUNTED_RE = re.compile(_HOW_MANY + r"(?:个|类|项|种|大类)?\s*(?![家名人所座])[\u4e00-\u9fff]{0,4}?"
                            r"(方面|部门|领域|行业|产业|单位|机构|环节|渠道)")
# "几项原则" whose clause reads "遵循统筹规划、统一标准、…、安全可靠的原则", "几个社会团体" of "工会、共青团、妇联、
# 社科联等社会团体": the noun right after a measure word is what is counted, whatever it is; the list must
# end with it, after 等 or 的 (devdocs 9 dev: five how-many questions refused as "no figure stated").
ASKED_NOUN_COUNTS = True
# (asked_item_nouns' pattern with the measure word required)
# (the noun may be quoted: 几个“面向”)
_MEASURED_NOUN_RE = re.compile(_HOW_MANY + r"(?:个|项|类|种|大类)\s*[“\"「]?([\u4e00-\u9fff]{2})")
# "…负责样例工作的政府部门，一共列了多少个？": the noun counted before the how-many that ends the
# question (devdocs 32 dev: refused as no figure beside 公安、国家安全、…、民航等部门). (ablation switch)
NOUN_BEFORE_COUNT = True
# (only a verb of listing between: 这些部门的职责有多少项 counts duties)
_NOUN_BEFORE_COUNT_RE = re.compile(r"(方面|部门|领域|行业|产业|单位|机构|环节|渠道)(?=[，,]?\s*(?:条例|文件|规定|办法|规划|里面?|中)?"
                                   r"(?:一共|总共|共|总计|合计)?(?:点名|列了|列出|列|写了|提到|提了|规定了|涉及|包括|有|是)?了?"
                                   + _HOW_MANY + r"(?:个|类|项|种)?[？?。]?\s*$)")
_EN_COUNTED_WORDS_RE = re.compile(r"\bhow many((?:\s+[a-z-]+){1,5})", re.IGNORECASE)


@dataclass(frozen=True)
class InlineList:
    start: int  # offset of the list (its first item) in the text given
    end: int  # end of the noun the items share
    count: int


@lru_cache(maxsize=1)
def _english_nouns() -> dict[str, list[str]]:
    raw = json.loads((Path(__file__).parents[1] / "lexicons" / "counted.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


def counted_nouns(question: str) -> list[str]:
    """The Chinese nouns a how-many question counts (方面 in 几个方面, 部门 in 几类行政部门), or an English
    counted word's Chinese nouns (departments → 部门)."""
    nouns = [m.group(1) for m in _ZH_COUNTED_RE.finditer(question)]
    if NOUN_BEFORE_COUNT and not nouns:
        nouns += [m.group(1) for m in _NOUN_BEFORE_COUNT_RE.finditer(question)]
    if ASKED_NOUN_COUNTS and not nouns:
        # (the list must close with 等 or 的 before it — …安全可靠的原则, …社科联等社会团体 — or 多少个新能源汽车
        # 充电桩 counted a list of …工程建设及新能源汽车推广: forms dev)
        nouns += [f"{joint}{m.group(1)}" for m in _MEASURED_NOUN_RE.finditer(question) for joint in "等的"]
    # (the words after "how many", up to five: "how many other government departments")
    nouns += [zh for m in _EN_COUNTED_WORDS_RE.finditer(question) for w in m.group(1).split()
              for word in _singulars(w) for zh in _english_nouns().get(word, [])]
    return list(dict.fromkeys(nouns))


def _singulars(word: str) -> list[str]:
    word = word.lower()
    return list(dict.fromkeys([word, word[:-3] + "y" if word.endswith("ies") else word,
                               word[:-1] if word.endswith("s") else word]))


def inline_lists(text: str, nouns: list[str] | None = None) -> list[InlineList]:
    """The lists written inline in `text` — three or more items joined by 、 — with, when `nouns` are
    given, one of them as their shared noun within four characters after the list (等行政管理部门)."""
    if not INLINE_COUNTS or nouns == []:
        return []
    found = []
    for m in _inline_pattern(tuple(nouns) if nouns else None).finditer(text):
        # the last item runs to 等 or a stop; 和/及/与 in it joins one more item (社区中心、邻里中心和街坊中心)
        last = _LAST_ITEM_RE.match(text, m.end(1))
        joined = bool(last and re.search(_INLINE_JOIN, last.group(0)[1:]))
        # (the first item starts after the words leading to it: 新型研发机构在|政府项目承担、…)
        lead = _LEAD_RE.match(m.group(1))
        found.append(InlineList(m.start() + (lead.end() if lead else 0), m.end(), m.group(1).count("、") + 1 + joined))
    found = [f for f in found if f.count >= 3]
    if SHARED_NOUN_ITEMS and nouns:
        found += [f for f in _shared_noun_lists(text, nouns) if not any(f.start < g.end and g.start < f.end for g in found)]
    if LEAD_NOUN_ITEMS and nouns:
        found += [f for f in lead_noun_lists(text, nouns) if not any(f.start < g.end and g.start < f.end for g in found)]
    return found


# "How many industries fall within the census" whose clause reads "农业普查行业范围包括：农作物种植业、林业、畜牧业、
# 渔业和农林牧渔服务业。": the counted noun is named before the list, in its lead-in (…行业范围包括：), and no
# noun follows it (devdocs 20 dev: a count refused as "no figure stated"). (ablation switch)
LEAD_NOUN_ITEMS = True
_LEAD_NOUN_RE = re.compile(rf"([^。；;！!？?\n，,]*?)(?:包括|包含|分为|分成)[：:]?((?:{_INLINE_ITEM}、)+{_INLINE_ITEM})(?=[。；;，,]|$)")


def lead_noun_lists(text: str, nouns: list[str], closed: bool = True) -> list[InlineList]:
    """Lists written inline after 包括/分为 — three or more items joined by 、, the last maybe by 和/及 —
    whose lead-in names one of `nouns` (…行业范围包括：A、B、C和D). `closed`: only a list the sentence ends
    (a count); a list going on after a comma (…农民生活，以及…等情况) is still the list a which-question asks."""
    found = []
    bare = [n.lstrip("等的") for n in nouns]
    for m in _LEAD_NOUN_RE.finditer(text):
        if not any(len(n) >= 2 and n in m.group(1) for n in bare):
            continue
        if closed and text[m.end(2):m.end(2) + 1] in ("，", ","):
            continue
        pieces = m.group(2).split("、")
        joined = bool(re.search(_INLINE_JOIN, pieces[-1][1:]))
        if len(pieces) + joined >= 3:
            found.append(InlineList(m.start(2), m.end(2), len(pieces) + joined))
    return found


# "几个“面向”" whose clause reads "坚持面向世界科技前沿、面向经济主战场、面向…", "how many kinds of regions" of
# "革命老区、民族地区、边疆地区、经济欠发达地区": each item names the counted noun itself, first or last, and no
# noun follows the list (devdocs 10 dev: two counts refused as "no figure stated"). (ablation switch)
SHARED_NOUN_ITEMS = True
_SEGMENT_RE = re.compile(r"[^，,。；;：:！!？?\n]+")


def _shared_noun_lists(text: str, nouns: list[str]) -> list[InlineList]:
    """Lists written inline, three or more items joined by 、, each opening with one of `nouns` (面向…、面向…)
    or each ending with it (…地区、…地区; a two-character noun's last character may end one item: 老区)."""
    found = []
    for noun in dict.fromkeys(n.lstrip("等的") for n in nouns):
        if len(noun) < 2:
            continue
        for seg in _SEGMENT_RE.finditer(text):
            pieces = seg.group(0).split("、")
            if len(pieces) < 3 or any(not 1 <= len(p) <= 16 for p in pieces[1:-1]):
                continue
            first, last = pieces[0], pieces[-1]
            if all(p.startswith(noun) for p in pieces[1:]) and noun in first:
                start = seg.start() + first.rfind(noun)
                found.append(InlineList(start, seg.end(), len(pieces)))
            elif (all(p.endswith(noun[-1]) for p in pieces[:-1]) and noun in last
                  and sum(p.endswith(noun) for p in pieces[:-1]) >= 2):
                lead = _LEAD_RE.match(first)
                found.append(InlineList(seg.start() + (lead.end() if lead else 0),
                                        seg.start() + len(seg.group(0)) - len(last) + last.find(noun) + len(noun),
                                        len(pieces)))
    return found


# "几种权益" whose clause reads "企业股权、发明专利权、…、应收账款等可转让权益": a few words may qualify the
# noun after 等 (devdocs 10 dev: a count of five refused as "no figure stated"). (ablation switch)
QUALIFIED_AFTER_DENG = True


def _noun_pattern(noun: str) -> str:
    """A counted noun as the pattern of the words a list ends with: 等权益 also as 等 + up to four
    characters + 权益 (QUALIFIED_AFTER_DENG)."""
    if QUALIFIED_AFTER_DENG and noun.startswith("等") and len(noun) > 1:
        return rf"等[\u4e00-\u9fff]{{0,4}}?{re.escape(noun[1:])}"
    return re.escape(noun)


@lru_cache(maxsize=64)
def _inline_pattern(nouns: tuple[str, ...] | None) -> re.Pattern[str]:
    """A list written inline followed by one of `nouns` (any noun when None); compiled once per noun set
    (the features, the short answer and the checker read every quote with it)."""
    shared = "|".join(_noun_pattern(n) for n in nouns) if nouns else r"[\u4e00-\u9fff]"
    return re.compile(rf"((?:{_INLINE_ITEM}、)+){_INLINE_ITEM}?等?[\u4e00-\u9fff]{{0,4}}?(?:{shared})")


# "科协有几项职责" whose clause opens "科协的职责：" and lists ten: a long clause, ranked low (its items' words
# dilute the lead-in's), so a how-many question may miss it among the first hits (devdocs 8 dev,
# rank 17). The thing asked for, named in a list's lead-in line, finds it among more hits (LEAD_IN_SEARCH).
LEAD_IN_SEARCH = True
# (how many only: "哪几类知识产权" found another list whose lead-in names 知识产权 — devdocs 6 dev, one lost)
_ASKED_ITEMS_RE = re.compile(_HOW_MANY + r"(?:个|项|类|种|条|大)?\s*([\u4e00-\u9fff]{2})")


def asked_item_nouns(question: str) -> list[str]:
    """The noun a question asking how many things names after its question word (几项职责 → 职责)."""
    return list(dict.fromkeys(m.group(1) for m in _ASKED_ITEMS_RE.finditer(question)))


def _lead_ins(text: str) -> list[str]:
    """The lead-in line of each list in `text` (the non-blank line before its item 1) that opens it."""
    leads = (next((ln for ln in reversed(text[:run[0].start].split("\n")) if ln.strip()), "") for run in lists_in(text))
    return [lead for lead in leads if opens_list(lead)]


def lead_in_names(text: str, nouns: list[str]) -> bool:
    """Whether `text` has a list whose lead-in line (the line before its item 1) names one of `nouns`."""
    return any(any(n in lead for n in nouns) for lead in _lead_ins(text))


def _put_second(hits: list[Hit], hit: Hit) -> list[Hit]:
    """`hits` with `hit` second (the first hit's score stays the retrieval's confidence the gates read)."""
    rest = [h for h in hits if h.clause_id != hit.clause_id]
    return [*rest[:1], hit, *rest[1:]]


def needs_list_search(nouns: list[str], first: Sequence[Hit]) -> bool:
    """Whether more hits are worth searching for a list naming `nouns`: none of the first hits has one."""
    return LEAD_IN_SEARCH and bool(nouns) and bool(first) and not any(lead_in_names(h.text, nouns) for h in first)


def with_list_named(hits: list[Hit], more: Sequence[Hit], nouns: list[str], first: int) -> list[Hit]:
    """`hits` with the first of `more` whose list's lead-in names `nouns`, from a document of the first
    `first` hits, put second (the first hit's score stays the retrieval's confidence the gates read)."""
    docs = {h.doc_id for h in hits[:first]}
    named = next((h for h in more if h.doc_id in docs and lead_in_names(h.text, nouns)), None)
    return hits if named is None else _put_second(hits, named)


# "How many kinds of activity can the city's special S&T funds be spent on?" whose clause reads "科学技术专项
# 资金支持以下科技创新活动：" and lists twelve: an English question's words reach the lead-in only through their
# Chinese renderings, so the clause ranks low (devdocs 10 dev, rank 11). The lead-in covering most of the
# question's concepts (rag.answer.features: (forms, weight)) not already in its document's title finds it
# among more hits (EN_LEAD_IN_SEARCH).
EN_LEAD_IN_SEARCH = True
EN_LEAD_IN_COVERAGE = 0.5  # (of the concepts' weight; the devdocs 10 clause: 0.71, the next list 0.29)


def lead_in_coverage(text: str, title: str, concepts: Sequence[tuple[Sequence[str], float]]) -> float:
    """The largest weighted share of `concepts` a lead-in line of a list in `text` names, counting only
    concepts that `title` (its document's) does not name."""
    own = [(forms, w) for forms, w in concepts if not any(f in title for f in forms)]
    total = sum(w for _, w in own)
    if not total:
        return 0.0
    return max((sum(w for forms, w in own if any(f in lead for f in forms)) / total for lead in _lead_ins(text)),
               default=0.0)


def with_list_covering(hits: list[Hit], more: Sequence[Hit], concepts: Sequence[tuple[Sequence[str], float]],
                       first: int, title_of) -> list[Hit]:
    """`hits` with the one of `more` whose list's lead-in covers most of `concepts` (at least
    EN_LEAD_IN_COVERAGE; the earlier on a tie), from a document of the first `first` hits, put second —
    unless that clause is among the first `first` hits already."""
    docs = {h.doc_id for h in hits[:first]}
    scored = [(lead_in_coverage(aligned_simplified(h.text), title_of(h), concepts), -i, h)
              for i, h in enumerate(more) if h.doc_id in docs]
    coverage, _, best = max(scored, key=lambda t: t[:2], default=(0.0, 0, None))
    if best is None or coverage < EN_LEAD_IN_COVERAGE or any(h.clause_id == best.clause_id for h in hits[:first]):
        return hits
    return _put_second(hits, best)
