"""What a question asks for: its language, its content words, the kind of fact it
wants, and the places it names. Used by the composers and by abstention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import cjk_ratio, detect_lang, normalize

# Kinds of fact a question asks for, by its wording (Simplified Chinese after normalisation, or English).
INTENT_PATTERNS: dict[str, re.Pattern[str]] = {
    "number": re.compile(
        r"多少|(?<!哪)几[个项家所条年名位倍成万千百十]|多大|比例|比重|占比|百分之|金额|数额|数量|额度|上限|下限"
        r"|(?:成交|交易|销售|营业|投资)额"
        r"|how (much|many)|how large|how big|\b(share|percentage|proportion|ratio|rate|amount|turnover|revenue|budget)\b"
        r"|\bnumber of\b",
        re.IGNORECASE,
    ),
    # a sum of money, not any figure: a count or a percentage does not answer "how much money"
    "money": re.compile(r"多少钱|几多钱|多少资金|多少经费|多少预算|金额|how much (money|funding|funds?|budget)",
                        re.IGNORECASE),
    "docnum": re.compile(r"文号|发文字号|document number|reference number", re.IGNORECASE),
    "when": re.compile(r"何时|什么时候|哪一?年|哪天|几月|日期|期限|截止|时限|多久|多长时间|how long|when|what (year|date|time)|deadline|by when",
                       re.IGNORECASE),
    "who": re.compile(r"谁|哪个(部门|单位|机构)|哪些(部门|单位|机构)|牵头|负责|责任单位|主管|who|which (department|unit|agency|body|office|bureau|organi[sz]ation)|responsible|in charge|lead",
                      re.IGNORECASE),
    "where": re.compile(r"哪里|哪儿|在哪|哪个(区|县|市|地方)|地点|where|which (district|county|city|area|place)", re.IGNORECASE),
    "list": re.compile(r"哪些|哪几|几大|有什么|包括|包含|which .*s\b|what are|list", re.IGNORECASE),
}
# A yes/no question ("…有比例上限吗?", "Can units …?") is answered by the clause that decides it, which
# need not state the figure its words name; it stays a figure question when it also asks which/how much.
YESNO_RE = re.compile(r"是否|能否|可否|能不能|可不可以|是不是|有没有|会不会|[吗嗎][?？]?\s*$"
                      r"|^(?:is|are|can|could|does|do|did|will|may|must|should|has|have)\b", re.IGNORECASE)
_WH_RE = re.compile(r"多少|几|哪|什么|谁|怎么|如何|\b(?:how|what|which|when|who|where|why)\b", re.IGNORECASE)
# Question words carry no content: they never count towards how well a sentence covers a question.
INTERROGATIVE_RE = re.compile(
    r"^(几.?|哪.*|多少.*|多大|多久|多长|什么.*|怎么.*|怎样|如何|何.*|为什么|为何|是否|是不是|有没有|能否|能不能|可否|吗|呢|谁)$"
)
FACT_KINDS_FOR_INTENT = {
    "number": ("percent", "money", "count"),
    "money": ("money",),
    "docnum": ("docnum",),
    "when": ("date",),
    "who": ("unit",),
}
# Intents whose fact must be stated for the question to count as answered ("who" answers vary too much in form).
REQUIRED_FACT_INTENTS = ("number", "money", "docnum", "when")
# "几年" / "多少个工作日" / "期限" / "how long": a question whose answer is a period (三十日内), not a
# date; "哪一年" stays a date: a period of 5年 does not say which year.
_DURATION_ASKED_RE = re.compile(r"(?:几|多少)个?(?:工作日|天|日|周|个?月|年)|多长时间|多久|期限|时限"
                                r"|how (?:long|many (?:days|weeks|months|years))|within how",
                                re.IGNORECASE)
# Other names by which a text mentions these places: the two-character compounds of 京津冀. No
# one-character alias: 京 alone would let 南京 mention Beijing. A mention is not jurisdiction: a
# Langfang clause about "京津科技成果" mentions Beijing but does not speak for it (features.covers_place).
PLACE_ALIASES: dict[str, tuple[str, ...]] = {"北京": ("京津", "京冀"), "天津": ("京津", "津冀"), "河北": ("津冀", "京冀")}
_ORDINAL_RE = re.compile(r"第([一二三四五六七八九十百零〇两\d]+)[项条个章节款部分批]?")
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                "twentieth": 20}
MULTI_DOC_RE = re.compile(
    r"分别|对比|比较|相比|两地|两份|[和跟与].+各|各是|又是|又有|又安排|compare|versus|\bvs\b|\bboth\b|respectively",
    re.IGNORECASE,
)

# Places whose mention constrains which document can answer. A question that names a
# place no supporting document mentions is about something these documents do not cover.
PLACES = {
    "北京": "beijing", "天津": "tianjin", "上海": "shanghai", "重庆": "chongqing", "河北": "hebei", "山西": "shanxi",
    "辽宁": "liaoning", "吉林": "jilin", "黑龙江": "heilongjiang", "江苏": "jiangsu", "浙江": "zhejiang",
    "安徽": "anhui", "福建": "fujian", "江西": "jiangxi", "山东": "shandong", "河南": "henan", "湖北": "hubei",
    "湖南": "hunan", "广东": "guangdong", "海南": "hainan", "四川": "sichuan", "贵州": "guizhou", "云南": "yunnan",
    "陕西": "shaanxi", "甘肃": "gansu", "青海": "qinghai", "台湾": "taiwan", "内蒙古": "inner mongolia",
    "广西": "guangxi", "西藏": "tibet", "宁夏": "ningxia", "新疆": "xinjiang", "香港": "hong kong", "澳门": "macau",
    "深圳": "shenzhen", "广州": "guangzhou", "杭州": "hangzhou", "南京": "nanjing", "苏州": "suzhou",
    "武汉": "wuhan", "成都": "chengdu", "西安": "xi'an", "合肥": "hefei", "厦门": "xiamen", "青岛": "qingdao",
    "大连": "dalian", "宁波": "ningbo", "长沙": "changsha", "郑州": "zhengzhou", "济南": "jinan", "沈阳": "shenyang",
    "石家庄": "shijiazhuang", "保定": "baoding", "雄安": "xiong'an", "廊坊": "langfang", "唐山": "tangshan",
    "贵阳": "guiyang", "昆明": "kunming", "福州": "fuzhou", "无锡": "wuxi", "东莞": "dongguan", "佛山": "foshan",
    "海淀": "haidian", "朝阳": "chaoyang", "东城": "dongcheng", "西城": "xicheng", "丰台": "fengtai",
    "石景山": "shijingshan", "通州": "tongzhou", "顺义": "shunyi", "昌平": "changping", "大兴": "daxing",
    "房山": "fangshan", "门头沟": "mentougou", "怀柔": "huairou", "平谷": "pinggu", "密云": "miyun",
    "延庆": "yanqing", "亦庄": "yizhuang", "固安": "gu'an", "燕郊": "yanjiao",
}
_ENGLISH_PLACES = {en: zh for zh, en in PLACES.items()}
# The place each place lies in, for places that are part of another one in PLACES: a document of
# 海淀 (issued by 北京市海淀区) speaks for 海淀, not for the whole of 北京.
PLACE_PARENT = {
    **{d: "北京" for d in ("海淀", "朝阳", "东城", "西城", "丰台", "石景山", "通州", "顺义", "昌平", "大兴", "房山",
                           "门头沟", "怀柔", "平谷", "密云", "延庆", "亦庄")},
    "固安": "廊坊", "燕郊": "廊坊",
    **{c: "河北" for c in ("石家庄", "保定", "雄安", "廊坊", "唐山")},
    **{c: "广东" for c in ("深圳", "广州", "东莞", "佛山")}, "杭州": "浙江", "宁波": "浙江",
    **{c: "江苏" for c in ("南京", "苏州", "无锡")}, "武汉": "湖北", "成都": "四川", "西安": "陕西", "合肥": "安徽",
    "厦门": "福建", "福州": "福建", "青岛": "山东", "济南": "山东", "大连": "辽宁", "沈阳": "辽宁", "长沙": "湖南",
    "郑州": "河南", "贵阳": "贵州", "昆明": "云南",
}


@dataclass
class Question:
    text: str
    lang: str
    normalised: str
    is_english: bool
    intents: set[str] = field(default_factory=set)
    places: list[str] = field(default_factory=list)
    multi_doc: bool = False
    ordinals: list[int] = field(default_factory=list)  # "第十二项措施", "the sixteenth measure"


def analyse(text: str) -> Question:
    normalised = normalize(text)
    is_english = cjk_ratio(text) < 0.5
    intents = {name for name, pattern in INTENT_PATTERNS.items() if pattern.search(normalised)}
    if YESNO_RE.search(normalised.strip()) and not _WH_RE.search(normalised):
        intents.add("yesno")
    if intents & {"money", "docnum"}:  # the figure asked for is of that kind
        intents.discard("number")
    # in the order the question names them: the first is its subject (whose rules are asked about)
    found = [(normalised.find(zh), zh) for zh in PLACES if zh in normalised]
    if is_english:
        lowered = normalised.lower()
        found += [(m.start(), zh) for en, zh in _ENGLISH_PLACES.items()
                  if (m := re.search(rf"\b{re.escape(en)}\b", lowered))]
    places = list(dict.fromkeys(zh for _, zh in sorted(found)))
    # Two questions in one ("…多少?…又安排多少?") or two named places usually need two documents.
    multi = bool(MULTI_DOC_RE.search(normalised)) or len(places) >= 2 or len(re.findall(r"[?？]\s*\S", normalised)) >= 1
    from .chunker import cn_to_int

    ordinals = [int(n) if n.isdigit() else cn_to_int(n) for n in _ORDINAL_RE.findall(normalised)]
    # ("third parties" / "third-party" name no item)
    ordinals += [v for w, v in _EN_ORDINALS.items() if re.search(rf"\b{w}\b(?![\s-]+part(?:y|ies))", normalised.lower())]
    ordinals += [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", normalised)]  # years asked about
    return Question(text, detect_lang(text), normalised, is_english, intents, places, multi, ordinals)


def fact_kinds(q: Question, required: bool = False) -> tuple[str, ...]:
    """The kinds of fact (sentences.FACT_PATTERNS) that answer `q`; `required`: only those it cannot do without."""
    if required and "yesno" in q.intents:
        return ()
    kinds = [k for i in sorted(q.intents) if not required or i in REQUIRED_FACT_INTENTS
             for k in FACT_KINDS_FOR_INTENT.get(i, ())]
    if q.intents & {"number", "when"} and _DURATION_ASKED_RE.search(q.normalised):
        kinds.append("duration")
    return tuple(dict.fromkeys(kinds))


# "一共有几项重点措施" / "重点任务总共几项": a question for how many of something. The clause that
# answers it states the count with the same measure word and noun ("实施十六项重点措施").
_COUNT_AFTER_RE = re.compile(r"(?:几|多少)\s*([项个类条种])\s*([\u4e00-\u9fff]{2,4})")
_COUNT_BEFORE_RE = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:总共|一共|共)?有?(?:几|多少)\s*([项个类条种])")
_NUMERAL = r"[一二三四五六七八九十百两\d]+"
_EN_COUNT_WORDS = r"\b(two|three|four|five|six|seven|eight|nine|ten)\b"
# A question that names a count of things ("三大机制", "三类平台", "the three lines") asks for a list of them.
NAMED_COUNT_RE = re.compile(rf"[两二三四五六七八九十几\d]+\s*[大类项条个种]|{_EN_COUNT_WORDS}", re.IGNORECASE)


def count_statement(question: str) -> re.Pattern[str] | None:
    """For a how-many question, the pattern of a sentence stating that count, else None."""
    wanted = [(m.group(1), m.group(2)) for m in _COUNT_AFTER_RE.finditer(question)]
    wanted += [(m.group(2), m.group(1)[-4:]) for m in _COUNT_BEFORE_RE.finditer(question)]
    if not wanted:
        return None
    return re.compile("|".join(rf"{_NUMERAL}\s*{measure}\s*{re.escape(noun)}" for measure, noun in wanted))
