"""The short answer: the asked-for value as the document writes it (不低于百分之七十, 10万元,
2016年11月29日, 36项, 是/否), taken from a cited quote, with an English rendering for English questions.

It is chosen from the answer's own citations (no new source), so it is verified as they are: the
value occurs verbatim in the quote it cites (`Answer` checks that), and its English rendering has the
same value (`premise.figures` reads both). A question that asks for no figure, date or yes/no gets
none: a list or a "how" is answered by its quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..models import Citation
from ..normalize import aligned_simplified
from ..question import Question, count_statement, fact_kinds, without_several
from ..sentences import FACT_PATTERNS
from . import headings, yesno
from .cases import CONDITION_END, in_case
from .enumerated import COUNT_OF_ITEMS_RE, Item, counted_nouns, inline_lists, item_at, opens_list
from .options import either_chinese, either_english, english_options, offers_options
from .premise import figures, multiple, respective

# a bound written before a figure belongs to it: 不低于百分之七十, 最高100万元
# (不得超过 first: a regulation's "最长不得超过二个月" was shortened to 超过二个月, the bound reversed)
_BEFORE = ("不得低于", "不得少于", "不得超过", "不得高于", "不低于", "不少于", "不超过", "不高于", "最高", "最多", "最低", "至少",
           "超过", "达到", "高于", "低于", "约")
_EN_BOUND = {"不得低于": "at least", "不得少于": "at least", "不得超过": "up to", "不得高于": "up to",
             "不低于": "at least", "不少于": "at least", "至少": "at least", "最低": "at least",
             "不超过": "up to", "不高于": "up to", "最高": "up to", "最多": "up to",
             "超过": "over", "高于": "over", "达到": "", "低于": "below", "约": "about"}
_EN_AFTER = {"及以上": " or more", "以上": " or more", "以下": " or less", "左右": " or so", "内": "", "以内": ""}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


@dataclass(frozen=True)
class ShortAnswer:
    text: str  # as the document writes it (是/否 for a decided yes/no question)
    n: int  # the citation it comes from
    kind: str  # percent | money | count | duration | date | docnum | yesno | names | option
    english: str | None = None  # for English questions: the value in English words and digits
    # a count no sentence writes, of the list written inline that the text is (…、…、…等方面): shown first
    counted: int | None = None


def find(q: Question, citations: list[Citation], topic: Callable[[str], float] | None = None,
         terms: list[str] | None = None, stated: Callable[[str], float] | None = None,
         counted: Callable[[str], float] | None = None,
         option_forms: Callable[[str], list[list[str]]] | None = None) -> ShortAnswer | None:
    """The asked-for value among the answer's quotes: of a kind the question asks for, in the stretch
    of text (between commas) that `topic` scores highest for the question's words (a plan's clause
    lists several targets: 新增独角兽企业10到15家 is the one asked about unicorns); earlier quotes win ties.
    `option_forms`: the Chinese forms of each concept of an English phrase (for "… A or B?")."""
    if q.is_english and (options := english_options(q.normalised)) is not None:
        chosen = either_english(options, citations, topic, option_forms)
        if chosen is not None:
            return ShortAnswer(chosen[0], chosen[1], "option", chosen[2])
    if "yesno" in q.intents:
        decided = yesno.decide(q, citations, terms, topic, stated)
        if decided is None:
            return None
        text, n = decided
        return ShortAnswer(text, n, "yesno", ("No" if text == "否" else "Yes") if q.is_english or q.lang == "en" else None)
    named = _names(q, citations, topic) or (_document_named(q, citations) if DOCUMENT_NAMED else None)
    if named is not None:
        return named
    if not q.is_english and offers_options(q.normalised):
        option = either_chinese(q, citations)
        return ShortAnswer(option[0], option[1], "option") if option else None
    kinds = _kinds_of_attribute(q, _asked_kinds(q))
    if not kinds:
        return None
    # (figures only from the section the question names by its heading, where a quote lies in it)
    away = headings.outside(q.normalised, [c.section_path for c in citations])
    citations = [c for c, out in zip(citations, away, strict=True) if not out]
    if q.is_english:  # "how many" asks a count, "how much" a sum or share, never a count
        if _EN_HOW_MANY_RE.search(q.normalised):
            kinds = tuple(k for k in kinds if k in ("count", "duration")) or kinds
        elif _EN_HOW_MUCH_RE.search(q.normalised):
            kinds = tuple(k for k in kinds if k != "count") or kinds
    if _HOW_BIG_RE.search(q.normalised):  # "规模…多大": a size or a sum, never a count of things
        kinds = tuple(k for k in kinds if k != "count") or kinds
    statement = count_statement(q.normalised)
    if "count" in kinds and COUNT_OF_ITEMS_RE.search(q.normalised) and not (
            statement and any(statement.search(aligned_simplified(c.quote)) for c in citations)):
        listed = _list_length(citations, q.is_english or q.lang == "en", q.normalised)
        if listed is not None:  # no sentence states the count; the quoted list has that many items
            return listed
    if "count" in kinds and not (statement and any(statement.search(aligned_simplified(c.quote)) for c in citations)):
        inline = _inline_length(citations, q)
        if inline is not None:  # no sentence states the count; a list written inline has that many items
            return inline
    multiple_asked = bool(_MULTIPLE_ASKED_RE.search(q.normalised))
    measure = _COUNT_ASKED_RE.search(without_several(q.normalised))
    bound_asked = next((side for side, pattern in yesno.BOUND_ASKED.items() if pattern.search(q.normalised)), None)
    best: tuple[tuple[float, int], ShortAnswer] | None = None
    for c in sorted(citations, key=lambda c: c.n):
        # (read in Simplified, character for character: 26項 is a count like 26项; the text shown is the quote's)
        view = aligned_simplified(c.quote)
        matches = sorted((m.start(), m.end(), kind) for kind, pattern in FACT_PATTERNS.items() if kind in kinds
                         for m in pattern.finditer(view) if not m.groupdict().get("not_a_fact"))
        for start, end, kind in matches:
            bound = next((b for b in _BEFORE if c.quote[:start].endswith(b)), "")
            text = c.quote[start - len(bound): end].strip()
            if kind == "unit":  # the units, without their label; the label asked about wins
                label = _UNIT_LABEL_RE.match(view[start:end])  # (read in Simplified: 牽頭 is 牵头)
                if label:
                    if UNIT_NAMES_ONLY and label.group(1) == "牵头" and not re.search(r"[:：]\s*$", label.group(0)):
                        continue  # 牵头 as a verb (牵头成立了…, 发挥牵头作用,…) names no unit
                    text = text[label.end():].strip()
                    start += label.end()
                if UNIT_NAMES_ONLY:
                    # the units end at a comma ("牵头部门为市科技局,各责任单位…" → 市科技局)
                    lead = text[:1] if text[:1] in ("为", "是", "由") else ""
                    text = re.split(r"[，,]", text[len(lead):])[0].strip()
                    start += len(lead)
                    if len(text) < 2:
                        continue
            if RANGES and kind in ("money", "percent", "multiple") and (joined := _range_end(view, end, kind)):
                text, end = c.quote[start - len(bound): joined], joined  # 五万元以上十万元以下: both ends
            elif MONEY_BOUND and kind == "money" and (after := _MONEY_BOUND_RE.match(view, end)):
                text, end = c.quote[start - len(bound): after.end()], after.end()  # 处5000元以下的罚款: at most
            own, wide = _stretches(c.quote, start, end)
            score = OWN_WEIGHT * topic(own) + topic(wide) if topic else 0.0
            if kind == "money" and MONEY_BOUND and view.startswith(CONDITION_END, end) and text.endswith(("以上", "以下")):
                score -= 1.0  # 货值金额5万元以上的，处…: a condition's threshold, below the sum it sets (devdocs 16 dev)
            if kind == "multiple" and not multiple_asked:
                score -= 1.0  # 罚款多少: the sum in yuan before a multiple of gains (没有违法所得的…二万元以上五万元以下)
            if kind == "count" and measure and not text.rstrip("以上下左右").endswith(measure.group(1)):
                score -= 2.0  # "几项" is not answered by "五大"
            if kind == "count":
                score += _counts_the_asked(c.quote, view, start, end, statement, counted)
                if counts_another_document(view[:start], c.doc_title):
                    score -= 2.0  # 国家《行动方案》涉及的26项: the other plan's total, not this one's 36项
            if bound_asked and (bound in yesno.BOUNDS[bound_asked] or
                                (BOUND_AFTER and text.endswith(_BOUND_AFTER[bound_asked]))):
                score += 1.0  # "the cap on the subsidy": 按投资额的1%予以最高100万元 is answered by 最高100万元
            if kind == "unit":
                # a responsibility line names no measure: the clause's headings say whose units they are
                score += topic(" ".join(c.section_path)) if topic else 0.0
                if label and _unit_label_asked(label.group(1), q.normalised):
                    score += 1.0  # "由哪个单位牵头": the 牵头单位, not the 责任单位 beside it
            if CASE_PART and (case := in_case(q.normalised, view, start)) is not None:
                # 违法所得有五十万元: the part for 三十万元以上的, not 不足三十万元的; the condition's own sum is no answer
                score += -2.0 if not case else 0.0 if view.startswith(CONDITION_END, end) else 2.0
            aligned = respective(q, c.quote, start, kinds)
            if aligned is not None:  # "国家、省、市级…分别给予30万元、20万元和10万元": the asked one's value
                score += 3.0 if aligned else -3.0
            key = (score, -(c.n * 10_000 + start))  # ties: the earlier figure
            if best is None or key > best[0]:
                best = (key, ShortAnswer(text, c.n, kind, english(text, kind) if q.is_english or q.lang == "en" else None))
    return best[1] if best else None


def _asked_kinds(q: Question) -> tuple[str, ...]:
    """The kinds of fact (sentences.FACT_PATTERNS) a question's short answer is, before the asked
    attribute narrows them: its intents' or, without one, the figure its words name (a reward, a cap)."""
    if not q.is_english and _MEASURE_ASKED_RE.search(without_several(q.normalised)):
        return ("count",)  # "多少个载体", "几大产业集群": how many of a thing, never a sum or a share (forms dev)
    return fact_kinds(q) or (("money", "percent") if _SUM_HINT_RE.search(q.normalised)
                             else ("money", "percent", "count") if _FIGURE_HINT_RE.search(q.normalised) else ())


