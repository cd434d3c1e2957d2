"""The figures a question takes for granted, compared with the figures of the clauses it is answered from.

"既然对省认定的园区给予60万元支持,这笔钱分几年拨付?" presumes 60万元; if the clause says 30万元,
quoting that clause as the answer would confirm a false premise. A figure the question states is
compared by value (100万元 = 1,000,000 yuan = "1 million yuan"; 百分之五十 = 50%; 三年 = 3 years) with
the figures of the same kind in the cited clauses; when they state that kind of figure but never
this value, the premise is not the documents' (gates.py: gate:premise).
"""

from __future__ import annotations

import re

from ..chunker import cn_to_int
from ..normalize import aligned_simplified, normalize
from ..question import Question
from ..sentences import FACT_PATTERNS
from .features import Evidence

_CN_NUM = "零〇一二两三四五六七八九十百千"
_MONEY_UNITS = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "twelve": 12, "twenty": 20}
# (hours, 学时 and 课时 as a day's 24th: "at least 56 class hours" renders 不少于五十六学时, and was flagged as
# unsupported by the quote that states it — devdocs 17's first run logged it)
_DAYS = {"工作日": 1, "自然日": 1, "日": 1, "天": 1, "周": 7, "月": 30, "年": 365, "小时": 1 / 24, "学时": 1 / 24,
         "课时": 1 / 24, "day": 1, "week": 7, "month": 30, "year": 365, "hour": 1 / 24}

_EN_MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion)?\s*(?:yuan|rmb|cny)\b", re.I)
_EN_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)
_EN_DURATION = re.compile(r"\b(\d+|" + "|".join(_EN_WORDS) + r")\s+(?:class\s+)?(day|week|month|year|hour)s?\b", re.I)
# "十大产业集群": a count with 大 names how many of a kind the document has; other counts in a
# question ("第三项", "3家企业以上") are too often conditions or ordinals to be a premise.
_CN_BIG_COUNT = re.compile(rf"(?<![{_CN_NUM}\d第])([{_CN_NUM}]+|\d+)大(?=[\u4e00-\u9fff])")


def _number(text: str) -> float | None:
    text = text.replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if text and all(ch in _CN_NUM for ch in text):
        return float(cn_to_int(text.replace("〇", "零")))
    return None


def multiple(written: str) -> float | None:
    """The number of times a multiple states (三倍以下 → 3.0, 1.5倍 → 1.5), or None."""
    m = re.match(rf"(\d[\d,.]*|[{_CN_NUM}]+)\s*倍", written.strip())
    return _number(m.group(1)) if m else None


def _money(s: str) -> float | None:
    m = re.match(rf"(\d[\d,.]*|[{_CN_NUM}]+)\s*(万亿|亿|万|千)?", s)
    if not m or (value := _number(m.group(1))) is None:
        return None
    return value * _MONEY_UNITS.get(m.group(2) or "", 1.0)


def _percent(s: str) -> float | None:
    if m := re.match(r"([百千])分之([" + _CN_NUM + r"]+)(?:点([零〇一二三四五六七八九]+))?", s):
        digits = "".join(str(cn_to_int(c)) for c in m.group(3) or "")
        value = float(cn_to_int(m.group(2))) + (float(f"0.{digits}") if digits else 0.0)  # 百分之一点二 = 1.2%
        return value if m.group(1) == "百" else value / 10
    if m := re.match(r"(\d+(?:\.\d+)?)\s*([%‰])", s):
        return float(m.group(1)) / (10 if m.group(2) == "‰" else 1)
    return None


def _durations(s: str) -> list[float]:
    """A period in days; a range (三至五年) gives both ends."""
    m = re.match(rf"(\d+|[{_CN_NUM}]+)(?:\s*(?:至|到|-|—|~)\s*(\d+|[{_CN_NUM}]+))?\s*个?(工作日|自然日|日|天|周|月|年|小时|学时|课时)", s)
    if not m:
        return []
    ends = [_number(m.group(1)), _number(m.group(2)) if m.group(2) else None]
    return [v * _DAYS[m.group(3)] for v in ends if v is not None]


# the value of a money sum or a share as written (三十万元 → 300000.0, 百分之五十 → 50.0), by kind
PARSERS = {"money": _money, "percent": _percent}


