"""English either-or questions ("… three years or five years?", "… a cash reward or an equity
incentive?", "… by the General Office or by the Commission?"): the two options, and the one a cited
sentence states.

A Chinese "A还是B" is read from the question's own characters (`either_chinese`), its figures by
value (50万 = 50万元, 3月底 = 3月31日); an English one
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
from ..question import Question
from .premise import figures, mentions, values

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
    return offers_options(q.normalised) if not q.is_english else english_options(q.normalised) is not None


# "哪些情况还是要审批?": after a question word in the same stretch, 还是 is "still", not "or" — an option does not
# ask (conversations dev 34: 情况 was given as the chosen option). (ablation switch)
STILL_NOT_OR = True
_ASKED_BEFORE_RE = re.compile(r"(?:哪|什么|谁|多少|几|怎么|如何)[^，,。；;？?！!—–:：]*$")  # (…由谁证明——A还是B: options)


def offers_options(text: str) -> bool:
    """Whether a (Chinese, normalised) question offers options with 还是."""
    at = text.find("还是")
    return at >= 0 and not (STILL_NOT_OR and _ASKED_BEFORE_RE.search(text[:at]))


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


_OPTION_LEAD_RE = re.compile(r"^(?:是由|由|是|在|用|依托|来|给|按|向|对|为)")
_OPTION_TAIL_RE = re.compile(r"(?:的|呢|吗|啊|好|更好)+$")


def either_chinese(q: Question, citations: list[Citation]) -> tuple[str, int] | None:
    """"A还是B?": the option a cited sentence states, as the quote writes it (the longest end of A, the
    longest opening of B found there, their shared wording — 的平均水平 — aside) when only one is
    stated; when both are, the one the sentence states right after the question's subject, before the
    next comma (首都绿色创新发展区(山区)…; 市级财政…不低于国家创新型试点市平均水平，县级…). Else none."""
    head, _, tail = q.normalised.partition("还是")
    head = head.rstrip("，,：: ")
    a_text = re.split(r"[，,。；;？?！!：:]", head)[-1]
    b_text = _OPTION_TAIL_RE.sub("", _OPTION_LEAD_RE.sub("", re.split(r"[，,。；;？?！!]", tail)[0].strip()))
    shared = 0
    while shared < min(len(a_text), len(b_text)) - 2 and a_text[-1 - shared] == b_text[-1 - shared]:
        shared += 1
    shared = shared if shared >= 2 else 0  # (one character — 区 of 山区 and 平原地区 — is part of the words)
    a_core, b_core = a_text[: len(a_text) - shared], b_text[: len(b_text) - shared]
    subject = _FIGURE_WORDS_RE.sub(" ", q.normalised)  # the question without its options' figures
    if EITHER_BY_VALUE and _values(a_text) and _values(b_text):
        # figures are compared by value, not by their first characters ("4月底前" is not "4月30日前")
        return _either_by_value(subject, a_text, b_text, citations)
    for c in sorted(citations, key=lambda c: c.n):
        view = aligned_simplified(c.quote)
        second = next((b_core[:k] for k in range(len(b_core), 1, -1) if b_core[:k] in view), None)
        first = next((a_core[-k:] for k in range(min(len(a_core), 16), 1, -1) if a_core[-k:] in view), None)
        first = _OPTION_LEAD_RE.sub("", first) if first else None
        options = [o for o in dict.fromkeys((first, second)) if o and len(o) >= 2]
        if len(options) == 2:
            if options[0] in options[1] or options[1] in options[0]:
                continue
            subject = head[: head.rfind(first)] if first else head
            key = next((subject[i:i + k] for k in range(min(len(subject), 12), 3, -1)
                        for i in range(len(subject) - k + 1) if subject[i:i + k] in view), None)
            if key is None:
                continue
            at = view.find(key) + len(key)
            stop = min((i for p in "，,；;。" if (i := view.find(p, at)) >= 0), default=len(view))
            stated = sorted((view.find(o, at), o) for o in options if 0 <= view.find(o, at) < stop)
            options = [stated[0][1]] if stated else []
        if len(options) == 1:
            start = view.find(options[0])
            return c.quote[start:start + len(options[0])], c.n
    return None


EITHER_BY_VALUE = True  # (ablation switch)
_FIGURE_WORDS_RE = re.compile(r"\d{1,2}\s*月(?:底|末|初|中|份|\d{1,2}\s*日)?前?|[\d.]+\s*(?:个\s*)?[万亿]?[元‰%]?"
                              r"|[零一二三四五六七八九十百千两]+分之[零一二三四五六七八九十百千两]+")
_MONTH_RE = re.compile(r"(\d{1,2})\s*月(?:底|末|初|中|份|上旬|中旬|下旬|\d{1,2}\s*日)")


def _months(text: str) -> list[tuple[tuple[str, float], str]]:
    """(("month", n), the words) for each month a text names: 3月底, 3月31日."""
    return [(("month", float(m.group(1))), m.group(0)) for m in _MONTH_RE.finditer(text)]


def _values(text: str) -> set[tuple[str, float]]:
    """The figures an option or a sentence states, by value: sums with or without 元 (50万, 5个亿), shares
    (千分之一 = 1‰), periods, counts and months (3月底, 3月31日)."""
    text = re.sub(r"(\d+(?:\.\d+)?)\s*个\s*(亿|万)", r"\1\2", text)
    return values(text) | {key for key, _ in _months(text)}


_KEY_STOP_RE = re.compile(r"[，,：:；;。？?！!\s]")


def _either_by_value(subject: str, a_text: str, b_text: str, citations: list[Citation]) -> tuple[str, int] | None:
    """"支持50万还是30万?", "3月底前还是4月底前?": options written otherwise than the document (50万元,
    每年3月31日前) are compared by value, in sentences naming the question's subject (four characters of
    the question besides its options: 科技小镇, 专项资金). The option such a sentence states alone wins;
    when it states both, the one in the stretch (between commas) naming the subject, else in the stretch
    after it. The short answer is the document's own words for that value."""
    a_values, b_values = _values(a_text), _values(b_text)
    if not a_values or not b_values or a_values & b_values:
        return None
    for c in sorted(citations, key=lambda c: c.n):
        view = aligned_simplified(c.quote)
        for sentence in re.finditer(r"[^。；;！？!?]+", view):
            stretches = list(re.finditer(r"[^，,：:]+", sentence.group(0)))
            # (no punctuation in the key: 成果转化情况, found whole in one stretch — forms dev: "成果转化情况," was
            # found in the sentence but in no stretch, and the question went unanswered)
            key = next((subject[i:i + k] for k in range(min(len(subject), 12), 3, -1)
                        for i in range(len(subject) - k + 1)
                        if subject[i:i + k] in sentence.group(0) and not _KEY_STOP_RE.search(subject[i:i + k])), None)
            if key is None:
                continue
            stated = [_values(st.group(0)) for st in stretches]
            said = [(i, st) for i, st in enumerate(stretches) if stated[i] & (a_values | b_values)]
            options = {"a" if stated[i] & a_values else "b" for i, _ in said}
            if len(options) == 2:  # both stated: the subject's stretch, or the one after it
                at = next((i for i, st in enumerate(stretches) if key in st.group(0)), None)
                said = [(i, st) for i, st in said if at is not None and i in (at, at + 1)][:1]
                options = {"a" if stated[i] & a_values else "b" for i, _ in said}
            if len(options) != 1 or not said:
                continue
            chosen = a_values if options == {"a"} else b_values
            stretch = said[0][1].group(0)
            offset = sentence.start() + said[0][1].start()
            written = next((w for key, w in [*mentions(stretch), *_months(stretch)] if key in chosen), None)
            if written is None or stretch.find(written) < 0:
                continue
            start = offset + stretch.find(written)
            return c.quote[start:start + len(written)], c.n
    return None