# A list of cases any one of which applies (有下列行为之一的) counts those cases, not the thing a question
# counts unless it names them: "分成几个等级" was answered 二 from a list of two offences (devdocs 27 dev).
# (ablation switch)
CASES_NOT_COUNTED = True
_CASES_LEAD_RE = re.compile(r"(?:下列|以下|如下)[\u4e00-\u9fff]{0,6}?之一")
_CASES_ASKED_RE = re.compile(r"情形|行为|情况|事项|条件|之一")


def _list_length(citations: list[Citation], english: bool, question: str = "") -> ShortAnswer | None:
    """The number of the last quoted item of a list quoted whole ((一) … (六) → 六), cited to that item;
    None when no list is quoted whole: its lead-in, then items 1 … N of one clause, the last ending the
    list (with 。, where the items before it end with ；)."""
    ordered = sorted(citations, key=lambda c: c.n)
    for i, c in enumerate(ordered):
        if not opens_list(c.quote):
            continue
        if (CASES_NOT_COUNTED and not english and _CASES_LEAD_RE.search(aligned_simplified(c.quote))
                and not _CASES_ASKED_RE.search(question)):
            continue
        listed: list[tuple[Item, Citation]] = []
        for d in ordered[i + 1:]:
            item = item_at(d.quote, 0)
            if d.clause_id != c.clause_id or item is None or item.number != len(listed) + 1:
                break
            listed.append((item, d))
        if len(listed) >= 2 and listed[-1][1].quote.rstrip().endswith(("。", ".")):
            item, last = listed[-1]
            return ShortAnswer(item.written, last.n, "count", str(item.number) if english else None)
    return None


