"""Reading the message: the words that mark a follow-up (rag/lexicons/followup.json) and the form a message
has — swap, slot or pronoun, or None for a complete question."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

from ..answer.premise import TIER_RE
from ..normalize import aligned_simplified
from ..question import PLACES, place_mentions

How = Literal["standalone", "swap", "slot", "pronoun", "refinement", "focus"]  # (focus: rag.focus)

# A Chinese message with this many content characters (after places, pronouns, markers, slots and
# filler are taken out) is a complete question even if it opens with 那 or ends with 呢.
ZH_COMPLETE = 7
# Without a follow-up marker or pronoun, fewer content characters than this still make a follow-up.
ZH_CONTENT = 4
EN_COMPLETE_WORDS = 10  # an English message this long is complete whatever it opens with
EN_CONTENT_WORDS = 5  # an English message of fewer words, with no content word of its own, leans on the history
_PUNCT_RE = re.compile(r"[\s，,。.？?！!；;：:、“”\"'‘’（）()《》〈〉【】\[\]…-]+")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = json.loads((Path(__file__).parents[1] / "lexicons" / "followup.json").read_text(encoding="utf-8"))
    longest_first = {k: sorted(v, key=len, reverse=True) for k, v in lex.items() if isinstance(v, list)}
    return {**lex, **longest_first}


def _alternation(words: Sequence[str]) -> str:
    return "|".join(map(re.escape, words))


BARE_THIS = True  # (ablation switch; read when the patterns are first built)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = _lexicon()
    zh_nouns = _alternation(lex["zh_pronoun_nouns"])
    en_nouns = _alternation(lex["en_pronoun_nouns"])
    return {
        # 那 opens an ellipsis ("那廊坊呢"), unless it is the demonstrative 那个/那项 (a pronoun)
        "zh_lead": re.compile(rf"^(?:(?:{_alternation(lex['zh_lead_markers'])})(?![个项些条])[，,\s]*)+"),
        "zh_tail": re.compile(rf"(?:{_alternation(lex['zh_tail_markers'])})?[？?。！!\s]*$"),
        # 其/该/此 only where they are words of their own: not 其他/尤其, 应该, 因此/此外
        "zh_pronoun": re.compile(
            rf"(?:(?<![应尤极])(?:{_alternation(lex['zh_pronouns'])})(?![他中余实次外后前])(?:[项个些条类一份部篇则])?(?:{zh_nouns})?)"
            # a bare 这 opening the message as its subject: "这是到什么时候的目标？", "这适用于哪类企业？"
            # (conversations dev 11: kept as typed inside the previous topic) (BARE_THIS)
            + (r"|^\s*这(?=是|适用|属于|指的?是)" if BARE_THIS else "")),
        "en_lead": re.compile(rf"^(?:(?:{_alternation(lex['en_lead_markers'])})\b[,\s]*)+", re.IGNORECASE),
        "en_pronoun": re.compile(rf"\b(?:{_alternation(lex['en_pronouns'])})\b(?: (?:{en_nouns})\b)?", re.IGNORECASE),
        "en_wh_lead": re.compile(lex["en_wh_lead"], re.IGNORECASE),
        "zh_question_tail": re.compile(lex["zh_question_tail"]),
    }


def _view(text: str) -> str:
    """Simplified, NFKC, character for character (the same length as `text`); 么 stays 么 (the
    character-level table turns it into 幺)."""
    return "".join(o if o == "么" else v for o, v in zip(text, aligned_simplified(text), strict=True))


# A thank-you or an acknowledgement before the follow-up ("Thanks. And the departments?", "Thanks — where are
# they?", "好的，它要…"): it asks nothing, and read as part of the message it hid the marker or pronoun that opens
# what follows (conversations dev 30: two follow-ups read as complete questions). Only with punctuation after it:
# 好的政策 opens no acknowledgement.
def opener_end(text: str) -> int:
    """Where the message starts after its openers (0 when it has none); `text` in the Simplified view."""
    end = 0
    while (m := _opener_re().match(text, end)) is not None and m.end() < len(text):
        end = m.end()
    return end


@lru_cache(maxsize=1)
def _opener_re() -> re.Pattern[str]:
    words = sorted(_lexicon()["openers"], key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in words) + r")(?![A-Za-z])\s*[,.!;:，。！；：、~—–-]+\s*",
                      re.IGNORECASE)


# "这份措施", "该意见", "this document": the document the previous answer came from. However long the
# message, it points back (conversations dev 4: "这份意见是哪年、由哪个机关印发的？" was read as complete).
# With 份/部/篇 any kind of document; otherwise only nouns that name nothing but a document (这个计划 may be
# a programme the plan sets up: conversations dev 4, 2022科技冬奥行动计划).
_ZH_DOC_PRONOUN_RE = re.compile(r"(?:这份|该份|这部|这篇)(?:文件|意见|措施|方案|规划|计划|条例|办法|通知|决定|纲要|细则)"
                                r"|(?:这个|该|此|本)(?:文件|意见|规划|条例|办法|通知|纲要|细则)")
_EN_DOC_PRONOUN_RE = re.compile(r"\b(?:this|that|the same) (?:document|notice|circular)\b|\b(?:it|its)\b", re.IGNORECASE)


DOCUMENT_OF_PLACE = True  # (ablation switch; conversations dev 9)
# "那「4」呢？": the corner quotes of Traditional text are quotation marks like “”, not part of the thing swapped
# (conversations dev 29: the swap wrote 「「4」」」 into the previous question). (ablation switch)
CORNER_QUOTES = True
_BARE_DOC_PRONOUN_RE = re.compile(r"这份|这部|该份|这一份")


def _chinese_form(text: str) -> tuple[How, str, list[str]] | None:
    """(how, core, places) of a Chinese follow-up, None for a complete question."""
    lex, pat = _lexicon(), _patterns()
    lead = pat["zh_lead"].match(text)
    core = text[lead.end():] if lead else text
    tail = pat["zh_tail"].search(core)
    marked = bool(lead) or bool(tail and "呢" in tail.group(0))
    core = _PUNCT_RE.sub("", re.sub(r"的?呢[?？。!！\s]*$", "", core)) or _PUNCT_RE.sub("", text)
    if CORNER_QUOTES:
        core = re.sub(r"[「」『』]", "", core) or core
    places = [p for _, p in place_mentions(text)]
    pronoun = pat["zh_pronoun"].search(text)
    content = _content_chars(text)
    # "那知识产权强基计划呢？", "国家级的科技小镇呢？": opened with 那 or naming a level, closed with 呢 and
    # asking nothing itself, it is an ellipsis however long the name (conversations dev 4, dev 3; without
    # 那 or a level, three other dev follow-ups were then misread); one that swaps nothing of the
    # previous question is still asked as typed (_resolve)
    elliptical = ((bool(lead) or bool(TIER_RE.search(core))) and bool(tail and "呢" in tail.group(0))
                  and not _ZH_ASKS_RE.search(core))
    if (content >= ZH_COMPLETE or (content >= ZH_CONTENT and not marked and not pronoun)) and not (
            _ZH_DOC_PRONOUN_RE.search(text) or elliptical or _leans_back(text, places)
            or (LEAD_THEN_PREDICATE and lead is not None and _leans_back(text[lead.end():], places))
            or _slot_asked_only(text) or _opens_with_pronoun(text)):
        return None
    if pronoun and places and DOCUMENT_OF_PLACE and _BARE_DOC_PRONOUN_RE.fullmatch(pronoun.group(0)):
        return "swap", core, places  # "那北京这份呢？": the place's own document, asked the same
    if pronoun:
        return "pronoun", core, places
    if places:
        return "swap", core, places
    if QUOTED_SWAP and _QUOTED_RE.search(text) and not _ZH_ASKS_RE.search(core):
        return "swap", core, places  # "“3”呢？" after "“2”指的是什么": the quoted label swapped (conversations dev 27)
    if any(s in text for s in lex["zh_slots"]) or not content:
        return "slot", core, places
    if ASKING_IS_SLOT and _ZH_ASKS_RE.search(core):
        # "谁出钱？" asks a thing of the previous topic; a swap names a thing and asks nothing (conversations
        # dev 14: 谁出钱 was put in place of the topic's own words)
        return "slot", core, places
    return "swap", core, places


ASKING_IS_SLOT = True  # (ablation switch)
# A quoted name and nothing asked ("那“4”呢？") stands for the previous question's quoted name: its digits are
# no content of their own, so it was read as a slot and appended (conversations dev 27). (ablation switch)
QUOTED_SWAP = True
_QUOTED_RE = re.compile(r"[“「『\"][^”」』\"]{1,16}[”」』\"]")
# "那要搭建什么平台？": a lead marker and then a predicate, no subject — the previous topic's, as without the
# marker (conversations dev 22: read as complete, its document lost) (ablation switch)
LEAD_THEN_PREDICATE = True


# A short message opening with its predicate (要建成什么样的基地？, 重点支持哪些项目？, 扣掉奖励之后主要拿来做什么？)
# names no subject of its own: it is about the previous question's topic, unless it names a place or a
# document (conversations dev: +4 follow-ups, −1 an unanswerable "具体是谁？" now answered; a long message with
# 它 read the same way: +0, −1). (ablation switch)
SUBJECTLESS = True
WHOLE_FIRST = True
WHEN_WHERE_FIRST = True  # (ablation switch)
_PREDICATE_FIRST_RE = re.compile(r"^(?:要|需要|需|重点|主要|通过|透过|由|用|用于|用来|具体|都|可以|可|能|应当|应该|应|会|还要|还|又|"
                                 # (a whole asked of the previous thing: 整体要做到多大规模？, 一共几项？ — conversations
                                 # dev 15, 20, 36: asked as typed; ablation switch WHOLE_FIRST, read at import)
                                 + (r"整体|总体|一共|总共|合计|加起来|" if WHOLE_FIRST else "") +
                                 # (每年安排多少钱？: a frequency opens a predicate too — conversations dev 5)
                                 r"每年|每季度|每月|每家|每个|每项|"
                                 r"扣除|扣掉|除了|给予|支持|包括|采取|采用|属于|放在|设在|建在|位于|针对|面向)")
# (按什么标准发？, 在哪里申领？, 哪天开始受理？: a manner, a place or a day asked first — conversations dev 13,
# read as complete) (WHEN_WHERE_FIRST: ablation switch)
_WHEN_WHERE_FIRST_RE = re.compile(r"^(?:按|在哪|哪天|哪一天|什么时候|何时)")
_SUBJECTLESS_MAX = 16


def _leans_back(text: str, places: list[str]) -> bool:
    """Whether a short Chinese message opens with its predicate and names no place or document, so that it
    is about the previous question's topic."""
    if not SUBJECTLESS or places or "《" in text:
        return False
    body = _PUNCT_RE.sub("", text)
    return len(body) <= _SUBJECTLESS_MAX and bool(
        _PREDICATE_FIRST_RE.match(body) or (WHEN_WHERE_FIRST and _WHEN_WHERE_FIRST_RE.match(body)))


