"""Follow-up questions resolved against the chat history, by rules, without an LLM.

A chat message either stands alone or leans on the previous question ("那廊坊呢？", "期限呢？",
"who leads it?"). `resolve` decides which and, for a follow-up, writes the standalone question it
means, which is what gets answered and what the user is shown ("理解为：…"), so a wrong resolution is
visible and can be corrected by rephrasing. Four forms:

- swap: the previous question with its place (or tier, programme …) replaced: "那廊坊呢", "And Langfang?";
- slot: the previous question's topic with a new asked detail: "期限呢？", "what about the deadline?";
- pronoun: "它的目标是什么", "who leads it?": the pronoun replaced by the previous question's topic;
- standalone: a complete question is answered exactly as typed, whatever came before.

The previous question is itself resolved against its own history first, so a chain of follow-ups
keeps its topic. The clauses our previous answer cited ride along (`prior_clause_ids`): a follow-up
about the same topic is often answered by the same or a neighbouring clause.

The words that mark a follow-up are data (rag/lexicons/followup.json); messages are normalised
(NFKC, Simplified) before they are read, so the resolved question of a Traditional-Chinese chat is
written in Simplified characters, and the reply language is taken from what the user typed.
Resolution is string work on two short texts: microseconds, not the ≤ 5 ms the issue allows.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

from .answer.premise import TIER_RE
from .normalize import aligned_simplified, cjk_ratio, detect_lang, match_key, to_traditional
from .question import PLACES, place_mentions

Role = Literal["system", "user", "assistant"]
How = Literal["standalone", "swap", "slot", "pronoun", "refinement", "focus"]  # (focus: rag.focus)

# Only the latest turns can be referred to; a long pasted history costs nothing beyond these.
MAX_TURNS = 12
# A Chinese message with this many content characters (after places, pronouns, markers, slots and
# filler are taken out) is a complete question even if it opens with 那 or ends with 呢.
ZH_COMPLETE = 7
# Without a follow-up marker or pronoun, fewer content characters than this still make a follow-up.
ZH_CONTENT = 4
EN_COMPLETE_WORDS = 10  # an English message this long is complete whatever it opens with
RESTRICTIONS = True  # a bare "just the X?" restricts the previous question (ablation switch)
EN_CONTENT_WORDS = 5  # an English message of fewer words, with no content word of its own, leans on the history
# The suffixes of a tier, a kind or a place: "国家级的呢" after a question about 市级 swaps 市级 for 国家级.
_SWAP_SUFFIXES = "级区市县省镇园类型年期届批项"
_FULL_WIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}
_PUNCT_RE = re.compile(r"[\s，,。.？?！!；;：:、“”\"'‘’（）()《》〈〉【】\[\]…-]+")
_LANG_RE = {
    "en": re.compile(r"\b(?:english|in english)\b|英文|英语|英語", re.IGNORECASE),
    "zh-Hant": re.compile(r"繁體|繁体|traditional chinese", re.IGNORECASE),
    "zh-Hans": re.compile(r"简体|簡體|simplified chinese|(?<!traditional )\bchinese\b|中文", re.IGNORECASE),
}


@dataclass(frozen=True)
class Turn:
    """One chat message; an assistant turn may carry the clause ids its answer cited."""

    role: Role
    content: str
    clause_ids: tuple[str, ...] = ()


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


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = json.loads((Path(__file__).parent / "lexicons" / "followup.json").read_text(encoding="utf-8"))
    longest_first = {k: sorted(v, key=len, reverse=True) for k, v in lex.items() if isinstance(v, list)}
    return {**lex, **longest_first}


def _alternation(words: Sequence[str]) -> str:
    return "|".join(map(re.escape, words))


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
            rf"(?:(?<![应尤极])(?:{_alternation(lex['zh_pronouns'])})(?![他中余实次外后前])(?:[项个些条类一份部篇则])?(?:{zh_nouns})?)"),
        "en_lead": re.compile(rf"^(?:(?:{_alternation(lex['en_lead_markers'])})\b[,\s]*)+", re.IGNORECASE),
        "en_pronoun": re.compile(rf"\b(?:{_alternation(lex['en_pronouns'])})\b(?: (?:{en_nouns})\b)?", re.IGNORECASE),
        "en_wh_lead": re.compile(lex["en_wh_lead"], re.IGNORECASE),
        "zh_question_tail": re.compile(lex["zh_question_tail"]),
    }


def warm_up() -> None:
    """Compile the word lists and load the converters now, not on the first follow-up."""
    resolve("那廊坊呢？", [Turn("user", "海淀區的基金規模是多少？")])
    resolve("And Langfang?", [Turn("user", "What is the fund size in Beijing?")])


def reply_language(history: Sequence[Turn]) -> str | None:
    """The language a system message asks the answers to be in ("Answer in English.", "请用繁體中文回答"), if any."""
    for turn in reversed(history):
        if turn.role != "system":
            continue
        for lang, pattern in _LANG_RE.items():
            if pattern.search(turn.content):
                return lang
    return None


DocumentOf = Callable[[str, tuple[str, ...]], "str | None"]


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
    from .answer import premise
    from .question import analyse, fact_kinds
    from .sentences import FACT_PATTERNS

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
    # Read through a character-for-character Simplified view (no phrase conversion: 建立 stays 建立), so
    # what is written can be put back in the user's own characters (_restore).
    text = _view(typed)
    english = cjk_ratio(text) < 0.5
    narrowed = _refined(text, english, previous.strip())
    if narrowed is not None:
        question = _restore(narrowed, [(text, typed), (_view(previous.strip()), previous.strip())])
        return Resolution(question, typed, "refinement", previous, prior)
    form = _english_form(text) if english else _chinese_form(text)
    if form is None:
        return Resolution(typed, typed, "standalone", previous, prior)
    how, core, places = form
    prev = _view(previous.strip())
    prev_english = cjk_ratio(prev) < 0.5
    swapped = None if english or prev_english or how == "pronoun" or places else (
        _swap_tier(prev, core) or _swap_head_noun(prev, core))
    if swapped is None and how == "swap" and not english and _content_chars(text) >= ZH_COMPLETE:
        # "那中关村科学城的城市空间更新基金呢？" names a whole thing: swapped for one of its kind in the
        # previous question, or else asked as typed (conversations dev 3: prefixed, it asked another thing)
        return Resolution(typed, typed, "standalone", previous, prior)
    if swapped is not None:  # "人才工作组呢？" after "…科技金融工作组负责什么？": the same kind of thing swapped
        how, question = "swap", swapped
    elif how == "swap":
        question = _swap(prev, prev_english, core, places)
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
    if not english:
        swapped = _swap_tier(prev, part)
        return f"{swapped}？" if swapped else f"{prev}（只看{part}）？"
    return f"{prev} ({part} only)?" if cjk_ratio(prev) < 0.5 else f"{prev}（{part} only）？"


def _refined(text: str, english: bool, previous: str) -> str | None:
    """The standalone question of a refinement (a part of the previous topic, then a question, or a bare
    part: "just the municipal level?"), or None."""
    if RESTRICTIONS and (restricted := _restricted(text, english, previous)) is not None:
        return restricted
    m = (_EN_REFINE_RE if english else _ZH_REFINE_RE).match(text)
    if m is None:
        return None
    part, asked = m.group(1).strip(), m.group(2).strip()
    prev = _view(previous)
    topic = _topic(prev, cjk_ratio(prev) < 0.5)
    if english:
        asked = asked.rstrip(" ?？")
        return f"{asked[0].upper()}{asked[1:]} for {topic} ({part})?"
    return f"{topic}里，{part}{asked}"


def _swap_head_noun(prev: str, core: str) -> str | None:
    """The previous question with its phrase naming a thing of the kind the follow-up names (…工作组, …计划,
    …基金: the same head noun) replaced by the follow-up's; None when the follow-up names no such thing or
    the previous question none of that kind."""
    core = re.sub(r"的$", "", core)
    noun = next((n for n in _lexicon()["zh_head_nouns"] if core.endswith(n) and len(core) > len(n)), None)
    if noun is None:
        return None
    for m in re.finditer(rf"[^\s，,。？?、的里在对和与及“”「」《》]{{1,12}}{re.escape(noun)}", prev):
        start = m.start()
        # a place or a zone named before the thing stays (中关村科学城|知识产权强基计划, 海淀区|创新基金)
        owner = list(re.finditer(r"[城区省县市](?!级)", prev[start: m.end() - len(noun) - 1]))
        if owner:
            start += owner[-1].end()
        if prev[start: m.end()] != core and not core.endswith(prev[start: m.end()]):
            # the old thing's item number goes with it ("第一项“甲计划”的…" → "“乙计划”的…")
            before = _ORDINAL_BEFORE_RE.sub(r"\1", prev[:start])
            return before + core + prev[m.end():]
    return None


def _swap_tier(prev: str, core: str) -> str | None:
    """"国家级的科技小镇呢？" after "廊坊对省认定的“科技小镇”给多少…": the same thing at another level — the
    previous question with its level replaced; None unless the follow-up names a level and, besides it,
    only what the previous question already names. (conversations dev 3: asked as typed, it was answered
    with a figure of no level.)"""
    new, old = TIER_RE.search(core), TIER_RE.search(prev)
    if not new or not old or new.group(1) == old.group(1):
        return None
    rest = re.sub(r"^[的之]|[的之]$", "", (core[: new.start()] + core[new.end():]).strip())
    if rest and rest not in re.sub(r"[“”「」\"]", "", prev):
        return None
    return prev[: old.start(1)] + new.group(1) + prev[old.end(1):]


_ORDINAL_BEFORE_RE = re.compile(r"第[一二三四五六七八九十百\d]+[项条个点类]\s*([“「\"]?)$")


def _view(text: str) -> str:
    """Simplified, NFKC, character for character (the same length as `text`); 么 stays 么 (the
    character-level table turns it into 幺)."""
    return "".join(o if o == "么" else v for o, v in zip(text, aligned_simplified(text), strict=True))


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


# -- reading the message --------------------------------------------------------------------------------------


def _chinese_form(text: str) -> tuple[How, str, list[str]] | None:
    """(how, core, places) of a Chinese follow-up, None for a complete question."""
    lex, pat = _lexicon(), _patterns()
    lead = pat["zh_lead"].match(text)
    core = text[lead.end():] if lead else text
    tail = pat["zh_tail"].search(core)
    marked = bool(lead) or bool(tail and "呢" in tail.group(0))
    core = _PUNCT_RE.sub("", re.sub(r"的?呢[?？。!！\s]*$", "", core)) or _PUNCT_RE.sub("", text)
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
            _ZH_DOC_PRONOUN_RE.search(text) or elliptical):
        return None
    if pronoun:
        return "pronoun", core, places
    if places:
        return "swap", core, places
    if any(s in text for s in lex["zh_slots"]) or not content:
        return "slot", core, places
    return "swap", core, places


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


def _english_form(text: str) -> tuple[How, str, list[str]] | None:
    lex, pat = _lexicon(), _patterns()
    lowered = text.lower()
    words = re.findall(r"[a-z0-9']+", lowered)
    lead = pat["en_lead"].match(lowered)
    pronoun = pat["en_pronoun"].search(lowered)
    places = list(dict.fromkeys(zh for _, _, zh in _english_places(lowered)))
    places += [p for _, p in place_mentions(text) if p not in places]
    content = [w for w in words if w not in lex["en_filler"] and w not in lex["en_slots"]
               and w not in lex["en_pronouns"] and w not in {PLACES[p] for p in places}]
    # A pronoun with nothing in the message it could stand for (no place, no name) points back, however
    # long the message: "And what is it expected to achieve?"
    anchored = bool(places) or any(w[:1].isupper() for w in re.findall(r"[A-Za-z][\w'-]*", text)[1:])
    if pronoun and (lead or not anchored):
        pass
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


# -- writing the standalone question ---------------------------------------------------------------------------


def _place_spans(prev: str, english: bool) -> list[tuple[int, int]]:
    if english:
        return [(start, end) for start, end, _ in _english_places(prev)]
    out = []
    for start, place in place_mentions(prev):
        end = start + len(place)
        if end < len(prev) and prev[end] in "省市区县":  # 海淀区 → the whole name goes
            end += 1
        out.append((start, end))
    return out


@lru_cache(maxsize=1)
def _english_places_re() -> tuple[re.Pattern[str], dict[str, str]]:
    names = {en.lower(): zh for zh, en in PLACES.items() if en}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE), names


def _english_places(text: str) -> list[tuple[int, int, str]]:
    """(start, end, Chinese name) of the English place names in `text` (one scan, longest names first)."""
    pattern, names = _english_places_re()
    return [(m.start(), m.end(), names[m.group(0).lower()]) for m in pattern.finditer(text)]


def _place_name(place: str, english: bool) -> str:
    return (PLACES.get(place) or place).title() if english else place


def _swap(prev: str, prev_english: bool, core: str, places: list[str]) -> str:
    if places:
        new = (" and " if prev_english else "和").join(_place_name(p, prev_english) for p in places)
        spans = _place_spans(prev, prev_english)
        if len(spans) >= 2 and not prev_english:
            # the place naming a document (北京“十三五”…规划) stays; the one asked about is swapped
            # ("…规划讲京津冀分工时，天津市重点提高什么能力？" then "河北呢？": conversations dev 3)
            spans = [sp for sp in spans if not _DOCUMENT_AFTER_RE.match(prev, sp[1])] or spans
        if spans:
            start, end = spans[0]
            return prev[:start] + new + prev[end:]
        if prev_english:
            return f"{prev.rstrip(' ?？')} in {new}?"
        return new + prev
    if not prev_english:
        # a quoted term for a quoted term ("那“乙计划”呢" after a question about “甲计划”), a tier for a tier
        # (the core has lost its quotation marks: a short core that the previous question does not
        # contain takes the place of its last quoted term)
        olds = list(re.finditer(r"[“\"「『]([^”\"」』]+)[”\"」』]", prev))
        if olds and core and len(core) <= 8 and core not in {m.group(1) for m in olds} and not TIER_RE.search(core):
            m = olds[-1]
            return prev[: m.start(1)] + core + prev[m.end(1):]
        # a level for a level: "市级的呢" after "省认定的…", "省级的呢" after "国家级…"
        new_level, old_level = TIER_RE.search(core), TIER_RE.search(prev)
        if new_level and old_level and new_level.group(1) != old_level.group(1):
            return prev[: old_level.start(1)] + new_level.group(1) + prev[old_level.end(1):]
    if prev_english:
        swapped = _swap_english_one(prev, core) or _swap_english_head(prev, core)
        if swapped:
            return swapped
    if not prev_english and core and core[-1] in _SWAP_SUFFIXES:
        # "国家级的呢" after "市级…": the word of the same kind is swapped
        for width in (1, 2):  # the shortest word of that kind: 市级, not 认定的市级
            for m in re.finditer(rf"[^\W的对和与及之在为是]{{{width}}}{re.escape(core[-1])}", prev):
                if m.group(0) != core and not core.endswith(m.group(0)):
                    return prev[: m.start()] + core + prev[m.end():]
    if prev_english:
        return f"{prev.rstrip(' ?？')} ({core})?"
    head, sep, rest = prev.partition("的")
    if sep and len(head) <= 12:
        return core + "的" + rest
    return core + prev


# a place followed, within the same phrase, by a kind of document names that document's issuer
_DOCUMENT_AFTER_RE = re.compile(r"[^，,。？?！!；;]{0,14}?(?:规划|计划|方案|措施|意见|条例|办法|通知|纲要)")

_EN_OPENING_RE = re.compile(r"((?:by|in|from|until|before|after|under|for|according to) [^,?]{2,60}),\s+(?=\w)",
                            re.IGNORECASE)
_EN_HOW_MANY_RE = re.compile(r"how many (.+?) (?:does|do|did|will|would|should|can|could|must|are|is|were|was|has|have)"
                             r" (.+)$", re.IGNORECASE)

_EN_NP_STOP = {"the", "a", "an", "of", "for", "in", "on", "to", "is", "are", "does", "do", "did", "what", "which",
               "who", "how", "when", "where", "why", "by", "with", "from", "per", "under", "should", "can", "will", "get", "gets", "has", "have", "must", "responsible"}


_EN_ONE_RE = re.compile(r"^(?:and |what about |how about )?(?:the |a )?(.+?)\s+ones?$", re.IGNORECASE)
# a noun phrase opened by an article, up to a preposition or punctuation; one after "in/of/under/for/
# from/by/on" names a document, a place or a purpose, not the thing asked about
_EN_THE_NP_RE = re.compile(r"(?<!\bin )(?<!\bof )(?<!\bunder )(?<!\bfor )(?<!\bfrom )(?<!\bby )(?<!\bon )"
                           r"\bthe (?=[\w&'-])", re.IGNORECASE)
_EN_NP_WORDS_RE = re.compile(r"(?:[\w&'-]+ ?)+")
_EN_BRACKETED_RE = re.compile(r"\s*\([^()]*\)")


_EN_TIERS = {"national", "state", "provincial", "municipal", "city", "county", "district", "local"}


def _swap_english_one(prev: str, core: str) -> str | None:
    """"And the standards one?" after "Who leads the intellectual property strengthening plan (…) in the
    … measures?": "one" stands for the head of the thing asked about (its first noun phrase with an
    article that names no document or place), whose modifiers the new words replace: "the standards
    plan". (conversations dev 3: appended in brackets, the question asked about the old thing.)"""
    m = _EN_ONE_RE.match(core.strip(" ?？.!,"))
    if not m or len(m.group(1).split()) > 5:
        return None
    for the in _EN_THE_NP_RE.finditer(prev):
        run = _EN_NP_WORDS_RE.match(prev, the.end())
        words: list[str] = []
        for word in run.group(0).split() if run else []:
            if word.lower() in _EN_NP_STOP:
                break
            words.append(word)
        if len(words) < 2:
            continue
        end = the.end() + len(" ".join(words))
        bracketed = _EN_BRACKETED_RE.match(prev, end)
        if bracketed:
            end = bracketed.end()  # the Chinese name in brackets goes with the old thing
        new = m.group(1)
        tiers = [i for i, w in enumerate(words) if w.lower() in _EN_TIERS]
        if new.lower() in _EN_TIERS and tiers:  # "the provincial one": the level alone is swapped
            new, words = " ".join([*words[:tiers[0]], new, *words[tiers[0] + 1:-1]]), words[-1:]
        return f"{prev[:the.start()]}the {new} {words[-1]}{prev[end:]}"
    return None


