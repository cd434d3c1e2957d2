"""Whether a figure a quote states fills the slot the question asks for — the near misses the topic
words cannot tell apart (the topic is there, the asked detail is not):

- a per-unit amount ("每家能分到多少", "per vehicle") is not a total ("每年安排8亿元专项资金", "总规模100亿")
  unless the sentence states it per unit too (每家, 单个, 最高, 分别); "对…给予50万元" is per unit;
- the present ("目前已经达到多少", "so far") is not answered from a clause that states targets ("到2020年,
  …产能达到50万辆");
- a share ("占多少比例", "what share") is a percentage, not a sum or a count;
- a how-many in one measure (多少辆) is not a count in another (500公里); 个 is every thing's measure;
- an expiry or validity asked ("有效期到什么时候") is not an issue date: the sentence must speak of validity;
- a figure the question itself states ("投入的100亿元里有多少用于…") is its premise, not its answer.

Each rule reads the sentence the figure stands in. Words are data: rag/lexicons/slots.json.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..question import INTENT_PATTERNS, asked_measure
from ..sentences import MEASURE_UNITS, facts

_SENTENCE_RE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")


@lru_cache(maxsize=1)
def _raw() -> dict:
    return json.loads((Path(__file__).parents[1] / "lexicons" / "slots.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, re.Pattern[str]]:
    return {k: re.compile(v, re.IGNORECASE) for k, v in _raw().items() if not k.startswith("_") and isinstance(v, str)}


@lru_cache(maxsize=1)
def _act_families() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _raw()["act_families"])


@dataclass(frozen=True)
class Slot:
    """What a question's figure must be, beyond its kind (question.fact_kinds)."""

    per_unit: bool = False
    present: bool = False
    ratio: bool = False
    premises: frozenset[tuple[str, float]] = frozenset()  # (kind, value) the question states itself
    measure: str | None = None  # the measure a how-many asks in (辆, 家, 公里)
    qualifier: str | None = None  # what the asked quantity is of: 扣除 in 加计扣除比例是多少
    expiry: bool = False  # when it expires, how long it is valid (有效期到什么时候)
    period_unit: str | None = None  # the unit a how-long asks in: 日 for 多少天, 月 for 几个月, 年 for 几年
    periods: frozenset[str] = frozenset()  # periods the question states itself (每年80学时的…中), NFKC
    day: bool = False  # a day asked (哪一天, what date): a month or a year alone does not say it
    before_expiry: bool = False  # how long before it expires (到期前多久), which a period before expiry answers
    wrong_asked: bool = True  # the question speaks of a wrong or its penalty: a fine's sum may answer it
    things_counted: bool = False  # an English how-many of things, not of a unit (how many stations)
    act: int | None = None  # the one family of act (验收, 审查…: slots.json act_families) a period is asked of
    choice: bool = False  # the question weighs two things (还是, or): a period it names may be one of them
    recipient: str | None = None  # the body a deadline's filing goes to (向气象主管机构申请): slots.RECIPIENT
    dimension: str | None = None  # the dimension a length is asked in (高 for 升到多少米, how high): slots.DIMENSION


# A question asking a sum outright ("超过多少钱，才能拿到按比例返还") asks no share though it names one: the
# share is what the sum earns (devdocs 3 dev: 二十万元 did not fill a "ratio" slot). (ablation switch)
MONEY_OVER_RATIO = True


# "有效期到什么时候" was answered with the issue date (forms 2, conversations dev 2 and 8: three dev items).
# (ablation switch)
EXPIRY = True


# A how-many in a measure (多少家, 多少辆, 多少工作人员) is answered by a count, never by a sum or a share
# (conversations dev 8). (ablation switch)
MEASURE_NOT_SUM = True