# A message opening with a pronoun (其中…, 它的…, 这些…) points back however long it is: it names its subject
# by the previous topic (conversations dev 21: two such messages, 其中… and 它的…, were read
# as complete questions) (ablation switch)
OPENING_PRONOUN = True
COUNTED_PRONOUN = True  # (ablation switch)
_OPENING_PRONOUN_RE = re.compile(r"^(?:其中|这里面|这当中|它们|它|他们|其|这些|这项|这个|这一|上述|前者|后者|那个|那项|那些)")
# (这笔钱…, 那几家…: conversations dev 27, two such messages read as complete)
_OPENING_COUNTED_RE = re.compile(r"^(?:这笔|该笔|这几|那几)")
# (这件事…, 此事…: "this matter", the previous question's task — conversations dev 38: "这件事由哪些单位负责？" read as
# complete and answered with another clause's 牵头部门) (ablation switch)
OPENING_MATTER = True
_OPENING_MATTER_RE = re.compile(r"^(?:这件事|那件事|这事儿?|那事儿?|此事|这一块|这块)")
# (里面的…, 当中…: "in it", the previous answer's total — conversations dev 34: "里面的X占多少" read as complete and
# answered with the total the previous answer gave) (ablation switch)
OPENING_INSIDE = True
_OPENING_INSIDE_RE = re.compile(r"^(?:里面|当中)(?![\u4e00-\u9fff]{0,2}(?:规定|说|写|提))")


