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
    if condition is not None and (condition in question or (len(condition) >= 5 and condition[:4] in question)):
        # (违法所得10万元以上 is not named by 没有违法所得: a negated mention names the other case — ALTERNATIVES)
        return not (ALTERNATIVES and _only_negated(question, condition if condition in question else condition[:4]))
    return (NEGATED_ACT and _names_negated_act(question, sentence)) or (ALTERNATIVES and _names_alternative(question, sentence))


# "没有违法所得的话罚多少" names one of the alternatives a long condition joins with 或者
# (没有违法所得或者…不足10万元的，并处…): longer than _OPENING_CONDITION_RE reads, and the case before it
# (违法所得10万元以上的，…) shares the question's words, so its fine was given (devdocs 19 dev). A negated
# alternative (没有…, 无…) is named when the question says it; a plain one only whole. (ablation switch)
ALTERNATIVES = True
_ALTERNATIVES_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）])?([^，,。；;：:]{4,40}?或者?[^，,。；;：:]{2,30}?)的[，,]")


def _only_negated(question: str, words: str) -> bool:
    """Whether every mention of `words` in the question is negated (没有违法所得, 无违法所得, 未…)."""
    starts = [m.start() for m in re.finditer(re.escape(words), question)]
    return bool(starts) and not re.match(r"(?:没有|没|无|未|不)", words) and all(
        re.search(r"(?:没有|没|无|未|不)$", question[:i]) for i in starts)


def sibling_cases(sentence: str, other: str) -> bool:
    """Whether two (simplified) sentences open with cases of one thing (违法所得10万元以上的，… / 没有…或者
    违法所得不足10万元的，…: both of 违法所得) — alternatives, not a case and its aggravation (提供场所的，… /
    情节严重的，…)."""
    a, b = _NOT_DONE_CONDITION_RE.match(sentence), _NOT_DONE_CONDITION_RE.match(other)
    if a is None or b is None:
        return False
    grams = {a.group(1)[i:i + 2] for i in range(len(a.group(1)) - 1)}
    return any(g in b.group(1) for g in grams if re.fullmatch(r"[\u4e00-\u9fff]{2}", g))


def _names_alternative(question: str, sentence: str) -> bool:
    opening = _ALTERNATIVES_RE.match(sentence)
    if opening is None:
        return False
    return any(len(part) >= 4 and part in question for part in re.split(r"或者|或", opening.group(1)))


# "一直没交X费，会怎样" names the case of 申请人未按照规定缴纳X费的，…视为撤回: a thing not done, said
# in other words than the sentence's condition (没交 / 未按照规定缴纳) and longer than _OPENING_CONDITION_RE reads
# (devdocs 16 dev: the consequence was left out of the answer) (ablation switch)
NEGATED_ACT = True
_NOT_DONE_ASKED_RE = re.compile(r"(?:没有?|未|不|忘了|忘记)(?:按时|按期|按规定|及时|再)?(?:交纳|缴纳|缴付|交|缴|提交|办理|报送|汇交|"
                                r"申报|备案|登记|申请|续展|履行)了?([\u4e00-\u9fff]{2,6}?)(?=[，,。？?的呢吗会就]|$)")
_NOT_DONE_CONDITION_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）])?([^，,。；;：:]{2,30}?)的[，,]")


def _names_negated_act(question: str, sentence: str) -> bool:
    asked = _NOT_DONE_ASKED_RE.search(question)
    opening = _NOT_DONE_CONDITION_RE.match(sentence)
    if asked is None or opening is None:
        return False
    condition = opening.group(1)
    return asked.group(1) in condition and bool(re.search(r"未|不|没有|逾期", condition))


# A question saying the agreement is silent (合同没写, 任务书都没约定, the contract says nothing about it) asks the
# rule for that case, which regulations state in a sentence of its own opening with it (没有约定或者约定不明的，
# …由受托人享有; 未作明确约定的，…): the sentence before it, the agreed case, covers more of the question's words
# (devdocs 15 dev: ownership questions answered with "由合同约定"). (compose: feat:default_case)
SILENCE_ASKED_RE = re.compile(
    r"没(?:有)?(?:写|约定|规定|说|提|签|明确)|未(?:作)?(?:约定|规定|明确|写明|签订)|都没|没有(?:书面)?合同"
    r"|\bno (?:written )?(?:contract|agreement)\b|\b(?:says|said) nothing\b|\bsilent\b|\bnever (?:says?|said|specif|stat|mention)"
    r"|\b(?:doesn't|does not|didn't|did not|don't|do not) (?:say|specify|state|mention|cover|address)\b"
    r"|\b(?:not|un)specified\b|\bnot (?:agreed|stated)\b", re.IGNORECASE)
_DEFAULT_CASE_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）])?(?:[^，,。；;：:]{0,24}?"
                              r"(?:没有|未|无)[^，,。；;：:]{0,12}?(?:约定|规定|合同)|[^，,。；;：:]{0,24}?约定不明)[^，,。；;：:]{0,12}?的[，,]")


def silence_asked(question: str) -> bool:
    return bool(SILENCE_ASKED_RE.search(question))


def states_default_case(sentence: str) -> bool:
    """Whether a (simplified) sentence opens with the case of no agreement or rule (没有约定或者约定不明的，…)."""
    return bool(_DEFAULT_CASE_RE.match(sentence))
