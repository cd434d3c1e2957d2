"""A sentence that opens with a condition ("情节严重的，可以处二万元以上五万元以下罚款") answers a question
naming that condition ("情节严重的最高能罚多少"): regulations state the ordinary case first and the aggravated
or repeated one in the next sentence, after "；", which is a sentence of its own here. Read alone, that sentence
covers few of the question's words (what it qualifies is in the sentence before), so the ordinary case was quoted
and its fine given (devdocs 6 dev). Pure functions on text, so they are tested without an index."""

from __future__ import annotations

import re

# the condition a sentence opens with: a short phrase ending in 的 before a comma (情节严重的，逾期不改正的，)
_OPENING_CONDITION_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）])?([^，,。；;：:、（）()]{2,10}?)的[，,]")
# words too common to name a condition by themselves (违反本条例规定的，…)
_NOT_A_CONDITION_RE = re.compile(r"^(?:违反|依照|按照|根据|本条例|前款|上述)")


def opening_condition(sentence: str) -> str | None:
    """The condition a (simplified) sentence opens with, without its 的: 情节严重, 逾期不改正."""
    m = _OPENING_CONDITION_RE.match(sentence)
    if not m or _NOT_A_CONDITION_RE.match(m.group(1)):
        return None
    return m.group(1)


def names_condition(question: str, sentence: str) -> bool:
    """Whether the (simplified) question names the condition the sentence opens with."""
    condition = opening_condition(sentence)
    # (a question may shorten it: 逾期不改 for 逾期不改正)
    return condition is not None and (condition in question or (len(condition) >= 5 and condition[:4] in question))
