"""Document facts (issue #14 item 3): who issued a document, its number, when it was issued,
posted or takes effect, its title and the years it covers. No clause states these; the document
record does: the manifest (title, issuer, number, date) and the copy's own record lines
(rag.docrecord: 发文字号：…, 发布时间：…). They are answered from there and cited as the document
record (Citation kind `document`, `field` naming it), with the clause that also states the value
quoted beside it when there is one.

Mechanism only: `asked_field` reads the question, `choose_document` the document it is about, `answer`
makes the draft. A question that asks no document fact, names no document, or whose field the
record leaves empty goes to the composers as before (a regulation's 施行 date is in its last article).
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..chunker import cn_to_int
from ..docrecord import NTH_REVISION_RE, header_fields, iso_date, labelled_line, revisions, stated_fields, structure
from ..filters import english_kinds
from ..models import Citation, Clause, DocumentMeta, Hit
from ..normalize import aligned_simplified, match_key, normalize
from ..question import Question, asked_years, period_asked
from ..sentences import split_sentences
from .features import LAW_END, english_law_named
from .short import ShortAnswer

_VERBS = r"(?:印发|发布|发文|颁布|出台|成文|签发|下发|公布|制定)"
# "哪个通过得早", "哪部施行得更晚": which came first, asked with 得 (devdocs 18 dev: two documents' dates compared,
# read as no record question and answered from clauses). (ablation switch)
V_DE_EARLIER = True
WHICH_OLDER = True  # (see FIELD_RES["date"])
# … and with the other verbs of issuing (哪个出台得更早, 颁布得晚): devdocs 29 dev, two documents' dates compared and
# answered from a clause of one. (ablation switch, read at import)
ISSUED_DE_EARLIER = True
# "Which has more articles, A or B?": each one's count from its text, and which has more said (devdocs 27 and 28 dev:
# answered from a clause of one). (ablation switch; read at import)
MORE_ARTICLES = True
MORE_CHAPTERS = True  # (and chapters, 哪一部的章数比较多: devdocs 32 dev) (ablation switch; read at import)
_EARLIER = r"(?:更|比较|较)?(?:早|晚)"
# field → how a question asks for it (Simplified after normalisation, or English); the first that matches wins
AMENDMENT_ADOPTED = True  # (ablation switch; see _AMENDMENT_ADOPTED_RE)
EACH_AMENDED = True  # (ablation switch, read at import; see FIELDS["amended"])
APPLIES_FROM = True  # "from what date does it apply?" asks the date in force (ablation switch)
# "哪两个机关联合发布的": a which counting the issuers (哪两个, 哪几个) asks them like 哪个 (devdocs 34 dev: refused
# as not answered). (ablation switch, read at import)
COUNTED_WHICH = True
_WHICH = r"(?:哪个|哪一?个|什么|哪家|哪级|哪些" + (r"|哪[两二三四几]个" if COUNTED_WHICH else "") + ")"
# "When did the State Council put out its rules …": everyday English verbs of issuing (put out, roll out, bring
# out, come out) ask the issue date or the issuer like "issued" (devdocs 34 dev: refused as no date stated).
# (ablation switch, read at import)
PHRASAL_ISSUED = True
_EN_ISSUED = r"issued|published|released|promulgated" + (
    r"|(?:put|puts|putting|rolled|roll|rolls|brought|bring|brings) out|(?:came|come|comes) out" if PHRASAL_ISSUED else "")
# "Which legislative body passed …": up to two words describing the body between which and its noun
# (devdocs 30 dev: answered from a clause). (ablation switch, read at import)
WHICH_DESCRIBED_BODY = True
_EN_WHICH = r"\bwhich " + (r"(?:[a-z-]+ ){0,2}?" if WHICH_DESCRIBED_BODY else "")
FIELD_RES: dict[str, re.Pattern[str]] = {
    # a local regulation is approved (批准) by a higher body's meeting: which, and when (before the adoption
    # and issuer patterns: "which body approved it when it was first adopted?" asks the approver)
    "approver": re.compile(r"(?:哪个|哪一?个|什么|哪家|哪级)(?:部门|单位|机关|机构|会议)?批准|由谁批准|谁批准|批准(?:的)?(?:机关|单位|部门)"
                           r"|\bwho approved\b|\bwhich (?:body|authority|organ|meeting|congress|committee)\b.{0,20}"
                           r"\bapproved\b|\bapproved by (?:whom|which)\b|\bapproving (?:body|authority)\b",
                           re.IGNORECASE),
    # (经国务院批准: the approving body named between — devdocs 14 dev)
    "approved": re.compile(r"(?:何时|什么时候|哪一?天|哪一?年|几月|日期|时间)(?:获|(?:经|由)[^，,。？?]{2,12}?)?批准"
                           r"|批准(?:的)?(?:日期|时间|于何时|是哪)"
                           r"|\bwhen was\b.{0,120}\bapproved\b|\b(?:approval date|date of approval)\b"
                           r"|\bwhat (?:date|day|year)\b.{0,120}\bapproved\b", re.IGNORECASE),
    # whether the stored copy is the whole document (网页是全文吗, is the copy complete / an excerpt)
    "complete": re.compile(r"全文吗|是全文|是不是全文|是否(?:为|是)?全文|完整吗|是否完整|完整的吗|全本|节选|摘录|截断|不全"
                           r"|\bfull text\b|\b(?:complete|whole|entire|full) (?:text|copy|document|version)\b"
                           r"|\bis (?:the|this|that|it) (?:stored |web |online )?(?:copy|text|page|version)?\s*complete\b"
                           r"|\bexcerpt\b|\btruncated\b|\bcut (?:off|short)\b", re.IGNORECASE),
    "number": re.compile(r"文号|发文字号|文件编号|文档编号|document number|reference number|file number"
                         # a regulation's number is its State Council order's (国务院令第339号 — devdocs 15 dev)
                         r"|令(?:第)?几号|第几号令|几号令|\b(?:order|decree) (?:number|no)\b"
                         # (发布令号, 令的编号: the order's number asked by its name — devdocs 17 dev)
                         r"|令号|令的?编号"
                         r"|\bwhich (?:state council )?(?:order|decree)\b", re.IGNORECASE),
    # where the stored copy comes from (内容来源, 出处; the manifest's `source`)
    # (出处, not the 出处 of 作出处理/给出处罚: devdocs 4 dev, a deadline question answered with the source)
    "source": re.compile(r"内容来源|来源是|(?<![作做给提])出处(?![理罚分置])|来自哪|从哪(?:里|个网站)?(?:转载|来的|获取)|哪个网站"
                         r"|\bsource of (?:the|this|that)\b|\bwhere (?:does|did) (?:the|this|that) (?:copy|page|text)\b"
                         r".{0,60}\bcome from\b|\bwhich (?:website|site)\b", re.IGNORECASE),
    "posted": re.compile(r"(?:网站|网页|网上|页面|挂网|上网).{0,8}(?:发布|公布|时间|日期)|发布时间"
                         r"|\bposted\b|\bposting\b(?!\s+(?:period|requirements?|duration))|\bon the (?:website|web ?page|site)\b",
                         re.IGNORECASE),
    "effective": re.compile(r"施行日期|生效日期|(?:何时|什么时候|哪一?天|哪一?年|几月|日期|时间)(?:起|开始)?(?:施行|生效)"
                            r"|(?:先|早|更早|较早|后|晚|更晚|较晚)(?:开始)?(?:施行|生效)"
                            + (rf"|(?:施行|生效)得{_EARLIER}" if V_DE_EARLIER else "") +
                            r"|(?:施行|生效)(?:的)?(?:日期|时间|于何时|是哪|是什么时候|是何时)"
                            r"|\beffective dates?\b|\b(?:take|took|takes|taking) effect\b|\bcome into (?:force|effect)\b"
                            r"|\bcame into (?:force|effect)\b|\bin force\b"
                            # (been in effect, effective since, went into force: devdocs 6 dev)
                            r"|\b(?:in|into) effect\b|\beffective (?:from|since|as of)\b|\b(?:go|goes|went|gone) into force\b"
                            r"|\b(?:enter|enters|entered) into (?:force|effect)\b"
                            # (from what date a regulation applies: devdocs 23 dev, answered with its revision date)
                            + (r"|\b(?:from|since) (?:what|which) (?:date|day)\b.{0,80}\bappl(?:y|ies)\b"
                               if APPLIES_FROM else ""), re.IGNORECASE),
    # a regulation is adopted (通过) by a meeting of the body that makes it: when, and which meeting
    # (哪一届…第几次会议: devdocs 12 dev, refused as "no figure")
    "meeting": re.compile(r"哪一?次(?:会议|会)|什么会议|哪个会议|哪一?届|第几次(?:会议|会)"
                          # (the meeting's kind between: 第几次常务会议 — devdocs 15 dev)
                          r"|(?:哪一?次|第几次)(?:常务|全体|主任)会议|\b(?:which|what) (?:meeting|session)\b",
                          re.IGNORECASE),
    # (哪一天由洛阳市人大常委会通过的: the body between the question word and its verb — devdocs 5 dev)
    "adopted": re.compile(r"(?:何时|什么时候|哪一?天|哪一?年|几月|日期|时间)(?:由[^，,。？?]{2,16}?)?(?:审议)?通过|通过(?:的)?(?:日期|时间|于何时|是哪)"
                          r"|(?:先|早|更早|较早|后|晚|更晚|较晚)(?:审议)?通过"
                          + (rf"|通过得{_EARLIER}" if V_DE_EARLIER else "") +
                          # (not "when was the latest amendment adopted": the amendment's date — devdocs 10 dev)
                          r"|\b(?:when|what date|what day|what year)\b(?:(?!\bamendment|\brevision).){0,120}\b(?:adopted|passed|enacted)\b"
                          r"|\b(?:adoption|enactment) date\b|\bdate of (?:adoption|enactment)\b"
                          r"|\b(?:adopted|passed|enacted) (?:first|earlier|later|last)\b", re.IGNORECASE),
    # how many times a regulation has been revised: its last revision line numbers it (第二次修订; devdocs 7 dev)
    "revisions": re.compile(r"(?:修订|修正|修改)(?:过|了)*(?:几|多少)次|(?:几|多少)次(?:修订|修正|修改)"
                            r"|\bhow many times\b.{0,120}\b(?:amended|revised)\b|\bhow many (?:amendments|revisions)\b",
                            re.IGNORECASE),
    # the last amendment (修正, 修订) of a regulation: when it was amended (devdocs 5 dev)
    "amended": re.compile(r"(?:何时|什么时候|哪一?天|哪一?年|日期|时间)(?:被)?(?:修正|修订|修改)|(?:修正|修订|修改)(?:的)?"
                          # (asked of two documents at once: 最近一次修改分别是哪一天 — devdocs 27 dev, the first
                          # revision's line quoted for each; ablation switch EACH_AMENDED)
                          + ("(?:分别|各自|各)?" if EACH_AMENDED else "") + r"(?:日期|时间|于何时|是哪)"
                          # (an English title may run 130 characters between the when and the revised:
                          # devdocs 11 dev)
                          r"|\b(?:when|what date|what day|what year)\b.{0,200}\b(?:amended|revised)\b"
                          r"|\b(?:when|what date|what day|what year)\b.{0,60}\b(?:amendment|revision)\b"
                          + (".{0,80}" if AMENDMENT_ADOPTED else ".{0,30}") + r"\b(?:adopted|passed|made)\b"
                          r"|\bdate of (?:the )?(?:amendment|revision)\b", re.IGNORECASE),
    # the text's own structure: how many chapters (第X章) or articles (第X条) it has
    "chapters": re.compile(r"(?:几|多少)个?章|\bhow many chapters\b|(?<=\bhow many articles and )chapters\b"
                           + (r"|\b(?:more|fewer|most|fewest) chapters\b|章数?(?:更|比较|较)(?:多|少)" if MORE_CHAPTERS else ""),
                           re.IGNORECASE),
    # (几条条文: the articles' text named after the count — devdocs 3 dev)
    # (or with a second ask after it: 总共多少条？分章吗？ — devdocs 17 dev)
    "articles": re.compile(r"(?:几|多少)条(?:条文|法条)?(?:[?？。!！\s]*$|[?？]|，|,)|\bhow many articles\b|(?<=\bhow many chapters and )articles\b"
                           # (which of two has more: devdocs 27 and 28 dev, answered from clauses; MORE_ARTICLES)
                           + (r"|\b(?:more|fewer|most|fewest) articles\b|条文?(?:数)?(?:更|比较|较)(?:多|少)" if MORE_ARTICLES else ""),
                           re.IGNORECASE),
    # a regulation is adopted (通过) by the body that issues it; approval (批准) is another body's act
    "issuer": re.compile(rf"{_WHICH}(?:部门|单位|机关|机构|政府|组织)(?:联合)?(?:{_VERBS}|通过)"
                         rf"|由谁{_VERBS}|谁{_VERBS}|{_VERBS}(?:的)?(?:部门|单位|机关|机构|主体)(?:是|为)"
                         r"|发文机关|发文单位|发布单位|发布机构|制定机关"
                         rf"|\bwho (?:{_EN_ISSUED}|enacted|adopted|passed)\b|\bissued by whom\b|\bissuer\b"
                         r"|\bissuing (?:body|authority|department|agency|office)\b"
                         # (plural too: "which agencies jointly issued …" — devdocs 13 dev)
                         + "|" + _EN_WHICH + r"(?:bod(?:y|ies)|authorit(?:y|ies)|departments?|agenc(?:y|ies)|organs?|offices?"
                         r"|governments?|bureaus?|ministr(?:y|ies)|commissions?)\b"
                         rf".{{0,40}}\b(?:{_EN_ISSUED}|enacted|adopted|passed)\b", re.IGNORECASE),
    # the first publication of a regulation since amended (最初公布, first promulgated): its header's first
    # publishing line, not the version's date (devdocs 13 dev)
    "promulgated": re.compile(r"(?:最初|最早|首次|第一次|原始|当初)[^，,。？?]{0,12}?(?:公布|发布|颁布)"
                              r"|\b(?:first|originally|initially) (?:promulgated|issued|published|released)\b"
                              r"|\b(?:original|first) (?:promulgation|publication)\b", re.IGNORECASE),
    "date": re.compile(rf"(?:何时|什么时候|哪一?天|哪一?年|几月|哪个月|哪月|日期|时间){_VERBS}"
                       rf"|(?:先|早|更早|较早|后|晚|更晚|较晚){_VERBS}"
                       + (rf"|{_VERBS}得{_EARLIER}" if ISSUED_DE_EARLIER else "") +
                       rf"|{_VERBS}(?:的)?(?:日期|时间|于何时|是哪|是什么时候|是何时|在哪一?年)"
                       rf"|\bwhen (?:was|were|did)\b.{{0,120}}\b(?:{_EN_ISSUED}|signed|issue|publish)\b"
                       r"|\b(?:issue|issuing|publication|release) date\b|\bdate of (?:issue|issuance|publication|release)\b"
                       r"|\bwhat (?:date|day|year)\b.{0,120}\b(?:issued|published|released)\b"
                       # ("Which is older: the A measures or B's regulations?": their dates compared — devdocs 34 dev,
                       # each side quoted from its articles; ablation switch WHICH_OLDER, read at import)
                       + (r"|\bwhich (?:one |document |of (?:the|these|those) (?:two )?(?:\w+ )?)?(?:is|was|came) (?:the )?"
                          r"(?:older|newer|earlier|first)\b" if WHICH_OLDER else ""), re.IGNORECASE),
    "period": re.compile(r"哪几年|哪些年|哪几个年度|起止年|时间跨度|管到哪一?年|覆盖.{0,6}年|规划期|实施期|计划期"
                         r"|\bwhich years\b|\bwhat years\b|\bwhat period\b|\btime (?:span|frame)\b|\bcovers? which\b",
                         re.IGNORECASE),
    "title": re.compile(r"全称|全名|完整名称|正式名称|标题是|题目是|名称是什么|叫什么名字"
                        r"|\bfull (?:title|name)\b|\bofficial (?:title|name)\b|\bwhat is the (?:title|name) of (?:the |this |that |its )?(?:[\w-]+ ){0,4}?"
                        # (the name of the document, not of a prize it sets up: devdocs 10 dev)
                        r"(?:document|notice|regulations?|law|plan|programme|program|measures|opinions|policy|decision"
                        r"|circular|outline|scheme|rules|it)\b",
                        re.IGNORECASE),
}
# a question about a document names one: a kind of document, or "this one"
LAW_LATEST = True
# A court's interpretation (司法解释, an interpretation issued by a court) is a document of its own,
# not an interpretation of another (政策解读): devdocs 29 dev asked its article count and its adoption date, and
# both were refused as asking another text's record. (ablation switch, read at import)
JUDICIAL_INTERPRETATION = True
_DOC_WORD_RE = re.compile(
    # (文档: normalize's tw2sp writes 文件 so, on the corpus and questions alike)
    r"文件|文档|通知|方案|规划|计划|条例|办法|意见|措施|决定|细则|规定|纲要|政策|这份|该文|本文|网页|副本|文本|"
    + (r"司法解释|\b(?:court's |court |judicial )interpretation\b|" if JUDICIAL_INTERPRETATION else "") +
    r"\b(?:document|notice|plan|programme|program|regulations?|rules|measures|opinions|policy|decision|"
    r"circular|outline|scheme|copy|it|laws?|provisions|ordinance|guidelines)\b"
    # a title in brackets, or a law (本法; 《科学技术进步法》 — devdocs 7 dev: its revisions were not the record's)
    r"|《[^》]{2,60}》|本法|该法"
    # a law named without brackets, its name then what is asked (计量法一共有几章; devdocs 10 dev)
    # (…法到现在修正过几次: devdocs 12 dev)
    r"|[\u4e00-\u9fff]{2}(?<![方依合违执立办做说用算司守犯])法(?=一共|共|有|总共|分|是|的|里|中|于|在|哪|何|什么|自|到|至|截至|迄今|目前|现在|先后|修|最初|最早"
    # (…法最近一次修正, 最后一次修改: its last revision — devdocs 28 dev, answered from the first revision's line
    # by the composers; ablation switch LAW_LATEST, read at import)
    + (r"|最近一次|最后一次|上一次" if LAW_LATEST else "") + ")"
    r"|[〔\[(（【]\s*(?:19|20)\d\d\s*[〕\])）】]\s*\d{1,5}\s*号", re.IGNORECASE)  # or its number: 京政发〔2016〕44号
# ... of the documents it is based on / implements / quotes: another document's record, which only its
# clauses hold (a dev item asked for the numbers of the State Council notices a plan implements)
_OTHER_DOCUMENT_RE = re.compile(r"依据|依照|根据哪|落实|贯彻|引用|援引|提到的|提及|所列|上位"
                                # ("measures for implementing the … Law" is the document's own English title — 实施…办法:
                                # devdocs 13 dev, its adoption date refused as no date)
                                r"|\bbased on\b|\bpursuant\b|(?<!\bfor )\bimplement(?!ing (?:rules|regulations?)\b)|\bcites?\b|\bcited\b"
                                r"|\brefers? to\b"
                                r"|\bmention"
                                # … or an interpretation of it (政策解读): a text of its own, with its own date
                                # (but a court's or judicial interpretation, 司法解释, is a document of its own kind:
                                # JUDICIAL_INTERPRETATION)
                                r"|解读|" + (r"(?<!court's )(?<!court )(?<!judicial )" if JUDICIAL_INTERPRETATION else "")
                                + r"\binterpret"
                                # … or the one it repealed: 同时废止的旧条例 (devdocs dev: its adoption date)
                                r"|废止|废除|旧条例|原条例|\brepeal|\breplaced\b|\b(?:older|previous|former) "
                                r"(?:regulations?|rules|measures|version)\b"
                                # … or the rules it leaves to be made (具体办法由…制定): not this document's issuer
                                # (devdocs 6 dev: "资金使用的具体办法由谁制定" was answered with the State Council)
                                # (but a law's own 实施细则 named — 计量法实施细则修订过几次, "the … Law implementing rules": the document
                                # asked about, devdocs 14 dev, its revisions refused)
                                r"|具体(?:办法|规定|措施|标准)|(?<!法)(?<!条例)(?<!》)实施细则|\bdetailed (?:rules|measures|provisions)\b",
                                re.IGNORECASE)
_RECORD_FIELD = {"source": "source", "issuer": "issuer", "number": "number", "date": "date", "title": "title", "period": "title"}
_PARTS = ("chapters", "articles")
_UNSTATED_RE = re.compile(r"未.{0,8}载明|不详|未知|unknown", re.IGNORECASE)
_PERIOD_RE = re.compile(r"(?:19|20)\d\d\s*[—–\-~～至到]\s*(?:(?:19|20)\d\d|\d\d)\s*年?")
_GENERIC = set("关于印发的通知市省区县人民政府办公厅")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
LABELS = {
    "zh-Hans": {"source": "来源", "complete": "副本说明", "issuer": "发文机关", "number": "发文字号", "date": "印发日期", "posted": "发布时间",
                "effective": "施行日期", "title": "标题", "period": "标题", "adopted": "通过日期", "promulgated": "首次公布",
                "meeting": "通过会议", "chapters": "章数", "articles": "条数",
                "approved": "批准日期", "approver": "批准会议", "amended": "修正日期", "amended_meeting": "修订会议", "revisions": "修订记录",
                "part": "《{title}》共{count}{unit}，最后一{unit}是“{value}”[1]",
                "record": "《{title}》的文件记录：{label} {value}[1]", "support": "原文：{quote}[2]",
                "unstated": "这些文件没有回答这个问题。《{title}》的文件记录没有载明{label}。"},
    "zh-Hant": {"source": "來源", "complete": "副本說明", "issuer": "發文機關", "number": "發文字號", "date": "印發日期", "posted": "發布時間",
                "effective": "施行日期", "title": "標題", "period": "標題", "adopted": "通過日期", "promulgated": "首次公布",
                "meeting": "通過會議", "chapters": "章數", "articles": "條數",
                "approved": "批准日期", "approver": "批准會議", "amended": "修正日期", "amended_meeting": "修訂會議", "revisions": "修訂記錄",
                "part": "《{title}》共{count}{unit}，最後一{unit}是「{value}」[1]",
                "record": "《{title}》的文件記錄：{label} {value}[1]", "support": "原文：{quote}[2]",
                "unstated": "這些文件沒有回答這個問題。《{title}》的文件記錄沒有載明{label}。"},
    "en": {"source": "source:", "complete": "note on the copy:", "issuer": "issued by", "number": "document number", "date": "date of issue", "posted": "posted on",
           "effective": "takes effect on", "title": "title", "period": "title", "adopted": "adopted on",
           "promulgated": "first promulgated on",
           "meeting": "adopted by", "chapters": "chapters", "articles": "articles",
           "approved": "approved on", "approver": "approved by", "amended": "last amended on", "amended_meeting": "last amended by", "revisions": "revisions:",
           "part": "《{title}》 has {n} {unit}; the last is “{value}” [1]",
           "record": "The record of 《{title}》: {label} {value} [1]", "support": "The text: “{quote}” [2]",
           "unstated": "These documents do not answer this question. The record of 《{title}》 does not state its "
                       "{label}."},
}
# what the English "does not state its …" names (the record labels above are verbs: "takes effect on")
_EN_NOUNS = {"promulgated": "first promulgation date", "source": "source", "complete": "completeness", "issuer": "issuer", "effective": "effective date", "posted": "posting date", "adopted": "adoption date",
             "meeting": "adopting meeting", "chapters": "chapters", "articles": "articles",
             "approved": "approval date", "approver": "approving body", "amended": "amendment date", "amended_meeting": "amending meeting",
             "revisions": "number of revisions"}
_PART_UNITS = {"chapters": ("章", "chapter"), "articles": ("条", "article")}

@dataclass(frozen=True)
class Fact:
    field: str
    value: str  # what the record says (the short answer when no shorter one is cut from it)
    short: str  # the asked-for value, a substring of `value`
    start: int = 0  # offsets in the document text when read from a record line; 0, 0 for the manifest
    end: int = 0
    record_field: str | None = None  # the manifest field quoted, when not the asked one's (notes, title)


# the posting date is asked with a time word: "想在网上公开发布…，有什么要求" is the asker's own posting (devdocs 25 dev: a
# chatty question about publishing found flaws refused as "the record states no posting date") (ablation switch)
POSTED_WHEN = True
_WHEN_ASKED_RE = re.compile(r"时间|日期|何时|什么时候|哪一?天|哪一?年|几月|几号|哪个?月")
# "what day did the legislature adopt this law?": the verb's plain form after did asks the adoption date when no
# other field is asked (devdocs 25 dev, refused as no fact) (ablation switch)
DID_ADOPT = True
_DID_ADOPT_RE = re.compile(r"\b(?:when|what date|what day|what year) did\b.{0,120}\b(?:adopt|pass|enact)\b", re.IGNORECASE)


# "How far in advance must … be publicised before they take effect?", "how many days before …": a period is
# asked (question.period_asked), not a date of the document's record (devdocs 26 dev: a platform's notice period for
# its trading rules was answered with another regulation's date in force). (ablation switch)
DURATION_NOT_DATE = True
_DATE_FIELDS = ("effective", "adopted", "date", "posted", "promulgated", "approved", "amended")
# "甲法和乙法，哪一部…": a law named without brackets before the next one (和, 与, 、) is a
# document named, as before 一共/分别 (devdocs 26 dev: two laws' dates in force were not read). (ablation switch)
LAW_JOINED = True
# (a law's short name: two characters and 法, not a method or a wrong — 方法, 依法, 违法, 非法 …)
_BARE_LAW = r"[\u4e00-\u9fff]{2}" + LAW_END
_LAW_JOINED_RE = re.compile(_BARE_LAW + r"(?=[和与及、][^，,。？?]{0,12}?法)")
# "某某法全文一共有几条": so is a law before 全文, its whole text (devdocs 26 dev: its article count was
# not read). (ablation switch)
LAW_WHOLE_TEXT = True
_LAW_WHOLE_TEXT_RE = re.compile(_BARE_LAW + r"(?=全文)")


# "Once the ruling against a firm took effect, may it appeal …?": a clause timed by another act's
# taking effect (after/once/until …, 判决生效后) asks no date of the document (devdocs 28 dev: a yes/no question
# answered with the regulation's effective date). (ablation switch)
ANOTHER_ACT_EFFECTIVE = True
_ANOTHER_ACT_EFFECTIVE_RE = re.compile(r"\b(?:after|once|until|before)\s[^,?;]{0,80}?\b(?:take|takes|took|taken|taking)\s+effect\b"
                                       r"|(?:决定|判决|裁定|裁决|处罚|合同)(?:发生法律效力|生效)(?:后|以后|之后|前)",
                                       re.IGNORECASE)
# "哪天起开始实施" asks when a document took effect as 施行 does (devdocs 28 dev: refused as no date stated
# beside 本条例自…起施行); 实施 alone is left out (实施期, 组织实施 speak of a plan's work). (ablation switch)
STARTED_IMPLEMENTING = True
# ("哪天起正式实施": 正式 before the verb — devdocs 32 dev)
_STARTED_IMPLEMENTING_RE = re.compile(r"(?:何时|什么时候|哪一?天|哪一?年|几月|几号|从哪天)(?:起|开始)(?:正式)?实施|实施日期"
                                      r"|开始(?:正式)?实施(?:的)?(?:日期|时间)")


# "最后一次修订是何时通过的": the revision is what was adopted, so its date is asked, as in English
# (AMENDMENT_ADOPTED; devdocs 28 dev: answered with the law's first adoption). (ablation switch)
AMENDMENT_ADOPTED_ZH = True
_ZH_AMENDMENT_ADOPTED_RE = re.compile(r"(?:修正|修订|修改)(?:案|决定)?(?:是|于)?在?(?:何时|什么时候|哪一?天|哪一?年|哪个月|哪年哪月)"
                                      r"[^，,;；?？]{0,8}通过")
_ZH_FIRST_ADOPTED_RE = re.compile(r"最初|最早|首次|第一次通过|原先|当初")


def asked_field(q: Question) -> str | None:
    """The document fact `q` asks for, if it asks one about a document."""
    if ANOTHER_ACT_EFFECTIVE and _ANOTHER_ACT_EFFECTIVE_RE.search(q.normalised):
        stripped = _ANOTHER_ACT_EFFECTIVE_RE.sub(" ", q.normalised)
        if not FIELD_RES["effective"].search(stripped):
            return None
    if not (_DOC_WORD_RE.search(q.normalised) or (LAW_JOINED and _LAW_JOINED_RE.search(q.normalised))
            or (LAW_WHOLE_TEXT and _LAW_WHOLE_TEXT_RE.search(q.normalised))) or _OTHER_DOCUMENT_RE.search(q.normalised):
        return None
    name = next((name for name, pattern in FIELD_RES.items()
                 if (APPROVAL or name not in _APPROVAL_FIELDS) and (REVISIONS or name != "revisions")
                 and not (name == "posted" and POSTED_WHEN and not q.is_english
                          and not _WHEN_ASKED_RE.search(q.normalised))
                 and not (name in _APPROVAL_FIELDS and SUBMITTED and _SUBMITTED_RE.search(q.normalised))
                 and pattern.search(q.normalised)), None)
    if (name == "adopted" and AMENDMENT_ADOPTED_ZH and _ZH_AMENDMENT_ADOPTED_RE.search(q.normalised)
            and not _ZH_FIRST_ADOPTED_RE.search(q.normalised)):
        name = "amended"
    if name is None and STARTED_IMPLEMENTING and _STARTED_IMPLEMENTING_RE.search(q.normalised):
        name = "effective"
    if (name is None and DID_ADOPT and _DID_ADOPT_RE.search(q.normalised)
            and not _REVISION_ASKED_RE.search(q.normalised)):  # (an amendment adopted: not the law's adoption)
        name = "adopted"
    if DURATION_NOT_DATE and name in _DATE_FIELDS and period_asked(q):
        return None
    return _as_asked(q, name)


def _as_asked(q: Question, name: str | None) -> str | None:
    """`name`, the meeting read as the last revision's when the question asks about a revision and not the
    adoption (AMENDING_MEETING); the date or meeting of the nth revision when one is asked by its number."""
    if nth_revision_asked(q) is not None and name in _NTH_READS:
        return _NTH_READS[name]
    revision = (name == "meeting" and AMENDING_MEETING and bool(_REVISION_ASKED_RE.search(q.normalised))
                and (not _ADOPTION_ASKED_RE.search(q.normalised)
                     or (AMENDMENT_ADOPTED and bool(_AMENDMENT_ADOPTED_RE.search(q.normalised)))
                     or (YEAR_REVISION and bool(_YEAR_REVISION_RE.search(q.normalised)))))
    return "amended_meeting" if revision else name


# "When did the 2019 revision come into force?": a text whose only date in force is 2001年7月1日 (its first
# version's, kept through its revisions) does not say when that revision took effect (devdocs 23 and 27 dev: two
# near misses answered with the first version's date). A date in the revision's year or the next may be it.
# (ablation switch)
REVISION_IN_FORCE = True


def _revision_year(q: Question) -> int | None:
    """The year of the revision a question names by it (the 2023 revision, 2005年修正后), if any."""
    asked = _YEAR_REVISION_RE.search(q.normalised)
    year = re.search(r"(?:19|20)\d\d", asked.group(0)) if asked else None
    return int(year.group(0)) if year else None


def _before_revision_asked(q: Question, value: str) -> bool:
    """Whether the question asks when a revision named by its year took effect and `value`, the date in force
    the record gives, is from neither that year nor the next."""
    revised = _revision_year(q) if REVISION_IN_FORCE else None
    stated = re.search(r"(?:19|20)\d\d", iso_date(value) or value) if revised else None
    return revised is not None and stated is not None and int(stated.group(0)) not in (revised, revised + 1)


# "第二次修正哪天通过", "when was the second amendment adopted?": that revision's line, not the adoption
# (通过 asks it first) nor the last revision (devdocs 15 dev: answered with the 2004 adoption). (ablation switch)
NTH_REVISION = True
_NTH_ASKED_RE = re.compile(r"第([一二三四五六七八九十\d]+)次(?:修正|修订|修改)"
                           r"|\b(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th) (?:amendment|revision)\b",
                           re.IGNORECASE)
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
                "5th": 5}
_NTH_READS = {"adopted": "amended", "date": "amended", "promulgated": "amended", "amended": "amended",
              "meeting": "amended_meeting", "amended_meeting": "amended_meeting"}


def nth_revision_asked(q: Question) -> int | None:
    """The number of the revision a question asks about by its number (第三次修正 → 3), if any."""
    m = _NTH_ASKED_RE.search(q.normalised) if NTH_REVISION else None
    if m is None:
        return None
    if m.group(2):
        return _EN_ORDINALS[m.group(2).lower()]
    return int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))


# "When was the current text revised, and at which session?", "哪次会议修订的": the meeting of the last
# revision, not the one that first adopted it (devdocs 11 dev: answered with the 2001 adopting meeting).
# (ablation switch)
AMENDING_MEETING = True
_REVISION_ASKED_RE = re.compile(r"修订|修正|修改|\bamend|\brevis", re.IGNORECASE)
_ADOPTION_ASKED_RE = re.compile(r"通过|制定|\b(?:adopt|adopted|adoption|passed|enacted|first|originally)\b", re.IGNORECASE)
# "When was the last amendment of this law adopted, and at which session?": the amendment is
# what was adopted, so its date and meeting are asked, not the first adoption's (devdocs 22 dev: answered with the
# 1984 adopting meeting; the 30 characters allowed between "amendment" and "adopted" missed the date).
# (ablation switch AMENDMENT_ADOPTED, above FIELD_RES: read at import for the date pattern)
_AMENDMENT_ADOPTED_RE = re.compile(r"\b(?:amendment|revision)\b.{0,80}\b(?:adopted|passed)\b", re.IGNORECASE)
# a revision named by its year (…2005年那次修正…哪次会议…通过) is asked, though 通过 asks an adoption (devdocs
# 18 dev: answered with the 1999 adopting meeting); the year picks its line (stated_fields). (ablation switch)
YEAR_REVISION = True
_YEAR_REVISION_RE = re.compile(r"(?:19|20)\d\d年?[^，,。？?]{0,6}?(?:修正|修订|修改)|\b(?:19|20)\d\d (?:amendment|revision)\b",
                               re.IGNORECASE)


# "科普规划制定后要报谁批准？": a thing submitted (报, 报请, 报送) for approval is a procedure the clauses set out,
# not the document's own approval (devdocs 9 dev: refused as "the record names no approving meeting").
# (ablation switch)
SUBMITTED = True
_SUBMITTED_RE = re.compile(r"报(?:请|送|经)?(?:谁|哪个|哪一?级|哪些|什么|哪家|[^，,。？?]{0,12}?)批准|\bsubmit(?:ted)?\b.{0,60}\bapprov",
                           re.IGNORECASE)


REVISIONS = True  # how many times a regulation was revised, from its revision lines (ablation switch)


# A question may ask two facts of the record ("first adopted, and when was it amended?", 哪天通过、哪天施行):
# the second is answered beside the first, cited to its own record line (SECOND_FIELD; devdocs 5 dev: the
# amendment date was left out). Only dates and bodies of the record pair up so.
SECOND_FIELD = True
# (how many revisions, then when the last one was made: 修正过几次，最近一次是哪天 — devdocs 10 dev)
_PAIRED = ("issuer", "date", "effective", "adopted", "meeting", "approved", "approver", "amended", "number", "revisions",
           "amended_meeting")
# (how many articles and chapters, 总共多少条，分几章: both counted — devdocs 19 dev: the chapters alone answered
# a question asking the articles first) (ablation switch)
PARTS_PAIRED = True


def second_field(q: Question, first: str) -> str | None:
    """Another record field `q` asks for besides `first`, in words of its own (its match ends where the
    first's does not: "When was it adopted, and when amended?"), or None."""
    paired = _PARTS if PARTS_PAIRED and first in _PARTS else _PAIRED
    at = _field_re(first).search(q.normalised) if SECOND_FIELD and first in paired else None
    if at is None:
        return None
    others = [(m.start(), name) for name, pattern in FIELD_RES.items()
              if name != first and name in paired and (APPROVAL or name not in _APPROVAL_FIELDS)
              and (m := pattern.search(q.normalised)) is not None and (m.end() <= at.start() or m.end() > at.end())]
    if not others:
        return None
    return _as_asked(q, min(others)[1])


def _field_re(name: str) -> re.Pattern[str]:
    """The pattern asking for record field `name` (the revision's meeting is asked as any meeting is)."""
    return FIELD_RES["meeting" if name == "amended_meeting" else name]


def first_asked(q: Question, name: str) -> str:
    """Of the two record fields a question asks, the one it asks first ("When was it revised, and at which
    session?": the date, then the meeting) — the short answer is that one's (devdocs 11 dev: the meeting,
    the field read first, led). (ablation switch: QUESTION_ORDER)"""
    other = second_field(q, name) if QUESTION_ORDER else None
    if other is None:
        return name
    at, then = (_field_re(f).search(q.normalised) for f in (name, other))
    # (asked before it, not around it — "When did it take effect and who issued it?" is read as an issue date
    # too — and as a question of its own, joined to the other: "Since when has the revised regulation been in
    # force?" asks no revision date)
    if at is None or then is None or then.end() > at.start():
        return name
    if name in _PARTS:  # (多少条，分几章: the count asked first leads)
        return other
    return other if _JOINED_RE.search(q.normalised[then.end():at.start()]) else name


_JOINED_RE = re.compile(r"\band\b|[、，,；;]|以及|和|及|还有", re.IGNORECASE)


QUESTION_ORDER = True


APPROVAL = True  # the approval line (…会议批准) answers who approved a regulation and when (ablation switch)
_APPROVAL_FIELDS = ("approver", "approved")


# "the national S&T awards regulation" names 国家科学技术奖励条例 by words the glossary leaves out of retrieval
# (rag/lexicons/title_words.json): devdocs 3 dev, two documents compared were not both found. (ablation switch)
TITLE_WORDS = True


@lru_cache(maxsize=1)
def _title_words() -> dict[str, list[str]]:
    raw = json.loads((Path(__file__).parents[1] / "lexicons" / "title_words.json").read_text(encoding="utf-8"))
    return {k: v for k, v in raw.items() if not k.startswith("_")}


@lru_cache(maxsize=256)
def _title_word_groups(question: str) -> tuple[tuple[str, ...], ...]:
    """The title words an English question uses, as groups of their Chinese forms (read once per question:
    every document's title is scored against them)."""
    words = set(re.findall(r"[a-z]+", question.lower()))
    return tuple(tuple(forms) for word, forms in _title_words().items() if word in words)


def _bigrams(text: str) -> set[str]:
    chars = [ch for ch in normalize(text) if "\u4e00" <= ch <= "\u9fff" and ch not in _GENERIC]
    return {a + b for a, b in itertools.pairwise(chars)}


def named_share(q: Question, title: str, concepts: Sequence[Sequence[str]] | None) -> float:
    """How much of `title` the question names: the share of the title's character pairs it uses, or
    for an English question the share of its concepts (rag.expand) whose Chinese renderings the title has."""
    return _named_apart(q, title, concepts, None)


def _bare_title(title: str) -> str:
    from .messages import TITLE_NOTE_RE

    return TITLE_NOTE_RE.sub("", title) or title  # (节选:…) notes the copy, it is no part of the name


def _title_view(title: str) -> str:
    simple = normalize(_bare_title(title))
    # (科学技术 is written 科技 as often; S&T is glossed 科技)
    return f"{simple} {simple.replace('科学技术', '科技')}" if TITLE_WORDS else simple


def _named_apart(q: Question, title: str, concepts: Sequence[Sequence[str]] | None, other: str | None) -> float:
    """`named_share`, leaving out what the question names of the title `other` (None: nothing left out)."""
    if q.is_english:
        simple = _title_view(title)
        groups = [*(concepts or ()), *_title_word_groups(q.normalised)] if TITLE_WORDS else list(concepts or ())
        if other is not None:
            taken = _title_view(other)
            groups = [g for g in groups if not any(t in taken for t in g)]
        return sum(any(t in simple for t in group) for group in groups) / max(1, len(groups))
    asked = _bigrams(q.normalised) - (_bigrams(other) if other is not None else set())
    share = 0.0
    for n, name in enumerate(_short_names(_bare_title(title))):
        pairs = _bigrams(name)
        named = len(asked & pairs) / len(pairs) if pairs else 0.0
        if n == 0 or named >= SHORT_NAME_FLOOR:
            share = max(share, named)
    return share


# a national law is named without the state's name (《测绘法》 for 中华人民共和国测绘法): the title's share is
# read without it too (devdocs 23 dev: a law and a regulation named by their short names, the law named at 2 of its
# 9 character pairs and a place's regulation sharing the other's title taken for it) (ablation switch)
STATE_PREFIX = True
# (the short name counts when named nearly whole: 标准化…条例 named 3 of 标准化法实施条例's 7 pairs and was read as
# naming that document, its issuer answered — devdocs 16 dev)
SHORT_NAME_FLOOR = 0.6
_STATE_PREFIX_RE = re.compile(r"^中华人民共和国(?=\S{2})")


def _short_names(title: str) -> list[str]:
    """The title, and without the state's name it opens with (a law's short name)."""
    short = _STATE_PREFIX_RE.sub("", title) if STATE_PREFIX else title
    return [title] if short == title else [title, short]


def choose_document(q: Question, hits: Sequence[Hit], documents: dict[str, DocumentMeta],
                    concepts: Sequence[Sequence[str]] | None = None) -> DocumentMeta | None:
    """The document the question is about: the one whose title it names most (its words, its place),
    earlier retrieved documents winning ties; the top hit's document when it names none."""
    order = list(dict.fromkeys(h.doc_id for h in hits))
    asked = match_key(q.normalised)
    numbered = [d for d in documents.values() if d.number and len(key := match_key(d.number)) >= 6 and key in asked]
    if len(numbered) == 1:  # "京政发〔2016〕44号是哪天印发的": the document with that number (forms dev)
        return numbered[0]
    best: tuple[float, DocumentMeta] | None = None
    for doc in documents.values():
        named = named_share(q, doc.title, concepts)
        place = any(p in f"{doc.title}{doc.issuer or ''}" for p in q.places)
        retrieved = 1 / (order.index(doc.doc_id) + 2) if doc.doc_id in order else 0.0
        score = named + 0.3 * place + 0.2 * retrieved
        if (named >= 0.3 or doc.doc_id in order) and (best is None or score > best[0]):
            best = (score, doc)
    return best[1] if best else None


def names_only(q: Question, doc: DocumentMeta, documents: dict[str, DocumentMeta],
               concepts: Sequence[Sequence[str]] | None = None) -> bool:
    """Whether the question names `doc` and no other document as much: most of an English question's
    concepts are in its title, or a Chinese question shares at least three character pairs with its
    title and twice as many as with any other title. Such a question is about that document only, so a
    fact its record lacks is not taken from another document's clauses."""
    def score(title: str) -> float:
        if q.is_english:
            return named_share(q, title, concepts)
        return float(len(_bigrams(q.normalised) & _bigrams(title)))

    own = score(doc.title)
    other = max((score(d.title) for d in documents.values() if d.doc_id != doc.doc_id), default=0.0)
    if q.is_english:
        return own >= 0.5 and own > other
    return own >= 3 and own >= 2 * other


def unstated(field: str, doc: DocumentMeta) -> bool:
    """The manifest says the copy does not give this field (北京市(发文机关未在所存网页中载明))."""
    record = getattr(doc, _RECORD_FIELD.get(field, ""), None)
    return bool(record and _UNSTATED_RE.search(record))


def find_fact(field: str, doc: DocumentMeta, text: str, years: tuple[int, ...] = (), nth: int | None = None
              ) -> Fact | None:
    """The value the record gives for `field`: the manifest first (it is curated: a copy's own record
    lines can be wrong), else a record line of the text."""
    if field == "complete":
        return incomplete(doc)
    record = getattr(doc, _RECORD_FIELD[field], None) if field in _RECORD_FIELD and nth is None else None
    if record and not _UNSTATED_RE.search(record):
        if field == "period":
            m = _PERIOD_RE.search(record)
            return Fact(field, record, m.group(0)) if m else None
        return Fact(field, record, record)
    if field in _PARTS:
        last = structure(text, field)
        if last is None:
            return None
        value, end = last.value, last.end
        if CHAPTER_TITLE and field == "chapters" and (named := _HEADING_REST_RE.match(text, end)) and named.group(1):
            value, end = text[last.start:named.end(1)], named.end(1)  # (as written: the citation quotes it)
        return Fact(field, value, last.value.removeprefix("第"), last.start, end)
    line = (header_fields(text).get(field) if nth is None else None) or stated_fields(text, years, nth).get(field)
    if line is None:
        return None
    if field == "revisions":  # the last line's own number (第二次修订 → 二次), else the lines counted (2次)
        own = NTH_REVISION_RE.search(line.value)
        return Fact(field, line.value, f"{own.group(1) if own else revisions(line.value)}次", line.start, line.end)
    return Fact(field, line.value, line.value, line.start, line.end)


# The last chapter is named with its heading's words, 第七章 附则, not its number alone: "最后一章叫什么" asks
# them (devdocs 30 dev). (ablation switch)
CHAPTER_TITLE = True
_HEADING_REST_RE = re.compile(r"[ \t\u3000]*([^\s。；;，,][^\n。；;，,]{0,19})[ \t\u3000]*(?=\n|$)")


# what says a copy is not the whole document: the manifest's notes (An excerpt…, Second half only…, Cut
# off mid-sentence…) or a note its title carries ((节选:…), (下))
_INCOMPLETE_RE = re.compile(r"\bexcerpt|\bcut (?:off|short)\b|\btruncat|\b(?:first|second|latter|former) half\b"
                            r"|\b(?:part|half) only\b|节选|摘录|截断|不全|仅[^，。]{0,6}部分", re.IGNORECASE)
_NOTE_SENTENCE_RE = re.compile(r"[^.;。；]+(?:[.;。；](?=\s|$)|$)")


def incomplete(doc: DocumentMeta) -> Fact | None:
    """否 (not the whole document) with the record's words saying so; None when the record says
    nothing either way (a copy is not called complete for want of a note)."""
    for m in _NOTE_SENTENCE_RE.finditer(doc.notes or ""):
        if _INCOMPLETE_RE.search(m.group(0)):
            return Fact("complete", m.group(0).strip(), "否", record_field="notes")
    from .messages import TITLE_NOTE_RE

    if TITLE_NOTE_RE.search(doc.title):
        return Fact("complete", doc.title, "否", record_field="title")
    return None


def _variants(fact: Fact) -> list[str]:
    """How the text may write the value (a date in any of its renderings)."""
    iso = iso_date(fact.short)
    if iso:
        y, m, d = (int(p) for p in iso.split("-"))
        return [f"{y}年{m}月{d}日", f"{y}年{m:02d}月{d:02d}日", iso, f"{y}.{m}.{d}", f"{y}/{m}/{d}"]
    bare = _NOTE_RE.sub("", fact.short).strip() if ISSUER_NOTE and fact.field == "issuer" else fact.short
    return [fact.short] if bare in ("", fact.short) else [fact.short, bare]


# An issuer the record writes with a note (国家科学技术委员会（经国务院批准）) is written without it in the text's
# publication line (…国家科学技术委员会令第2号发布): that line supports the answer too (devdocs 16 dev: the
# order number was never shown) (ablation switch)
ISSUER_NOTE = True
_NOTE_RE = re.compile(r"[（(][^（）()]*[）)]")


def _pattern(fact: Fact) -> re.Pattern[str]:
    """How the text may write the value: a date in any rendering; an issuer with a session inserted
    (河南省人民代表大会常务委员会 is written 河南省第十三届人民代表大会常务委员会 in an adoption line)."""
    keys = [match_key(v) for v in _variants(fact)]
    alternatives = [re.escape(k) for k in keys if k]
    if fact.field == "issuer" and len(keys[0]) >= 4:
        k = keys[0]
        alternatives += [f"{re.escape(k[:i])}第[^，。,；;]{{1,6}}届{re.escape(k[i:])}" for i in range(2, len(k) - 1)]
    return re.compile("|".join(alternatives))


def supporting_span(fact: Fact, doc_clauses: Sequence[Clause]) -> tuple[Clause, int, int] | None:
    """The first sentence of a clause that states the value too."""
    pattern = _pattern(fact)
    for clause in doc_clauses:
        for span in split_sentences(clause.text, clause.start):
            if pattern.search(match_key(span.text)):
                return clause, span.start, span.end
    return None


def _part_line(labels: dict[str, str], title: str, name: str, fact: Fact, english: bool) -> str:
    """"《…》共八章，最后一章是“第八章”[1]": how many chapters or articles, counted from the last heading."""
    zh_unit, en_unit = _PART_UNITS[name]
    return labels["part"].format(title=title, count=fact.short[:-1], n=cn_to_int(fact.short[:-1]),
                                 unit=f"{en_unit}s" if english else zh_unit, value=fact.value)


def english(fact: Fact) -> str | None:
    iso = iso_date(fact.short)
    if iso:
        y, m, d = (int(p) for p in iso.split("-"))
        return f"{d} {_MONTHS[m - 1]} {y}"
    return None


def answer(q: Question, hits: Sequence[Hit], documents: dict[str, DocumentMeta], text_of: Callable[[str], str],
           clauses_of: Callable[[str], Sequence[Clause]], concepts: Sequence[Sequence[str]] | None = None):
    """A draft answering a document fact from the record, or None (the composers take the question)."""
    name = asked_field(q)
    if name is None:
        return None
    name = first_asked(q, name)
    pair = compared_documents(q, documents, concepts) if COMPARED and name in (*_PAIRED, *_PARTS) else None
    if pair is not None:
        names = [name] * len(pair)
        if FIRST_FOR_ORDER and name == "date" and _ORDER_ASKED_RE.search(q.normalised) and _FIRST_ASKED_RE.search(q.normalised):
            names = [_first_field(d, text_of(d.doc_id)) for d in pair]
        drafts = [_answer_document(q, n, d, documents, text_of, clauses_of, concepts) for n, d in zip(names, pair, strict=True)]
        if all(d is not None and d.answered for d in drafts):
            first, second = (iso_date(d.short.text) if d.short else None for d in drafts)
            if name in _PARTS and MORE_ARTICLES and (counts := _part_counts(drafts)) and counts[0] != counts[1]:
                if (counts[1] > counts[0]) != bool(_FEWER_RE.search(q.normalised)):
                    drafts, pair = drafts[::-1], (pair[1], pair[0])  # the one asked for first: its count leads
                return _side_by_side(drafts[0], drafts[1], _more_line(q, pair, name))
            if ORDER and _ORDER_ASKED_RE.search(q.normalised) and first and second and first != second:
                if second < first:  # the earlier first: its date is the short answer
                    drafts, pair = drafts[::-1], (pair[1], pair[0])
                return _side_by_side(drafts[0], drafts[1], _order_line(q, pair))
            return _side_by_side(drafts[0], drafts[1])
    if len(set(q.places)) >= 2 and name not in _APPROVAL_FIELDS and not (
            ONE_TITLE_PLACES and any(all(p in d.title for p in q.places) for d in documents.values())):
        # two places' documents (分别…施行): the composers quote each (a province approves a city's) — unless
        # one title names both (广东省中新广州知识城条例: devdocs 8 dev, its date in force refused)
        return None
    doc = choose_document(q, hits, documents, concepts)
    if doc is None or (q.places and not any(p in f"{doc.title}{doc.issuer or ''}" for p in q.places)):
        return None  # asked of another place's document (武汉…条例): not this record's to answer (devdocs dev)
    if OTHER_KIND and names_another_kind(q, doc):
        return None
    if BARE_KIND and names_bare_kind(q, doc):
        return None
    return _answer_document(q, name, doc, documents, text_of, clauses_of, concepts)


# A question naming a document of another kind than the chosen one, by a name it mostly does not share
# ("深圳人工智能应用分级分类监管办法是哪一年公布的" of the 深圳…人工智能产业促进条例, which leaves that 办法 to be
# made: devdocs 7 dev, answered with the regulation's own date) asks of a document the corpus lacks: not
# this record's to answer (OTHER_KIND).
OTHER_KIND = True
_KINDS = "条例|办法|规定|细则|方案|规划|意见|决定|通知|措施|纲要"
# (a name: no pronoun, 的 or another kind word inside — "这份通知所印发的规划" names no document)
_KIND_NAMED_RE = re.compile(rf"((?:(?!{_KINDS})[^\W\d_a-zA-Z这那该本此的所]){{4,30}}?)({_KINDS})(?=是|的|哪|何|什么|由|于|在|有|谁|[？?，,。\s]|$)")


# "那个决定是哪天发布的", "When was that decision issued?": a document named by its kind alone, a kind the chosen
# document's title does not have (a 通知 印发ing a 规划), is another document — one the previous answer named, or
# none (conversations dev 21: answered with the 通知's date). (ablation switch)
BARE_KIND = True
# (a distal demonstrative only — 那个决定, "that decision": 这个/该/this name the document at hand, whatever its kind)
_BARE_KIND_ZH_RE = re.compile(rf"(?:那个|那份|那项|上述)({_KINDS})(?=是|的|哪|何|什么|由|于|在|[？?，,。\s]|$)")
_BARE_KIND_EN_RE = re.compile(r"\bthat (decision|notice|circular|opinions|measures|regulations|plan|programme|"
                              r"program|rules|provisions|outline)\b"
                              # (a follow-up's "that decision" is resolved to "the decision": the kinds no
                              # document is loosely called by)
                              r"|\bthe (decision|notice|circular|opinions|outline)\b", re.IGNORECASE)


def names_bare_kind(q: Question, doc: DocumentMeta) -> bool:
    title = normalize(doc.title)
    if q.is_english:
        kinds = [english_kinds(m.group(1) or m.group(2)) for m in _BARE_KIND_EN_RE.finditer(q.normalised)]
    else:
        kinds = [(m.group(1),) for m in _BARE_KIND_ZH_RE.finditer(q.normalised)]
    return any(not any(kind in title for kind in named) for named in kinds)


def names_another_kind(q: Question, doc: DocumentMeta) -> bool:
    if q.is_english:
        # ("When did the Data Security Law take effect?" of a regulation: a law, and no document is one)
        # (a title ending in 法 — a law, or 办法 implementing one — is of the kind an English "Law" names)
        return LAW_KIND and not re.search(r"法(?=[（(]|$)", normalize(doc.title)) and bool(english_law_named(q.text))
    title = normalize(doc.title)
    kind = re.search(rf"(?:{_KINDS}|法)(?=[（(]|$)", title)
    texts = [q.normalised]
    if KEYWORD_KINDS and _KEYWORDS_RE.search(q.normalised):
        # a keyword query (某市 人工增雨 规划 谁制定) names its thing across spaces: read it run together too
        texts.append(re.sub(r"\s+", "", q.normalised))
    if NAME_ACROSS_DE and (joined := _DE_BEFORE_KIND_RE.sub("", q.normalised)) != q.normalised:
        texts.append(joined)
    named = [m for text in texts for m in _KIND_NAMED_RE.finditer(text)]
    if LAW_KIND:
        named += [m for text in texts for m in _LAW_NAMED_RE.finditer(text)]
    for m in named:
        pairs = _bigrams(m.group(1))
        if kind is not None and m.group(2) == kind.group(0):
            # of the same kind: another document only when its name hardly shares a word with this title
            # (军用标准化管理条例 of 实验动物管理条例: devdocs 16 dev, answered with that record's issuer); an
            # abbreviated own title (科技进步条例) shares most of it in the title's short form
            if (SAME_KIND_OTHER and len(pairs) >= 4
                    and len(pairs & _bigrams(_title_view(doc.title))) / len(pairs) < SAME_KIND_SHARED):
                return True
            continue
        # (a law beside a regulation: another document unless it is nearly the title — 某某数据保护法 shares
        # 数据, 保护 with 某某数据设施安全保护条例)
        shared = LAW_SHARED if m.group(2) == "法" else 0.5
        if len(pairs) >= 3 and len(pairs & _bigrams(title)) / len(pairs) < shared:
            return True
    return False


# "某某数据保护法何时施行" of a regulation (某某数据设施安全保护条例): a law is named as a document too,
# one the corpus lacks (devdocs 32 dev: answered with the regulation's own date in force). (ablation switch)
LAW_KIND = True
LAW_SHARED = 0.8
_LAW_NAMED_RE = re.compile(r"((?:(?!法)[^\W\d_a-zA-Z这那该本此的所]){4,30}?)(" + LAW_END + ")"
                           r"(?=是|的|哪|何|什么|由|于|在|有|谁|[》？?，,。\s]|$)")


# "民间统计调查活动的管理办法由谁制定": a name whose last words follow 的 (…的管理办法) names another document too —
# read without that 的 (devdocs 30 dev: answered with the law's own issuer). (ablation switch)
NAME_ACROSS_DE = True
_DE_BEFORE_KIND_RE = re.compile(rf"的(?=[\u4e00-\u9fff]{{1,3}}(?:{_KINDS}))")
SAME_KIND_OTHER = True  # (ablation switch)
SAME_KIND_SHARED = 0.25
# A keyword query names its thing across spaces (某市 人工增雨 规划 谁制定): read run together as well (devdocs
# 18 dev: answered with the regulation's issuer) (ablation switch)
KEYWORD_KINDS = True
_KEYWORDS_RE = re.compile(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]")


# A document in force from the day it is published (本条例自发布之日起施行) took effect on its publication line's
# date: the day is the answer to when (_answer_document). (ablation switch)
ISSUE_DAY = True
_ON_ISSUE_RE = re.compile(r"自(?:发布|公布|颁布)之日起")


def _issue_day(name: str, fact: Fact, doc: DocumentMeta, text: str) -> Fact | None:
    """The publication line's date of a document that takes effect on the day it is published."""
    if not ISSUE_DAY or name != "effective" or not _ON_ISSUE_RE.search(aligned_simplified(fact.value)):
        return None
    issued = find_fact("promulgated", doc, text)
    return issued if issued is not None and iso_date(issued.short) else None


# A record fact asked of two documents named side by side ("Compare the effective dates of A and B", "A和B
# 分别是哪天施行的", "which came into force earlier, A or B"): each document's record answers for itself,
# cited to it (COMPARED; devdocs 3 and 6 dev: such questions were answered from one document or quoted
# clauses). Both must be named: each title shares this much of the question (Chinese: of its character
# pairs; English: of the question's concepts) — and no third as much.
COMPARED = True
ONE_TITLE_PLACES = True  # a question naming two places one title names asks of that document (ablation switch)
WHICH_FIRST = True  # (ablation switch; read at import)
_COMPARED_RE = re.compile(r"分别|对比|比较|相比|和.{2,40}?(?:各|哪个|哪部|谁)|哪一?[个部份](?:更)?[早晚先]"
                          r"|\bcompare[sd]?\b|\bversus\b|\bvs\b|\bboth\b|\brespectively\b|\b(?:earlier|later|older|newer)\b"
                          # ("Which came into force first: A or B?" — devdocs 18 dev, one document's date given)
                          + (r"|\bwhich\b[^?]{0,60}\b(?:first|last|sooner|earliest|latest)\b" if WHICH_FIRST else "")
                          + (r"|\bwhich\b[^?]{0,20}\b(?:more|fewer)\b|哪一?[个部份][^，,。？?]{0,6}?(?:更|比较|较)(?:多|少)"
                             if MORE_ARTICLES else ""),
                          re.IGNORECASE)
_NAMED_ZH, _NAMED_EN = 0.3, 0.2


def compared_documents(q: Question, documents: dict[str, DocumentMeta],
                       concepts: Sequence[Sequence[str]] | None = None) -> tuple[DocumentMeta, DocumentMeta] | None:
    """The two documents a comparison names (the one it names more first), or None."""
    compared = _COMPARED_RE.search(q.normalised) or (WHICH_ONE and _WHICH_ONE_RE.search(q.normalised))
    return two_named(q, documents, concepts) if compared else None


# "A和B，哪一部施行得更早": which of the two, asked with 哪一部/哪一个 and the verb before 更早 (devdocs 26 dev: one
# law's date given). (ablation switch)
WHICH_ONE = True
_WHICH_ONE_RE = re.compile(r"哪一?[个部份项][^，,。？?]{0,6}?(?:更|比较|较)?[早晚先]")


def two_named(q: Question, documents: dict[str, DocumentMeta],
              concepts: Sequence[Sequence[str]] | None = None) -> tuple[DocumentMeta, DocumentMeta] | None:
    """The two documents `q` names (the one it names more first) — each title named at least the floor's
    share, and no third as much — or None."""
    floor = _NAMED_EN if q.is_english else _NAMED_ZH
    scored = sorted(((named_share(q, d.title, concepts), d) for d in documents.values()), key=lambda x: -x[0])
    if len(scored) < 2 or scored[0][0] < floor:
        return None
    if SECOND_APART:
        # the second is the title naming what the first does not: another title sharing the first's words
        # (河南省…条例 beside 河南省…条例) is not named by them twice (devdocs 12 dev: the Metrology Law and a
        # Henan regulation compared; another Henan regulation was taken for the law)
        first = scored[0][1]
        apart = sorted(((_named_apart(q, d.title, concepts, first.title), d) for d in documents.values()
                        if d is not first), key=lambda x: -x[0])
        if apart[0][0] >= floor and not (len(apart) > 1 and apart[1][0] >= apart[0][0]):
            return first, apart[0][1]
    if scored[1][0] < floor or (len(scored) > 2 and scored[2][0] >= scored[1][0]):
        return None
    return scored[0][1], scored[1][1]


SECOND_APART = True  # (ablation switch)


# "A和B哪部先通过？", "Which came into force first?": the two dates, and which is the earlier, said (devdocs 1
# and 9 dev: no field was read from 先通过). (ablation switch)
ORDER = True
WHICH_EARLIER = True  # (read at import)
_ORDER_ASKED_RE = re.compile(r"(?:先|早|更早|较早|后|晚|更晚|较晚)(?:审议|开始)?(?:通过|施行|生效|印发|发布|颁布|公布|出台|制定)"
                             + (rf"|(?:通过|施行|生效|印发|发布|公布)得{_EARLIER}" if V_DE_EARLIER else "")
                             + (rf"|{_VERBS}得{_EARLIER}" if ISSUED_DE_EARLIER else "")
                             # (and as a closing "哪个更早？" after "分别是哪天施行的" — devdocs 33 dev: the first-named
                             # document's date, the later one, was the short answer; ablation switch WHICH_EARLIER)
                             + (r"|(?:哪|谁)[个一部项份]{0,2}(?:更|比较|较)?(?:早|晚)(?!期)" if WHICH_EARLIER else "") +
                             r"|\b(?:first|earlier|later|older|newer|before|after)\b", re.IGNORECASE)


# "A和B哪个先出台", "Which is older": which text came first is read from each one's first date — its first
# publication, or its adoption — not from the date of its latest revision (devdocs 34 dev: a 1982 regulation revised
# in 2011 was put after a 2000 one). Not where a verb of issue is asked (哪个先印发): the record's date answers that.
# (ablation switch)
FIRST_FOR_ORDER = True
_FIRST_ASKED_RE = re.compile(r"出台|\bolder\b|\bnewer\b|\bcame (?:first|earlier|later)\b", re.IGNORECASE)


def _first_field(doc: DocumentMeta, text: str) -> str:
    return next((f for f in ("promulgated", "adopted") if find_fact(f, doc, text) is not None), "date")


_FEWER_RE = re.compile(r"\bfewer\b|\bfewest\b|少", re.IGNORECASE)


def _part_counts(drafts) -> tuple[int, int] | None:
    """The two counts of articles (or chapters) the drafts' short answers state (四十条 → 40), or None."""
    counts: list[int] = []
    for d in drafts:
        m = re.search(r"([一二三四五六七八九十百零〇两\d]+)", d.short.text) if d.short else None
        if m is None:
            return None
        counts.append(int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1)))
    return counts[0], counts[1]