def _swap_english_head(prev: str, core: str) -> str | None:
    """"And the finance working group?" after "What is the planning working group
    … responsible for?": the noun phrase with the same head noun is swapped."""
    new = re.sub(r"^(?:the|a|an)\s+", "", core.strip(" ?？.!,"), flags=re.IGNORECASE)
    words = new.lower().split()
    if not words:
        return None
    for width in (2, 1):  # the head: the last one or two words ("working group", "fund")
        head = " ".join(words[-width:])
        m = re.search(rf"\b{re.escape(head)}\b", prev, re.IGNORECASE)
        if not m or (len(words) <= width and width == 1 and len(head) < 4):
            continue
        start = m.start()
        before = prev[:start].split(" ")
        # the noun phrase runs left from the head to the nearest article, preposition or question word
        while len(before) > 1 and before[-2] and before[-2].lower().strip(",") not in _EN_NP_STOP:
            before.pop()
        start = len(" ".join(before[:-1])) + (1 if len(before) > 1 else 0)
        if prev[start:m.end()].lower() == new.lower():
            return None
        return prev[:start] + new + prev[m.end():]
    return None


# The English wh-lead stops at the first word that may be a verb ("What rewards", "What basic principles");
# an auxiliary left opening the topic made "How many safeguard measures for does Beijing's … plan lay
# down?" (conversations dev 2, 5). (ablation switch)
EN_TOPIC_AUX = True
_EN_AUX_OPEN_RE = re.compile(r"^(?:does|do|did|is|are|was|were|can|could|will|would|should|must|has|have)\s+",
                             re.IGNORECASE)


