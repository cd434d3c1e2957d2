"""What a question asks for: its language, its content words, the kind of fact it
wants, and the places it names. Used by the composers and by abstention."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .answer import penalty
from .normalize import cjk_ratio, detect_lang, normalize
from .sentences import MEASURE_UNITS, WEIGHTS

# how often, in words that ask nothing else (频率 and 频次 may also name a thing: FREQUENCY_ASKED)
_OFTEN_PHRASES = r"how often|how frequently|多久一次|每隔多久|几年一次|多长时间一次"
# Kinds of fact a question asks for, by its wording (Simplified Chinese after normalisation, or English).
# hours, lengths, areas and weights asked in their units (几小时, 多少米, 几亩): see INTENT_PATTERNS["number"] and
# _ASKED_MEASURE_RE (ablation switch, read at import; a number asked may be a length, an area or a weight:
# sentences.FACT_PATTERNS["measure"])
UNITS_ASKED = True
SCALES_ASKED = True  # (ablation switch, read at import: see INTENT_PATTERNS["scale"])
# (公尺, Taiwan's metre, which the normalised question keeps: "观测场周边多少公尺内不能盖建筑物" was refused as stating
# no figure beside 1000米范围内 — devdocs 29 dev; ablation switch METRES_TW, read at import)
METRES_TW = True
# "What is the maximum height …?", "the minimum distance": a length asked by its English name, not in a unit (devdocs
# 35 dev: refused as stating no figure beside 不得高于地面150米). (ablation switch, read at import)
EN_MEASURE_NOUNS = True
_LENGTH_ASKED_RE = re.compile(rf"(?:多少|几)\s*(?:{'|'.join(MEASURE_UNITS)})|多大(?:的)?(?:范围|面积|距离)|多远|多宽|多高"
                              + (r"|(?:多少|几)\s*(?:平方)?公尺" if METRES_TW else "") +
                              r"|\bhow (?:far|wide|high|tall)\b|\bhow many (?:square )?(?:met(?:er|re)s|kilomet(?:er|re)s|hectares|mu"
                              r"|tons|tonnes)\b"
                              # a weight asked, or a measure the question states itself (上限是20公斤对吧: the
                              # figure it checks is one in that unit — devdocs 27 dev)
                              + (rf"|\bhow (?:heavy|much (?:does|do|can|may|should) [\w\s]{{1,40}}? weigh)\b|\bhow many (?:kilo(?:gram)?s|kg)\b"
                                 rf"|\d+(?:\.\d+)?\s*(?:{'|'.join(MEASURE_UNITS)})" if WEIGHTS else "")
                              + (r"|\bwhat(?: is| was|'s)? (?:the )?(?:maximum |minimum |max |min |greatest |highest |lowest |permitted "
                                 r"|allowed )?(?:height|altitude|length|width|depth|distance|radius)\b" if EN_MEASURE_NOUNS else ""),
                              re.IGNORECASE)
INTENT_PATTERNS: dict[str, re.Pattern[str]] = {
    "number": re.compile(
        r"多少|(?<!哪)几[个项家所条年名位倍成万千百十次批类种件天日周]|多大|比例" + ("(?!尺)" if SCALES_ASKED else "")
        + r"|比重|占比|百分之|金额|数额|数量|额度|上限|下限"
        # (几小时内报告: a period in hours — devdocs 21 dev, a near miss answered with 及时报告, no figure asked)
        + (r"|(?<!哪)几(?:小时|分钟|米|公里|千米|亩|公顷|吨)" if UNITS_ASKED else "")
        + (r"|(?<!哪)几(?:平方)?公尺" if METRES_TW else "") +
        r"|(?:成交|交易|销售|营业|投资)额"
        r"|how (much|many)|how large|how big|how heavy|\b(share|percentage|proportion|ratio|rate|amount|turnover|revenue|budget)\b"
        r"|\bnumber of\b|\bmultiples?\b|how many times"
        r"|\b(?:maximum|minimum|ceiling|age limit)\b"
        r"|(?:什么|何种|哪种)(?:税率|比例(?!尺)|比率|费率|利率|幅度)",  # 按什么税率征收: a rate (devdocs 5 dev)
        re.IGNORECASE,
    ),
    # a sum of money, not any figure: a count or a percentage does not answer "how much money"
    # (capital is a sum too: 需要多少注册资本 is not answered by a share of registered capital — devdocs 6 dev)
    "money": re.compile(r"多少钱|几多钱|多少资金|多少经费|多少预算|多少(?:注册)?资本|金额|how much (money|funding|funds?|budget|capital)"
                        # "What fee does the authority charge?", "What is the fine for …?": a sum, which a clause
                        # naming no sum does not give (devdocs 8 and 9 dev: near misses answered)
                        r"|\bwhat(?:'s| is| are| would| will)? (?:the )?(?:maximum |minimum |max |possible )?(?:fees?|fines?|charges?)\b"
                        r"|\bhow much (?:is|are|would|will) (?:the )?(?:fees?|fines?|charges?)\b",
                        re.IGNORECASE),
    "docnum": re.compile(r"文号|发文字号|document number|reference number", re.IGNORECASE),
    # how often: a frequency (每两年评选一次, 每年至少一次), which 定期 (regularly) does not state (devdocs 7, 9 and 10
    # dev: near misses answered with 定期…公布)
    "often": re.compile(rf"{_OFTEN_PHRASES}|频率|频次", re.IGNORECASE),
    # a map scale (哪种比例尺, 比例尺是多少): 1∶2000 answers it, not a share (比例尺 read as 比例 asked a share, and
    # two questions were refused as "states no figure" — devdocs 18 and 22 dev; SCALES_ASKED)
    "scale": re.compile(r"(?:哪个|哪种|哪一种|哪些|什么|多大)[^，,。？?]{0,6}比例尺|比例尺(?:是|为)?(?:多少|多大|哪)"
                        if SCALES_ASKED else r"(?!x)x"),
    "when": re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|日期|期限|截止|时限|多久|多长时间|how long|how soon|when|what (year|date|time)|deadline|by when",
                       re.IGNORECASE),
    "who": re.compile(r"谁|哪个(部门|单位|机构)|哪些(部门|单位|机构)|牵头|负责|责任单位|主管|who|which (department|unit|agency|body|office|bureau|organi[sz]ation)|responsible|in charge|lead",
                      re.IGNORECASE),
    "where": re.compile(r"哪里|哪儿|在哪|哪个(区|县|市|地方)|地点|where|which (district|county|city|area|place)", re.IGNORECASE),
    "list": re.compile(r"哪些|哪几|几大|有什么|包括|包含|which .*s\b|what are|list"
                       r"|\bwhat (?:\w+ )?(?:ways|kinds|types|forms|methods|means|measures|steps|conditions|services)\b",
                       re.IGNORECASE),
}
# A yes/no question ("…有比例上限吗?", "Can units …?") is answered by the clause that decides it, which
# need not state the figure its words name; it stays a figure question when it also asks which/how much.
TAG_QUESTIONS = True
YESNO_RE = re.compile(r"是否|能否|可否|能不能|可不可以|是不是|有没有|会不会|[吗嗎][?？]?\s*$"
                      # any A-not-A (要不要, 需不需要, 用不用, 算不算, 应不应该; devdocs 6 dev: 要不要 was no yes/no)
                      r"|([\u4e00-\u9fff])[不没]\1"
                      r"|^(?:is|are|can|could|does|do|did|will|may|must|should|has|have)\b"
                      # a statement with a tag (…上限是20公斤对吧？, "…lasts two years, right?") asks whether it holds
                      # (devdocs 27 dev: two such false premises read as no yes/no; ablation switch, read at import)
                      + (r"|(?:对吧|对不对|是吧|没错吧|是这样吗|对么)[?？]?\s*$|,\s*(?:correct|right|true|isn'?t it|aren'?t they"
                         r"|doesn'?t it|don'?t they|am i right|is that (?:right|correct|true|so))\s*\?\s*$" if TAG_QUESTIONS
                         else ""), re.IGNORECASE)
_WH_RE = re.compile(r"多少|几|哪|什么|谁|怎么|如何|\b(?:how|what|which|when|who|where|why)\b", re.IGNORECASE)
# English: a question whose main clause opens with an auxiliary ("Can researchers who … be rewarded?",
# "Apart from state secrets, do universities need …?") asks yes or no; a wh-word after it is a relative
# pronoun or a noun ("the lead unit"), not the question word, so the intents such words raise go. A
# request ("Can you tell me how much …") is not a yes/no question.
_EN_AUX_RE = re.compile(
    r"(?:^|[,;:]\s*)(?:is|are|was|were|can|could|does|do|did|will|would|may|might|must|should|shall|has|have|had)"
    r"\b(?!\s+(?:you|we)\s+(?:tell|list|name|explain|describe|show|give)\b)", re.IGNORECASE)
_EN_EMBEDDED_WH_RE = re.compile(r"\b(?:and|but)\s+(?:how|what|which|when|who|where|why)\b", re.IGNORECASE)
_RELATIVE_INTENTS = frozenset({"who", "where", "list", "when"})
# Question words carry no content: they never count towards how well a sentence covers a question.
INTERROGATIVE_RE = re.compile(
    r"^(几.?|哪.*|多少.*|多大|多久|多长|什么.*|怎么.*|怎样|如何|何.*|为什么|为何|是否|是不是|有没有|能否|能不能|可否|吗|呢|谁)$"
)
FACT_KINDS_FOR_INTENT = {
    "number": ("percent", "money", "count", "multiple"),
    "money": ("money",),
    "docnum": ("docnum",),
    "when": ("date", "event"),
    "who": ("unit",),
    "often": ("frequency",),
    "scale": ("scale",),
}
# Intents whose fact must be stated for the question to count as answered ("who" answers vary too much in form).
REQUIRED_FACT_INTENTS = ("number", "money", "docnum", "when", "often")
# A period asked as how long it is (多长的过渡期, 试用期多长), a sum asked in yuan, an age asked: the questions
# asked a figure the intent patterns did not know, so a clause naming the thing but no figure answered them
# (devdocs 14 dev: near misses answered with a quote). (ablation switch)
ASKED_MEASURES = True
_PERIOD_NOUN = r"(?:期|期限|周期|时限|时段|年限|任期|时间)"
_HOW_LONG = rf"多长的?[\u4e00-\u9fff]{{0,4}}?{_PERIOD_NOUN}|{_PERIOD_NOUN}(?:是|有|为|大概|一般)*多长"
_MEASURE_ASKED = {
    "when": re.compile(_HOW_LONG),
    "money": re.compile(r"多少元|\bin yuan\b|\bhow many yuan\b", re.IGNORECASE),
    "number": re.compile(r"几岁|多少岁|多大年龄|年龄(?:是|为|有)?多大|\b(?:at )?what age\b", re.IGNORECASE),
}
# How often, the verb between the period and 一次 (几年评一次, 多久检定一次, 多长时间开展一次): a frequency
# (每4年评审一次) answers it, which the period pattern does not read (每 before it is no period) — devdocs 15
# dev: refused as "states no figure". (ablation switch)
FREQUENCY_WITH_VERB = True
_OFTEN_WITH_VERB_RE = re.compile(r"(?:(?:几|多少)个?(?:年|月|季度|周|星期|天|日)|多久|多长时间)[\u4e00-\u9fff]{1,4}?一次")
# "每隔几年…做一次评估": every how many years is how often, whatever comes between (devdocs 17 dev: refused as
# "states no figure" beside 每三年…进行评估) (ablation switch; sentences reads 每三年 as a frequency with it)
EVERY_HOW_MANY = True
_EVERY_HOW_MANY_RE = re.compile(r"每隔?(?:几|多少)个?(?:年|月|季度|周|星期|天|日)")
# "What powers do the inspectors have?", "what duties …": a plural of things an article lists item by item asks
# the list (devdocs 19 dev: one item of an inspection article's five quoted). (ablation switch)
LIST_NOUNS = True
_LIST_NOUN_RE = re.compile(r"\bwhat (?:\w+ )?(?:powers|duties|responsibilities|obligations|rights|requirements|tasks"
                           r"|functions|circumstances|acts|activities|materials|documents)\b", re.IGNORECASE)
# A fine asked as a sum (罚多少钱, what's the fine) is stated as often as a multiple of another sum (处测绘约定报酬1倍
# 以上2倍以下的罚款) as in yuan (devdocs 18 dev: refused as "states no sum of money"). (ablation switch)
FINE_MULTIPLE = True
_FINE_ASKED_RE = re.compile(r"罚|\bfine[sd]?\b|\bpenalt", re.IGNORECASE)
# 频率/频次 is how often only when it is what is asked (…的频率是多少, 什么频率, 频次如何): a radio channel's
# 专用频率 is the thing named (devdocs 18 dev: a question about who penalises its misuse refused as "states no
# frequency"). (ablation switch)
FREQUENCY_ASKED = True
_FREQUENCY_NOUN_RE = re.compile(r"频[率次]")
_FREQUENCY_ASKED_RE = re.compile(r"频[率次](?=是|为|有|大概|一般|如何|怎样|怎么|多|[?？]|$)|(?:什么|多大|多高|怎样)的?频[率次]")
_OFTEN_PHRASE_RE = re.compile(_OFTEN_PHRASES, re.IGNORECASE)
# "几年" / "多少个工作日" / "期限" / "how long": a question whose answer is a period (三十日内), not a
# date; "哪一年" stays a date: a period of 5年 does not say which year.
# (study hours, 学时/课时/小时, are periods too: "每年不少于８０学时" — devdocs 5 dev)
_DURATION_ASKED_RE = re.compile(r"(?:几|多少)个?(?:工作日|工作天|天|日|周|星期|礼拜|季度|个?月|年|学时|课时|小时)|多长时间|多久|期限|时限"
                                rf"|{_HOW_LONG}"
                                # (how many working days: a period too — devdocs 10 dev, refused as no figure)
                                # (how many consecutive years: a period too — devdocs 28 dev, refused as no figure)
                                r"|how (?:long|soon|many (?:(?:working |business |calendar |natural |consecutive |full |straight )?"
                                r"days|(?:consecutive |full |straight )?(?:weeks|months|years)"
                                r"|hours|class hours))|within how"
                                # (an English deadline is as often a period: 十五日内 — devdocs 12 dev)
                                r"|\bdeadlines?\b|\btime limits?\b",
                                re.IGNORECASE)
# "How far in advance must …?", "how much notice", "提前多少天": a period ahead of something, which a clause
# states as 实施前七日 (devdocs 26 dev: no period was asked, and the platform's notice period was not the answer).
# (ablation switch)
ADVANCE_ASKED = True
_ADVANCE_ASKED_RE = re.compile(r"\bhow (?:far|long|many days) in advance\b|\bhow much (?:advance )?notice\b"
                               r"|提前(?:多少|几)个?(?:天|日|工作日|个?月)|提前多久|提前多长时间"
                               # (the lead time named: 提前期各是多少 — devdocs 24 dev)
                               r"|提前期", re.IGNORECASE)
# "What prison sentence …?", "判几年": a term of imprisonment is a period, which "依法追究刑事责任" does not state
# (devdocs 28 dev: a near miss answered with that sentence). (ablation switch)
PRISON_TERM = True
_PRISON_TERM_RE = re.compile(r"\b(?:prison|jail) (?:sentence|term|time)s?\b|\bhow (?:long|many years) in (?:prison|jail)\b"
                             r"|\byears? (?:of imprisonment|in prison|in jail)\b|判(?:几|多少)年|刑期(?:是)?(?:多长|多久|几年)|坐几年牢"
                             r"|有期徒刑(?:多长|多久|几年|多少年)", re.IGNORECASE)
# Other names by which a text mentions these places: the compounds of 京津冀 and 港澳(台). No
# one-character alias: 京 alone would let 南京 mention Beijing. A mention is not jurisdiction: a
# Langfang clause about "京津科技成果" mentions Beijing but does not speak for it (features.covers_place).
PLACE_ALIASES: dict[str, tuple[str, ...]] = {"北京": ("京津", "京冀"), "天津": ("京津", "津冀"), "河北": ("津冀", "京冀"),
                                             "香港": ("港澳",), "澳门": ("港澳",), "台湾": ("港澳台", "台港澳")}
_ORDINAL_RE = re.compile(r"第([一二三四五六七八九十百零〇两\d]+)[项条个章节款部分批]?")
# "第一次违规就要被处罚…": the first time something happens names no item (devdocs 11 dev: refused as "no
# item 1"); a revision or a meeting (第二次修正, 第三十三次会议) is still the numbered one. (ablation switch)
OCCURRENCES = True
_OCCURRENCE_RE = re.compile(r"次(?!修|会议|全体|大会|代表)")
# "第一责任人" (the person first answerable), 第一作者, 第一时间 name a role or "at once", no item 1 (devdocs 27 dev: a
# keyword question on the 第一责任人 refused as "no item 1") (ablation switch)
FIRST_ROLES = True
_FIRST_ROLE_RE = re.compile(r"责任|负责人|作者|发明人|申请人|完成人|时间|线")
# "善意第三人", "第三方机构": a party outside a contract or a dispute, no item 3 (devdocs 28 dev: a yes/no question
# on the bona fide third party refused as "no item 3"). (ablation switch)
THIRD_PARTY = True
_PARTY_RE = re.compile(r"[人方者]")
_BOX_RE = re.compile(r"专栏\s*([一二三四五六七八九十\d]+)")
# An article's paragraphs (款) are not numbered in its text, so 第二款 is no number a clause must show; its
# items are, "（三）": 第（三）项 and Article 3(3) are (devdocs 4 dev: questions citing 第十四条第二款 were
# refused, ones citing an item the article lacks answered with the whole article) (ablation switch)
ARTICLE_PARTS = True
_ITEM_RE = re.compile(r"第[（(]([一二三四五六七八九十\d]+)[)）]项")
EN_ARTICLE_RE = re.compile(r"\b(?:article|art\.)\s*(\d+)(?:\s*\((\d+)\))?", re.IGNORECASE)  # (rag.articles too)
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_EN_PART_RE = re.compile(r"\b(?:part|section|chapter|box|column)\s+([ivxlc]+|\d+)\b", re.IGNORECASE)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(text: str) -> int | None:
    """VII → 7; None for anything that is not a roman numeral (digits)."""
    values = [_ROMAN.get(ch) for ch in text.lower()]
    if not values or None in values:
        return None
    nums = [v for v in values if v is not None]
    return sum(-v if i + 1 < len(nums) and v < nums[i + 1] else v for i, v in enumerate(nums))


_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
                "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
                "twentieth": 20}
# "first" names an item after a determiner or an adjective (the first batch, a first-grade award, national first
# prizes); without one it is an adverb of time ("an author first publishes abroad", devdocs 24 dev: refused as
# "no item 1"). (ablation switch)
FIRST_DETERMINED = True
_EN_DETERMINED_FIRST_RE = re.compile(r"\b(?:the|a|an|its|their|his|her|our|your|my|this|that|these|each|every|no\.?"
                                     r"|[a-z]+(?:al|ic|ive|ous|ary))\s+first\b")
MULTI_DOC_RE = re.compile(
    r"分别|对比|比较|相比|两地|两份|[和跟与].+各|各是|又是|又有|又安排|compare|versus|\bvs\b|\bboth\b|respectively",
    re.IGNORECASE,
)
# A comparison asked without those words: what differs (有啥不同, 区别在哪, how do … differ), which of two
# (X和Y，哪个需要登记 / 哪部先施行, which of). Each side is quoted then (devdocs 15 dev: five of its seven
# comparisons were answered from one document). (ablation switch)
COMPARISON_ASKED = True
_COMPARISON_RE = re.compile(
    r"(?:有|存在)?(?:什么|啥|何|哪些)(?:不同|区别|差别|差异)|(?:不同|区别|差别|差异)(?:是什么|在哪|有哪些|是啥)"
    r"|[和跟与][^，,。？?]{2,30}[，,]?\s*哪(?:个|部|一个|一部|项|种)"
    r"|\bdiffer(?:s|ence|ences)?\b|\bwhich of (?:the|these|them|the two)\b", re.IGNORECASE)

# Places whose mention constrains which document can answer. A question that names a
# place no supporting document mentions is about something these documents do not cover.
# rag/lexicons/places.tsv (generated by evals/build_places.py): every province and prefecture-level
# city, the Beijing districts and the seed documents' other places, each with the place it lies in:
# a document of 海淀 (issued by 北京市海淀区) speaks for 海淀, not for the whole of 北京.
def _load_places() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    english: dict[str, str] = {}
    parent: dict[str, str] = {}
    districts: set[str] = set()
    text = (Path(__file__).parent / "lexicons" / "places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, en, inside, level = line.split("\t")
        english[name] = en
        if inside:
            parent[name] = inside
        if level == "district":
            districts.add(name)
    return english, parent, frozenset(districts)


PLACES, PLACE_PARENT, PLACE_DISTRICTS = _load_places()
_ENGLISH_PLACES = {en: zh for zh, en in PLACES.items() if en}


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


# Keyword queries (no question word; words separated by spaces) ask for a figure by naming it last (目标,
# 罚款, 期限): dev_blind and devdocs 4 dev, two shorts left empty. (ablation switch)
KEYWORD_SLOTS = True
_KEYWORD_FIGURE_RE = re.compile(r"(?:目标|规模|金额|数额|罚款|比例|期限|时限|数量|额度|上限)$")  # (补贴, 补助 name a policy: −2)
_KEYWORD_PERIOD_RE = re.compile(r"(?:期限|时限)$")


def place_mentions(text: str) -> list[tuple[int, str]]:
    """(position, place) for the places named in `text`, longest first where names overlap: 江西安徽
    names 江西 and 安徽, not 西安."""
    # one scan with the names longest first: at each position the longest name wins, the same as
    # taking the non-overlapping mentions leftmost-longest (and ~50x faster than a search per name)
    return [(m.start(), m.group(0)) for m in _places_re().finditer(text)]


@lru_cache(maxsize=1)
def _places_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(p) for p in sorted(PLACES, key=len, reverse=True)))


# English "when" opening a clause ("when applying for …", "When a patent attorney starts practising, is
# …?", "In Zibo, when an employer sells …, does …?") is a conjunction, not the question word: the question
# word is followed by its auxiliary ("When did/was/must …") or ends the question ("… take effect when?").
# Devdocs 8 dev: three questions refused as "no date stated".
WHEN_CONJUNCTION = True  # (ablation switch)
ORDINAL_IDIOMS = True  # "first time", "first dibs" name no item (ablation switch; see _EN_NOT_AN_ITEM)
DURATION_ONLY = True  # a period asked is answered by a period only (ablation switch)
# (…提取多少比例？持续几年？ asks a share too: devdocs 2 dev)
_SHARE_ASKED_RE = re.compile(r"比例|比重|百分之|多少钱|金额|\bpercent|\bshare\b|\bproportion|\bhow much\b", re.IGNORECASE)
_EN_WHEN_CONJ_RE = re.compile(r"(?<!\bby )(?<!\bsince )(?<!\buntil )\bwhen\b(?!\s+(?:is|are|was|were|do|does|did|will|would|"
                              r"can|could|must|should|shall|may|might|has|have|had|exactly|precisely)\b)(?=\s+[a-z])",
                              re.IGNORECASE)


# "结构比例由谁核定", "who sets the subsidy amount?": a body is asked for, the figure only names the topic, so a
# clause naming the body but no figure answers (devdocs 14 dev: refused as "states no figure") — unless a
# quantity is asked too (多少, how much). (ablation switch)
WHO_OF_A_FIGURE = True
# so too a period naming the occasion (表计到期后由谁负责更换): a body is asked, not a time — unless a time
# is asked too (何时, 多久, when). devdocs 15 dev: refused as "states no date". (ablation switch)
WHO_OF_A_PERIOD = True
_TIME_ASKED_RE = re.compile(r"何时|什么时候|哪一?年|哪一?天|几月|几号|多久|多长时间|(?:几|多少)个?(?:工作日|工作天|天|日|周|月|年)"
                            r"|截止|\bwhen\b|\bhow (?:long|soon)\b|\bwhat (?:year|date|time|day)\b|\bdeadline", re.IGNORECASE)
# (an English "who" opening the question or a clause of it, not a relative one: "the people who made it")
_WHO_ASKED_RE = re.compile(r"谁|哪个(?:部门|单位|机构|机关)|哪些(?:部门|单位|机构|机关)|哪一?级(?:部门|政府)"
                           r"|(?:^|[,;:?]\s*|\b(?:and|with|by|to|from)\s+)who(?:m)?\b"
                           r"|\bwhich (?:departments?|units?|agenc(?:y|ies)|bod(?:y|ies)|offices?|bureaus?|authorit(?:y|ies)"
                           r"|organi[sz]ations?)\b", re.IGNORECASE)
# "who decides how often…", "由谁决定收多少": the body deciding a quantity, period or frequency is asked, though
# a quantity is asked in words — what the body decides is the topic (devdocs 19 dev: "who decides how often
# … are verified" refused as "states no frequency" beside 由使用单位自行决定). (ablation switch)
WHO_DECIDES = True
_WHO_DECIDES_RE = re.compile(r"(?:谁|哪个(?:部门|单位|机构|机关))(?:来|负责)?(?:决定|确定|核定|定)|由谁(?:来|负责)?(?:决定|确定|核定|定)"
                             r"|\bwho (?:decides|determines|sets|fixes|gets to (?:decide|determine|set))\b|\b(?:decided|determined|set) by whom\b",
                             re.IGNORECASE)
# "值多少钱由谁认定": the body that assesses or confirms a quantity is asked as much as the one deciding it
# (devdocs 28 dev: refused as "states no sum" beside 由档案行政管理部门认定). (ablation switch)
WHO_ASSESSES = True
_WHO_ASSESSES_RE = re.compile(r"由?(?:谁|哪个(?:部门|单位|机构|机关))(?:来|负责)?(?:认定|评定|审定|确认|核实|鉴定)"
                              r"|\bwho (?:assesses|appraises|confirms|certifies)\b", re.IGNORECASE)
_QUANTITY_ASKED_RE = re.compile(r"多少|几|多大|多高|多长|\bhow (?:much|many|large|big|high|long)\b|\bwhat (?:is|are|was|were) the\b"
                                r"|\bwhat\b(?:\s+[\w-]+){0,3}?\s+(?:share|percentage|proportion|ratio|rate|amount|fine|fee|sum"
                                r"|minimum|maximum|cap|ceiling)s?\b", re.IGNORECASE)


def analyse(text: str) -> Question:
    normalised = normalize(text)
    is_english = cjk_ratio(text) < 0.5
    # (what the intents are read from: the question without a conjunction "when")
    scanned = _EN_WHEN_CONJ_RE.sub("as", normalised) if is_english and WHEN_CONJUNCTION else normalised
    if not is_english:
        scanned = without_several(scanned)
    intents = {name for name, pattern in INTENT_PATTERNS.items() if pattern.search(scanned)}
    if LIST_NOUNS and _LIST_NOUN_RE.search(scanned):
        intents.add("list")
    if (FREQUENCY_ASKED and "often" in intents and _FREQUENCY_NOUN_RE.search(scanned)
            and not _FREQUENCY_ASKED_RE.search(scanned) and not _OFTEN_PHRASE_RE.search(scanned)):
        intents.discard("often")
    if ASKED_MEASURES:
        intents |= {name for name, pattern in _MEASURE_ASKED.items() if pattern.search(scanned)}
    if FREQUENCY_WITH_VERB and _OFTEN_WITH_VERB_RE.search(scanned):
        intents.add("often")
    if EVERY_HOW_MANY and _EVERY_HOW_MANY_RE.search(scanned):
        intents.add("often")
    # (好几个类别, 这几个字 in a yes/no question: "several", "these few" ask no number; see SEVERAL_JI)
    unquantified = _SEVERAL_JI_RE.sub("", normalised) if SEVERAL_JI else normalised
    if unquantified != normalised and YESNO_RE.search(unquantified.strip()) and not _WH_RE.search(unquantified):
        intents = (intents - {"number", "list"}) | {"yesno"}
    elif YESNO_RE.search(normalised.strip()) and not _WH_RE.search(normalised):
        intents.add("yesno")
    elif is_english and _english_yes_no(scanned):
        intents = (intents - _RELATIVE_INTENTS) | {"yesno"}
    if KEYWORD_SLOTS and not intents and " " in normalised.strip() and not _WH_RE.search(normalised):
        # a keyword query ending with the detail it wants ("某区 专利授权量 目标", "… 复核 期限")
        last = normalised.strip().split()[-1]
        if _KEYWORD_FIGURE_RE.search(last):
            intents.add("when" if _KEYWORD_PERIOD_RE.search(last) else "number")
    if PRISON_TERM and _PRISON_TERM_RE.search(scanned):
        intents.add("when")  # (a term of years: 三年以下有期徒刑; 依法追究刑事责任 states none)
    if ADVANCE_ASKED and _ADVANCE_ASKED_RE.search(scanned):
        intents.add("when")  # (a period ahead of something: answered by 七日, 三十日前 — fact_kinds' duration)
    if penalty.FINE_RECKONED and penalty.FINE_RECKONED_RE.search(scanned):
        intents.add("money")  # (罚款怎么算, 罚款标准: a sum, stated in yuan or as a multiple — rag.answer.penalty)
    if intents & {"money", "docnum"}:  # the figure asked for is of that kind
        intents.discard("number")
    if (WHO_OF_A_FIGURE and "who" in intents and _WHO_ASKED_RE.search(scanned)
            and not _QUANTITY_ASKED_RE.search(scanned)):
        intents -= {"number", "money"}
        if WHO_OF_A_PERIOD and not _TIME_ASKED_RE.search(scanned):
            intents.discard("when")
    if WHO_DECIDES and "who" in intents and (_WHO_DECIDES_RE.search(scanned)
                                             or (WHO_ASSESSES and _WHO_ASSESSES_RE.search(scanned))):
        # (what WHO_OF_A_FIGURE leaves: a quantity asked in words, or how often)
        intents -= {"number", "money", "when", "often"} if _QUANTITY_ASKED_RE.search(scanned) else {"often"}
    if (INDEFINITE_JI and "number" in intents and _INDEFINITE_JI_RE.search(normalised)
            and not _OTHER_NUMBER_RE.search(_INDEFINITE_JI_RE.sub("", normalised)) and _OTHER_WH_RE.search(normalised)):
        intents.discard("number")
    if DEMONSTRATIVE_JI and "number" in intents and _DEMONSTRATIVE_JI_RE.search(normalised):
        rest = _DEMONSTRATIVE_JI_RE.sub("", normalised)
        if not _OTHER_NUMBER_RE.search(rest) and _OTHER_WH_RE.search(rest):
            intents.discard("number")
    # in the order the question names them: the first is its subject (whose rules are asked about)
    found = place_mentions(normalised)
    if is_english:
        lowered = normalised.lower()
        found += [(m.start(), zh) for en, zh in _ENGLISH_PLACES.items()
                  if (m := re.search(rf"\b{re.escape(en)}\b", lowered))]
    places = list(dict.fromkeys(zh for _, zh in sorted(found)))
    # Two questions in one ("…多少?…又安排多少?") or two named places usually need two documents.
    multi = (bool(MULTI_DOC_RE.search(normalised)) or len(places) >= 2 or len(re.findall(r"[?？]\s*\S", normalised)) >= 1
             or (COMPARISON_ASKED and bool(_COMPARISON_RE.search(normalised))))
    from .chunker import cn_to_int

    ordinals = [int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1)) for m in _ORDINAL_RE.finditer(normalised)
                if not (ARTICLE_PARTS and m.group(0).endswith("款"))
                and not (OCCURRENCES and _OCCURRENCE_RE.match(normalised, m.end()))
                and not (FIRST_ROLES and m.group(0) == "第一" and _FIRST_ROLE_RE.match(normalised, m.end()))
                and not (THIRD_PARTY and m.group(0) in ("第三", "第二") and _PARTY_RE.match(normalised, m.end()))]
    if ARTICLE_PARTS:  # an article's item (第五条第（三）项, Article 3(3)) and an English article (Article 31)
        ordinals += [int(n) if n.isdigit() else cn_to_int(n) for n in _ITEM_RE.findall(normalised)]
        for article, item in EN_ARTICLE_RE.findall(normalised):
            ordinals += [int(article), *([int(item)] if item else [])]
    # ("third parties" / "third-party" name no item)
    # (an adverb — "without approval first?", "when was it first adopted" — names no item: an ordinal is
    # followed by its noun, not by the end or a participle: devdocs 6 dev, a yes/no refused as "no item 1")
    idioms = (_EN_NOT_AN_ITEM if ORDINAL_IDIOMS and not _EN_NUMBERED_EVENT_RE.search(normalised)
              else r"part(?:y|ies)")
    ordinals += [v for w, v in _EN_ORDINALS.items()
                 if re.search(rf"\b{w}\b(?![\s-]+{idioms})(?=[\s-]+(?!\w+ed\b)[a-z])", normalised.lower())
                 and not (FIRST_DETERMINED and w == "first" and not _EN_DETERMINED_FIRST_RE.search(normalised.lower()))]
    if EN_DIGIT_ORDINALS:
        ordinals += [int(m.group(1) or m.group(2)) for m in _EN_DIGIT_ORDINAL_RE.finditer(normalised)]
    ordinals += asked_years(normalised)
    # a numbered box or part: 专栏11, Part VII, Section 3, Box 10
    ordinals += [int(n) if n.isdigit() else cn_to_int(n) for n in _BOX_RE.findall(normalised)]  # (asked_boxes)
    ordinals += [roman_value(r) or int(r) for r in _EN_PART_RE.findall(normalised)]
    return Question(text, detect_lang(text), normalised, is_english, intents, places, multi, ordinals)


# after an ordinal, words that make it an idiom naming no item: third parties, for the first time (首次),
# first dibs / right of first refusal (优先): devdocs 8 dev, two questions refused as "no item 1"
# (but "amended for the second time" numbers the amendment, which the record states: 第二次修正)
_EN_NOT_AN_ITEM = r"(?:part(?:y|ies)|times?\b|dibs\b|refusal\b|of all\b|come\b|rights?\b|priority\b|claim\b)"
_EN_NUMBERED_EVENT_RE = re.compile(r"\b(?:amend|revis)", re.IGNORECASE)
# "What's the 12th one about?", "what's number 14?": an item numbered in digits, as 第十二项 is (conversations dev 13, 27,
# 30, 32, 33: items of a copy cut off at its tenth measure answered from another document's item or the copy's
# opening) — not a document's name or a session (the 13th Five-Year Plan, the 19th National Congress) nor an
# order's number (Order No. 64). (ablation switch)
EN_DIGIT_ORDINALS = True
_EN_DIGIT_ORDINAL_RE = re.compile(
    r"(?<!\border )(?<!\bdecree )(?<!\bdocument )(?<!\bdoc )\b(?:number|no\.)\s*(\d{1,2})\b"
    r"|\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b(?![\s-]+(?:five|fyp|5-year|century|national|party|cpc|plenary|session|"
    r"congress|meeting|standing|people|npc|anniversary|batch|round|amendment|revision))", re.IGNORECASE)
_EN_BOX_RE = re.compile(r"\b(?:box|column)\s+(\d+)\b", re.IGNORECASE)


def asked_years(text: str) -> list[int]:
    """The years a text names (2016, 1986年): in a question, the years it asks about or names a document by."""
    return [int(y) for y in YEAR_RE.findall(text)]


def asked_boxes(normalised: str) -> set[int]:
    """The numbered boxes a question names (专栏10, Box 3): among its ordinals, the ones a heading must name."""
    from .chunker import cn_to_int

    return ({int(n) if n.isdigit() else cn_to_int(n) for n in _BOX_RE.findall(normalised)}
            | {int(n) for n in _EN_BOX_RE.findall(normalised)})


def _english_yes_no(text: str) -> bool:
    """An English question whose main clause opens with an auxiliary and that asks nothing else after
    it ("…, and how much …?" asks a figure too)."""
    m = _EN_AUX_RE.search(text.strip())
    if m is None or _EN_EMBEDDED_WH_RE.search(text):
        return False
    return not _WH_RE.search(text[: m.start()])  # "In which year, …" / "What is …, can …" keep their wh-word


def prison_term_asked(q: Question) -> bool:
    """Whether `q` asks a term of imprisonment (PRISON_TERM)."""
    return PRISON_TERM and bool(_PRISON_TERM_RE.search(q.normalised))


def period_asked(q: Question) -> bool:
    """Whether `q` asks a period (几天, 期限, how long, how far in advance) rather than a date."""
    return bool(_DURATION_ASKED_RE.search(q.normalised) or (ADVANCE_ASKED and _ADVANCE_ASKED_RE.search(q.normalised))
                or prison_term_asked(q))


# how long a period is (多长, 多久, how long) is a length of time: a day or a year is none (ablation switch)
HOW_LONG_NOT_DATE = True
_HOW_LONG_RE = re.compile(r"多长|多久|\bhow long\b", re.IGNORECASE)
_UNTIL_RE = re.compile(r"到什么时候|到何时|到哪|截止|截至|何时|什么时候|哪一?[天年日]|几月|\buntil\b|\bwhen\b|\bwhat date\b|"
                       r"\bwhich (?:day|date|year)\b", re.IGNORECASE)


def fact_kinds(q: Question, required: bool = False) -> tuple[str, ...]:
    """The kinds of fact (sentences.FACT_PATTERNS) that answer `q`; `required`: only those it cannot do without."""
    if required and "yesno" in q.intents:
        return ()
    kinds = [k for i in sorted(q.intents) if not required or i in REQUIRED_FACT_INTENTS
             for k in FACT_KINDS_FOR_INTENT.get(i, ())]
    if (FINE_MULTIPLE and "money" in q.intents and "multiple" not in kinds and _FINE_ASKED_RE.search(q.normalised)
            and not _MEASURE_ASKED["money"].search(q.normalised)):  # (a fine asked in yuan: 多少元, in yuan)
        kinds.append("multiple")
    if q.intents & {"number", "when"} and period_asked(q):
        kinds.append("duration")
        if (DURATION_ONLY and "money" not in q.intents and not _SHARE_ASKED_RE.search(q.normalised)
                and not (KINDS_OF_PERIOD and _KINDS_ASKED_RE.search(q.normalised))):
            # "几天内作出决定" asks a period: a fine (二万元以上…) or a count beside it answers nothing (devdocs 8 dev:
            # a near miss answered with the next sentence's fine)
            kinds = [k for k in kinds if k not in ("percent", "money", "count", "multiple", "event", "measure")]
    if (HOW_LONG_NOT_DATE and "date" in kinds and "duration" in kinds and _HOW_LONG_RE.search(q.normalised)
            and not _UNTIL_RE.search(q.normalised)):
        kinds.remove("date")  # (保护期是多长 was answered 12月31日, the day a term ends: devdocs 27 dev)
    if UNITS_ASKED and "number" in q.intents and _LENGTH_ASKED_RE.search(q.normalised):
        # (only where a length, an area or a weight is asked: for every figure question, dev −3)
        kinds.append("measure")
    if not EVENT_TIMES:
        kinds = [k for k in kinds if k != "event"]
    if OFTEN_NOT_PERIOD and "often" in q.intents and "frequency" in kinds and not _time_asked_besides_often(q.normalised):
        # ("多久要做一次安全评估" was answered 十个工作日内, a filing deadline: devdocs 33 and 35 dev near misses)
        kinds = [k for k in kinds if k not in ("duration", "date", "event")]
    return tuple(dict.fromkeys(kinds))


# "多久要做一次", "每隔几年评估一次": how often is asked, and the period words belong to that phrase; a period
# (十个工作日内) or a date answers no how-often question — unless the question asks a time besides ("有效期是几年？
# 多久换证一次？"). (ablation switch)
OFTEN_NOT_PERIOD = True


def _time_asked_besides_often(normalised: str) -> bool:
    rest = _OFTEN_PHRASE_RE.sub("", _EVERY_HOW_MANY_RE.sub("", _OFTEN_WITH_VERB_RE.sub("", normalised)))
    return bool(_DURATION_ASKED_RE.search(rest) or _TIME_ASKED_RE.search(rest) or _ADVANCE_ASKED_RE.search(rest))


# "保管期限分成几种" counts kinds of period (永久、长期、定期三种): a count answers it, not a period (devdocs 13
# dev: refused as "no figure stated"). (ablation switch)
KINDS_OF_PERIOD = True
_KINDS_ASKED_RE = re.compile(r"(?:几|多少)\s*(?:个|大)?\s*(?:种|类|项|级|档)|how many (?:kinds|types|categories|classes|levels)\b",
                             re.IGNORECASE)


# "几家单位合办的项目，资料由谁保管？": 几 opening a phrase (几个单位…, 凡是几个…) is "several", not how many,
# when the question asks something else with a question word of its own (devdocs 13 dev: refused as "no
# figure stated"). (ablation switch)
INDEFINITE_JI = True
DEMONSTRATIVE_JI = True  # (ablation switch)
_INDEFINITE_JI_RE = re.compile(r"(?:^|(?<=[，,；;]))\s*(?:凡是|如果|若|当|对于?|由)?\s*几[个家所名位方]")
# so is a demonstrative's: "those few" (跟东北那几个省份合作什么) points, it asks no count
# (conversations dev 19: refused as "no figure stated")
_DEMONSTRATIVE_JI_RE = re.compile(r"[这那]几[个家所名位方项类条种]")
# "能不能在好几个类别上注册", "可以印这几个字吗": 好几 (several) and a demonstrative's 几 ask no number, so a
# question asking nothing else is a yes/no one (devdocs 28 dev: two refused as "no figure stated"). (ablation switch)
SEVERAL_JI = True
_SEVERAL_JI_RE = re.compile(r"好几|[这那]几(?=[个家所名位方项类条种字])")
# … in any question: "本来有好几家企业在生产，…要在公告后多久内申报" asks how long, not how many companies (devdocs 32
# dev: read as a count in 家 too, the 六个月内 it was answered with was no count and the answer was refused). 好几家 is
# read as 多家 (several). (ablation switch)
SEVERAL_ANY = True


def without_several(text: str) -> str:
    """好几 (several) read as 多: "好几家企业" asks no number (SEVERAL_ANY)."""
    return text.replace("好几", "多") if SEVERAL_ANY else text


_OTHER_NUMBER_RE = re.compile(r"多少|几|多大|比例|比重|占比|百分之|金额|数额|数量|额度|上限|下限|how (?:much|many)", re.IGNORECASE)
_OTHER_WH_RE = re.compile(r"谁|哪|什么|怎么|怎样|如何")


# "When does the contract take effect?" is answered by an event (自技术进口许可证颁发之日起) or an occasion (在法定节假日
# 和科技活动周期间) as often as by a date: regulations time things so (devdocs 9 dev: three when-questions
# refused as "no date stated"). (ablation switch)
EVENT_TIMES = True


# "一共有几项重点措施" / "重点任务总共几项": a question for how many of something. The clause that
# answers it states the count with the same measure word and noun ("实施十六项重点措施").
_COUNT_AFTER_RE = re.compile(r"(?:几|多少)\s*([项个类条种大])\s*([\u4e00-\u9fff]{2,4})")
_COUNT_BEFORE_RE = re.compile(r"([\u4e00-\u9fff]{2,8}?)(?:总共|一共|共)?有?(?:几|多少)\s*([项个类条种])")
_NUMERAL = r"[一二三四五六七八九十百两\d]+"
_EN_COUNT_WORDS = r"\b(two|three|four|five|six|seven|eight|nine|ten)\b"
# A question that names a count of things ("三大机制", "三类平台", "the three lines") asks for a list of them.
NAMED_COUNT_RE = re.compile(rf"[两二三四五六七八九十几\d]+\s*[大类项条个种]|{_EN_COUNT_WORDS}", re.IGNORECASE)


# "多少辆" / "几家" / "多少公里": the measure a how-many question counts in. A count in another measure
# answers another question (500公里 is no number of vehicles); 个 is every thing's measure.
# (多少米, 几亩, 多少公顷: a length, an area or a weight asked is stated in its own unit — devdocs 21 dev: "至少要离
# 多少米" answered with 至少一个自然年; UNITS_ASKED)
_ASKED_MEASURE_RE = re.compile(r"(?:多少|几)\s*(辆|家|项|件|名|人|所|支|批|条|种|次|台|套|座|处|类|公里|平方米|岁"
                               + ("|" + "|".join(MEASURE_UNITS) if UNITS_ASKED else "") + ")")


# "有多少工作人员" counts people though it names no measure word: counted in 人 or 名
_PEOPLE_ASKED_RE = re.compile(r"(?:多少|几)\s*(?:个|位)?(?:工作人员|人员|员工|职工|雇员|专家|学生|人才)")


def asked_measure(question: str) -> str | None:
    """`question`: normalised text."""
    m = _ASKED_MEASURE_RE.search(without_several(question))
    if m is None and PEOPLE_COUNTED and _PEOPLE_ASKED_RE.search(question):
        return "人"
    return m.group(1) if m else None


PEOPLE_COUNTED = True  # (ablation switch; conversations dev 8: "它有多少工作人员" was answered with 300亿元)


def count_statement(question: str) -> re.Pattern[str] | None:
    """For a how-many question, the pattern of a sentence stating that count, else None."""
    wanted = [(m.group(1), m.group(2)) for m in _COUNT_AFTER_RE.finditer(question)]
    wanted += [(m.group(2), m.group(1)[-4:]) for m in _COUNT_BEFORE_RE.finditer(question)]
    if not wanted:
        return None
    # (modifiers may stand between the count and the thing: 八大具有国际竞争力的产业集群 — forms dev)
    gap = r"[^，,。；;：:、]{0,12}?" if COUNT_GAP else r"\s*"
    return re.compile("|".join(rf"{_NUMERAL}\s*{measure}{gap}{re.escape(noun)}" for measure, noun in wanted))


COUNT_GAP = True  # (ablation switch)
