"""The question inside a long, chatty message (`asked_part`), and the two inside a short one (`two_asks`).

People write "我是佛山一所小学的校长，今年在做下学期的师资规划，……想请教一下，这部条例对中小学配备科学老师
到底是怎么要求的？" or "I'm a German materials scientist. For the last eight years I've … which national
award is meant for people like me?". The story around the question names people, places and plans the
documents never mention, so the coverage gate measured the whole message and refused, and a place named
in passing (a lab in Wuhan) made the place gate refuse too (devdocs 3 dev: all four such messages
refused). `asked_part` keeps the sentence that asks — with the sentence before it when the ask is a
short one or points back at it ("这件事") — and the regulations the story names (广东的科普条例). The
assistant asks that only when the whole message is refused (a story often carries the topic: "I'm
thinking of leaving my post … can I keep my personnel relationship?"), showing it as what it understood.
"""

from __future__ import annotations

import re

from .normalize import aligned_simplified, cjk_ratio

FOCUS = True  # (ablation switch)
CHATTY_CJK = 60  # a Chinese message with more characters than this is read for its question
CHATTY_WORDS = 35  # an English message with more words than this likewise
SHORT_ASK_CJK = 16  # an ask this short takes the sentence before it along (it leans on it: 这件事)
SHORT_ASK_WORDS = 8

_SENTENCE_RE = re.compile(r"[^。！？!?；;]+[。！？!?；;]*|[^。！？!?；;]+$")
_EN_SENTENCE_RE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_ASKS_RE = re.compile(r"[?？]|请问|想问|请教|吗\s*$|多少|哪|什么|怎么|如何|是否|能否|可否")
# a document the story names: 《…》, or a short name ending in a kind of document (广东的科普条例)
# (a regulation's kinds only: 规划, 意见 and 计划 are everyday words — 师资规划, 家长的意见)
_DOCUMENT_RE = re.compile(r"《[^《》]+》|[\u4e00-\u9fff]{2,8}?(?:条例|办法|规定)")
# an ask pointing back at the story ("…来做这件事？") takes the sentence before it along
_POINTS_BACK_RE = re.compile(r"这件事|这事|此事|这个|这些|这样|\b(?:this|that|these|it)\b", re.IGNORECASE)


# The asking sentence's courtesies and hedges ("想请教一下", "到底", "I'd like to know if") are words
# of the question no clause has: they lowered its coverage below the gate's floor (devdocs 3, 9 and 10 dev:
# chatty messages refused though their asked part found the clause). (ablation switch)
FILLER = True
_ZH_FILLER_RE = re.compile(r"(?:我)?(?:想|想要|就是想)?(?:请教|请问|问问|问)(?:您|你)?(?:一下|下)?[，,：:]?"
                           r"|(?:我)?(?:只是|就是)?想(?:知道|了解|确认)(?:一下)?[，,：:]?|麻烦(?:您|你)?(?:问|请教)?(?:一下)?[，,]?"
                           r"|到底|究竟|说实话[，,]?|先谢谢了?|谢谢(?:您|你)?")
_EN_FILLER_RE = re.compile(r"\b(?:I(?:['’]d| would)? (?:just |really |only )?(?:want|wanted|need|needed|like) to (?:know|ask|check|understand)"
                           r"|(?:could|can|would) you (?:please )?(?:tell me|let me know|explain))\b(?: (?:whether|if))?[,:]?\s*"
                           r"|\b(?:honestly|basically|actually)\b(?:,?\s+though\b)?,?\s*", re.IGNORECASE)


_THIS_DOCUMENT_RE = re.compile(r"^(?:这部|这个|这项|该)(?:条例|办法|规定)")
# an English ask without a question mark ("I'd like to know if the rules require …."; devdocs 10 dev)
_EN_ASKS_RE = re.compile(r"\b(?:want(?:ed)? to know|would like to know|'d like to know|need to know|wondering|tell me|let me know)\b",
                         re.IGNORECASE)


def _cut(text: str, pattern: re.Pattern[str]) -> str:
    """`text` without what `pattern` matches in its Simplified view (character for character, so 請問 goes as
    请问 would)."""
    kept, at = [], 0
    for m in pattern.finditer(aligned_simplified(text)):
        kept.append(text[at:m.start()])
        at = m.end()
    return "".join(kept) + text[at:]


def _cjk_chars(text: str) -> int:
    return len(re.findall(r"[\u3400-\u9fff]", text))