def slot_of(question: str) -> Slot:
    """`question`: normalised text."""
    from .premise import figures  # (premise reads features, which read this module)

    lex, lowered = _lexicon(), question.lower()
    offered = _offered(question)
    return Slot(per_unit=bool(lex["per_unit_asked"].search(lowered)),
                present=bool(lex["present_asked"].search(lowered)),
                ratio=bool(lex["ratio_asked"].search(lowered)) and not (
                    MONEY_OVER_RATIO and INTENT_PATTERNS["money"].search(lowered)),
                premises=frozenset(figures(question)) - frozenset(figures(offered)), measure=asked_measure(question),
                qualifier=_qualifier(question),
                expiry=EXPIRY and bool(lex["expiry_asked"].search(lowered)),
                period_unit=_period_unit(question) if PERIOD_UNIT else None,
                periods=frozenset(_QUESTION_PERIOD_RE.findall(unicodedata.normalize("NFKC", question)))
                - frozenset(_QUESTION_PERIOD_RE.findall(offered)),
                day=DAY_ASKED and bool(_DAY_ASKED_RE.search(lowered)),
                before_expiry=bool(_BEFORE_ASKED_RE.search(lowered)),
                wrong_asked=not FINE_NOT_ASKED or bool(_WRONG_ASKED_RE.search(lowered)),
                things_counted=EN_THINGS_COUNTED and bool(_EN_THINGS_COUNTED_RE.search(lowered)),
                act=_act(question), choice=bool(_CHOICE_RE.search(lowered)), recipient=_recipient(question),
                dimension=_dimension_asked(lowered))


# A length of another dimension does not answer: "最高可以升到多少米" is not answered by 直径大于1.8米 (devdocs 35
# dev: a near miss answered with a balloon's diameter). The dimension a figure is of is the word right before it
# (直径大于1.8米, 高度不得超过150米). (ablation switch)
DIMENSION = True
_DIMENSIONS = {"高": r"(?<![最提较更])高度?(?![于新级等])|升到|升至|\bhow high\b|\bhow tall\b|\bheight\b|\baltitude\b",
               "长": r"长度|多长|\blength\b|\bhow long\b", "宽": r"宽度?|\bwidth\b|\bhow wide\b",
               "深": r"深度|多深|\bdepth\b|\bhow deep\b", "径": r"直径|半径|\bdiameter\b|\bradius\b",
               "距": r"距离|多远|\bdistance\b|\bhow far\b", "积": r"体积|容积|容量|面积|\bvolume\b|\barea\b"}
_DIMENSION_BEFORE_RE = re.compile(r"(高度|直径|半径|体积|容积|容量|面积|长度|宽度|深度|距离)(?:不得|不应|应当|应|须|必须)?"
                                  r"(?:大于|小于|超过|低于|高于|不超过|不少于|不低于|不大于|不小于|为|在|达到)?\s*$")


def _dimension_asked(lowered: str) -> str | None:
    if not DIMENSION:
        return None
    asked = [d for d, pattern in _DIMENSIONS.items() if re.search(pattern, lowered)]
    return asked[0] if len(asked) == 1 else None


def _dimension_of(before: str) -> str | None:
    m = _DIMENSION_BEFORE_RE.search(before[-10:])
    return next((d for d, pattern in _DIMENSIONS.items() if re.fullmatch(pattern, m.group(1))), None) if m else None


# A deadline to file with a body is that body's: "几天前向气象主管机构申请" is not answered by "2天前…向当地飞行管制
# 部门提出申请" (devdocs 35 dev: a near miss answered). Two recipients differ when they share no word but the
# generic ones (部门, 主管, 人民政府 …); Chinese only. (ablation switch)
RECIPIENT = True
_RECIPIENT_RE = re.compile(r"向(?:当地|所在地|有关|原)?([\u4e00-\u9fff]{2,14}?)(?:提出|提交|申请|报告|报送|报请|备案|申报|送交|递交|报)")
_GENERIC_BIGRAMS = frozenset({"部门", "机构", "主管", "管部", "政府", "人民", "民政", "有关", "行政", "机关", "单位", "县级",
                              "级以", "以上", "上人", "地方", "当地"})


def _recipient(text: str) -> str | None:
    m = _RECIPIENT_RE.search(text) if RECIPIENT else None
    return m.group(1) if m else None


