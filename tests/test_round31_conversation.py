"""Conversation rules of the thirty-first round, each on hand-built turns (no index): a quantifier ends the noun
phrase "the … one" replaces; a level and a new ask ("那国家级的有多少…") swap the level of the previous question; a
complete question opened by 那 is asked within the previous question's document."""

from rag.conversation import Turn, resolve


def test_a_quantifier_ends_the_noun_phrase_one_replaces():
    # (EN_NP_QUANTIFIER is read at import)
    history = [Turn("user", "In the Delta measures, what sum is paid to the new sample platform scheme every year?"),
               Turn("assistant", "100 million yuan a year.")]
    found = resolve("And the export one?", history)
    assert found.question == "In the Delta measures, what sum is paid to the export scheme every year?"


def test_a_level_and_a_new_ask_swap_the_level(monkeypatch):
    from rag.conversation import swaps

    history = [Turn("user", "样例方案给新认定的市级样例基地奖多少？"), Turn("assistant", "一次性奖励5万元。")]
    assert resolve("那国家级的有多少奖金？", history).question == "样例方案给新认定的国家级样例基地奖多少？"
    assert resolve("那国家级的呢？", history).question == "样例方案给新认定的国家级样例基地奖多少？"
    monkeypatch.setattr(swaps, "TIER_ASKED", False)
    assert "市级" in resolve("那国家级的有多少奖金？", history).question


def test_a_complete_question_opened_by_then_is_asked_within_the_previous_document(monkeypatch):
    from rag.conversation import resolution

    history = [Turn("user", "样例科创规划里，文化样例基地主要依托哪几区？"), Turn("assistant", "海淀、东城。")]
    assert resolve("那农业样例园区重点设在哪几区？", history).question == "样例科创规划里，农业样例园区重点设在哪几区？"
    # one naming a document of its own, or without 那, is asked as typed
    assert resolve("那样例行动方案里农业园区设在哪几区？", history).question == "那样例行动方案里农业园区设在哪几区？"
    assert resolve("农业样例园区重点设在哪几区？", history).question == "农业样例园区重点设在哪几区？"
    assert resolve("那样例产业引领计划呢？", history).question == "那样例产业引领计划呢？"  # (a programme named whole)
    monkeypatch.setattr(resolution, "ZH_THEN_DOCUMENT", False)
    assert resolve("那农业样例园区重点设在哪几区？", history).question == "那农业样例园区重点设在哪几区？"