def asked_part(message: str) -> str | None:
    """The question a long message asks, with the documents its story names; None for a message that is
    not long (it is asked as typed) or whose question cannot be told from its story."""
    text = message.strip()
    english = cjk_ratio(text) < 0.5
    if not FOCUS or (len(text.split()) <= CHATTY_WORDS if english else _cjk_chars(text) <= CHATTY_CJK):
        return None
    sentences = [s.strip() for s in (_EN_SENTENCE_RE if english else _SENTENCE_RE).findall(text) if s.strip()]
    asking = [i for i, s in enumerate(sentences) if ("?" in s or "？" in s) or (not english and _ASKS_RE.search(s))
              or (english and FILLER and _EN_ASKS_RE.search(s))]
    if len(sentences) < 2 or not asking:
        return None
    last = asking[-1]
    start = last
    short = len(sentences[last].split()) < SHORT_ASK_WORDS if english else _cjk_chars(sentences[last]) < SHORT_ASK_CJK
    if (short or _POINTS_BACK_RE.search(aligned_simplified(sentences[last]))) and last > 0:
        start = last - 1
    ask = " ".join(sentences[start: last + 1]) if english else "".join(sentences[start: last + 1])
    if FILLER:
        ask = _cut(ask, _EN_FILLER_RE if english else _ZH_FILLER_RE).strip(" ，,") or ask
    if english:
        return ask[:1].upper() + ask[1:]
    story = "".join(sentences[:start])
    # (found in Simplified, character for character: 科普條例 is a regulation too)
    named = [story[m.start():m.end()] for m in _DOCUMENT_RE.finditer(aligned_simplified(story) if FILLER else story)]
    named = [n for n in named if n not in ask]
    if FILLER and named:
        # (the story's verb before the name goes — 提到了某省的计量条例, 市里有一部计量条例 — and "这部条例" in the
        # ask is that one)
        named = [n[lead.end():] if (lead := re.match(r"^.*[了到过说据照按部]", aligned_simplified(n))) and lead.end() < len(n)
                 else n for n in named]
        this = _THIS_DOCUMENT_RE.match(aligned_simplified(ask))
        ask = (ask[this.end():] if this else ask).lstrip("，, ") or ask
    return "，".join([*dict.fromkeys(named), ask]) if named else ask


# Two questions in one short message ("…一般要在多久内作出决定？特殊情况最多还能延多久？", "是哪天发布的？从什么
# 时候起施行？"): one composition answers the part its best clause covers, so the other went unanswered
# (devdocs 4 dev). `two_asks` gives the parts; the second is read as a follow-up of the first. (ablation switch)
TWO_ASKS = True
TWO_ASKS_MAX_CJK = 70  # a longer message is a story with a question in it (asked_part)
# (么 reads 幺 through the character table: 什幺)
_ASK_WORD_RE = re.compile(r"多少|哪|什[么幺]|怎[么幺]|如何|是否|能否|可否|吗|几|谁|多久|多长|多大|有没有|是不是|能不能|可不可以")


# "…罚款上限分别是多少？哪个更高？": the second ask only compares the first's answers, so it is no question of its
# own — asked alone it was answered with a quote labelled 哪个更高 (devdocs 35 dev; devdocs 30's is another such).
# The message is the first ask, whose 分别 makes it two subjects. (ablation switch)
COMPARATIVE_TAIL = True
_COMPARATIVE_TAIL_RE = re.compile(r"[？?]\s*(?:那|那么)?(?:哪|谁)(?:个|一个|一项|一种|一方|一边|边|部)?的?[\u4e00-\u9fff]{0,4}?"
                                  r"(?:更|比较|较)[\u4e00-\u9fff]{1,3}?(?:一些|一点|些)?[？?]?$")


# "《A》和《B》，哪个先出台？各是哪天？": the second ask wants the values the first compares — one question, which the
# document-fact comparison answers with both dates (devdocs 34 dev: asked apart, the first half was answered with one
# document's date). (ablation switch)
RESPECTIVE_TAIL = True
_WHICH_RE = re.compile(r"哪(?:个|一个|部|一部|项|份)")
_RESPECTIVE_TAIL_RE = re.compile(r"[？?]\s*(?:那|那么)?(?:它们|两者|二者|两个|两部)?(?:各自|分别|各)(?:是|在|为)?"
                                 r"(?:哪天|哪一天|哪一日|什么时候|何时|哪年|哪一年|几号|多少|几)[^？?]{0,4}[？?]?\s*$")


