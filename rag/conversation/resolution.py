"""Resolving a message against the chat: `resolve`, the Resolution it returns, and the previous question
resolved against its own history."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..answer.named import asked_names
from ..normalize import aligned_simplified, cjk_ratio, match_key, normalize, to_traditional
from . import swaps
from .history import MAX_TURNS, Turn, language_of
from .markers import ZH_COMPLETE, ZH_CONTENT, How, _chinese_form, _content_chars, _english_form, _view, opener_end
from .swaps import _swap, _swap_counted, _swap_head_noun, _swap_tier
from .topic import DocumentOf, _document_referent, _put_document, _refined, _topic, _with_slot, _with_topic

_FULL_WIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}
OPENER = True  # (ablation switch; see markers.opener_end)


@dataclass(frozen=True)
class Resolution:
    question: str  # what to answer: the typed message, or the standalone question it means
    typed: str
    how: How
    previous: str | None = None  # the previous question, itself resolved
    prior_clause_ids: tuple[str, ...] = ()

    @property
    def rewritten(self) -> bool:
        return self.question != self.typed


def warm_up() -> None:
    """Compile the word lists and load the converters now, not on the first follow-up."""
    resolve("那廊坊呢？", [Turn("user", "海淀區的基金規模是多少？")])
    resolve("And Langfang?", [Turn("user", "What is the fund size in Beijing?")])


def resolve(message: str, history: Sequence[Turn] = (), document_of: DocumentOf | None = None) -> Resolution:
    """The question `message` means, given the earlier turns of the chat (oldest first).
    `document_of(previous question, its answer's clause ids)`: the name of the document the previous
    answer came from, for "这份措施…" / "this document …" when the previous question names none."""
    previous, prior = _previous(history)
    found = _resolve(message, previous, prior, document_of)
    if found.rewritten and cjk_ratio(found.question) >= 0.5 and language_of(found.typed, history) == "zh-Hant":
        # written for the reader in their own script (it is normalised again before it is answered)
        found = replace(found, question=to_traditional(found.question))
    return found


def repeats_previous(value: str, resolution: Resolution, history: Sequence[Turn], quotes: Sequence[str] = ()) -> bool:
    """A follow-up asking another detail of the previous answer (其中社会资本占多少？ after a fund's total,
    上限呢？ after a share, "and when does it expire?" after a date) that would be answered with the very
    value the previous answer gave, from quotes stating no other figure, is not answered by them: the
    documents state that value, not the detail. (Dev, conversations_dev2: four near-miss follow-ups were
    answered so. Quotes stating another figure too — a second deadline, a rate beside a sum — may hold
    the answer: not refused.)"""
    if not value or not resolution.rewritten or resolution.how not in ("slot", "pronoun"):
        return False
    before = next((t.content for t in reversed(history) if t.role == "assistant" and t.content.strip()), "")
    known = match_key(before)
    if not known:
        return False
    from ..answer import premise
    from ..question import analyse, fact_kinds
    from ..sentences import FACT_PATTERNS

    def values(text: str) -> set[tuple[str, float]]:
        return premise.values(aligned_simplified(text))

    earlier, given = values(before), values(value)
    if not given:
        return False  # a name (市科技局) may be the answer again: other names in the quotes are no pattern's
    # the same figure written with its bound (达到200亿元 after "200亿元，…": conversations dev 4)
    if match_key(value) not in known and not given <= earlier:
        return False
    # another figure of the kind asked (a sum for 多少, not the year 2018 beside it) may be the answer
    kinds = [k for k in fact_kinds(analyse(resolution.question)) if k in _FIGURE_KINDS] or list(_FIGURE_KINDS)
    stated = [m.group(0) for q in quotes for kind in kinds for m in FACT_PATTERNS[kind].finditer(aligned_simplified(q))]
    return all(match_key(v) in known or (values(v) and values(v) <= earlier) for v in stated)


_FIGURE_KINDS = ("percent", "money", "count", "date", "duration")


# "各自…" after a question naming a pair (A和B，…): asked of each of them (_resolve) (ablation switch)
RESPECTIVE_CARRY = True
_RESPECTIVE_OPEN_RE = re.compile(r"^\s*(那么?|它们|两者|二者)?(?=各自|分别|各[是为有要需])")
_PAIR_RE = re.compile(r"^([^，,。？?；;]{2,60}?(?:和|与|及|跟)[^，,。？?；;]{2,60}?)[，,]")


def _previous(history: Sequence[Turn]) -> tuple[str | None, tuple[str, ...]]:
    previous: str | None = None
    prior: tuple[str, ...] = ()
    for turn in [t for t in history if t.role != "system"][-MAX_TURNS:]:
        if turn.role == "user" and turn.content.strip():
            previous = _resolve(turn.content, previous, ()).question
            prior = ()
        elif turn.role == "assistant":
            prior = turn.clause_ids
    return previous, prior


def _resolve(message: str, previous: str | None, prior: tuple[str, ...],
             document_of: DocumentOf | None = None) -> Resolution:
    typed = message.strip()
    if not previous or not typed:
        return Resolution(typed, typed, "standalone")
    if CLOSER and (closer := _CLOSER_RE.search(typed)) is not None and closer.start() > 0:
        # "Which pilots exactly? Give me the whole list.": the question before the request is what is resolved
        # (conversations dev 38: read as a complete question); the request adds nothing to it
        found = _resolve(typed[:closer.start() + 1], previous, prior, document_of)
        return replace(found, typed=typed) if found.rewritten else Resolution(typed, typed, found.how, previous, prior)
    if OPENER and (start := opener_end(_view(typed))) > 0:
        # read without "Thanks." / "好的，" in front; a complete question is still answered as typed
        found = _resolve(typed[start:], previous, prior, document_of)
        return replace(found, typed=typed) if found.rewritten else Resolution(typed, typed, found.how, previous, prior)
    # Read through a character-for-character Simplified view (no phrase conversion: 建立 stays 建立), so
    # what is written can be put back in the user's own characters (_restore).
    text = _view(typed)
    english = cjk_ratio(text) < 0.5
    narrowed = _refined(text, english, previous.strip())
    if narrowed is not None:
        question = _restore(narrowed, [(text, typed), (_view(previous.strip()), previous.strip())])
        return Resolution(question, typed, "refinement", previous, prior)
    if (not english and RESPECTIVE_CARRY and (each := _RESPECTIVE_OPEN_RE.match(text)) is not None
            and _content_chars(text) >= ZH_CONTENT and (pair := _PAIR_RE.match(_view(previous.strip()))) is not None):
        # "各自什么时候开始施行？" after "A和B，哪个施行得更早？": each of the pair the previous question named, asked
        # a thing of its own (devdocs 17 dev: a two-question message's second half asked as typed, its documents
        # lost; "那各是多少？" asks nothing of its own, and is read as before)
        question = _restore(f"{pair.group(1)}，{text[each.end():]}",
                            [(text, typed), (_view(previous.strip()), previous.strip())])
        return Resolution(question, typed, "pronoun", previous, prior)
    # (A complete question naming no place, document or proper name, asked about the previous question's
    # topic: conversations dev +5, all of them dev 6's, the other six sets net 0; asked within the previous
    # answer's document instead: −6. Not used.)
    then = _then_under_document(text, _view(previous.strip()), typed) if not english else None
    form = _english_form(text) if english else _chinese_form(text)
    if then is not None and (form is None or (form[0] == "swap" and _content_chars(text) >= ZH_COMPLETE
                                               and _swap_tier(_view(previous.strip()), form[1]) is None)):
        return Resolution(_restore(then, [(text, typed), (_view(previous.strip()), previous.strip())]), typed, "slot",
                          previous, prior)
    if form is None and english and swaps.EN_TIERS and swaps._english_tier(text) is not None:
        form = ("swap", text.strip(" ?？.!,"), [])  # "provincial ones?": a level alone leans on the history
    if form is None:
        carried = _under_previous_document(typed, previous.strip()) if english and EN_DOCUMENT_CARRY else None
        if carried is not None:
            return Resolution(carried, typed, "slot", previous, prior)
        return Resolution(typed, typed, "standalone", previous, prior)
    how, core, places = form
    prev = _view(previous.strip())
    prev_english = cjk_ratio(prev) < 0.5
    swapped = None if english or prev_english or how == "pronoun" or places else (
        _swap_tier(prev, core) or _swap_head_noun(prev, core) or _swap_counted(prev, core))
    if swapped is None and how == "swap" and not english and _content_chars(text) >= ZH_COMPLETE:
        # "那中关村科学城的城市空间更新基金呢？" names a whole thing: swapped for one of its kind in the
        # previous question, or else asked as typed (conversations dev 3: prefixed, it asked another thing)
        return Resolution(typed, typed, "standalone", previous, prior)
    if swapped is not None:  # "人才工作组呢？" after "…科技金融工作组负责什么？": the same kind of thing swapped
        how, question = "swap", swapped
    elif how == "swap":
        led = swaps.preposition_swapped(prev, text, core) if english and prev_english and not places else None
        question = led or _swap(prev, prev_english, core, places)
        if SAME_SWAP and _bare(question) == _bare(prev) and (
                len(text.split()) >= 4 if english else _content_chars(text) >= SAME_SWAP_CONTENT):
            # a swap changing nothing ("华为在廊坊具体投了多少钱？" after a 廊坊 question: 廊坊 for 廊坊) asked
            # the previous question again; a message with content of its own asks its own (conversations dev
            # 11); a bare "那廊坊呢？" after a 廊坊 question still asks that again
            return Resolution(typed, typed, "standalone", previous, prior)
    elif how == "slot":
        question = _with_slot(prev, prev_english, core, english)
    else:
        document = _document_referent(text, english, prev, previous, prior, document_of)
        question = (_put_document(text, english, document) if document
                    else _with_topic(text, english, _topic(prev, prev_english), prev))
    question = _restore(question, [(text, typed), (prev, previous.strip())])
    if cjk_ratio(question) >= 0.5:  # full-width punctuation where what we wrote around the pieces is ASCII
        question = re.sub(r"(?<=[\u3400-\u9fff”」』)])([,?!:;])", lambda m: _FULL_WIDTH[m.group(1)], question)
    return Resolution(question, typed, how, previous, prior)


# "那乙园区设在哪几区？" after "样例规划里，甲基地依托哪几区？": a complete question opened
# by 那 (then), naming no document or place of its own, is asked within the document the previous question opens
# with (conversations dev 32: two such follow-ups asked as typed and answered from another city's plan; a complete
# question without 那 is still asked as typed — carrying every one put the previous topic into new questions:
# dev −6 in an earlier round). (ablation switch)
ZH_THEN_DOCUMENT = True
_THEN_OPEN_RE = re.compile(r"^(?:那么|那)(?![些个份里时样])[，,]?")
_DOCUMENT_KINDS = "计划|规划|方案|意见|措施|条例|办法|通知|纲要"
_DOCUMENT_OPENING_RE = re.compile(rf"^([^，,。？?]{{2,24}}?(?:{_DOCUMENT_KINDS})(?:里|中))[，,]")
_NAMES_DOCUMENT_RE = re.compile(rf"《|{_DOCUMENT_KINDS}")


# A closing request for the whole list ("Give me the whole list.", "全部列出来吧") after a question. (ablation switch)
CLOSER = True
_CLOSER_RE = re.compile(r"[?？.。!！]\s*(?:(?:please|pls)\s+)?(?:(?:give|show|tell)\s+me\s+(?:the\s+)?(?:whole|full|complete|entire)"
                        r"\s+(?:list|thing)|list (?:them|it|those) all(?: out)?|all of them)(?:,?\s*please)?\s*[.!?]?\s*$"
                        r"|[？?。！!]\s*(?:请|麻烦)?(?:全部|完整地?|都|统统)列(?:出来|出|一下|全)(?:吧|呢|哦)?\s*[。！!？?]?\s*$",
                        re.IGNORECASE)


def _then_under_document(text: str, prev: str, typed: str) -> str | None:
    """"<the previous question's document>里，<the message without 那>", or None."""
    from ..question import place_mentions

    opened = _THEN_OPEN_RE.match(text) if ZH_THEN_DOCUMENT else None
    document = _DOCUMENT_OPENING_RE.match(prev) if opened else None
    if opened is None or document is None:
        return None
    rest = text[opened.end():]
    if _content_chars(rest) < ZH_COMPLETE or _NAMES_DOCUMENT_RE.search(rest) or place_mentions(rest):
        return None
    # (read in the typed characters, phrase by phrase: 計畫 is 计划, which a character view writes 计画)
    bare = normalize(re.sub(r"呢?\s*[?？]?$", "", typed[opened.end():].strip()))
    if bare in asked_names(bare):
        return None  # (a programme named whole, "那样例引领计划呢？", is asked as typed: its clause names it)
    return f"{document.group(1)}，{rest.strip()}"


SAME_SWAP = True  # (ablation switch)
SAME_SWAP_CONTENT = 2  # content characters of its own (华为…投了: 3; 那廊坊的奖励呢: 0)


def _bare(text: str) -> str:
    return re.sub(r"[\s?？。.!！,，]", "", text)


def _restore(question: str, sources: list[tuple[str, str]]) -> str:
    """The question with every piece copied from a message put back as the user wrote it: each source
    is (its Simplified view, the message), of equal length, so a block matched in the view is replaced
    by the same span of the message (Traditional characters, full-width punctuation)."""
    out = list(question)
    for view, original in sources:
        if len(view) != len(original):
            continue
        matcher = difflib.SequenceMatcher(None, question, view, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            if size >= 2:
                out[a:a + size] = original[b:b + size]
    return "".join(out)


# "How many transfer service agencies?" after a question about Langfang's action plan: a short English question
# naming no place, no name and no document asks within the document the previous question named — it is put
# "under Langfang's action plan" (conversations dev 10: three such were answered from other documents or
# refused) (ablation switch)
EN_DOCUMENT_CARRY = True
EN_AND_CARRY = True  # (ablation switch)
_EN_LEANS_RE = re.compile(r"^\s*(?:(?:ok|okay|so|right|alright)[,\s]+)?(?:and|also|plus)\b", re.IGNORECASE)
# "… supposed to get by then?": a time the previous question set (by 2018) — the message leans on it, and the
# year is put back (conversations dev 14: asked as typed, the place and the year were lost). (ablation switch)
EN_THEN_CARRY = True
_EN_THEN_RE = re.compile(r"\bby then\b|\bat that (?:time|point)\b|\bthat year\b", re.IGNORECASE)
_EN_BY_YEAR_RE = re.compile(r"\b(?:by|in|until|before) ((?:19|20)\d\d)\b", re.IGNORECASE)
# (a place's document called a document, "Haidian's Zhongguancun Science City document": conversations dev 13 and 32,
# "What's number 14?" asked as typed and answered from another document's item 14) (ablation switch, read at import)
EN_DOCUMENT_WORD = True
_EN_DOC_NOUN_AFTER_RE = re.compile(r"(?:['’]s)?(?:\s+[\w&/–-]+){0,7}?\s+(?:action plan|plan|fyp|measures|opinions|"
                                   r"regulations?|programme|program" + (r"|document" if EN_DOCUMENT_WORD else "")
                                   + r")\b", re.IGNORECASE)
# (the same for a document the previous question names by capitalised words and no place we know, a science
# city's measures: a bare size or a turnover asked next was asked as typed — conversations dev 18 and 29;
# dev +2 −1) (ablation switch)
EN_NAMED_DOCUMENT_CARRY = True
_EN_CAPITAL_DOCUMENT_RE = re.compile(r"\b(?:[Ii]n|[Uu]nder|[Oo]f|[Bb]y) (the (?:[A-Z][\w&/'’-]*\s+){1,5}(?:[Aa]ction [Pp]lan|[Pp]lan|FYP|[Mm]easures"
                                     r"|[Oo]pinions|[Rr]egulations?" + (r"|[Dd]ocument" if EN_DOCUMENT_WORD else "") + r"))\b")
_EN_THEN_END_RE = re.compile(r",?\s*then$")
_EN_NAMES_OWN_RE = re.compile(r"\b(?:plan|fyp|measures|opinions|regulations?|programme|program|document|notice)\b",
                              re.IGNORECASE)


def _under_previous_document(typed: str, previous: str) -> str | None:
    from .markers import EN_COMPLETE_WORDS, _english_places

    words = re.findall(r"[A-Za-z][\w'’-]*", typed)
    # (a message opening with "And …" leans on the previous one however long it is: conversations dev 12)
    leans = EN_AND_CARRY and bool(_EN_LEANS_RE.match(typed))
    then = _EN_THEN_RE.search(typed) if EN_THEN_CARRY else None
    year = _EN_BY_YEAR_RE.search(previous) if then else None
    if then and year:
        typed, leans = f"{typed[:then.start()]}by {year.group(1)}{typed[then.end():]}", True
    if (cjk_ratio(previous) >= 0.5 or (len(words) >= EN_COMPLETE_WORDS and not leans) or _EN_NAMES_OWN_RE.search(typed)
            or _english_places(typed.lower()) or any(w[:1].isupper() for w in words[1:])):
        return None
    places = _english_places(previous.lower())
    for start, end, _ in places:
        m = _EN_DOC_NOUN_AFTER_RE.match(previous, end)
        if m is not None and not re.search(r"[,;:?.]", previous[start:m.end()]):
            return f"{typed.rstrip(' ?？.!')} under {previous[start:m.end()]}?"
    if EN_NAMED_DOCUMENT_CARRY and not places and (doc := _EN_CAPITAL_DOCUMENT_RE.search(previous)):
        # a document named by capitalised words and no place we know (a science city's measures)
        return f"{_EN_THEN_END_RE.sub('', typed.rstrip(' ?？.!'))} in {doc.group(1)}?"
    if then and places and (doc := _EN_ITS_DOCUMENT_RE.search(previous)):
        # "Langfang's goal … under its tech-transfer action plan": the place's own document
        start, end, _ = places[0]
        return f"{typed.rstrip(' ?？.!')} under {previous[start:end]}'s {doc.group(1)}?"
    return None


_EN_ITS_DOCUMENT_RE = re.compile(r"\b(?:its|their|the) ((?:[\w&/–-]+\s+){0,3}?(?:action plan|plan|fyp|measures|opinions"
                                 r"|regulations?|programme|program))\b", re.IGNORECASE)
