"""English either-or questions ("… three years or five years?", "… a cash reward or an equity
incentive?", "… by the General Office or by the Commission?"): the two options, and the one a cited
sentence states.

A Chinese "A还是B" is read in `short._either` from the question's own characters; an English one
names the options in other words, so they are compared by value (five years = 五年) or through
their Chinese forms (the expansion lexicon's), and an option the sentence states negated (不得给予
股权激励) is not the one it states.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from ..models import Citation
from ..normalize import aligned_simplified
from .premise import figures

_PREPOSITIONS = r"by|to|in|at|for|from|with|as|on|under|into|through"
# the second option runs from " or " to the question's end; a preposition before it says where the
# first one starts (… issued by A or by B)
_OR_RE = re.compile(rf"\s+or\s+(?:({_PREPOSITIONS})\s+)?(?:(?:an?|the)\s+)?((?:[^,;?!]|(?<=\d),(?=\d))+?)\s*[?.!]*\s*$",
                    re.IGNORECASE)
# "he or she", "… or not": no options
_NO_OPTIONS_RE = re.compile(r"\b(?:he or she|him or her|his or her|either way)\b", re.IGNORECASE)
_NOT_AN_OPTION = {"not", "no", "none", "neither", "otherwise", "something else", "both"}
_WORD_RE = re.compile(r"[\w'()-]+")
_CLEFT_RE = re.compile(r"\b(?:is|was|are|were) it (?:the )?([^,;?]{1,60}?) or (?:the )?([^,;?]{1,60}?) (?:that|who|which)\b",
                       re.IGNORECASE)
_ARTICLE_RE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)
MAX_OPTION_WORDS = 8
_TRAILING_PHRASE_RE = re.compile(rf"\s(?:{_PREPOSITIONS}|of|who|which|that|than)\s", re.IGNORECASE)
# how much of an option's concepts a sentence must hold to state it (both words of "cash reward", two
# of three)
OPTION_COVERAGE = 2 / 3
# a negation in the same stretch just before an option's words: 不得给予股权激励, 不属于…
_NEGATED_RE = re.compile(r"(?:不得|不予|不能|不可|禁止|严禁|无须|无需|不再|不属于|不包括|不计入|不纳入|不适用|未)"
                         r"[^，,；;。：:]{0,6}$")
_SENTENCE_RE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")


def english_options(question: str) -> tuple[str, str] | None:
    """The two options of an English "… A or B?" question, else None."""
    question = _NO_OPTIONS_RE.sub("they", question)
    cleft = _CLEFT_RE.search(question)
    if cleft:  # "is it 天津 or 河北 that should build …?"
        return cleft.group(1).strip(), cleft.group(2).strip()
    m = _OR_RE.search(question)
    if m is None or m.group(2).strip().lower() in _NOT_AN_OPTION:
        return None
    preposition, second = m.group(1), m.group(2).strip()
    before = question[: m.start()]
    if preposition:
        at = before.lower().rfind(f" {preposition.lower()} ")
        if at < 0:
            return None
        first = before[at + len(preposition) + 2:]
    else:
        words = _ARTICLE_RE.sub("", second).split()
        first = " ".join(before.split()[-len(words):]) if words else ""
    first = _ARTICLE_RE.sub("", first.strip())
    sizes = [len(_WORD_RE.findall(o)) for o in (first, second)]
    if min(sizes) == 0 or max(sizes) > MAX_OPTION_WORDS or first.lower() == second.lower():
        return None
    if _TRAILING_PHRASE_RE.search(second):
        # "… rewarded with equity or dividends by the company …?": the "or" joins two nouns inside a
        # yes/no question, whose phrase goes on after them (dev_blind: a yes/no question read as options)
        return None
    return first, second


def asks_options(q) -> bool:
    """Whether a question offers two options (A还是B, "… A or B?")."""
    return "还是" in q.normalised if not q.is_english else english_options(q.normalised) is not None


def either_english(options: tuple[str, str], citations: list[Citation], topic: Callable[[str], float] | None,
                   option_forms: Callable[[str], list[list[str]]] | None) -> tuple[str, int, str] | None:
    """The option the sentences of the quotes state, best-covering sentence first: the first sentence
    that states exactly one option (not negated) decides; one stating both, or only negated ones,
    cannot tell. Figures are compared by value; other options by their Chinese forms. Returns (the
    option as the quote writes it, the citation's n, the option as asked)."""
    first, second = options
    by_value = bool(figures(first)) and bool(figures(second))
    if not by_value and (option_forms is None or any(ch.isdigit() for ch in first + second)):
        return None  # ("1亿 or 5亿 yuan": figures it cannot read are not compared by their words)
    forms = [[], []] if by_value or option_forms is None else [option_forms(o) for o in options]
    sentences = [(c, m.start(), m.group(0)) for c in sorted(citations, key=lambda c: c.n)
                 for m in _SENTENCE_RE.finditer(aligned_simplified(c.quote))]
    if topic is not None:
        sentences.sort(key=lambda s: -topic(s[2]))
    for c, at, sentence in sentences:
        found = [_stated_value(o, sentence) if by_value else _stated_words(f, sentence)
                 for o, f in zip(options, forms, strict=True)]
        plain = [(i, span) for i, span in enumerate(found) if span and not _NEGATED_RE.search(sentence[: span[0]])]
        if len(plain) == 1:
            i, (start, end) = plain[0]
            return c.quote[at + start: at + end], c.n, options[i]
        if len(plain) == 2 or any(found):
            return None  # both stated, or only negated: the sentence cannot tell
    return None


def _stated_value(option: str, sentence: str) -> tuple[int, int] | None:
    """Where the sentence states the option's figure (five years → 五年内), else None."""
    wanted = set(figures(option))
    for key, written in figures(sentence).items():
        if key in wanted and (at := sentence.find(written)) >= 0:
            return at, at + len(written)
    return None


def _stated_words(groups: list[list[str]], sentence: str) -> tuple[int, int] | None:
    """The stretch of the sentence holding the option's concepts (现金…奖励), when it holds enough of
    them; the longest form found when they lie far apart."""
    longest = [next((f for f in sorted(forms, key=len, reverse=True) if f in sentence), None) for forms in groups]
    found = [(at, at + len(f)) for f in longest if f for at in [sentence.find(f)]]
    if not groups or len(found) < max(1, math.ceil(OPTION_COVERAGE * len(groups) - 1e-9)):
        return None
    start, end = min(a for a, _ in found), max(b for _, b in found)
    if end - start > 12:
        start, end = max(found, key=lambda s: s[1] - s[0])
    return start, end