def without_comparative_tail(message: str) -> str:
    """`message` without a closing "哪个更高？" that only compares what the ask before it asked."""
    text = message.strip()
    m = _COMPARATIVE_TAIL_RE.search(aligned_simplified(text)) if COMPARATIVE_TAIL else None
    return text[:m.start() + 1] if m and _cjk_chars(text[:m.start()]) >= 4 else text


def two_asks(message: str) -> tuple[str, str] | None:
    """The two questions of a short Chinese message asking two things, each ending with a question mark
    and asking with its own question word; None for any other message."""
    text = message.strip()
    if not TWO_ASKS or cjk_ratio(text) < 0.5 or _cjk_chars(text) > TWO_ASKS_MAX_CJK:
        return None
    if without_comparative_tail(text) != text:
        return None
    view = aligned_simplified(text)
    if RESPECTIVE_TAIL and _WHICH_RE.search(view) and _RESPECTIVE_TAIL_RE.search(view):
        return None
    parts = [p.strip() for p in re.findall(r"[^？?]+[？?]", text)]
    if len(parts) != 2 or "".join(parts) != re.sub(r"\s+", "", text):
        return None
    if not all(_cjk_chars(p) >= 4 and _ASK_WORD_RE.search(aligned_simplified(p)) for p in parts):
        return None
    return parts[0], parts[1]


# One question about two things of one document, each to be answered on its own ("答复确认请求，和处理侵权纠纷
# 案件，期限各是多久？", "以技术开发为主的单位和以基础研究为主的单位，拨款方式有什么不同？"): one composition
# answered one side, or neither (devdocs 4 dev: 0 of 4 such comparisons). `two_subjects` gives one
# question per side — the shared context, the side, the shared predicate without its "respectively" — and
# the assistant answers both side by side, as it does two questions. (ablation switch)
TWO_SUBJECTS = True
_RESPECTIVE_RE = re.compile(r"各自|分别|各(?=[是为有需要应])|有(?:什[么幺]|何)(?:不同|区别|差别|差异)|(?:区别|不同|差别|差异)(?:是什[么幺]|在哪)")
_COMPARED_RE = re.compile(r"有(?:什[么幺]|何)(?:不同|区别|差别|差异)|(?:区别|不同|差别|差异)(?:是什[么幺]|在哪(?:里|儿)?)")
_BOTH_RE = re.compile(r"^(?:这|两|二)(?:两|二)?(?:种|类|个|项|条)?(?:情形|情况|单位|规定|做法|事项)?")
_AND_RE = re.compile(r"和|与|跟|以及")
# ("《A》和《B》生效时，各自取代了哪部旧规定": two documents, which the per-document answer reads each from its own
# text; as two subjects the second side's question kept the first's words — devdocs 17 dev) (ablation switch)
TWO_DOCUMENTS_APART = True
_DOCUMENT_FIRST_RE = re.compile(r"《[^《》]+》|[\u4e00-\u9fff]{2,20}?(?:条例|办法|规定|细则|方案|规划|意见|决定|通知|措施|纲要)")