def _more_line(q: Question, pair, name: str) -> str:
    first, second = (d.title for d in pair)
    fewer = bool(_FEWER_RE.search(q.normalised))
    if q.is_english:
        return f"《{first}》 has {'fewer' if fewer else 'more'} {name} than 《{second}》."
    unit = "条" if name == "articles" else "章"
    return f"《{first}》的{unit}数{'少' if fewer else '多'}{'於' if q.lang == 'zh-Hant' else '于'}《{second}》。"


def _order_line(q: Question, pair) -> str:
    first, second = (d.title for d in pair)
    if q.is_english:
        return f"《{first}》 came before 《{second}》."
    return f"《{first}》早{'於' if q.lang == 'zh-Hant' else '于'}《{second}》。"


def _side_by_side(a, b, order: str | None = None):
    """One draft of two documents' record answers: the first's, then the second's lines after its own
    "Answer" line, its citations numbered on; `order` (which came first) after them."""
    from ..compose import Draft

    shift = len(a.citations)
    cited = [c.model_copy(update={"n": c.n + shift}) for c in b.citations]
    body = b.answer.split("\n\n", 1)[1] if "\n\n" in b.answer else b.answer
    body = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + shift}]", body)
    # (document_fact stays the first one's, as for one document; both are listed under compared)
    meta = {**a.meta, "compared": [a.meta.get("document_fact"), b.meta.get("document_fact")]}
    return Draft(f"{a.answer}\n\n{body}" + (f"\n\n{order}" if order else ""), [*a.citations, *cited], True, meta, a.short)


