"""Writing the standalone question of a slot, a pronoun or a refinement: what the previous question was
about, with the new asked detail, in place of the pronoun (or the document it stands for), or restricted."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..normalize import cjk_ratio
from .markers import _EN_DOC_PRONOUN_RE, _ZH_ASKS_RE, _ZH_DOC_PRONOUN_RE, _alternation, _lexicon, _patterns, _view
from .swaps import _EN_NP_STOP, _english_tier, _swap_tier

RESTRICTIONS = True  # a bare "just the X?" restricts the previous question (ablation switch)


# "只看人才队伍那部分，有哪几项？", "Only the 1-billion ones — how many?", "Just the efficiency one — how
# many national high-tech enterprises?": a part of the previous answer, then a question about it
_ZH_REFINE_RE = re.compile(r"^\s*(?:只看|只说|只问|仅看|单看|就看|光看|单说)([^，,：:—？?]{1,16}?)(?:那部分|那一部分|那块|那项|那个|那些|的)?"
                           r"\s*(?:呢\s*)?[，,：:—–？?]+\s*(\S.*)$")
_EN_REFINE_RE = re.compile(r"^\s*(?:only|just|specifically)\s+([^,:;—–?]{1,60}?)\s*(?:[,:;]|\s[—–-]+)\s*(.+)$", re.IGNORECASE)


# "just the municipal level?", "只看市级的呢？", "只要省级的": a part of the previous question's topic
# and nothing else asked — the previous question, restricted (conversations dev 5: a bare "just the …"
# was asked as typed; "只要省级的" was swapped in as a place: 只要省级的的产业技术创新联盟…)
_ZH_RESTRICT_RE = re.compile(r"^\s*(?:只看|只说|只问|仅看|单看|就看|光看|单说|只要|就说|只算)([^，,：:—？?]{1,12}?)"
                             r"(?:那部分|那一部分|那块|那项|那个|那些|的)?\s*(?:呢|吧)?\s*[？?。.]*\s*$")
_EN_RESTRICT_RE = re.compile(r"^\s*(?:and\s+)?(?:only|just)\s+(?:for\s+)?(?:the\s+)?([\w&'-]+(?:[ -][\w&'-]+){0,4}?)"
                             r"(?:\s+ones?)?\s*[?.!]*\s*$", re.IGNORECASE)


def _restricted(text: str, english: bool, previous: str) -> str | None:
    """The previous question restricted to the part a bare refinement names, or None. A level named where
    the previous question names another is swapped in instead (_swap_tier)."""
    m = (_EN_RESTRICT_RE if english else _ZH_RESTRICT_RE).match(text)
    if m is None or _ZH_ASKS_RE.search(m.group(1)) or re.search(r"\b(?:what|how|which|who|when|where)\b", m.group(1), re.I):
        return None
    part, prev = m.group(1).strip(), _view(previous).rstrip(" ?？。.")
    if part.lower() in _lexicon()["en_slots" if english else "zh_slots"]:
        return None  # "just the amount?": a slot asked (_with_slot), not a part
    if english and EN_TIER_IN_CHINESE and cjk_ratio(prev) >= 0.5 and (tier := _english_tier(part)) is not None:
        # "just the national-level one?" after a Chinese question: its level in Chinese (国家级), which the
        # question's words and the clauses have (conversations dev 21: "（national-level only）" found no clause)
        english, part = False, f"{tier[0]}级"
    if not english:
        swapped = _swap_tier(prev, part)
        return f"{swapped}？" if swapped else f"{prev}（只看{part}）？"
    return f"{prev} ({part} only)?" if cjk_ratio(prev) < 0.5 else f"{prev}（{part} only）？"


EN_TIER_IN_CHINESE = True  # (ablation switch)


# "只想知道要建什么基地", "我只关心谁来牵头": a question of its own under the previous topic, said to narrow it
# (conversations dev 13: asked as typed, the topic lost). (ablation switch)
ONLY_WANT = True
_ZH_ONLY_WANT_RE = re.compile(r"^\s*(?:我|那)?(?:(?:只想|就想|只是想|仅想)(?:知道|问问?|了解|确认)(?:一下)?|只(?:关心|在意))"
                              r"[，,：:\s]*(\S.*)$")


# (conversations dev 9: "please." was read as the question asked of the part) (ablation switch)
POLITE = True
_EN_POLITE_RE = re.compile(r"^\s*please[,\s]+|[,\s]*(?:please|thanks|thank you)[.!?\s]*$", re.IGNORECASE)


# "不止这些吧？全列出来", "「等」还包括什么？都说一下", "is that all? the full list, please": the whole list the
# previous question asked, asked again — its answer quotes the list's clause whole (conversations dev 25: both read
# as new questions, one refused, one answered from another document). Every part of the message must be such a
# request; "还有哪些城市？" asks something of its own. (ablation switch)
FULL_LIST = True
_ZH_FULL_LIST_PART_RE = re.compile(r"^(?:不止这(?:几|些)(?:个|项|条|类|种)?吧?|还有(?:吗|呢|别的吗?|其他的?吗?)|就这些吗?"
                                   r"|(?:请|麻烦)?(?:全部|完整|都|全)(?:地)?(?:列|说|讲|写|列举)(?:一下|出来|全|一遍)?"
                                   r"|列全(?:一点|一些)?|(?:请|麻烦)?(?:全部|完整)列出(?:来)?|“?等”?(?:里面)?(?:还|都)包括(?:哪些|什么)"
                                   r"|全部都?有哪些)$")
_EN_FULL_LIST_RE = re.compile(r"^\s*(?:(?:is that all|are there (?:any )?(?:more|others)|list (?:them|it|all of them) all"
                              r"|(?:give me |show me |what is |what's )?the (?:full|whole|complete|entire) list"
                              r"|all of them|and the rest)(?:,?\s*please)?[\s?.!,]*)+$", re.IGNORECASE)


def _asks_whole_list(text: str, english: bool) -> bool:
    """Whether a message only asks for the whole of the list the previous answer gave."""
    if english:
        return bool(_EN_FULL_LIST_RE.match(text))
    parts = [p for p in re.split(r"[？?，,。！!；;\s]+", text.replace("「", "“").replace("」", "”")) if p]
    return bool(parts) and all(_ZH_FULL_LIST_PART_RE.match(p) for p in parts)


def _refined(text: str, english: bool, previous: str) -> str | None:
    """The standalone question of a refinement (a part of the previous topic, then a question, or a bare
    part: "just the municipal level?"), or None."""
    if FULL_LIST and _asks_whole_list(text, english):
        return _view(previous)
    if english and POLITE:  # "Just the leading-enterprise target, please." asks nothing after its comma
        text = _EN_POLITE_RE.sub("", text) or text
    if RESTRICTIONS and (restricted := _restricted(text, english, previous)) is not None:
        return restricted
    if not english and ONLY_WANT and (only := _ZH_ONLY_WANT_RE.match(text)) and _ZH_ASKS_RE.search(only.group(1)):
        prev = _view(previous)  # "只想知道要建什么基地": that question, of the previous topic
        return f"{_topic(prev, cjk_ratio(prev) < 0.5)}里，{only.group(1).strip()}"
    m = (_EN_REFINE_RE if english else _ZH_REFINE_RE).match(text)
    if m is None:
        return None
    part, asked = m.group(1).strip(), m.group(2).strip()
    prev = _view(previous)
    topic = _topic(prev, cjk_ratio(prev) < 0.5)
    if english:
        asked = asked.rstrip(" ?？")
        own = _EN_TOPIC_DOCUMENT_RE.search(topic) if EN_REFINE_UNDER_DOCUMENT else None
        if own is not None and len(asked.split()) >= 4:
            # a question of its own ("which two brands should be strengthened?") under the document the topic
            # names, not the whole previous topic (conversations dev 14: its words diluted the coverage)
            name = re.sub(r"^(?:(?:in|of|for|on|under|by|about)\s+)+", "", own.group(0), flags=re.IGNORECASE)
            return f"{asked[0].upper()}{asked[1:]} under {name} ({part})?"
        return f"{asked[0].upper()}{asked[1:]} for {topic} ({part})?"
    return f"{topic}里，{part}{asked}"


EN_REFINE_UNDER_DOCUMENT = True  # (ablation switch)
_EN_TOPIC_DOCUMENT_RE = re.compile(r"(?:[\w'’&-]+\s+){0,4}?(?:document|plan|measures|opinions|regulations?|programme|program"
                                   r"|fyp|notice)\b", re.IGNORECASE)


_EN_OPENING_RE = re.compile(r"((?:by|in|from|until|before|after|under|for|according to) [^,?]{2,60}),\s+(?=\w)",
                            re.IGNORECASE)
# a purpose asked ("what is X for?", "what are they used for?"): the trailing preposition asks, it is no part of
# the topic (conversations dev 18: "who heads that group?" resolved to "… working group for … group"). (switch)
EN_PURPOSE_ASKED = True
_EN_PURPOSE_RE = re.compile(r"(?<=\w)\s+(?:used |meant |set up |intended )?for$", re.IGNORECASE)
_EN_HOW_MANY_RE = re.compile(r"how many (.+?) (?:does|do|did|will|would|should|can|could|must|are|is|were|was|has|have)"
                             r" (.+)$", re.IGNORECASE)


# The English wh-lead stops at the first word that may be a verb ("What rewards", "What basic principles");
# an auxiliary left opening the topic made "How many safeguard measures for does Beijing's … plan lay
# down?" (conversations dev 2, 5). (ablation switch)
EN_TOPIC_AUX = True
_EN_AUX_OPEN_RE = re.compile(r"^(?:does|do|did|is|are|was|were|can|could|will|would|should|must|has|have)\s+",
                             re.IGNORECASE)


# A previous question asking who or when in its middle ("…是哪一天印发的？", "…促进中心是谁设立的？") is about
# what comes before the question word: its verb after it was carried into the follow-up ("…的成文日期是哪天的
# 有效期到什么时候？"; conversations dev 2 and dev 8). (ablation switch)
INNER_ASK = True
_INNER_ASK_RE = re.compile(r"(?:是|由|在|于)?(?:谁|哪一?天|哪一?年|什么时候|何时|哪里|哪儿"
                           # (which body: "…方案是哪个部门印发的" — conversations dev 19, "它一共提了几项" took the
                           # body question with it; the view is Simplified character by character)
                           r"|哪[个一]?(?:部门|单位|机构|机关)|哪家)")


# "What's X?" read as "What is X?" (conversations dev 19: "it" in the next message became the whole previous
# question, "What industry size is What's the G20 project … aiming for"). (ablation switch)
EN_CONTRACTED_WH = True
_EN_CONTRACTED_WH_RE = re.compile(r"^(what|which|who|where|how)['’]s\b", re.IGNORECASE)


# "What does X say about Y?" asks nothing of Y but what X says: Y (in X) is the topic a pronoun takes up
# ("What share of it…": conversations dev 11, "it" became the whole previous question). (ablation switch)
EN_SAY_ABOUT = True
_EN_SAY_ABOUT_RE = re.compile(r"^(?:what|how) (?:does|do|did|will) (.{3,80}?) (?:say|said|provide|state|stipulate|specify"
                              r"|set out|lay down) (?:about|on|regarding|concerning|for) (.{3,120})$", re.IGNORECASE)


# A statement naming the thing, then a question pointing back at it by a demonstrative (…要设立X基金，这个基金是
# 干嘛用的？): the statement is what the message was about. (ablation switch)
STATED_THEN_ASKED = True
_ZH_STATED_THEN_ASKED_RE = re.compile(r"^([^，,。；;？?！!]*?[^，,。；;？?！!吗呢什么哪谁几多]{6,})[，,。；;]\s*(?:(?:那|这|该)(?:个|项|些|种|条|笔|家)|它)"
                                      r"[^，,。；;]*(?:什么|哪|谁|几|多少|吗|干嘛|怎么|啥)[^，,。；;]*$")


# "方案里有说要发布成果包吗？": whether the document says something is the frame of a yes/no question; the
# topic is the thing said (conversations dev 31: "which fields exactly?" was asked of "…有说要发布…", and refused).
# (ablation switch)
ZH_SAYS_FRAME = True
_ZH_SAYS_FRAME_RE = re.compile(r"(?:有没有|有无|有|是否)(?:说|提到|提出|提及|讲|写|规定|要求|明确)(?:过|了)?(?:要)?(?=[\u4e00-\u9fff]{2})")


def _topic(prev: str, english: bool) -> str:
    """What the previous question was about: its text without the question words and the asked detail."""
    lex, pat = _lexicon(), _patterns()
    if english:
        question = prev.strip(" ?？")
        if EN_CONTRACTED_WH:  # "What's the G20 project …?" is "What is …": its lead goes as any wh-lead does
            question = _EN_CONTRACTED_WH_RE.sub(r"\1 is", question)
        if EN_PURPOSE_ASKED:  # "What is the talent working group for?": its topic is the group, not "… group for"
            question = _EN_PURPOSE_RE.sub("", question)
        # "By 2018, how many …": the opening phrase goes to the end ("… by 2018"), the question word first
        opening = _EN_OPENING_RE.match(question)
        if opening:
            question = f"{question[opening.end():]} {opening.group(1)[0].lower()}{opening.group(1)[1:]}"
        # "What does Beijing's plan say about income from transfers?" is about that income, in that plan
        said = _EN_SAY_ABOUT_RE.match(question) if EN_SAY_ABOUT else None
        if said:
            return f"{said.group(2)} under {said.group(1)}"
        # "How many clusters does the plan aim to build?" is about "the clusters the plan aims to build"
        counted = _EN_HOW_MANY_RE.match(question)
        if counted:
            return f"the {counted.group(1)} {counted.group(2)}"
        topic = pat["en_wh_lead"].sub("", question).strip()
        if EN_TOPIC_AUX:  # "What basic principles does the plan lay down?": the lead ends at "principles"
            topic = _EN_AUX_OPEN_RE.sub("", topic)
        topic = re.sub(rf"^(?:the )?(?:{_alternation(lex['en_slots'])}) (?:of|for) ", "", topic, flags=re.IGNORECASE)
        return topic or prev.strip(" ?？")
    if STATED_THEN_ASKED and (stated := _ZH_STATED_THEN_ASKED_RE.match(prev.strip())):
        # "规划说要设立X基金，这个基金是干嘛用的？": the thing is named in the statement; the question after it
        # only points back at it (conversations dev 24: "基金规模定了多少" was joined to the whole message)
        return stated.group(1)
    topic = pat["zh_question_tail"].sub("", prev.strip()).strip("，, ")
    if ZH_SAYS_FRAME:  # "…里有说要发布成果包吗" is about the 成果包, not about the saying
        topic = _ZH_SAYS_FRAME_RE.sub("", topic)
    if topic == prev.strip().strip("，, "):  # the question word is inside: "建成多少个科技小镇?" → "建成科技小镇"
        inside = re.search(r"(?:多少|几)[个项家所条名位批类种]", topic)  # a count: the thing counted follows
        head = topic[: inside.start()] if inside else ""
        cut = max(head.rfind("，"), head.rfind(","))
        if inside and cut >= 0 and topic[inside.end():].strip("？?。！! "):
            # "…计划里，到2018年要建成多少个科技小镇": the clause around the question word asked the count;
            # the thing counted, with what came before that clause, is the topic (…计划里，科技小镇)
            topic = head[: cut + 1] + topic[inside.end():]
        # (and a size asked inside, "要搞多大规模的基金系": the fund family is the topic, not its size — conversations dev
        # 38: "具体都有哪些基金" asked its size again and was refused as the previous answer's 1000亿; SIZE_INSIDE)
        size = r"|多大(?:的)?(?:规模|金额|额度|面积|范围)?的?" if SIZE_INSIDE else ""
        topic = re.sub(r"(?:多少|几)[个项家所条名位批类种]?|哪些|哪几[个项类种]|什么" + size, "", topic).rstrip("？?。！! ")
    inner = _INNER_ASK_RE.search(topic) if INNER_ASK else None
    if inner is not None and len(topic[:inner.start()].rstrip("，, 的")) >= 4:
        # "…是哪一天印发的", "…是谁设立的", "资金由谁安排": a who/when asked inside; what follows is its verb
        topic = topic[:inner.start()].rstrip("，, 的")
    changed = True
    while changed:  # the asked detail and the verbs before it: "…规模是", "…能拿"
        changed = False
        for word in [*lex["zh_slots"], "的", "是", "为", "能", "可以", "可", "有", "拿", "给予", "给", "达到", "共", "对"]:
            if topic.endswith(word) and len(topic) > len(word) + 1:
                topic, changed = topic[: -len(word)], True
    if INNER_ASK:
        topic = topic.rstrip("，, ")
    return topic or prev


def _with_slot(prev: str, prev_english: bool, core: str, english: bool) -> str:
    topic = _topic(prev, prev_english)
    if prev_english or english:
        core = re.sub(r"^(?:just|only)\s+", "", core, flags=re.IGNORECASE)  # "just the amount?"
        if EN_EXACT_ASKED:  # "give me the exact numbers" asks what they are
            core = re.sub(r"^(?:please\s+)?(?:give|tell|show)\s+(?:me|us)\s+", "", core, flags=re.IGNORECASE)
        if re.match(r"(?:who|when|where|what|which|how|is|are|can|does|do)\b", core, re.IGNORECASE):
            return f"{core[0].upper()}{core[1:]} for {topic}?"
        return f"What is {core} for {topic}?"
    joint = "" if topic.endswith("的") else "的"
    asks = "" if re.search(r"[？?]$|多少|多大|多长|多久|多高|什么|哪|谁|几|吗", core) else "是什么"
    return f"{topic}{joint}{core}{asks}？"


EN_EXACT_ASKED = True  # (ablation switch; markers.EN_EXACT)
SIZE_INSIDE = True  # (ablation switch; see _topic)

EN_NOUN_OF_TOPIC = True  # (ablation switch)
EN_THAT_NOUN = True  # (ablation switch)
EN_MEASURE_OF_TOPIC = True  # (ablation switch)
_EN_THAT_NOUN_RE = re.compile(r"\b(?:this|that|these|those|the same) ([a-z][\w-]{2,})\b", re.IGNORECASE)
_EN_DOCUMENT_NOUNS = frozenset({"plan", "document", "measures", "measure", "policy", "policies", "scheme", "one"})
# "Who's in charge of that plan?" after "…措施里原始创新能力跃升计划要落地几家国家实验室？": the Chinese thing the previous
# question names, when it is a plan, a project or a fund as the English noun says (conversations dev 38: asked as
# typed and answered from another plan's lead unit). (ablation switch)
EN_NOUN_OF_ZH_THING = True
_EN_NOUN_IN_CHINESE = {"plan": ("计划", "规划", "方案"), "programme": ("计划", "工程", "项目"), "program": ("计划", "工程", "项目"),
                       "project": ("项目", "工程"), "scheme": ("计划", "方案"), "fund": ("基金",), "platform": ("平台",),
                       "initiative": ("计划", "工程", "行动")}
_EN_RELATION_RE = re.compile(r"^(?:for|of|in|under|on|about)\b", re.IGNORECASE)


# "Who does it work with?" after "…计划设立了哪些奖项？": an English pronoun points back at the
# Chinese question's thing, the noun phrase before its first predicate (…计划), not the whole question without its
# question word (conversations dev 29: "… does …计划设立了奖项 partner with"). (ablation switch)
EN_ZH_REFERENT = True
# (not 对 or 要: "…意见对…的科技人员", "…方案说要建…" name the thing after them — conversations dev 15 and 19, −2)
_ZH_PREDICATE_RE = re.compile(r"设立|设置|围绕|将|可以|(?<![所予加])以(?![上下内外])|能够?(?![源力])"
                              r"|应当|需要|是|(?<![自理])由|怎么|如何|给予?|拿|达到|提出|规定|包括|指(?=的?是)")


def _zh_thing(topic: str) -> str:
    """The noun phrase a Chinese topic opens with: up to its first predicate, outside quotation marks."""
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[“「《][^”」》]*[”」》]", topic)]
    for m in _ZH_PREDICATE_RE.finditer(topic):
        if m.start() >= 4 and not any(a < m.start() < b for a, b in quoted):
            return topic[: m.start()].rstrip("，,、的里中 ") or topic
    return topic


def _with_topic(text: str, english: bool, topic: str, prev: str = "") -> str:
    pat = _patterns()
    if english and EN_ZH_REFERENT and cjk_ratio(topic) >= 0.5:
        topic = _zh_thing(topic)
    if english:
        def put(m: re.Match[str]) -> str:
            words = m.group(0).split()
            if len(words) > 1:  # "this plan", "the same document": the previous question's phrase ending in
                # that noun, or left as it is (the previous topic is not a plan or a document)
                found = re.search(rf"(?:[\w'’-]+\s+){{0,4}}{re.escape(words[-1])}\b", prev, re.IGNORECASE)
                if found:
                    return _np_from(found.group(0))
                forms = _EN_NOUN_IN_CHINESE.get(words[-1].lower(), ()) if EN_NOUN_OF_ZH_THING and cjk_ratio(topic) >= 0.5 else ()
                end = max((topic.rfind(f) + len(f) for f in forms if f in topic), default=0)
                if end:  # the topic up to the last such noun: its document and the thing
                    return topic[:end]
                if EN_MEASURE_OF_TOPIC and words[-1].lower() == "measure":
                    # "who leads that measure?" after a question about a thing a plan's measures set up (the
                    # 龙门计划): the measure that thing is in, not the document the measures are (conversations
                    # dev 8, 27 and 30: asked as typed, three were answered from another measure)
                    return "the measure " + (topic if _EN_RELATION_RE.match(topic) else f"on {topic}")
                if EN_NOUN_OF_TOPIC and words[-1].lower() not in _EN_DOCUMENT_NOUNS:
                    # "how large is that fund?" after a question about a project: the project's fund
                    # (conversations dev 15: asked as typed, answered from another document's fund)
                    return f"the {words[-1]} " + (topic if _EN_RELATION_RE.match(topic) else f"of {topic}")
                return m.group(0)
            return f"{topic}'s" if m.group(0).lower().startswith(("its", "their")) else topic
        named = _EN_THAT_NOUN_RE.search(text) if EN_THAT_NOUN else None
        noun = re.compile(rf"\b{re.escape(named.group(1))}\b", re.IGNORECASE) if named else None
        if named and noun and not pat["en_pronoun"].fullmatch(named.group(0)) and noun.search(prev):
            # "who heads that group?": a noun the previous question named, with its demonstrative, is that
            # question's phrase ending in it (the pronoun alone left "… group" after the whole topic)
            out = text[:named.start()] + (topic if noun.search(topic) else put(named)) + text[named.end():]
        else:
            out = pat["en_pronoun"].sub(put, text, count=1)
        return text if out == text else out[0].upper() + out[1:]
    def put(m: re.Match[str]) -> str:
        if m.group(0) in _lexicon()["zh_container_pronouns"]:  # "其中有哪些…" → "<topic>中有哪些…"
            return f"{topic}中"
        return _referent(m.group(0), prev) or topic

    return pat["zh_pronoun"].sub(put, text, count=1)


DocumentOf = Callable[[str, tuple[str, ...]], "str | None"]


# a previous question about a named document itself: 《…》 at its start ("《X方案》是哪个部门牵头制定的？")
_TITLE_FIRST_RE = re.compile(r"^\s*(?:在|按照|根据|依据)?\s*(《[^《》]+》)")


def _document_referent(text: str, english: bool, prev: str, previous: str, prior: tuple[str, ...],
                       document_of: DocumentOf | None) -> str | None:
    """《name》 for a pronoun standing for a document, else None: the name the previous question gives
    (the one it is about, when it opens with it), else the document its answer came from. An English
    "it" stands for the document only when the previous question was about the document itself."""
    if english:
        m = _EN_DOC_PRONOUN_RE.search(text)
        if m is None:
            return None
        titled = _TITLE_FIRST_RE.match(prev)
        if m.group(0).lower() in ("it", "its"):
            return titled.group(1) if titled else None
    else:
        m = _ZH_DOC_PRONOUN_RE.search(text)
        if m is None or _referent(m.group(0), prev):
            return None  # "这份方案" after "某市行动方案里…": that phrase (as before)
        titled = _TITLE_FIRST_RE.match(prev) or re.search(r"《[^《》]+》", prev)
    if titled:
        return titled.group(1) if titled.groups() else titled.group(0)
    name = document_of(previous, prior) if document_of is not None else None
    return f"《{name}》" if name else None


def _put_document(text: str, english: bool, document: str) -> str:
    if english:
        def put(m: re.Match[str]) -> str:
            return f"{document}'s" if m.group(0).lower() == "its" else document
        return _EN_DOC_PRONOUN_RE.sub(put, text, count=1)
    return _ZH_DOC_PRONOUN_RE.sub(lambda m: document, text, count=1)


def _np_from(words: str) -> str:
    """The noun phrase at the end of `words`: from after the last article, preposition or question word."""
    parts = words.split()
    while len(parts) > 1 and parts[0].lower().strip(",") in _EN_NP_STOP | {"the", "its", "their"}:
        parts.pop(0)
    kept: list[str] = []
    for w in reversed(parts):
        if w.lower().strip(",") in _EN_NP_STOP:
            break
        kept.insert(0, w)
    return "the " + " ".join(kept) if kept and not kept[0][:1].isupper() else " ".join(kept) or words


def _referent(pronoun: str, prev: str) -> str | None:
    """"这份方案" after a question about "某市行动方案里…": the previous question's phrase ending in the
    same noun (某市行动方案), else None (the previous question's topic stands in)."""
    noun = next((n for n in _lexicon()["zh_pronoun_nouns"] if pronoun.endswith(n)), None)
    if not noun:
        return None
    # "这笔钱", "这笔经费": the fund or the money the previous question named (城市空间更新基金)
    nouns = _MONEY_NOUNS if noun in ("钱", "经费", "资金") else (noun,)
    for n in nouns:
        m = re.search(rf"[^\s，,。？?、的里在对和与及“”「」]{{0,12}}{re.escape(n)}", prev)
        if m and len(m.group(0)) > len(n):
            return _own_name(m.group(0), prev[: m.start()]) if REFERENT_PLACE else m.group(0)
    return None


# "廊坊那份促进科技成果转化行动计划…" then "这个计划谁来督导？": the referent is 廊坊促进…行动计划, not 那份促进…行动计划
# — the previous question's own demonstrative goes and the place naming the thing just before it comes along
# (conversations dev 10: the follow-up was refused as about "那份促进科技成果转") (ablation switch)
REFERENT_PLACE = True
_DEMONSTRATIVE_RE = re.compile(r"^(?:那份|这份|那个|这个|该份|那项|这项|该|此)")


def _own_name(phrase: str, before: str) -> str:
    """`phrase` without a demonstrative it opens with, and with the place written right before it."""
    from ..question import place_mentions

    bare = _DEMONSTRATIVE_RE.sub("", phrase)
    if bare == phrase and phrase[:1] not in "那这该此":
        return phrase
    tail = before[-6:]
    places = [at for at, p in place_mentions(tail) if tail[at + len(p):] in ("", "市", "省", "区", "县")]
    return (tail[places[-1]:] + bare) if places else bare


_MONEY_NOUNS = ("基金", "资金", "经费", "专项资金")