def _inline_length(citations: list[Citation], q: Question) -> ShortAnswer | None:
    """The length of a list written inline in a quote (…、…、…等方面) whose shared noun the question
    counts, with the list as written: 5（政府项目承担、…、投资融资等方面）."""
    nouns = counted_nouns(q.normalised)
    for c in sorted(citations, key=lambda c: c.n):
        found = inline_lists(aligned_simplified(c.quote), nouns)
        if found:
            n, listed = found[0].count, c.quote[found[0].start:found[0].end]
            return ShortAnswer(listed, c.n, "count", str(n) if q.is_english or q.lang == "en" else None, counted=n)
    return None


# Words that ask for a sum or a figure without the words the answer gates require one for ("What
# one-off reward…", "the cap on the subsidy", "how far"): the short answer looks for one, the gates do not.
_FIGURE_HINT_RE = re.compile(r"\b(?:reward|bonus|subsid(?:y|ies)|grant|funding|cap|capacity|target|how far|range|"
                             r"maximum|minimum|limit)\b|奖金|补贴|补助|资助|资金支持", re.IGNORECASE)
# of those, the words that name a payment: a reward or a subsidy is a sum or a share, never a count
# (建成30个科技小镇 does not answer "what funding support do the towns get")
_SUM_HINT_RE = re.compile(r"\b(?:reward|bonus|subsid(?:y|ies)|grant|funding)\b|奖金|补贴|补助|资助|资金支持", re.IGNORECASE)
def _unit_label_asked(label: str, question: str) -> bool:
    english = {"牵头": r"\blead", "责任": r"\bresponsib", "配合": r"\b(?:assist|support|cooperat)"}.get(label[:2])
    return label[:2] in question or bool(english and re.search(english, question, re.IGNORECASE))


