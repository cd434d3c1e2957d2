"""What a regulation does to someone who breaks it: a question asking the penalty ("会受到什么处罚", "what
penalty") is answered by a sentence stating one (责令退还，并处以三倍罚款), not by the article that sets the duty
(用人单位不得…收取报名费): the duty repeats the question's words, the penalty article often fewer of them
(devdocs 6 dev). Pure functions on text, tested without an index."""

from __future__ import annotations

import re

# (not 怎么处理 or 后果: how a thing is handled, what follows from it, are not penalties — 怎么处理 asked how
# fiscal money is used, 有什么后果 was answered by 追回 and 取消: dev and the fresh set lost items to them)
PENALTY_ASKED_RE = re.compile(
    r"(?:什么|何种|哪些|怎样的?|怎么|如何)(?:样的)?(?:处罚|处分|惩罚|罚款|法律责任)|受到(?:什么|哪些|何种)(?:处罚|处分|惩罚|处理)|"
    r"罚多少|罚款多少|(?:怎么|如何)罚"
    r"|\bpenalt(?:y|ies)\b|\bpunish(?:ed|ment|ments)?\b|\bsanctions?\b"
    r"|\bwhat(?:'s| is| are| would be)? (?:the )?(?:maximum |minimum |max |possible )?fines?\b|\bhow (?:much|large|big|high) (?:is |are )?(?:the )?fines?\b",
    re.IGNORECASE)
# a sentence stating a penalty: a fine, an order, a sanction, a liability
_PENALTY_STATED_RE = re.compile(r"罚款|处罚|处分|责令|吊销|没收|警告|通报批评|撤销|取消|追回|追缴|收回|暂停|停止|"
                                r"追究[^，。；]{0,8}责任|承担[^，。；]{0,8}责任|不得申请|禁止")


# a fine's bound asked (罚款上限, 最多能罚) asks the penalty too (devdocs 18 dev: two regulations' fines compared,
# one quoted by its duty) (ablation switch)
FINE_BOUND = True
_FINE_BOUND_RE = re.compile(r"罚款(?:的)?(?:上限|下限|最高|最低|额度|数额|金额)|最(?:高|多|低|少)(?:能|可以|可|会)?罚")


# how a fine is reckoned, its scale or range (罚款怎么算, 罚款标准, 罚款范围, can they be fined) asks the penalty
# too (devdocs 19 dev: a duty's article quoted, the penalty citing it never looked up) (ablation switch)
FINE_RECKONED = True
FINE_RECKONED_RE = re.compile(r"罚款?(?:的)?(?:怎么|如何|咋)(?:算|计算|定|确定)|罚款(?:的)?(?:标准|范围|幅度)")
# (being fined asks the penalty, though not a sum: "may one act be fined again?" asks a rule)
_FINED_RE = re.compile(r"\b(?:be|being|get|gets|got|are|is|was|were) fined\b", re.IGNORECASE)


# a fine's sum asked with its noun after 多少 (处多少罚款, 多少钱的罚款; Taiwan's 罚锾 normalises to 罚款) asks the
# penalty too (devdocs 29 dev: 会被处多少罚锾 answered with another regulation's fine) (ablation switch)
FINE_HOW_MUCH = True
_FINE_HOW_MUCH_RE = re.compile(r"多少(?:钱)?(?:的)?罚款")


def penalty_asked(question: str) -> bool:
    return (bool(PENALTY_ASKED_RE.search(question))
            or (FINE_HOW_MUCH and bool(_FINE_HOW_MUCH_RE.search(question)))
            or (FINE_BOUND and bool(_FINE_BOUND_RE.search(question)))
            or (FINE_RECKONED and bool(FINE_RECKONED_RE.search(question) or _FINED_RE.search(question))))


def states_penalty(sentence: str) -> bool:
    """Whether a (simplified) sentence states a penalty; a duty (不得收取…) alone states none."""
    return bool(_PENALTY_STATED_RE.search(sentence))
