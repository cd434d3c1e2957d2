"""Whether a stated figure fills the asked slot (rag.answer.slots), on our own sentences."""

from __future__ import annotations

import pytest

from rag.answer.slots import filling, slot_of
from rag.normalize import normalize


def filled(question: str, quote: str, clause: str = "") -> list[str]:
    """The figures (sums, counts, percentages) of `quote` that can answer `question`."""
    return [words for _, words in filling(slot_of(normalize(question)), normalize(quote), normalize(clause),
                                          kinds=("money", "count", "percent"))]


@pytest.mark.parametrize(("question", "quote", "fills"), [
    # a per-unit amount is not a total …
    ("每家入选企业每年能拿到多少资金？", "每年安排8亿元专项资金，支持100家企业。", False),
    ("How much does each selected company get?", "每年安排8亿元专项资金，支持100家企业。", False),
    ("每个基地能拿多少奖励？", "基金总规模100亿元。", False),
    # … but a sum given to each one, or stated per unit, is
    ("每个基地能拿多少奖励？", "对新认定的基地给予一次性奖励10万元。", True),
    ("每家企业最多补助多少？", "单个企业每年最高补助375万元。", True),
    # a share is a percentage
    ("区财政出资占多少比例？", "基金总规模100亿元。", False),
    ("奖励比例是多少？", "按不低于70%的比例给予奖励。", True),
    # the question's own figure is its premise
    ("出资的300亿元里有多少用于重大专项？", "市政府5年出资300亿元。", False),
    ("市政府出资多少？", "市政府5年出资300亿元。", True),
])
def test_the_slot_decides(question, quote, fills):
    assert bool(filled(question, quote)) is fills


def test_the_present_is_not_a_target_stated_anywhere_in_the_clause():
    clause = "到2020年，建成研发中心。全市产能达到50万辆。"
    assert filled("目前产能已经达到多少辆？", "全市产能达到50万辆。", clause) == []
    assert filled("What is the capacity so far?", "全市产能达到50万辆。", clause) == []
    assert filled("到2020年产能要达到多少辆？", "全市产能达到50万辆。", clause) == ["50万辆"]
    assert filled("目前产能已经达到多少辆？", "全市产能已达50万辆。") == ["50万辆"]