_UNIT_LABEL_RE = re.compile(r"(牵头单位|责任单位|牵头部门|责任部门|配合单位|牵头)\s*[:：]?\s*")
_EN_HOW_MANY_RE = re.compile(r"\bhow many\b", re.IGNORECASE)
_HOW_BIG_RE = re.compile(r"多大(?!年龄|岁)|多高|多长|多少钱|\bhow (?:big|large)\b", re.IGNORECASE)
# "How many safeguard measures …": the thing counted (its words are looked for after a count in a quote)
EN_COUNTED_RE = re.compile(r"\bhow many ([a-z][a-z' -]{1,50}?)(?=\s+(?:do|does|did|are|is|was|were|will|would|has|"
                           r"have|had|should|must|can|could|in|of|per|for|under|there|by|from)\b|[?,.]|$)",
                           re.IGNORECASE)
_EN_HOW_MUCH_RE = re.compile(r"\bhow much\b", re.IGNORECASE)
# The attribute a figure question asks for fixes the figure's kind: a share (比重, 研发投入强度, what
# percentage) is a percentage, a cost, a sum or an amount in yuan is money or a share of one, never a
# count (forms dev: "电池成本目标是多少" was answered 3-4个 of the next stretch, "an industry-scale target in
# yuan" 三大). Asking a share where the quotes state only sums leaves no short answer. (ablation switch)
KIND_BY_ATTRIBUTE = True
_SHARE_ASKED_RE = re.compile(r"比重|比例|占比|强度|百分比|百分之(?:多少|几)|增长率|增速|\b(?:percentage|share|ratio|proportion)\b",
                             re.IGNORECASE)
_SUM_ASKED_RE = re.compile(r"成本|金额|经费|出资|投资额|产值|销售额|营业额|营业收入|资金|资助|补助|补贴|奖金|产业规模|基金规模|"
                           r"\bin (?:yuan|rmb)\b|\bcost\b"
                           r"|\bhow much (?:money|funding)\b", re.IGNORECASE)