def _topic(prev: str, english: bool) -> str:
    """What the previous question was about: its text without the question words and the asked detail."""
    lex, pat = _lexicon(), _patterns()
    if english:
        question = prev.strip(" ?？")
        # "By 2018, how many …": the opening phrase goes to the end ("… by 2018"), the question word first
        opening = _EN_OPENING_RE.match(question)
        if opening:
            question = f"{question[opening.end():]} {opening.group(1)[0].lower()}{opening.group(1)[1:]}"
        # "How many clusters does the plan aim to build?" is about "the clusters the plan aims to build"
        counted = _EN_HOW_MANY_RE.match(question)
        if counted:
            return f"the {counted.group(1)} {counted.group(2)}"
        topic = pat["en_wh_lead"].sub("", question).strip()
        if EN_TOPIC_AUX:  # "What basic principles does the plan lay down?": the lead ends at "principles"
            topic = _EN_AUX_OPEN_RE.sub("", topic)
        topic = re.sub(rf"^(?:the )?(?:{_alternation(lex['en_slots'])}) (?:of|for) ", "", topic, flags=re.IGNORECASE)
        return topic or prev.strip(" ?？")
    topic = pat["zh_question_tail"].sub("", prev.strip()).strip("，, ")
    if topic == prev.strip().strip("，, "):  # the question word is inside: "建成多少个科技小镇?" → "建成科技小镇"
        inside = re.search(r"(?:多少|几)[个项家所条名位批类种]", topic)  # a count: the thing counted follows
        head = topic[: inside.start()] if inside else ""
        cut = max(head.rfind("，"), head.rfind(","))
        if inside and cut >= 0 and topic[inside.end():].strip("？?。！! "):
            # "…计划里，到2018年要建成多少个科技小镇": the clause around the question word asked the count;
            # the thing counted, with what came before that clause, is the topic (…计划里，科技小镇)
            topic = head[: cut + 1] + topic[inside.end():]
        topic = re.sub(r"(?:多少|几)[个项家所条名位批类种]?|哪些|哪几[个项类种]|什么", "", topic).rstrip("？?。！! ")
    changed = True
    while changed:  # the asked detail and the verbs before it: "…规模是", "…能拿"
        changed = False
        for word in [*lex["zh_slots"], "的", "是", "为", "能", "可以", "可", "有", "拿", "给予", "给", "达到", "共", "对"]:
            if topic.endswith(word) and len(topic) > len(word) + 1:
                topic, changed = topic[: -len(word)], True
    return topic or prev