def _same_body(a: str, b: str) -> bool:
    grams = ({a[i:i + 2] for i in range(len(a) - 1)} - _GENERIC_BIGRAMS, {b[i:i + 2] for i in range(len(b) - 1)} - _GENERIC_BIGRAMS)
    return not grams[0] or not grams[1] or bool(grams[0] & grams[1])


# A deadline is the deadline of an act: "设施验收须在几日内办完" is not answered by 审查…七日内 (the
# review's, devdocs 30 dev). A period fills the slot only if its sentence names the question's act, or no act
# of another family. Only where the question names acts of one family; Chinese only (English act words — decide,
# appeal, filing, review — named acts of two families or none as the text writes them: dev +0 −4 when tried).
# (ablation switch)
ACT_OF_PERIOD = True
# … and the act a period governs is the one written right after it, up to the next stop (在三个月内给予答复): a sentence
# naming the asked act elsewhere (在审批…的过程中) does not make another act's period the asked one (devdocs 35 dev: a
# near miss answered with the consulted departments' reply period). (ablation switch)
ACT_AFTER_PERIOD = True


def _acts(text: str) -> set[int]:
    return {i for i, family in enumerate(_act_families()) if family.search(text)}


def _act(question: str) -> int | None:
    named = _acts(question) if ACT_OF_PERIOD else set()
    return next(iter(named)) if len(named) == 1 else None


# The figures an either-or offers ("期限最长是2年还是3年", "30 or 60 days") are the choices, not the asker's
# premises: the one a clause states answers it (devdocs 30 dev: refused, "no period stated", beside 不得超过2年).
# (ablation switch)
OFFERED_NOT_PREMISE = True
_OFFERED_RE = re.compile(r"\d[\d.,]*\s*[^\d\s，,。；;？?！!还或]{0,5}\s*(?:还是|或是|或者|\bor\b)\s*\d[\d.,]*\s*[^\d\s，,。；;？?！!]{0,5}",
                         re.IGNORECASE)


def _offered(question: str) -> str:
    """The words of an either-or between figures (2年还是3年), NFKC; '' when the question offers none."""
    if not OFFERED_NOT_PREMISE:
        return ""
    m = _OFFERED_RE.search(unicodedata.normalize("NFKC", question))
    return m.group(0) if m else ""


# "How many refuelling stations …" counts things: a length or an area (续航里程达到500公里) is no count of them, as
# 多少辆 is not answered by 500公里 (conversations dev 32: answered "500"). English only: the Chinese measure word
# says it already (asked_measure). (ablation switch)
EN_THINGS_COUNTED = True
_EN_THINGS_COUNTED_RE = re.compile(r"\bhow many (?!(?:square |cubic )?(?:km|kilomet|met(?:er|re)|mile|hectare|mu\b|tons?\b"
                                   r"|tonnes?\b|kilo|kg\b|times\b|days?\b|weeks?\b|months?\b|years?\b|hours?\b))[a-z]")
_BOUND = r"(?:以上|以下|左右|以内|范围内|之内)"  # what may follow a figure's unit (500公里以内)
_UNIT_ENDED_RE = re.compile(rf"(?:{'|'.join(MEASURE_UNITS)}){_BOUND}?$")


# A sum a fine is reckoned in (处…罚款, 违法经营额…以上的) does not answer a question that speaks of no wrong
# and no penalty: "how much does the archive charge for copies" was answered 五万元以上 from a copyright
# infringement's fine (devdocs 27 dev). (ablation switch)
FINE_NOT_ASKED = True
_WRONG_ASKED_RE = re.compile(r"罚|处分|处理|违法|违反|违规|侵权|侵犯|责任|赔偿|不得|禁止|擅自|未经|骗取|冒用|拒不|逾期|未按"
                             r"|penalt|fine[ds]?\b|punish|sanction|illegal|unlawful|violat|infring|breach|liab|compensat"
                             r"|forbid|prohibit|without (?:permission|approval|a licen[cs]e)")