def _kinds_of_attribute(q: Question, kinds: tuple[str, ...]) -> tuple[str, ...]:
    """`kinds` narrowed to the kind of figure the asked attribute is (a share, a sum); a how-many with a
    measure word keeps its count."""
    if not KIND_BY_ATTRIBUTE or (not q.is_english and _MEASURE_ASKED_RE.search(without_several(q.normalised))):
        return kinds
    if "multiple" in kinds and _MULTIPLE_ASKED_RE.search(q.normalised):  # 几倍: the fine's multiple, not its yuan
        return ("multiple",)
    if _SHARE_ASKED_RE.search(q.normalised) and "money" not in q.intents:  # (多少钱 asked outright: a sum)
        return tuple(k for k in kinds if k not in ("money", "count"))
    if _SUM_ASKED_RE.search(q.normalised):
        return tuple(k for k in kinds if k != "count")
    return kinds


_MULTIPLE_ASKED_RE = re.compile(r"几倍|多少倍|\bmultiples?\b|how many times", re.IGNORECASE)
_COUNT_ASKED_RE = re.compile(r"(?:几|多少)\s*([项个类条种家名所次批])")
# a how-many with a measure word (多少个, 几项, 几大), not a period or a share (多少个月, 几个百分点) nor a
# list (哪几项)
# (a period in other words is no count either: 幾個工作天, 几个星期, 几个季度 — devdocs 15 dev, zh-Hant 工作天 read as
# "how many of a thing", so 十五个工作日内 gave no short answer and was refused)
_MEASURE_ASKED_RE = re.compile(r"(?<!哪)(?:几|多少)\s*(?:[项类条种家名所批大次届轮]"
                               r"|个(?!月|工作日|工作天|自然日|小时|钟头|百分点|年|星期|礼拜|季度))")
_STOPS = "，,；;。：:"


def _counts_the_asked(quote: str, view: str, start: int, end: int, statement: re.Pattern[str] | None,
                      counted: Callable[[str], float] | None) -> float:
    """A count answers "how many X" when what it counts is X: 4项保障措施 for "how many safeguard
    measures", 26项重点任务 for 重点任务有几项 — not 五大部分 in the next sentence. +2 when it counts the
    asked thing, -1 when it counts something else, 0 when the question names no thing counted."""
    if statement is not None:  # (`view`: the quote in Simplified, character for character)
        return 2.0 if any(m.start() <= start < m.end() for m in statement.finditer(view)) else -1.0
    if counted is None:
        return 0.0
    noun = re.match(r"[^，,；;。：:、（(]{0,8}", quote[end:])
    share = counted(noun.group(0)) if noun else 0.0
    return 2.0 * share if share > 0 else -1.0


_CITED_DOC_RE = re.compile(r"(国家|国务院|中央|全国|省)?[《〈]([^《》〈〉]{2,40})[》〉][^，,；;。：:]{0,12}$")


def counts_another_document(before: str, title: str) -> bool:
    """Whether a count's own stretch names, right before it, a document other than the one quoted: a
    name in 《》 that is not an abbreviation of the quote's own title (its characters in order), or one
    qualified as national (国家《行动方案》) when the title is not. `before`: Simplified text up to the count."""
    stretch = re.split(r"[，,；;。：:]", before)[-1]
    m = _CITED_DOC_RE.search(stretch)
    if m is None:
        return False
    own = aligned_simplified(title)
    chars = iter(own)
    abbreviation = all(ch in chars for ch in m.group(2))
    return not abbreviation or bool(m.group(1) and m.group(1) not in own)


# "哪两个品牌" / "which two awards": answered by the names a sentence puts in quotation marks, when it
# names exactly as many, one after another (“北京创造”和“北京服务”)
_NAMES_ASKED_RE = re.compile(r"哪([两二三四五六])\s*[个项类种大家所]?|\b(?:which|what)\s+(two|three|four|five|six)\b",
                             re.IGNORECASE)