def _with_slot(prev: str, prev_english: bool, core: str, english: bool) -> str:
    topic = _topic(prev, prev_english)
    if prev_english or english:
        core = re.sub(r"^(?:just|only)\s+", "", core, flags=re.IGNORECASE)  # "just the amount?"
        if re.match(r"(?:who|when|where|what|which|how|is|are|can|does|do)\b", core, re.IGNORECASE):
            return f"{core[0].upper()}{core[1:]} for {topic}?"
        return f"What is {core} for {topic}?"
    joint = "" if topic.endswith("的") else "的"
    asks = "" if re.search(r"[？?]$|多少|什么|哪|谁|几|吗", core) else "是什么"
    return f"{topic}{joint}{core}{asks}？"


def _with_topic(text: str, english: bool, topic: str, prev: str = "") -> str:
    pat = _patterns()
    if english:
        def put(m: re.Match[str]) -> str:
            words = m.group(0).split()
            if len(words) > 1:  # "this plan", "the same document": the previous question's phrase ending in
                # that noun, or left as it is (the previous topic is not a plan or a document)
                found = re.search(rf"(?:[\w'’-]+\s+){{0,4}}{re.escape(words[-1])}\b", prev, re.IGNORECASE)
                return _np_from(found.group(0)) if found else m.group(0)
            return f"{topic}'s" if m.group(0).lower().startswith(("its", "their")) else topic
        out = pat["en_pronoun"].sub(put, text, count=1)
        return text if out == text else out[0].upper() + out[1:]
    def put(m: re.Match[str]) -> str:
        if m.group(0) in _lexicon()["zh_container_pronouns"]:  # "其中有哪些…" → "<topic>中有哪些…"
            return f"{topic}中"
        return _referent(m.group(0), prev) or topic

    return pat["zh_pronoun"].sub(put, text, count=1)