# "北京外迁的那几家…": the few just named, wherever the message says so
_THOSE_FEW_RE = re.compile(r"的(?:这|那)几[家项个条类所种]")


def _opens_with_pronoun(text: str) -> bool:
    body = _PUNCT_RE.sub("", text)
    return OPENING_PRONOUN and "《" not in text and (
        bool(_OPENING_PRONOUN_RE.match(body)) or (OPENING_INSIDE and bool(_OPENING_INSIDE_RE.match(body)))
        or (COUNTED_PRONOUN and bool(_OPENING_COUNTED_RE.match(body) or _THOSE_FEW_RE.search(text)))
        or (OPENING_MATTER and bool(_OPENING_MATTER_RE.match(body))))


# "截止日期是几月几号？": a slot and the words asking it, nothing else, asks that slot of the previous topic
# (conversations dev 20: read as complete, its document lost) (ablation switch)
SLOT_ASKED_ONLY = True
_ASKING_WORDS_RE = re.compile(r"几月几[号日]|哪年哪月|哪一?[天年月日]|什么时候|何时|多少|什么|哪些|哪个|谁|几[个项家年月天号日]?|具体")


def _slot_asked_only(text: str) -> bool:
    lex = _lexicon()
    if not SLOT_ASKED_ONLY or not any(s in text for s in lex["zh_slots"]):
        return False
    residue = _ASKING_WORDS_RE.sub("", _PUNCT_RE.sub("", text))
    for word in [*lex["zh_slots"], *lex["zh_filler"], *lex["zh_tail_markers"]]:
        residue = residue.replace(word, "")
    return not re.search(r"[\u3400-\u9fff]", residue)