def mentions(text: str) -> list[tuple[tuple[str, float], str]]:
    """Every (kind, value) in `text` with the words that state it, in the order found: money sums
    (yuan), percentages, periods (days) and 'N大' counts, Chinese or English."""
    out: list[tuple[tuple[str, float], str]] = []
    for kind, parse in (("money", _money), ("percent", _percent)):
        for m in FACT_PATTERNS[kind].finditer(text):
            if (value := parse(m.group(0))) is not None:
                out.append(((kind, value), m.group(0).strip()))
    for m in FACT_PATTERNS["duration"].finditer(text):
        out.extend((("duration", value), m.group(0).strip()) for value in _durations(m.group(0)))
    for m in _CN_BIG_COUNT.finditer(text):
        if (value := _number(m.group(1))) is not None:
            out.append((("count", value), m.group(0)))
    for m in _EN_MONEY.finditer(text):
        if (value := _number(m.group(1))) is not None:
            out.append((("money", value * _EN_SCALES.get((m.group(2) or "").lower(), 1.0)), m.group(0)))
    for m in _EN_PERCENT.finditer(text):
        out.append((("percent", float(m.group(1))), m.group(0)))
    for m in _EN_DURATION.finditer(text):
        number = m.group(1).lower()
        value = float(number) if number.isdigit() else float(_EN_WORDS[number])
        out.append((("duration", value * _DAYS[m.group(2).lower()]), m.group(0)))
    return out


def figures(text: str) -> dict[tuple[str, float], str]:
    """(kind, value) → the first words stating it (see `mentions`)."""
    out: dict[tuple[str, float], str] = {}
    for key, written in mentions(text):
        out.setdefault(key, written)
    return out


def _bounds(written: str, question: str) -> bool:
    """In a question, a period is a premise when it bounds something (一年内, within two years) or is the
    length of a named term (有效期5年); in "一年安排多少资金" a year is the unit of a rate."""
    at = question.find(written)
    if PERIOD_NAMED and re.search(rf"{_TERM_NOUN}(?:是|为|只有|长达|达|都是)?\s*{re.escape(written)}", question):
        return True
    return written.endswith(("内", "以上", "以下")) or "within" in question[max(0, at - 8):at].lower()


# A term's length the question states (通用许可有效期5年，到期前多久…) is its premise like a bound one: devdocs 33
# dev, two false premises on a licence's term (5年 and 十年 where the text says 不超过3年, 五年) were answered
# or refused only by luck. (ablation switch)
PERIOD_NAMED = True
_TERM_NOUN = r"(?:有效期|保护期|期限|任期|试用期|时限|年限)"


# A figure inside a range the clauses set on a condition is the asker's case, not a premise (rag.answer.cases:
# devdocs 24 dev, two such questions refused as false premises). (ablation switch)
CASE_IN_RANGE = True


def contradicted(question: str, context: str, counts: bool = True) -> list[tuple[str, list[str]]]:
    """For each figure `question` states whose kind `context` states too but never with that value:
    the question's figure as written, and the context's figures of that kind as written. `counts`:
    whether its 'N大' counts are premises (not when it asks for the list they name: 三大机制有哪些)."""
    from .cases import conditions  # (cases reads figures with this module's parsers)

    stated = figures(context)
    bounded = conditions(context) if CASE_IN_RANGE else []
    out = []
    for (kind, value), written in figures(question).items():
        if (kind == "duration" and not _bounds(written, question)) or (kind == "count" and not counts):
            continue
        if any(r.kind == kind and r.low <= value <= r.high for r in bounded):
            continue
        same_kind = [w for (k, _), w in stated.items() if k == kind]
        if same_kind and (kind, value) not in stated:
            out.append((written, same_kind))
    return out + bound_conflicts(question, context)


def bound_conflicts(question: str, context: str, before_asked: bool = False) -> list[tuple[str, list[str]]]:
    """BOUND_COUNT's conflicts: the question's bound count as written, and the context's bounds of that unit.
    `before_asked`: only a bound stated before the part that asks (a yes/no's "规定至少五人，那…可以不接受吗": its
    premise, not the figure it asks about)."""
    if not BOUND_COUNT:
        return []
    asked = re.split(r"[，,；;]", question)[-1]
    theirs, out = _bound_counts(context), []
    for (side, unit, value), written in _bound_counts(question).items():
        if before_asked and written in asked:
            continue
        same = [w for (s, u, _), w in theirs.items() if (s, u) == (side, unit)]
        if same and (side, unit, value) not in theirs:
            out.append((written, same))
    return out


# A least or most number of people or things the question states (至少五人, at least five members) is its
# premise where the clauses bound the same unit the same way with another number (不得少于二人): devdocs 30 dev,
# such a question — "…规定至少五人，那来了四个人可以拒绝吗" — was answered 是. Other counts in a question are the asker's case
# (我们公司有三人) and stay unread. (ablation switch)
BOUND_COUNT = True
_AT_MOST = ("最多", "不超过", "不得超过", "不多于")
_BOUND_COUNT_RE = re.compile(rf"(至少|最少|不少于|不得少于|不低于|{'|'.join(_AT_MOST)})\s*([\d]+|[{_CN_NUM}]+)\s*(人|名|个|家|项|次|种)")