_FINE_STATED_RE = re.compile(r"罚款|罚金|违法所得|违法经营额|并处|处以")


# How long a certificate is valid is not the period before its expiry by which renewal is applied for
# (有效期满前六个月，应当…申请复查; devdocs 19 dev: "how long is it valid" answered 六个月) — unless the question
# asks that period (到期前多久, how long before it expires). (ablation switch)
BEFORE_EXPIRY = True
_BEFORE_ASKED_RE = re.compile(r"前|\bbefore\b|\bprior to\b|\bahead of\b")
_BEFORE_EXPIRY_RE = re.compile(r"(?:期满|届满|到期|失效)(?:之)?前\s*$")


# "世界计量日是哪一天？" is not answered by 每年5月 (a month: a 宣传月's) — devdocs 10 dev. (ablation switch)
DAY_ASKED = True
_DAY_ASKED_RE = re.compile(r"哪一?天|哪一?日|几月几[日号]|几号|\b(?:what|which) (?:day|date)\b|\bon what date\b")


# The question's own period is read by its value too: "变更要提前30天办手续，那关停要提前多少天？" is not answered by
# 提前30日 (devdocs 34 dev: a near miss answered with the premise's own period, written 日 where the asker wrote 天).
# (ablation switch)
PERIOD_BY_VALUE = True
# (not where the question weighs two things, "the 45-day deadline or a default 30 days?": its 30 days is a choice
# the clause may name — devdocs 29 dev)
_CHOICE_RE = re.compile(r"还是|或者|\bor\b")
# (a period the question writes, 每年80学时: the date-excluding look-behind of the fact pattern is not wanted)
_QUESTION_PERIOD_RE = re.compile(r"\d+(?:个工作日|工作日|学时|课时|个?小时|日|天|周|个月|年)")
# A period asked in a unit (多少天内起诉) is not answered by one in another (应当在四个月内作出处理决定: the
# department's deadline, not the party's): devdocs 4 dev. (ablation switch)
PERIOD_UNIT = True
_PERIOD_UNIT_ASKED_RE = re.compile(r"(?:多少|几)\s*(?:个)?\s*(工作日|工作天|天|日|周|星期|月|年)")
_PERIOD_UNITS = {"工作日": ("日", "天"), "工作天": ("日", "天"), "天": ("日", "天"), "日": ("日", "天"), "周": ("周", "星期"),
                 "星期": ("周", "星期"), "月": ("月",), "年": ("年",)}


# and in English ("within how many days"): a year of comparison observation (一个自然年) or a 48-hour forecast
# answered it (devdocs 18 and 21 dev) (ablation switch)
EN_PERIOD_UNIT = True
_EN_PERIOD_UNIT_ASKED_RE = re.compile(r"\bhow many (?:working |calendar |natural )?(days|weeks|months|years)\b",
                                      re.IGNORECASE)
_EN_PERIOD_UNIT = {"days": "日", "weeks": "周", "months": "月", "years": "年"}


def _period_unit(question: str) -> str | None:
    m = _PERIOD_UNIT_ASKED_RE.search(question)
    if m is None and EN_PERIOD_UNIT and (en := _EN_PERIOD_UNIT_ASKED_RE.search(question)):
        return _EN_PERIOD_UNIT[en.group(1).lower()]
    return m.group(1) if m else None


def _qualifier(question: str) -> str | None:
    """The two characters naming what an asked quantity is of: 加计扣除比例是多少 → 扣除, 基金总规模多大 → 基金."""
    m = _lexicon()["qualified_quantity"].search(question)
    return m.group(1) if m else None


# 几名 and 多少人 both count people: "不得少于二人" answers "至少要几名检查人员" (devdocs 32 dev: refused as
# stating no number). (ablation switch)
PERSONS_EITHER = True
_PERSONS = ("人", "名")