def two_subjects(message: str) -> tuple[str, str, str, str] | None:
    """(side A, side B, question about A, question about B) for a Chinese question comparing two things
    joined by 和/与 in one stretch (or opening the next stretch with 和) and asked together with 各/分别/
    有什么不同; None for any other message. The pieces are the message's own characters."""
    text = without_comparative_tail(message).rstrip("？?。 ")
    if not TWO_SUBJECTS or cjk_ratio(text) < 0.5 or _cjk_chars(text) > TWO_ASKS_MAX_CJK or re.search(r"[？?]", text):
        return None
    view = aligned_simplified(text)
    if len(view) != len(text):
        return None
    cuts = [m.start() for m in re.finditer(r"[，,；;]", view)]
    bounds = list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(view)], strict=True))
    if len(bounds) < 2 or not _RESPECTIVE_RE.search(view[slice(*bounds[-1])]):
        return None
    (p0, p1), before = bounds[-1], bounds[:-1]
    last_start, last_end = before[-1]
    if len(before) >= 2 and (m := _AND_RE.match(view, last_start)):  # "…请求，和处理…案件，期限各是多久"
        context, a, b = before[:-2], before[-2], (m.end(), last_end)
    else:
        joined = list(_AND_RE.finditer(view, last_start, last_end))
        if len(joined) != 1:
            return None
        context, a, b = before[:-1], (last_start, joined[0].start()), (joined[0].end(), last_end)
    side_a, side_b = text[slice(*a)].strip(), text[slice(*b)].strip()
    if _cjk_chars(side_a) < 4 or _cjk_chars(side_b) < 4:
        return None
    if TWO_DOCUMENTS_APART and all(_DOCUMENT_FIRST_RE.match(aligned_simplified(side)) for side in (side_a, side_b)):
        return None  # two documents compared: each answered from its own (rag.answer.compare.document_sides)
    predicate = text[p0:p1]
    pview = view[p0:p1]
    m = _COMPARED_RE.search(pview)
    if m:  # "拨款方式有什么不同" asks each side's 拨款方式
        asked = predicate[:m.start()] + "是什么" + predicate[m.end():]
    else:
        r = _RESPECTIVE_RE.search(pview)
        assert r is not None
        asked = predicate[:r.start()] + predicate[r.end():]
    both = _BOTH_RE.match(aligned_simplified(asked))
    asked = asked[both.end():] if both else asked
    if _cjk_chars(asked) < 2 or not _ASK_WORD_RE.search(aligned_simplified(asked)):
        return None
    lead = "，".join(text[slice(*c)] for c in context)
    return side_a, side_b, *(f"{lead}，{side}，{asked}？" if lead else f"{side}，{asked}？" for side in (side_a, side_b))


# "Which has the heavier top fine: A, or B?", "Which is longer: the term of …, or the term of …?": one
# English question weighing two cases of the documents, each in its own article — one composition quoted one side
# (devdocs 14, 16, 17 and 22 dev: five such questions, each refused or half answered). `two_options` gives one
# question per case, which the assistant answers side by side as it does two subjects (a date of two documents,
# "which came into force first", is the document record's: no comparative here names it). (ablation switch)
TWO_OPTIONS = True
_EN_WEIGHED_RE = re.compile(
    r"^(?P<pre>.*?)\bwhich\b(?P<stem>[^:?]{0,60}?)\b(?P<adj>higher|longer|shorter|lower|larger|bigger|greater|heavier"
    r"|harsher|stricter|steeper|tougher|more (?:severe|severely|harshly|heavily))\b(?P<noun>[^:?]{0,60}?)\s*[:：]\s*"
    r"(?P<a>[^?]+?),?\s+or\s+(?P<b>[^?]+?)\s*\??\s*$", re.IGNORECASE)
_EN_NOUN_NOISE_RE = re.compile(r"\b(?:at the top end|at most|in the end|overall)\b|^(?:a|an|the)\s+", re.IGNORECASE)
_EN_SIDE_NAMES_RE = re.compile(r"^the\s+\w+(?:\s+\w+)?\s+(?:for|to|of|that|which|an?)\b", re.IGNORECASE)


def two_options(message: str) -> tuple[str, str, str, str] | None:
    """(case A, case B, question about A, question about B) for an English question asking which of two cases
    is the higher, longer, harsher … ("Which has the heavier top fine: A, or B?"); None otherwise."""
    text = " ".join(message.split())
    m = _EN_WEIGHED_RE.match(text) if TWO_OPTIONS and cjk_ratio(text) < 0.5 else None
    if m is None:
        return None
    a, b = m.group("a").strip(" ,"), m.group("b").strip(" ,")
    if len(a.split()) < 3 or len(b.split()) < 3:
        return None
    noun = _EN_NOUN_NOISE_RE.sub("", m.group("noun").strip()).strip()
    adj = m.group("adj").lower()
    pre = m.group("pre").strip()
    pre = f"{pre} " if pre and pre.endswith(",") else (f"{pre}, " if pre else "")

    def asked(side: str) -> str:
        what = "what" if pre else "What"
        if adj in ("longer", "shorter") and (not noun or side.lower().startswith("the ")):
            return f"{pre}{'how' if pre else 'How'} long is {side}?"  # (the time …, the window to …)
        if _EN_SIDE_NAMES_RE.match(side):  # "the fine for …": the side names the thing
            return f"{pre}{what} is {side}?"
        if noun:
            return f"{pre}{what} is the {noun} for {side}?"
        if adj.startswith("more") or adj in ("harsher", "stricter", "tougher"):
            return f"{pre}{what} is the penalty for {side}?"
        return f"{pre}{what} is {side}?"

    return a, b, asked(a), asked(b)