def _bound_counts(text: str) -> dict[tuple[str, str, float], str]:
    out: dict[tuple[str, str, float], str] = {}
    for m in _BOUND_COUNT_RE.finditer(text):
        value = _number(m.group(2))
        if value is not None:
            side = "most" if m.group(1) in _AT_MOST else "least"
            out.setdefault((side, "人" if m.group(3) == "名" else m.group(3), value), m.group(0))
    return out


def premise_conflict(q: Question, evidence: list[Evidence], asked_figure: bool = False) -> list[tuple[str, list[str]]]:
    """`contradicted` for a question and the clauses its answer cites (with their titles and headings);
    `asked_figure`: the question asks about a figure (yes/no, either-or) — only a bound stated before it is read."""
    clauses = normalize(" ".join(f"{ev.hit.doc_title} {' '.join(ev.hit.section_path)} {ev.hit.text}"
                                 for ev in evidence))
    if asked_figure:
        return bound_conflicts(q.normalised, clauses, before_asked=True)
    return contradicted(q.normalised, clauses, counts="list" not in q.intents)


# The level a thing is recognised or run at: 国家级/省级/市级/区级, 省认定的, 市级认定. "市级协同创新基地" is
# not the "省认定的科技小镇" next to it, however alike the sentences read.
# Levels written together share the suffix: "国家、省、市级产业技术创新联盟" names all three.
TIER_RE = re.compile(r"((?:(?:国家|省|市|区|县)级?[、和及与]){0,4}(?:国家|省|市|区|县))(?:级|认定|评定|命名)")
LEVEL_RE = re.compile(r"国家|省|市|区|县")


def tiers(text: str) -> set[str]:
    return {level for m in TIER_RE.finditer(text) for level in LEVEL_RE.findall(m.group(1))}


# what a level is given to: the words after it ("国家、省、市级产业技术创新联盟" → 产业技术创新联盟)
_LEVELLED_RE = re.compile(TIER_RE.pattern + r"的?([\u4e00-\u9fff“”「」『』]{2,8})")  # (「」: a Traditional text's quotes)
_THING_END_RE = re.compile(r"分别|给予|予以|可获|获得|奖励|补助|补贴")  # where the name ends and the rule begins
SAME_THING_CHARS = 4  # two names sharing this many characters in a row name the same kind of thing


def levelled(text: str) -> list[tuple[set[str], str]]:
    """(levels, what they are given to) for each level the text names."""
    return [(set(LEVEL_RE.findall(m.group(1))), _THING_END_RE.split(m.group(2).strip("“”「」『』"))[0] or m.group(2))
            for m in _LEVELLED_RE.finditer(text)]


def same_thing(a: str, b: str) -> bool:
    n = min(SAME_THING_CHARS, len(a), len(b))
    return any(a[i:i + n] in b for i in range(len(a) - n + 1))


def tier_conflict(question: str, quote: str) -> tuple[set[str], set[str]] | None:
    """(the question's levels, the quote's) when both name a level and none of the question's is the
    quote's; else None. Where the quote gives levels to the thing the question asks about, only those
    count: "市级协同创新基地 … 国家、省、市级产业技术创新联盟" gives 协同创新基地 no 国家级."""
    asked, stated = tiers(question), tiers(quote)
    if not (asked and stated):
        return None
    quote_levels = levelled(quote)
    for levels, thing in levelled(question):
        given = _levels_given(thing, quote_levels)
        if given:
            return None if levels & given else (levels, given)
    return (asked, stated) if not asked & stated else None


def _levels_given(thing: str, stated: list[tuple[set[str], str]]) -> set[str]:
    """The levels `stated` (levelled's pairs) gives to `thing` or a thing of the same name; empty when none."""
    return set().union(*(lv for lv, other in stated if same_thing(thing, other)))


def thing_level_conflict(question: str, text: str) -> bool:
    """Whether `text` gives the very thing the question gives a level to (国家档案馆…) only other levels:
    县级…档案馆 asked, 省级…档案馆 stated. A level given to something else (the question's 国家认定的 of a
    联盟's 国家、省、市级) is no conflict here."""
    stated = levelled(text)
    return any((given := _levels_given(thing, stated)) and not levels & given for levels, thing in levelled(question))