def filling(slot: Slot, text: str, clause: str = "", kinds: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """The (kind, words) facts of `text` (a quote, normalised) that can fill `slot`, in text order;
    `clause`: the whole clause the quote is from (a target year often opens it)."""
    lex = _lexicon()
    out = []
    for sentence in _SENTENCE_RE.findall(text):
        for kind, words in facts(sentence, kinds):
            if fills(slot, kind, words, sentence, clause or text, lex):
                out.append((kind, words))
    return out


def fills(slot: Slot, kind: str, words: str, sentence: str, clause: str = "",
          lex: dict[str, re.Pattern[str]] | None = None) -> bool:
    from .premise import figures

    lex = lex or _lexicon()
    if kind in ("money", "count", "percent") and set(figures(words)) & slot.premises:
        return False  # the question's own figure
    if kind in ("count", "measure") and slot.measure and not re.sub(rf"{_BOUND}$", "", words).endswith(
            _PERSONS if slot.measure in (_PERSONS if PERSONS_EITHER else ("人",)) else slot.measure):
        return False
    if slot.things_counted and kind in ("count", "measure") and _UNIT_ENDED_RE.search(words):
        return False  # (how many stations: 500公里 counts none)
    if MEASURE_NOT_SUM and slot.measure and kind in ("money", "percent", "multiple"):
        return False  # 多少家 / 多少人 is no sum or share
    if slot.ratio and kind in ("money", "count"):
        return False
    if not slot.wrong_asked and kind in ("money", "multiple") and _FINE_STATED_RE.search(sentence):
        return False
    # a share or a sum of something else: 占销售收入比例达到百分之一 does not say the 加计扣除比例 asked for
    # (the clause before the sentence may say it: an item's lead-in names what its figure is of)
    upto = clause[: clause.find(sentence) + len(sentence)] if sentence in clause else sentence
    if slot.qualifier and kind in ("money", "percent") and slot.qualifier not in upto:
        return False
    if (slot.per_unit and kind in ("money", "count") and lex["total_stated"].search(sentence)
            and not lex["per_unit_stated"].search(sentence)):
        return False
    if slot.day and kind == "date" and not re.search(r"[日号]|-\d{1,2}-\d", words):
        return False  # a month or a year does not say which day
    if slot.expiry and kind in ("date", "duration") and not lex["expiry_stated"].search(sentence):
        return False  # an issue date is no expiry date
    at = sentence.find(words)  # (where the figure stands: what comes before and after it says whose it is)
    if (BEFORE_EXPIRY and slot.expiry and not slot.before_expiry and kind == "duration"
            and at >= 0 and _BEFORE_EXPIRY_RE.search(sentence[:at])):
        return False  # (有效期满前六个月: the time to apply for renewal, not how long it is valid)
    if (kind == "measure" and slot.dimension and at >= 0
            and (theirs := _dimension_of(sentence[:at])) and theirs != slot.dimension):
        return False  # (a length of another dimension)
    if (kind in ("duration", "event", "date") and slot.recipient and (theirs := _recipient(sentence))
            and not _same_body(slot.recipient, theirs)):
        return False  # (a filing with another body)
    if kind == "duration":
        period = re.sub(r"(?:内|以内|以上|以下)$", "", unicodedata.normalize("NFKC", words))
        if period in slot.periods or (PERIOD_BY_VALUE and not slot.choice and any(
                key in slot.premises for key in figures(words) if key[0] == "duration")):
            return False  # the question's own period (公需科目要占每年80学时中的多少学时) is its premise
        if slot.period_unit and not any(u in period[-3:] for u in _PERIOD_UNITS[slot.period_unit]):
            return False  # 四个月内 does not say how many days
        if slot.act is not None and (acts := _acts(sentence)) and slot.act not in acts:
            return False  # (another act's deadline)
        if ACT_AFTER_PERIOD and slot.act is not None and at >= 0:
            governed = _acts(re.split(r"[，,；;。]", sentence[at + len(words):], maxsplit=1)[0])
            if governed and slot.act not in governed:
                return False  # (审批…过程中征询意见，有关部门应当在三个月内给予答复: the reply's period, not the approval's)
    if slot.present and kind in ("money", "count", "percent") and lex["target_stated"].search((clause or sentence).lower()):
        return False
    return True