def _content_chars(text: str) -> int:
    """How many characters of a Chinese message are its own content: places, pronouns, markers, slots
    and filler taken out."""
    lex, pat = _lexicon(), _patterns()
    residue = _PUNCT_RE.sub("", text)
    for word in [*(p for _, p in place_mentions(text)), *lex["zh_slots"], *lex["zh_filler"], *lex["zh_lead_markers"],
                 *lex["zh_tail_markers"]]:
        residue = residue.replace(word, "")
    if (pronoun := pat["zh_pronoun"].search(text)) is not None:
        residue = residue.replace(pronoun.group(0), "")
    return len(re.findall(r"[\u3400-\u9fff]", residue))


_ZH_ASKS_RE = re.compile(r"什么|多少|哪|谁|几|如何|怎么|怎样|是否|能否|吗|为何|为什么")


# An English pronoun after a place's thing the message names ("X's plan, … its …") stands for that (_english_form)
# (ablation switch; a message this many words long)
EN_ANTECEDENT_FIRST = True
EN_ANTECEDENT_WORDS = 7


# a message saying it wants the previous answer made precise, naming nothing of its own (ablation switch)
EN_EXACTLY = True
# (and the adjectives — "What's the exact figure?", "give me the exact numbers": conversations dev 36, carried only
# the previous document, not its topic, and answered from another part of it; ablation switch EN_EXACT)
EN_EXACT = True
_EN_EXACTLY_RE = re.compile(r"\b(?:exactly|specifically|precisely)\b")
_EN_EXACT_RE = re.compile(r"\b(?:exactly|specifically|precisely|exact|precise)\b")


# "how much does Beijing give to it, and for how many years?": a pronoun after a preposition points back at the
# thing asked about, though the message names a place — the place acts on it (conversations dev 31: asked as typed and
# refused). (ablation switch)
EN_OBJECT_PRONOUN = True
_EN_OBJECT_PRONOUN_RE = re.compile(r"\b(?:into|for|from|in|to|on|behind|about|under|with|toward|towards) (?:it|them)\b",
                                   re.IGNORECASE)