# What a question takes as said (its presupposition): 既然 P，…; P 为什么/为何 …; Since P, …; why does P.
_ZH_SINCE_RE = re.compile(r"既然(.{4,}?)[，,；;]")
_ZH_WHY_RE = re.compile(r"(为什么|为何|为啥)")
_EN_SINCE_RE = re.compile(r"^(?:since|given that|now that)\s+(.{12,}?),", re.IGNORECASE)
_EN_WHY_RE = re.compile(r"\bwhy (?:does|do|did|is|are|was|were|has|have|should|must|would|will) (.{12,}?)[?.]?$",
                        re.IGNORECASE)
_EN_DASH_WHY_RE = re.compile(r"^(.{12,}?)\s*[—–-]+\s*why\b", re.IGNORECASE)


def presupposed(q: Question) -> str | None:
    """The proposition a question takes for granted, when it says so: "既然广州条例把上限定在四十周岁，
    …" → 广州条例把上限定在四十周岁; "洛阳条例为什么要求…必须取得资质证书?" → 洛阳条例要求…必须取得资质证书;
    "Since the regulation guarantees …, …" → the regulation guarantees …"""
    text = q.normalised.strip()
    if q.is_english:
        for pattern in (_EN_SINCE_RE, _EN_DASH_WHY_RE, _EN_WHY_RE):
            m = pattern.search(text)
            if m:
                return m.group(1).strip()
        return None
    m = _ZH_SINCE_RE.search(text)
    if m:
        return m.group(1).strip()
    m = _ZH_WHY_RE.search(text)
    if m:
        before, after = text[: m.start()], text[m.end():]
        said = re.split(r"[？?。！!]", before + after)[0]
        said = re.sub(r"^(?:要|会|能|得|必须|还)", "", said)
        return said.strip("，, ") if len(said) >= 6 else None
    return None


# a sum said without its 元 in a question (最高是不是200万?): colloquial for 200万元; not a count (200万人)
# (a particle may follow: 100亿的基金, 那100亿里; a measure word may not: 50万辆 is a count)
_BARE_SUM_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(万亿|亿|万)(?![\u4e00-\u9fff](?<![的里中内呢吗啊吧之])|\s*[a-z])")


def bare_sums(text: str) -> set[tuple[str, float]]:
    """("money", value) for each sum written without 元 (200万, 1亿)."""
    return {("money", float(m.group(1)) * _MONEY_UNITS[m.group(2)]) for m in _BARE_SUM_RE.finditer(text)}


def values(text: str) -> set[tuple[str, float]]:
    """Every (kind, value) `text` states: sums (with or without 元), shares, periods and counts."""
    return set(figures(text)) | bare_sums(text) | counts(text)


# a count in English: a number before a noun (2–3 national laboratories, 1 million vehicles), not a year,
# a sum, a share, a period or a numbered part (Article 11 of …)
_EN_COUNT_RE = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?:\s*(?:–|-|—|to)\s*(\d[\d,]*))?\s*(million|thousand|billion)?"
                          r"\s+(?!(?:yuan|rmb|percent|per|years?|months?|days?|weeks?|of|in|on|by|for|to|and|or|the|a|an)\b)"
                          r"[a-z]", re.IGNORECASE)
_EN_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def counts(text: str) -> set[tuple[str, float]]:
    """("count", value) for each count the text states, both ends of a range (2—3家, 50万辆, 十六项,
    2–3 national laboratories)."""
    out: set[tuple[str, float]] = set()
    for m in FACT_PATTERNS["count"].finditer(text):
        # (an age is a condition, not a count of things; 一家/一个 is "a": 我在一家研究所上班 — devdocs dev)
        if m.groupdict().get("not_a_fact") or m.group(0).endswith("岁") or re.match(r"一[^\d一二三四五六七八九十百千万亿]", m.group(0)):
            continue
        for part in re.finditer(rf"([\d,.]+|[{_CN_NUM}]+)\s*(万|亿)?", m.group(0)):
            value = _number(part.group(1))
            if value is not None:
                out.add(("count", value * _MONEY_UNITS.get(part.group(2) or "", 1.0)))
    for m in _EN_COUNT_RE.finditer(text):
        scale = _EN_SCALE.get((m.group(3) or "").lower(), 1.0)
        ends = [_number(g) for g in (m.group(1), m.group(2)) if g]
        if scale == 1.0 and any(v is not None and 1900 <= v <= 2100 for v in ends):
            continue  # a year
        out |= {("count", v * scale) for v in ends if v is not None}
    return out


# a level named in English: "national-level", "provincial", "municipal"
_EN_TIERS = {r"\bnational(?:-level)?\b": "国家", r"\bprovincial(?:-level)?\b|\bprovince-level\b": "省",
             r"\bmunicipal(?:-level)?\b|\bcity-level\b": "市", r"\bdistrict(?:-level)?\b": "区",
             r"\bcounty(?:-level)?\b": "县"}