_HOW_MANY_NAMES = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                   "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_QUOTED_NAME_RE = re.compile(r"[“「『]([^“”「」『』]{1,30})[”」』]")
_NAME_JOINERS_RE = re.compile(r"\s*(?:和|与|及|以及|、|,|，|或)?\s*")
_SENTENCE_END = "。；;！？!?"


# "为了落实哪份决定而制定的", "which decision does it implement": the document the quote names in 《》 (with its
# number), not the quoted document itself (forms and forms 2 dev: no short answer). (ablation switch)
DOCUMENT_NAMED = True
_DOCUMENT_ASKED_RE = re.compile(
    r"(?:落实|贯彻|根据|依据|依照|按照|执行)[^，。？?]{0,6}哪(?:一)?(?:份|个|部|项)"
    r"|哪(?:一)?(?:份|个|部)(?:文件|决定|通知|意见|规划|方案|条例|法律|法规)[^，。？?]{0,12}(?:落实|贯彻|根据|依据|制定)"
    r"|\bwhich (?:document|decision|notice|law|regulation|opinion|plan)s?\b[^?]{0,60}\b(?:implement|based on|pursuant|carry out)",
    re.IGNORECASE)
_TITLE_WITH_NUMBER_RE = re.compile(r"《[^《》]{2,60}》(?:\s*[(（][^()（）]{2,20}〔\d{4}〕\s*\d+\s*号[)）])?")


def _document_named(q: Question, citations: list[Citation]) -> ShortAnswer | None:
    if not _DOCUMENT_ASKED_RE.search(q.normalised):
        return None
    for c in sorted(citations, key=lambda c: c.n):
        own = aligned_simplified(c.doc_title)
        for m in _TITLE_WITH_NUMBER_RE.finditer(c.quote):
            name = aligned_simplified(m.group(0)).split("》")[0].lstrip("《")
            if name and name not in own:
                return ShortAnswer(m.group(0), c.n, "names")
    return None


def _names(q: Question, citations: list[Citation], topic: Callable[[str], float] | None) -> ShortAnswer | None:
    m = _NAMES_ASKED_RE.search(q.normalised)
    if m is None:
        return None
    wanted = _HOW_MANY_NAMES[(m.group(1) or m.group(2)).lower()]
    best: tuple[tuple[float, int], ShortAnswer] | None = None
    for c in sorted(citations, key=lambda c: c.n):
        start = 0
        for i, ch in enumerate(c.quote + "。"):
            if ch not in _SENTENCE_END:
                continue
            sentence_start, start = start, i + 1
            names = list(_QUOTED_NAME_RE.finditer(c.quote, sentence_start, i))
            runs = _runs(c.quote, names)
            run = next((r for r in runs if len(r) == wanted), None)
            if run is None or sum(len(r) >= 2 for r in runs) > 1:
                continue  # not as many names, or several lists: which one is asked is not clear
            text = c.quote[run[0].start(): run[-1].end()]
            score = topic(c.quote[sentence_start:i]) if topic else 0.0
            key = (score, -c.n)
            if best is None or key > best[0]:
                best = (key, ShortAnswer(text, c.n, "names"))
    return best[1] if best else None


UNIT_NAMES_ONLY = True  # (ablation switch)


