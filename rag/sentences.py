"""Sentence spans inside a clause, with absolute offsets, and the key facts they state.

Sentences end at 。！？!?；; or a line break, but never inside quotes or
brackets (“…” 《…》 (…) （…） 「…」), so a programme name or a parenthesised
document number is never cut in half. Enumerations joined by "；" ("一是…；二是…")
come out one item per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENDS = set("。！？!?；;\n")
_OPEN = {"“": "”", "《": "》", "(": ")", "（": "）", "「": "」", "『": "』", "〔": "〕", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_WS = " \t\r\n\u3000\xa0\ufeff"


@dataclass(frozen=True)
class Span:
    start: int  # absolute offset in the document
    end: int
    text: str


def split_sentences(text: str, base: int = 0) -> list[Span]:
    spans: list[Span] = []
    depth: list[str] = []
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN and not (ch == "(" and i + 1 < len(text) and text[i + 1] == ")"):
            depth.append(_OPEN[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif ch in _CLOSE and not depth:
            pass  # a stray closer: ignore
        if (ch in _ENDS and not depth) or ch == "\n":
            if ch == "\n":
                depth.clear()  # brackets never span lines in these documents
            _emit(spans, text, start, i + (0 if ch == "\n" else 1), base)
            start = i + 1
    _emit(spans, text, start, len(text), base)
    return spans


def _emit(spans: list[Span], text: str, a: int, b: int, base: int) -> None:
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    if b > a and re.search(r"\w", text[a:b]):
        spans.append(Span(base + a, base + b, text[a:b]))


# --- key facts -------------------------------------------------------------------

_NUM = r"\d+(?:[.,]\d+)*"
_CN_CHARS = "一二两三四五六七八九十百千"
_CN = f"[{_CN_CHARS}]"
CN_DATES = True  # (ablation switch: False reads 一九八三年 as a period again, as before)
_CN_YEAR = "[一二三四五六七八九〇零○]{4}"
_CN_YEAR_RE = re.compile(f"{_CN_YEAR}年")
# a date written digit by digit in Chinese numerals, its year, month and day in groups (docrecord.arabic_date)
CN_DATE = rf"({_CN_YEAR})年(?:([一二三四五六七八九十]{{1,3}})月(?:([一二三四五六七八九十]{{1,3}})日)?)?"
LEVELS_DIVIDED = True
LEVELS_LISTED = True  # (ablation switch, read at import; see FACT_PATTERNS["count"])
# 九年制义务教育 names a school system, not a period of nine years (devdocs 20 dev: "保护期是多少年" was answered
# 九年 from a clause on compulsory education). (ablation switch)
SYSTEM_NAMES = True
# 一个自然年 (a calendar year of comparison observations) is a period (devdocs 21 dev: "至少要做多长时间" refused as
# no figure: 个 before 自然年 stopped the pattern). (ablation switch, read at import)
NATURAL_YEAR = True
# a length, an area or a weight (周围五百米范围内, 二十亩, 三公顷): what "多少米 / 多大范围 / how many metres" asks,
# which no count or sum answers (question.UNITS_ASKED; devdocs 21 dev: "至少要离多少米" answered with 至少一个
# [自然年]). (ablation switch, read at import)
MEASURES = True
# (weights in 公斤 and 千克 too: "样品重量上限是20公斤对吧" was refused as stating no figure beside 不得超过15公斤 —
# devdocs 27 dev; ablation switch WEIGHTS, read at import)
WEIGHTS = True
MEASURE_UNITS = ("平方公里", "平方米", "千米", "公里", "米", "公顷", "亩", "吨") + (("公斤", "千克") if WEIGHTS else ())
EVERY_N = True  # (ablation switch; see question.EVERY_HOW_MANY)
CYCLES = True  # (ablation switch, read at import: a stated cycle and 每半年 as frequencies)
EVENT_BEFORE = True  # (see FACT_PATTERNS["event"])
EVENT_DAY = True  # (see FACT_PATTERNS["event"]; read at import)
PERIOD_BEFORE = True  # (see FACT_PATTERNS["event"]; read at import)
_FREQUENCY = (r"每(?:隔)?(?:[两二三四五六七八九十\d]+)?(?:个)?(?:年|季度|月|半年|周)[^，,。；;]{0,10}?[一两二三四五\d]+次"
              r"|每隔[一两二三四五六七八九十\d]+(?:个)?(?:年|季度|月|周)|[一两二三四五\d]+年(?:一次|一届|评选一次)"
              # every so many years, with no 次 after it (每三年对…进行评估; question.EVERY_HOW_MANY)
              + (r"|每[两二三四五六七八九十\d]+个?(?:年|季度|月|周)(?![一二三四五六七八九十\d])" if EVERY_N else "")
              # a cycle stated (更新周期不超过二年, 周期为三至五年) and every half year (每半年将…报…备案) say how often
              # too (devdocs 22 dev: two "how often" questions refused as stating no frequency)
              + (r"|周期(?:一般|原则上)?(?:为|是|不超过|不得超过|不少于|不低于)?(?:\d{1,2}|[一两二三四五六七八九十]{1,3})"
                 r"(?:(?:至|到|-|—)(?:\d{1,2}|[一两二三四五六七八九十]{1,3}))?个?(?:年|月)|每半年(?!度)" if CYCLES else ""))
# a verb between the period and 一次 (至少5年更新一次, 三年评估一次) states how often too (devdocs 18 dev: "how often …
# updated" refused as stating no frequency); a year (2019年开展一次) is no period. (ablation switch, read at import:
# FREQUENCY_WITHOUT_VERB is the pattern without it)
PERIOD_VERB_ONCE = True
_PERIOD_VERB_ONCE = (r"(?<![\d一二三四五六七八九十〇零])(?:\d{1,2}|[一两二三四五六七八九十]{1,3})个?(?:年|季度|月|周)"
                     r"[\u4e00-\u9fff]{1,3}?一次")
FREQUENCY_WITHOUT_VERB = re.compile(_FREQUENCY)
FACT_PATTERNS: dict[str, re.Pattern[str]] = {
    # (a Chinese share may have decimals and a bound after it: 百分之一点二以上 — devdocs 3 dev read 百分之一)
    "percent": re.compile(rf"{_NUM}\s*[%‰](?:及以上|以上|以下|左右)?"
                          r"|[百千]分之[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?(?:及以上|以上|以下|左右)?"
                          # percentage points, a range's both ends (高于…三到五个百分点; devdocs 10 dev)
                          rf"|(?:{_NUM}|{_CN}+)(?:\s*(?:至|到|-|—|~)\s*(?:{_NUM}|{_CN}+))?\s*个?百分点(?:以上|以下|左右)?"),
    # regulations write sums in Chinese numerals (处五万元以上十万元以下的罚款) as often as in digits
    "money": re.compile(rf"{_NUM}\s*(?:万亿|亿|万|千)?\s*元|{_NUM}\s*(?:万亿|亿)(?=[的规资基])"
                        rf"|{_CN}+(?:万亿|亿|万|千)?元(?!化)"),
    # 第四十四条 / 第三项 is an item's number, not a count: every article of a regulation opens with one,
    # so without `not_a_fact` any 第X条 clause "stated" the figure a how-many question asks for. 一批
    # ("a number of") is no count either.
    # 六个月 and 十五个工作日 are periods, not six or fifteen of something; 一次性 (one-off) is no count;
    # 三到五个百分点 is a share (devdocs 10 dev: "how many kinds of activity" answered 五个). 一站一台 (one
    # station, one platform) names a pairing, not one 台 (forms dev 3: "how many working groups" answered 1).
    "count": re.compile(
        rf"(?P<not_a_fact>第\s*|党的\s*|一[\u4e00-\u9fff](?=一))?(?!一批)(?:{_NUM}\s*(?:—|-|~|至|到)?\s*(?:{_NUM}\s*)?|{_CN}+)(?:万)?"
        r"(?:大|家|个(?!月|工作日|自然日|自然年|百分点)|项|件|名|人|所|支|批|条|种|次(?!性)|台|套|座|处|类|辆|公里|平方米|部分|方面|周岁|岁)"
        r"(?:以上|以下|左右)?"
        # levels counted where something is divided into them (实验动物分为四级: devdocs 16 dev, "几个等级" refused as
        # no figure); 级 elsewhere is a rank (三级医院, 省级), no count (ablation switch: sentences.LEVELS_DIVIDED)
        + (rf"|(?<=分[为成])(?:{_NUM}|{_CN}+)\s*(?:等级|级|档|等)(?![奖品])" if LEVELS_DIVIDED else "")
        # and where the division is written without 为/成, or with the levels named one by one (永久保管档案分一、
        # 二、三级管理: devdocs 27 dev, "into how many grades" refused as no figure; 部分三级医院 is no division)
        # (named one by one after 分为 too, 分为一、二级 — devdocs 32 dev)
        + (rf"|(?:(?<=(?<!部)分)|(?<=分[为成])(?=(?:{_CN}、)+{_CN}))(?:(?:{_CN}、)+{_CN}|{_NUM}|{_CN}+)\s*(?:等级|级|档)(?![奖品])"
           if LEVELS_LISTED else "")
    ),
    # a period (三十日内, 六个月, 三至五年, 2年): what a deadline or "how long" question asks for
    "duration": re.compile(
        rf"(?<![第月年号哪每{_CN_CHARS}〇零\d])(?!{_CN_YEAR}年)(?:\d{{1,3}}|{_CN}+)(?:\s*(?:至|到|-|—|~)\s*(?:\d{{1,3}}|{_CN}+))?\s*"
        r"(?:个工作日|个自然日|工作日|自然日" + (r"|个?自然年" if NATURAL_YEAR else "") + r"|日|天|周(?!岁)|个月|年|学时|课时|个?小时)"
        r"(?:内|以内|以上|以下)?(?![度初底末])"
        + ("(?!制)" if SYSTEM_NAMES else "")
    ),
    # a map scale (1∶2000至1∶500, 1:10000): what "哪种比例尺" asks (question.SCALES_ASKED)
    "scale": re.compile(r"1\s*[:∶：]\s*\d[\d.,，]{0,8}万?(?:\s*(?:至|到|-|—|~|和|或者?)\s*1\s*[:∶：]\s*\d[\d.,，]{0,8}万?)?"),
    "measure": re.compile(rf"(?:{_NUM}|{_CN}+)\s*(?:{'|'.join(MEASURE_UNITS)})(?:以上|以下|以内|范围内|之内)?"
                          if MEASURES else r"(?!x)x"),
    # a fine as a multiple of illegal gains (违法所得一倍以上三倍以下, 三倍罚款): regulations state penalties
    # so as often as in yuan (devdocs 5 dev: "up to what multiple …" was refused as stating no figure).
    # 倍增 (a doubling plan) is no multiple stated.
    "multiple": re.compile(rf"(?:{_NUM}|{_CN}+)\s*倍(?!增)(?:以上|以下|以内)?"),
    # (每年9月: a month of every year — "全国科普月 几月", devdocs 10 dev)
    "date": re.compile(
        r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|(?:每年)?\d{1,2}月\d{1,2}日(?:前)?|\d{4}-\d{1,2}-\d{1,2}"
        r"|每年(?:\d{1,2}|[一二三四五六七八九十]{1,2})月(?![\d一二三四五六七八九十])"
        # older texts write a date digit by digit in Chinese numerals (一九八三年九月一日): a date, not a period of
        # 1983 years (devdocs 14 dev: refused as no date)
        rf"|{CN_DATE}"
    ),
    # a time given by an event or an occasion (自许可证颁发之日起, 在法定节假日和科技活动周期间): when-questions
    # (a part of every year, 每年上半年; a time deferred to, 待分红或者转让时 — devdocs 3 and 7 dev)
    "event": re.compile(r"自[^，,。；;：:]{2,40}?之日起|(?:在|于)[^，,。；;：:]{2,30}?期间"
                        r"|每年(?:上半年|下半年|年初|年底|年末|第?[一二三四]季度)(?:前|内|末)?|待[^，,。；;：:]{2,20}?时"
                        # (…经双方当事人签字或者盖章后生效: when it takes effect — devdocs 11 dev, refused as "no date")
                        r"|[^，,。；;：:]{2,30}?后(?:生效|施行|实施|执行)"
                        # a start counted from an event's year or day (自被授予品种权的当年开始缴纳年费: devdocs 16 dev,
                        # "从哪一年开始交" refused as no date)
                        r"|自[^，,。；;：:]{2,40}?(?:当年|次年|当月|次月|次日)(?:起|开始)"
                        # before an event (应当于项目开工前…签订, 于注销或者撤销前…移交) and only after one (…正式投入
                        # 使用后，方可改变旧址用途): what "什么时候要签" asks (devdocs 29 dev: both refused as stating
                        # no date; ablation switch EVENT_BEFORE, read at import)
                        # (not a date's 以前 — 限于一九八四年五月一日以前 is a date —, nor 限于/对于/由于…)
                        + (r"|(?<![限关属等对由至基])于[^，,。；;：:\d年]{2,20}?(?:之前|前)|[^，,。；;：:]{2,30}?后(?=[，,]?方(?:可|能|得))"
                           if EVENT_BEFORE else "")
                        # a day named by an event (以快递企业收寄日为准, 以双方确认之日为收到申请之日): what "以哪天为
                        # 提交日" asks (devdocs 25 and 33 dev: refused as stating no date)
                        + (r"|以[^，,。；;：:]{2,30}?(?:之日|日)为(?:准|[^，,。；;：:]{1,12}?(?:之日|日))" if EVENT_DAY else "")
                        # a time set by a period before an event (拟使用7个工作日前, 拟飞行前1天15时前, 拟起飞15分钟前):
                        # what "最晚什么时候提出" asks (devdocs 35 dev: three when-questions refused as stating no date);
                        # a month's day (12月31日前) is a date, not 31 days before
                        + (rf"|(?<![第月年号\d{_CN_CHARS}〇零])(?:\d{{1,3}}|{_CN}+)\s*(?:个工作日|工作日|日|天|个?小时|分钟|个月|周)"
                           r"(?:\d{1,2}时)?(?:以前|之前|前)(?![后期])" if PERIOD_BEFORE else "")),
    # how often: 每两年评选一次, 每年至少一次, 每隔三年, 两年一届
    "frequency": re.compile(_FREQUENCY + (f"|{_PERIOD_VERB_ONCE}" if PERIOD_VERB_ONCE else "")),
    # (the number of a document cited by its title, 《…的决定》(廊字〔2016〕29号), is not a fact of this one)
    "docnum": re.compile(r"(?P<not_a_fact>》[(（])?[\u4e00-\u9fff]{1,8}[〔\[［(（](?:19|20)\d\d[〕\]］)）]\s*\d+\s*号"),  # 京政办发〔2016〕50号
    # (one label's units: 牵头单位:甲、乙 stops where 责任单位: begins)
    "unit": re.compile(r"(?:牵头单位|责任单位|牵头部门|责任部门|配合单位|牵头)\s*[:：]?\s*"
                       r"(?:(?!责任单位|责任部门|配合单位|牵头单位)[^。;；\n]){2,80}"),
    "programme": re.compile(r"“[^”]{2,24}”(?:计划|工程|行动|政策|平台|模式|体系)?|《[^》]{2,60}》"),
}
NUMBER_RE = re.compile(rf"{_NUM}\s*[%‰]?|[百千]分之[一二三四五六七八九十百]+")
QUOTED_NAME_RE = re.compile(r"“([^”]{2,30})”|《([^》]{2,60})》")


def facts(text: str, kinds: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(kind, verbatim string) for every key fact in `text`, in text order."""
    found: list[tuple[int, str, str]] = []
    for kind, pattern in FACT_PATTERNS.items():
        if kinds is None or kind in kinds:
            # A pattern can match its context too, in group `not_a_fact`, to reject what it would
            # otherwise find: re has no variable-width look-behind.
            found.extend((m.start(), kind, m.group(0).strip()) for m in pattern.finditer(text)
                         if not m.groupdict().get("not_a_fact") and (CN_DATES or kind != "date"
                                                                      or not _CN_YEAR_RE.match(m.group(0))))
            if not CN_DATES and kind == "duration":
                found.extend((m.start(), kind, m.group(0)) for m in _CN_YEAR_RE.finditer(text))
    return [(k, s) for _, k, s in sorted(found)]