def english_tiers(text: str) -> set[str]:
    """The levels an English text names (provincial-level → 省)."""
    return {zh for en, zh in _EN_TIERS.items() if re.search(en, text, re.IGNORECASE)}


def level_conflict(q: Question, text: str) -> tuple[set[str], set[str]] | None:
    """`tier_conflict` for any question: an English one names no Chinese thing to match levels by, so its
    levels (provincial-level → 省) are compared with the text's as sets. `text`: normalised."""
    if not q.is_english:
        return tier_conflict(q.normalised, text)
    asked, stated = english_tiers(q.normalised), tiers(text)
    return (asked, stated) if asked and stated and not asked & stated else None


def part_at(quote: str, start: int) -> tuple[int, int]:
    """Where the sentence or part (cut at "；") holding position `start` of `quote` starts and ends."""
    a = max((quote.rfind(p, 0, start) for p in "。；;"), default=-1) + 1
    b = min((i for p in "。；;" if (i := quote.find(p, start)) >= 0), default=len(quote))
    return a, b


def respective(q: Question, quote: str, start: int, kinds: tuple[str, ...]) -> bool | None:
    """In a sentence giving several things several values "respectively" (分别), whether the figure at
    `start` is the one for the thing the question names: the n-th value for the n-th thing (国家、省、市级
    联盟分别给予30万元、20万元和10万元: 省级 is 20万元). None when the sentence is not of that form, the
    counts differ, or the question names none of the things."""
    a, b = part_at(quote, start)
    sentence, at = quote[a:b], start - a
    split = sentence.find("分别")
    if split < 0 or at < split:
        return None
    values = [m.start() + split for kind, pattern in FACT_PATTERNS.items() if kind in kinds
              for m in pattern.finditer(sentence[split:]) if not m.groupdict().get("not_a_fact")]
    values = sorted(set(values))
    head = aligned_simplified(sentence[:split])
    things: list[str] = []
    level = TIER_RE.search(head)
    if level:
        # the levels must be given to what the question asks about (联盟's levels say nothing of 科技小镇's)
        given = [thing for _, thing in levelled(head[level.start():])]
        if not given:
            return None
        if not q.is_english and not same_thing(given[0], q.normalised):
            # the values of other things (联盟's, when 科技小镇 is asked about); an English question names
            # things in other words, so it cannot tell: its level alone is matched
            return False
        things = LEVEL_RE.findall(level.group(1))
        named = tiers(q.normalised) | english_tiers(q.normalised)
        asked = [t for t in things if t in named]
    else:
        things = [t for t in re.split(r"[、和及与]", re.split(r"[，,：:对]", head)[-1]) if t]
        asked = [t for t in things if len(t) >= 2 and t in q.normalised]
    if len(things) < 2 or len(things) != len(values) or len(asked) != 1 or at not in values:
        return None
    return values.index(at) == things.index(asked[0])


# a part of a whole the question states: "2万套人才公寓里…", "那100亿中…", "其中…", "Of the 500,000 …"
_PART_OF_RE = re.compile(r"[\d万亿千百十][^，,。？?！!；;]{0,16}(?:里|之中|当中|中)(?![国央心小])|其中|\b(?:of|out of|among) the [\d,.]+",
                         re.IGNORECASE)
# the kinds of figure a quote may state a part in (not dates: "到2020年" frames)
_PART_KINDS = ("percent", "money", "count", "duration")


def echoes(value: str, question: str, quotes: list[str]) -> bool:
    """A question asking a part of a whole it states ("2万套人才公寓里给青年人才的有多少套?", "100亿里区财政出
    多少") whose short answer only repeats that whole, from quotes stating no other figure of its kind:
    the documents state the whole, not the part asked. `question`: normalised text. (forms dev 1 and 2:
    three near-miss traps answered so; without the part-of wording, "里/中/其中/of the N", it also
    refused a question whose answer was the figure it stated.)"""
    if not _PART_OF_RE.search(question):
        return False
    asked = values(question)
    said = values(aligned_simplified(value))
    if not said or not said <= asked:
        return False
    kinds = {kind for kind, _ in said}  # a part of a sum is a sum, of a count a count
    for quote in quotes:
        view = aligned_simplified(quote)
        for kind in _PART_KINDS:
            for m in FACT_PATTERNS[kind].finditer(view):
                found = {key for key in values(m.group(0)) if key[0] in kinds}
                if found and not found <= asked:
                    return False
    return True