# "这份措施", "该意见", "this document": the document the previous answer came from. However long the
# message, it points back (conversations dev 4: "这份意见是哪年、由哪个机关印发的？" was read as complete).
# With 份/部/篇 any kind of document; otherwise only nouns that name nothing but a document (这个计划 may be
# a programme the plan sets up: conversations dev 4, 2022科技冬奥行动计划).
_ZH_DOC_PRONOUN_RE = re.compile(r"(?:这份|该份|这部|这篇)(?:文件|意见|措施|方案|规划|计划|条例|办法|通知|决定|纲要|细则)"
                                r"|(?:这个|该|此|本)(?:文件|意见|规划|条例|办法|通知|纲要|细则)")
_EN_DOC_PRONOUN_RE = re.compile(r"\b(?:this|that|the same) (?:document|notice|circular)\b|\b(?:it|its)\b", re.IGNORECASE)
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
    m = re.search(rf"[^\s，,。？?、的里在对和与及“”「」]{{0,12}}{re.escape(noun)}", prev)
    return m.group(0) if m and len(m.group(0)) > len(noun) else None


def language_of(message: str, history: Sequence[Turn] = ()) -> str:
    """The language the user writes in (the reply's language unless a system message asks otherwise).
    A short Chinese message often has no character that tells Simplified from Traditional ("那廊坊呢"
    is both): it is then in the language of the user's previous Chinese message."""
    lang = detect_lang(message)
    if lang == "zh-Hans" and to_traditional(message) == message:
        for turn in reversed(history):
            if turn.role == "user" and (earlier := detect_lang(turn.content)) != "en":
                return earlier
    return lang