EN_DOCUMENT_ANTECEDENT = True  # (ablation switch)
_EN_NAMED_DOCUMENT_RE = re.compile(r"\b(?:in|under|of|for|by) (?:the )?(?:[\w&'’-]+\s+){1,8}?(?:measures|plan|opinions|regulations?"
                                   r"|programme|program|notice|document|law)\b", re.IGNORECASE)


def _document_before(text: str, at: int, pronoun: str, n_words: int) -> bool:
    """Whether a long message names a document (in the … measures) before its possessive pronoun at `at`."""
    named = _EN_NAMED_DOCUMENT_RE.search(text)
    return (named is not None and named.end() <= at and pronoun.split()[0].lower() in ("their", "its")
            and n_words >= EN_ANTECEDENT_WORDS)


def _english_form(text: str) -> tuple[How, str, list[str]] | None:
    lex, pat = _lexicon(), _patterns()
    lowered = text.lower()
    words = re.findall(r"[a-z0-9']+", lowered)
    lead = pat["en_lead"].match(lowered)
    pronoun = pat["en_pronoun"].search(lowered)
    named = _english_places(lowered)
    places = list(dict.fromkeys(zh for _, _, zh in named))
    places += [p for _, p in place_mentions(text) if p not in places]
    content = [w for w in words if w not in lex["en_filler"] and w not in lex["en_slots"]
               and w not in lex["en_pronouns"] and w not in {PLACES[p] for p in places}]
    # A pronoun with nothing in the message it could stand for (no place, no name) points back, however
    # long the message: "And what is it expected to achieve?"
    anchored = bool(places) or any(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w'-]*", text)[1:])
    owners = [start for start, end, _ in named if lowered.startswith(("'s ", "’s "), end)]
    if (pronoun and EN_ANTECEDENT_FIRST and owners and owners[0] < pronoun.start()
            and len(words) >= EN_ANTECEDENT_WORDS):
        # "and Qingdao's measures, what does its fund cover?": the pronoun's antecedent is the place's thing
        # the message names before it — a question of its own (conversations dev 21: the previous topic was put
        # in for "its"; "the Haidian working group, who leads it?" still leans on the previous question's
        # document — conversations dev 19)
        return None
    if pronoun and EN_DOCUMENT_ANTECEDENT and _document_before(text, pronoun.start(), pronoun.group(0), len(words)):
        # "and under the district's measures, what is their fund called?": the document it names first is what the
        # pronoun stands for — a question of its own (conversations dev 31: the previous topic was put in for "their")
        return None
    if pronoun and (lead or not anchored or (EN_OBJECT_PRONOUN and not owners and _EN_OBJECT_PRONOUN_RE.search(lowered))):
        pass
    elif (EN_EXACTLY and not anchored and (_EN_EXACT_RE if EN_EXACT else _EN_EXACTLY_RE).search(lowered)
          and len(words) < EN_COMPLETE_WORDS):
        # "How many talent apartments exactly?": asked more precisely of what was just asked about
        # (conversations dev 23: asked as typed, refused)
        return "slot", text.strip(" ?？.!,"), places
    elif len(words) >= EN_COMPLETE_WORDS or (not lead and not pronoun and (len(words) >= EN_CONTENT_WORDS or
                                                                            len(content) >= 2)):
        return None
    core = text[lead.end():] if lead else text
    core = core.strip(" ?？.!,")
    if pronoun:
        return "pronoun", core, places
    if places:
        return "swap", core, places
    if any(re.search(rf"\b{re.escape(s)}\b", lowered) for s in lex["en_slots"]) or not content:
        return "slot", core, places
    return "swap", core, places


@lru_cache(maxsize=1)
def _english_places_re() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {en.lower(): zh for zh, en in PLACES.items() if en}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), names


def _english_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Chinese name) of the English place names in `text` (one scan, longest names first)."""
    pattern, names = _english_places_re()
    return [(m.start(), m.end(), names[m.group(0).lower()]) for m in pattern.finditer(text)]