def _shown(short: str, en: str | None) -> str:
    """A record value as the answer's first line shows it: the English beside it, or a date written out
    (2016年11月29日) beside the record's own form when they differ."""
    iso = iso_date(short)
    written = f"{int(iso[:4])}年{int(iso[5:7])}月{int(iso[8:])}日" if iso else short
    return f"{en} ({short})" if en else written if written == short else f"{written}（{short}）"


def _record_citation(n: int, doc: DocumentMeta, name: str, fact: Fact) -> Citation:
    """Citation n of field `name` of `doc`'s record (kind `document`, the manifest field named)."""
    return Citation(n=n, clause_id=f"{doc.doc_id}#{name}", doc_id=doc.doc_id, doc_title=doc.title, section_path=[],
                    quote=fact.value, start=fact.start, end=fact.end, tier=doc.tier, kind="document",
                    field=fact.record_field or _RECORD_FIELD.get(name, name))


def _unstated_draft(labels: dict[str, str], doc: DocumentMeta, name: str, label: str):
    """The draft saying the document's record does not state `label` (field `name`)."""
    from ..compose import Draft

    return Draft(labels["unstated"].format(title=doc.title, label=label), [], False,
                 {"reason": "document_record_unstated", "document_fact": {"doc_id": doc.doc_id, "field": name}})