UNDERSTOOD_AS = {"zh-Hans": "理解为：{question}", "zh-Hant": "理解為：{question}", "en": "Understood as: {question}"}


def understood_as(question: str, lang: str | None) -> str:
    """The line shown above an answer to a follow-up, so a wrong resolution is seen and can be rephrased."""
    return UNDERSTOOD_AS.get(lang or "", UNDERSTOOD_AS["zh-Hans"]).format(question=question)


def turns(messages: Sequence[tuple[str, str] | tuple[str, str, Sequence[str]]]) -> list[Turn]:
    """Chat messages as Turns: (role, content[, cited clause ids]); OpenAI's `developer` counts as a system
    message, tool and function messages are no part of the conversation."""
    out = []
    for role, content, *rest in messages:
        role = "system" if role == "developer" else role
        if role in ("system", "user", "assistant"):
            out.append(Turn(role, content, tuple(rest[0]) if rest else ()))  # type: ignore[arg-type]
    return out


def read_history(text: str, source: str = "history") -> list[Turn]:
    """A chat history written as a JSON array of {"role", "content"[, "clause_ids"]}, as JSON Lines of
    them, or as an OpenAI request body ({"messages": [...]}); ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise ValueError(f"{source}: not JSON (an array of {{role, content}} or JSON Lines): {e}") from None
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        data = data["messages"]
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of messages {{role, content}}")
    messages = []
    for i, m in enumerate(data, start=1):
        role, content = (m.get("role"), m.get("content")) if isinstance(m, dict) else (None, None)
        if role not in ("system", "developer", "user", "assistant", "tool", "function") or not isinstance(content, str):
            raise ValueError(f"{source}: message {i} needs a role (system, user or assistant) and a string content")
        ids = m.get("clause_ids") or []
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            raise ValueError(f"{source}: message {i}: clause_ids must be a list of strings")
        messages.append((role, content, ids))
    return turns(messages)


# -- an LLM's rewrite, checked ----------------------------------------------------------------------------

_QUOTED_RE = re.compile(r"[“\"「『《]([^”\"」』》]+)[”\"」』》]")
MAX_REWRITE_CHARS = 300


def entities(text: str) -> set[str]:
    """What a rewrite must keep and may not invent: places (by their Chinese names, whatever language
    names them), quoted names, figures and years."""
    view = _view(text)
    found = {p for _, p in place_mentions(view)} | {zh for *_, zh in _english_places(view)}
    found |= {m.group(1) for m in _QUOTED_RE.finditer(view)}
    found |= set(re.findall(r"\d+(?:\.\d+)?", view))
    return found


def check_rewrite(candidate: str, resolution: Resolution) -> str | None:
    """Why an LLM's standalone question for a follow-up may not replace the rules' (None: it may).

    The LLM may word the question better, but it must keep every entity the rules' resolution keeps
    (the new place of "那廊坊呢", the old topic's quoted names and figures) and add none of its own:
    a rewrite that drops 廊坊 or brings in 上海 would answer another question."""
    text = candidate.strip().strip("\"'“”")
    if not text or "\n" in text or len(text) > MAX_REWRITE_CHARS:
        return "not a single question"
    want, got = entities(resolution.question), entities(text)
    if want - got:
        return "drops " + "、".join(sorted(want - got))
    if got - want - entities(resolution.typed):
        return "adds " + "、".join(sorted(got - want))
    return None