def _runs(text: str, names: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """Quoted names that follow one another with only 和/、/及 between them, as runs."""
    runs: list[list[re.Match[str]]] = []
    for name in names:
        if runs and _NAME_JOINERS_RE.fullmatch(text[runs[-1][-1].end(): name.start()]):
            runs[-1].append(name)
        else:
            runs.append([name])
    return runs


def _stretches(text: str, start: int, end: int) -> tuple[str, str]:
    """The text between the punctuation before and after a figure, and that with the stretch before it
    when only a comma separates them (the subject may precede: 对新认定的…基地，给予一次性奖励10万元);
    never across a sentence end. The figure's own stretch counts first: in a list of targets
    (新增上市企业5家，新增独角兽企业8到12家) each figure has its own subject. A figure that is its whole
    stretch (a date opening a sentence: 2016年12月7日,市科委对《方案》作出解读) takes the stretch after it."""
    a = max((text.rfind(p, 0, start) for p in _STOPS), default=-1)
    b = min((i for p in _STOPS if (i := text.find(p, end)) >= 0), default=len(text))
    wide = a
    if a >= 0 and text[a] in "，,：:":
        wide = max((text.rfind(p, 0, a) for p in _STOPS), default=-1)
    after = b
    if FIGURE_OPENS and b < len(text) and text[b] in "，," and not text[a + 1: start].strip():
        after = min((i for p in _STOPS if (i := text.find(p, b + 1)) >= 0), default=len(text))
    return text[a + 1: b], text[wide + 1: after]


FIGURE_OPENS = True  # (ablation switch)
# A range is one value with both ends (处五万元以上十万元以下的罚款; 百分之十以上百分之三十以下): the short
# answer gave its first end only. (ablation switch)
RANGES = True
_RANGE_JOIN_RE = re.compile(r"以上|至|到|—|－|-|~|～")
# A sum's bound after it is part of the value (对个人可以处5000元以下的罚款: at most 5000 yuan, which "5000元"
# alone misstates as the fine; devdocs 17 dev). The share, count and period patterns keep theirs already.
# (ablation switch)
MONEY_BOUND = True
_MONEY_BOUND_RE = re.compile(r"及以上|以上|以下|以内")


def _range_end(view: str, end: int, kind: str) -> int | None:
    """Where the range a figure opens ends (the second figure of its kind, with its 以下), or None."""
    at = end
    if not view[:end].endswith("以上"):
        joint = _RANGE_JOIN_RE.match(view, at)
        if joint is None:
            return None
        at = joint.end()
    second = FACT_PATTERNS[kind].match(view, at)
    if second is None:
        return None
    return second.end() + (2 if view.startswith("以下", second.end()) and not second.group(0).endswith("以下") else 0)


# A figure's own stretch weighs this much against the sentence around it: a sentence's lead-in ("企业研究
# 与开发费用，高新技术企业应占…百分之五以上") belongs to its first figure only and outweighed the subject of
# the next one (科技企业…百分之三以上; devdocs 3 dev short +1 at 2.0, nothing else changed; 1.0 before).
OWN_WEIGHT = 2.0
# A clause that sets a sum per case ("…三十万元以上的，处…；…不足三十万元的，处…") answers a question that states its
# case ("违法所得有五十万元") from the part whose condition holds it (devdocs 24 dev; premise.CASE_IN_RANGE).
CASE_PART = True
# "至少…多少" is answered by a bound after the figure as well as before it: 百分之一点二以上 like 不低于百分之一点二
# (devdocs 3 dev: 达到百分之二 of the next sentence won). (ablation switch)
BOUND_AFTER = True
_BOUND_AFTER = {"lower": ("以上", "及以上"), "upper": ("以下", "以内")}


_MEASURE_UNITS_EN = {"平方公里": "km²", "平方米": "m²", "千米": "km", "公里": "km", "米": "m", "公顷": "ha", "亩": "mu",
                     "吨": "t", "公斤": "kg", "千克": "kg"}


def english(text: str, kind: str) -> str | None:
    """The value in English (70% → 'at least 70%'; 10万元 → '100,000 yuan'; 2016年11月29日 →
    '29 November 2016'), or None when it cannot be read."""
    simple = aligned_simplified(text)
    if kind in ("money", "percent", "multiple"):
        ends = [m.group(0) for m in FACT_PATTERNS[kind].finditer(simple)]
        if len(ends) == 2 and _range_end(simple, len(ends[0]), kind) == len(simple):  # a range: "X to Y"
            low, high = (english(re.sub(r"(?:及以上|以上|以下)$", "", e), kind) for e in ends)
            if kind == "multiple" and low and high:  # "1 to 5 times", not "1 times to 5 times"
                low = low.removesuffix(" times")
            return f"{low} to {high}" if low and high else None
    bound = next((b for b in _BEFORE if simple.startswith(b)), "")
    after = next((a for a in _EN_AFTER if simple.endswith(a)), "")
    prefix = (_EN_BOUND.get(bound, "") + " ") if _EN_BOUND.get(bound) else ""
    suffix = _EN_AFTER.get(after, "")
    if kind == "date":
        from ..docrecord import arabic_date

        m = re.fullmatch(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?", arabic_date(simple.strip()))
        if not m:
            return None
        year, month, day = m.groups()
        return " ".join(p for p in (day, _MONTHS[int(month) - 1] if month else None, year) if p)
    if kind == "count":
        from ..chunker import cn_to_int

        # 1.2万家 → 12,000; 2—3家 → 2 to 3; 十六项 → 16
        digits = re.search(r"(\d+(?:\.\d+)?)(?:\s*(?:—|-|–|~|至|到)\s*(\d+(?:\.\d+)?))?\s*(万|亿)?", simple)
        if digits:
            scale = {"万": 1e4, "亿": 1e8}.get(digits.group(3) or "", 1.0)
            ends = [f"{float(g) * scale:,.10g}" for g in digits.groups()[:2] if g]
            return f"{prefix}{' to '.join(ends)}{suffix}".strip()
        # (levels named one by one, 一、二、三级, are as many as the last one's number: 3)
        numeral = re.search(r"[一二两三四五六七八九十百千]+(?!、)", simple)
        count = cn_to_int(numeral.group(0)) if numeral else None
        return None if count is None else f"{prefix}{count}{suffix}".strip()
    if kind == "measure":  # 五百米 → '500 m', 二十亩 → '20 mu'
        unit = next((u for u in _MEASURE_UNITS_EN if u in simple), None)
        number = english(simple[len(bound):simple.index(unit)], "count") if unit else None
        return f"{prefix}{number} {_MEASURE_UNITS_EN[unit]}{suffix}".strip() if unit and number else None
    if kind == "duration":  # 不少于８０学时 → "at least 80 class hours"
        period = _period(simple)
        return f"{prefix}{period}" if period else None
    if kind == "multiple":  # 三倍以下 → '3 times or less'
        times = multiple(simple[len(bound):])
        return None if times is None else f"{prefix}{times:g} times{suffix}".strip()
    values = [v for (k, v) in figures(simple) if k == kind]
    if not values:
        return None
    value: float = values[0]
    if kind == "percent":
        return f"{prefix}{value:g}%{suffix}"
    if kind == "money":
        return f"{prefix}{_yuan(value)}{suffix}"
    return None


def _yuan(value: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:,.10g} {word} yuan"
    return f"{value:,.0f} yuan"


_UNITS = {"工作日": "working day", "自然日": "day", "日": "day", "天": "day", "周": "week", "月": "month",
          "年": "year", "学时": "class hour", "课时": "class hour", "小时": "hour"}


def _period(text: str) -> str | None:
    """三十日内 → 'within 30 days', 三至五年 → '3 to 5 years', in the document's own unit."""
    from ..chunker import cn_to_int

    m = re.search(r"(\d+|[一二两三四五六七八九十百]+)(?:\s*(?:至|到|-|—|~)\s*(\d+|[一二两三四五六七八九十百]+))?\s*个?"
                  r"(工作日|自然日|学时|课时|小时|日|天|周|月|年)", text)
    if not m:
        return None
    a, b, unit = m.groups()
    first = int(a) if a.isdigit() else cn_to_int(a)
    last = (int(b) if b.isdigit() else cn_to_int(b)) if b else None
    count = f"{first} to {last}" if last is not None else str(first)
    plural = "s" if last is not None or first != 1 else ""
    within = "within " if text.endswith(("内", "以内")) else ""
    return f"{within}{count} {_UNITS[unit]}{plural}"
