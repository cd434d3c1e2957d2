"""The question inside a long, chatty message (rag.focus), on our own wording."""

from __future__ import annotations

import pytest

from rag import focus
from rag.focus import asked_part


def test_a_short_question_is_asked_as_typed():
    assert asked_part("高校科技成果转化收入要上缴吗？") is None
    assert asked_part("Can universities keep the income from transferring their results?") is None


def test_the_asking_sentence_is_kept_with_the_regulation_the_story_names():
    message = ("我在县城开了一家小公司，这两年一直在做农机改良，员工也就十几个人，平时忙得很。"
               "前几天听朋友提到了某省的科技进步条例，我一直没有时间仔细看。想请教一下，企业的研发费用能不能加计扣除？")
    # (the name as far as eight characters before its kind, the story's verb before it left out; the ask's
    # courtesies are no words of the question: rag.focus.FILLER)
    assert asked_part(message) == "某省的科技进步条例，企业的研发费用能不能加计扣除？"


def test_an_ask_pointing_back_takes_the_sentence_before_it():
    message = ("我们村办了一个果蔬合作社，这些年一直想把大学里培育出来的新品种推广到周边几个乡镇去，但是一直苦于没有经费。"
               "听说市里的农业发展基金有一部分专门用于农业科技推广。請問按照市里的条例，每年要拿出多少比例来做這件事？")
    ask = asked_part(message)
    assert ask.startswith("听说市里的农业发展基金") and ask.endswith("这件事？".replace("这", "這"))


def test_an_english_story_is_left_out():
    message = ("Hello there. I'm a chemist from Lyon and I have worked with a team in Chengdu for nine years, "
               "co-supervising their doctoral students and sharing our equipment with them. My colleagues there "
               "keep telling me that I should be nominated for something one day. Honestly though, which "
               "national award is meant for foreign scientists who help Chinese research?")
    assert asked_part(message) == "Which national award is meant for foreign scientists who help Chinese research?"


def test_the_switch_turns_focus_off(monkeypatch):
    message = "我在县城开了一家小公司，这两年一直在做农机改良，员工也就十几个人，平时忙得很，经常加班到深夜。想请教一下，企业的研发费用能不能加计扣除？"
    assert asked_part(message) is not None
    monkeypatch.setattr(focus, "FOCUS", False)
    assert asked_part(message) is None


def test_two_questions_in_one_short_message_are_read_as_two(monkeypatch):
    from rag import focus
    from rag.focus import two_asks

    assert two_asks("部门一般要在多久内作出决定？特殊情况最多还能延多久？") == ("部门一般要在多久内作出决定？", "特殊情况最多还能延多久？")
    assert two_asks("這份規定是哪天發布的？從什麼時候起施行？") == ("這份規定是哪天發布的？", "從什麼時候起施行？")
    assert two_asks("奖励比例是多少？") is None  # one question
    assert two_asks("能不能休学去创业?规划怎么说") is None  # the second has no question mark: one ask, said twice
    assert two_asks("真的吗？奖励比例是多少？") is None  # 真的吗 asks nothing of its own (under four characters)
    assert two_asks("When was it issued? When does it take effect?") is None  # (Chinese messages only)
    monkeypatch.setattr(focus, "TWO_ASKS", False)
    assert two_asks("部门一般要在多久内作出决定？特殊情况最多还能延多久？") is None


@pytest.mark.parametrize(("message", "sides", "first"), [
    ("重慶專利管理部門答覆確認請求，和處理專利侵權糾紛案件，期限各是多久？", ("重慶專利管理部門答覆確認請求", "處理專利侵權糾紛案件"),
     "重慶專利管理部門答覆確認請求，期限是多久？"),
    ("1990年的经费管理办法里，搞应用研究的院所和搞社会公益研究的院所，经费来源有什么不同？",
     ("搞应用研究的院所", "搞社会公益研究的院所"), "1990年的经费管理办法里，搞应用研究的院所，经费来源是什么？"),
    ("重庆专利条例里，明知侵权还提供便利条件和同一侵权人再次侵犯同一专利权，这两种情形罚款区间分别是多少？",
     ("明知侵权还提供便利条件", "同一侵权人再次侵犯同一专利权"), "重庆专利条例里，明知侵权还提供便利条件，罚款区间是多少？"),
])
def test_two_things_compared_in_one_question_are_asked_one_by_one(message, sides, first, monkeypatch):
    from rag import focus

    found = focus.two_subjects(message)
    assert found is not None and found[:2] == sides and found[2] == first
    monkeypatch.setattr(focus, "TWO_SUBJECTS", False)
    assert focus.two_subjects(message) is None


@pytest.mark.parametrize("message", [
    "北京和廊坊的基金规模分别是多少？",  # places: compared per place (rag.answer.compare)
    "高校和科研院所转化成果的收入要上缴吗？",  # nothing asked of each
    "科技成果转化的奖励和报酬有哪些形式？",  # one stretch, nothing respective
    "What are the deadlines for A and B respectively?",
    "海淀和廊坊，各有多少基金？它们分别是多少？",  # two question marks: two asks
])
def test_other_questions_are_not_split_into_sides(message):
    from rag.focus import two_subjects

    assert two_subjects(message) is None