def _answer_document(q: Question, name: str, doc: DocumentMeta, documents: dict[str, DocumentMeta],
                     text_of: Callable[[str], str], clauses_of: Callable[[str], Sequence[Clause]],
                     concepts: Sequence[Sequence[str]] | None = None):
    """The draft answering field `name` of `doc` from its record, or None."""
    from ..compose import Draft

    text = text_of(doc.doc_id)
    line = labelled_line(text, q.normalised)
    fact = (Fact(name, line.value, line.value, line.start, line.end) if line is not None and line.field == name
            else find_fact(name, doc, text, tuple(asked_years(q.normalised)), nth_revision_asked(q)))
    if fact is None and name == "promulgated":  # no publishing line: the record's date is the only one
        name = "date"
        fact = find_fact(name, doc, text)
    labels = LABELS["en" if q.is_english else q.lang if q.lang in LABELS else "zh-Hans"]
    if fact is not None and name == "effective" and _before_revision_asked(q, fact.short):
        # the date the text was first in force, not the date a later revision named by its year took effect
        year = _revision_year(q)
        return _unstated_draft(labels, doc, name, f"{_EN_NOUNS[name]} for the {year} revision" if q.is_english
                               else f"{year}年修订的{labels[name]}")
    if fact is None:
        # said plainly, not guessed from a clause that mentions some office or another document's record
        if unstated(name, doc) or names_only(q, doc, documents, concepts):
            return _unstated_draft(labels, doc, name, _EN_NOUNS.get(name, labels[name]) if q.is_english else labels[name])
        return None
    citations = [_record_citation(1, doc, name, fact)]
    en = english(fact) if q.is_english else None
    iso = iso_date(fact.short)
    if name == "revisions":  # (二次 → "2 times")
        en = f"{revisions(fact.value)} times" if q.is_english else None
    if name in _PARTS:  # counted from the text: the last heading (第十章) says how many (十章)
        count = cn_to_int(fact.short[:-1])
        en = f"{count} {_PART_UNITS[name][1]}s" if q.is_english else None
    shown = _shown(fact.short, en)
    lines = [f"Answer: {shown} [1]" if q.is_english else f"答：{shown}[1]"]
    if name in _PARTS:
        lines.append(_part_line(labels, doc.title, name, fact, q.is_english))
    else:
        # (the label the question names, 成文日期, when the value is that line's)
        label = line.label if line is not None and line.field == name and not q.is_english else labels[name]
        lines.append(labels["record"].format(title=doc.title, label=label, value=fact.value))
    support = None if name in (*_PARTS, "complete", "revisions") else supporting_span(fact, clauses_of(doc.doc_id))
    if support is not None:
        clause, start, end = support
        quote = text[start:end]
        citations.append(Citation(n=2, clause_id=clause.clause_id, doc_id=doc.doc_id, doc_title=doc.title,
                                  section_path=clause.section_path, quote=quote, start=start, end=end, tier=doc.tier))
        lines.append(labels["support"].format(quote=quote))
    other = second_field(q, name)
    second = find_fact(other, doc, text, tuple(asked_years(q.normalised))) if other else None
    if other is not None and second is not None and second.value != fact.value:
        n = len(citations) + 1
        citations.append(_record_citation(n, doc, other, second))
        shown_line = (_part_line(labels, doc.title, other, second, q.is_english) if other in _PARTS
                      else labels["record"].format(title=doc.title, label=labels[other], value=second.value))
        lines.append(shown_line.replace("[1]", f"[{n}]"))
    issued = _issue_day(name, fact, doc, text) if iso is None else None
    if issued is not None:
        # "本条例自发布之日起施行": it took effect the day it was published, which the record's publication line
        # dates — the day is the answer, cited to that line (devdocs 15 dev: "which took effect first" could not
        # order a date against "the day of publication")
        n = len(citations) + 1
        citations.append(_record_citation(n, doc, "promulgated", issued))
        lines.append(labels["record"].format(title=doc.title, label=labels["promulgated"], value=issued.value)
                     .replace("[1]", f"[{n}]"))
        en = english(issued) if q.is_english else None
        lines[0] = f"Answer: {_shown(issued.short, en)} [{n}]" if q.is_english else f"答：{_shown(issued.short, en)}[{n}]"
        short: ShortAnswer | None = ShortAnswer(issued.short, n, "date", en)
    else:
        if name == "complete":  # not the whole document: 否 / No
            en = "No" if q.is_english else None
            lines[0] = "Answer: No [1]" if q.is_english else "答：否[1]"
        # (a count of unnumbered revision lines is checked against them, but written in none: no short answer)
        short = None if fact.short not in fact.value and name != "complete" else ShortAnswer(
            text=fact.short, n=1, kind="yesno" if name == "complete" else "date" if iso else name, english=en)
    meta: dict[str, object] = {"composer": "document-record", "document_fact": {"doc_id": doc.doc_id, "field": name}}
    return Draft("\n\n".join(lines), citations, True, meta, short)
