"""Conversation rules of the thirty-seventh round, on made-up turns: "这件事…" points back like a pronoun, and an
English "that plan" after a Chinese question is the plan that question names."""

from rag.conversation import Turn, markers, resolve, topic


def test_this_matter_points_back(monkeypatch):
    history = [Turn("user", "样例计划里，到2030年要建成多少个样例小镇？"), Turn("assistant", "x")]
    found = resolve("这件事由哪些单位负责？", history)
    assert found.rewritten and "样例小镇" in found.question and "样例计划" in found.question
    assert resolve("此事谁牵头？", history).rewritten
    assert not resolve("事业单位的样例补贴由哪些单位负责发放？", history).rewritten  # (a question of its own)
    monkeypatch.setattr(markers, "OPENING_MATTER", False)
    assert not resolve("这件事由哪些单位负责？", history).rewritten


def test_that_plan_after_a_chinese_question_is_the_plan_it_names(monkeypatch):
    history = [Turn("user", "样例措施里甲乙能力提升计划要建几家实验室？"), Turn("assistant", "x")]
    found = resolve("Who's in charge of that plan?", history).question
    assert found.rstrip("?？") == "Who's in charge of 样例措施里甲乙能力提升计划"
    monkeypatch.setattr(topic, "EN_NOUN_OF_ZH_THING", False)
    assert resolve("Who's in charge of that plan?", history).question == "Who's in charge of that plan?"


def test_a_closing_request_for_the_whole_list_leaves_the_question_before_it(monkeypatch):
    from rag.conversation import resolution

    history = [Turn("user", "In the sample opinions, what is the sample working group supposed to do?"), Turn("assistant", "x")]
    found = resolve("Which pilots exactly? Give me the whole list.", history)
    assert found.rewritten and "sample working group" in found.question and "whole list" not in found.question
    assert found.typed == "Which pilots exactly? Give me the whole list."
    monkeypatch.setattr(resolution, "CLOSER", False)
    assert not resolve("Which pilots exactly? Give me the whole list.", history).rewritten


def test_the_whole_of_it_asked_is_a_detail_of_the_previous_topic():
    history = [Turn("user", "样例方案里说要发布样例成果包，是哪方面的？"), Turn("assistant", "x")]
    found = resolve("完整是哪些领域？", history)
    assert found.rewritten and "样例成果包" in found.question


def test_a_zone_compound_is_swapped_whole(monkeypatch):
    from rag.conversation import swaps

    prev = "样例行动计划里，每个高新区、开发区每年要引进多少样例项目？"
    assert swaps._swap(prev, False, "各县市区", []) == "样例行动计划里，每个各县市区、开发区每年要引进多少样例项目？"
    monkeypatch.setattr(swaps, "ZONE_WORDS", False)
    assert swaps._swap(prev, False, "各县市区", []) == "样例行动计划里，每个高各县市区、开发区每年要引进多少样例项目？"


def test_a_size_asked_inside_the_previous_question_is_not_its_topic(monkeypatch):
    history = [Turn("user", "样例措施里的甲乙金融计划，要搞多大规模的基金系？"), Turn("assistant", "x")]
    assert "多大" not in resolve("具体都有哪些基金？", history).question
    monkeypatch.setattr(topic, "SIZE_INSIDE", False)
    assert "多大" in resolve("具体都有哪些基金？", history).question
