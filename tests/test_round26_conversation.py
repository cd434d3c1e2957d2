"""Conversation rules of the twenty-sixth round, each on hand-built turns (no index): a numbered word swapped whole,
a quoted label swapped for the previous question's, "这笔…"/"那几家…" pointing back."""




def test_a_numbered_word_is_swapped_whole(monkeypatch):
    from rag.conversation import swaps
    from rag.conversation.history import Turn
    from rag.conversation.resolution import resolve

    history = [Turn("user", "这份规划里，郊九区的发展重点是什么？")]
    assert resolve("那山区呢？", history).question == "这份规划里，山区的发展重点是什么？"
    monkeypatch.setattr(swaps, "NUMBERED_WORD", False)
    assert resolve("那山区呢？", history).question != "这份规划里，山区的发展重点是什么？"


def test_a_quoted_label_alone_swaps_the_previous_question_s_label(monkeypatch):
    from rag.conversation import markers
    from rag.conversation.history import Turn
    from rag.conversation.resolution import resolve

    history = [Turn("user", "这份纲要的“5+2”工程里，“5”是指哪些工程？"), Turn("assistant", "五项重点工程。")]
    assert resolve("那“2”呢？", history).question == "这份纲要的“5+2”工程里，“2”是指哪些工程？"
    # chained: the third turn swaps the label the second put in
    history += [Turn("user", "那“2”呢？"), Turn("assistant", "两项保障工程。")]
    assert resolve("“5”呢？", history).question == "这份纲要的“5+2”工程里，“5”是指哪些工程？"
    monkeypatch.setattr(markers, "QUOTED_SWAP", False)
    assert resolve("那“2”呢？", history[:2]).question != "这份纲要的“5+2”工程里，“2”是指哪些工程？"


def test_this_sum_and_those_few_point_back(monkeypatch):
    from rag.conversation import markers
    from rag.conversation.history import Turn
    from rag.conversation.resolution import resolve

    history = [Turn("user", "甲市人才计划给引进团队多少启动经费？"), Turn("assistant", "每个团队500万元。")]
    assert resolve("这笔经费可以用在哪些方面？", history).how != "standalone"
    named = [Turn("user", "甲市名单里有哪些重点实验室？"), Turn("assistant", "光电、材料、海洋三家。")]
    assert resolve("海洋领域的那几家归谁管理？", named).how != "standalone"
    monkeypatch.setattr(markers, "COUNTED_PRONOUN", False)
    assert resolve("海洋领域的那几家归谁管理？", named).how == "standalone"
