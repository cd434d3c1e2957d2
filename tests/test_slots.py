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
    ("每家企业一年能分到多少钱？", "每年安排5亿元专项资金，支持50家企业。", False),
    ("How much does each selected company get?", "每年安排5亿元专项资金，支持50家企业。", False),
    ("每个基地能拿多少奖励？", "基金总规模100亿元。", False),
    # … but a sum given to each one, or stated per unit, is
    ("每个基地能拿多少奖励？", "对新认定的基地给予一次性奖励10万元。", True),
    ("每家企业最多补助多少？", "单个企业每年最高补助375万元。", True),
    # a share is a percentage
    ("社会资本出资占多少比例？", "基金总规模100亿元。", False),
    ("奖励比例是多少？", "按不低于70%的比例给予奖励。", True),
    # the question's own figure is its premise
    ("投入的100亿元里有多少用于人才？", "市政府5年投入100亿元。", False),
    ("市政府投入多少？", "市政府5年投入100亿元。", True),
])
def test_the_slot_decides(question, quote, fills):
    assert bool(filled(question, quote)) is fills


def test_the_present_is_not_a_target_stated_anywhere_in_the_clause():
    clause = "到2025年，建成测试中心。全市年产量达到30万台。"
    assert filled("现在的年产量已经有多少台？", "全市年产量达到30万台。", clause) == []
    assert filled("What is the output so far?", "全市年产量达到30万台。", clause) == []
    assert filled("到2025年年产量要达到多少台？", "全市年产量达到30万台。", clause) == ["30万台"]
    assert filled("现在的年产量已经有多少台？", "全市年产量已达30万台。") == ["30万台"]
    # "within three years", "new": a target too (新增 reads 添加 once normalised)
    assert filled("现在有多少家独角兽企业？", "三年内新增10到15家独角兽企业。") == []
    assert filled("How many unicorns does the district currently have?", "新增10到15家独角兽企业。") == []


def test_a_quantity_asked_of_something_is_not_a_share_or_sum_of_something_else():
    assert slot_of(normalize("企业研发费用加计扣除比例是多少？")).qualifier == "扣除"
    assert slot_of(normalize("创新基金总规模多大？")).qualifier == "基金"
    assert slot_of(normalize("到2020年总规模要多大？")).qualifier is None  # 年总 names nothing
    clause = "研发费用占销售收入比例达到百分之一的，可以申请项目。研发费用依法加计扣除。"
    assert filled("研发费用加计扣除比例是多少？", "研发费用占销售收入比例达到百分之一的，可以申请项目。", clause) == []
    assert filled("研发费用占销售收入比例是多少？", "研发费用占销售收入比例达到百分之一的，可以申请项目。", clause) \
        == ["百分之一"]
    # an item's lead-in names what its figure is of
    items = "按照下列标准给予奖励：\n（一）转让的，提取不低于50%的比例。"
    assert filled("奖励比例是多少？", "（一）转让的，提取不低于50%的比例。", items) == ["50%"]


def test_a_sum_asked_outright_is_no_share_though_the_question_names_one(monkeypatch):
    from rag.answer import slots

    question, quote = "上缴税款超过多少钱，才能按比例返还？", "上缴税款超过二十万元的，按一定比例返还。"
    assert filled(question, quote) == ["二十万元"]
    assert filled("返还比例是多少？", quote) == []  # the share itself asked: no sum answers it
    monkeypatch.setattr(slots, "MONEY_OVER_RATIO", False)
    assert filled(question, quote) == []
