"""Conversation rules of the thirty-fifth round, on made-up turns: an English follow-up asking the exact figure, and a
whole asked of the previous thing (整体要做到多大规模？)."""


def test_an_english_follow_up_asking_the_exact_figure_keeps_the_topic(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "What does the sample plan say about the robot industry's output by 2030?"),
               Turn("assistant", "It sets an output target.")]
    assert resolve("What's the exact figure?", history).question == (
        "What's the exact figure for the robot industry's output by 2030 under the sample plan?")
    assert resolve("give me the exact numbers", history).question == (
        "What is the exact numbers for the robot industry's output by 2030 under the sample plan?")
    monkeypatch.setattr(markers, "EN_EXACT", False)
    assert "robot" not in resolve("What's the exact figure?", history).question


def test_a_whole_asked_of_the_previous_thing_leans_on_it():
    from rag.conversation import Turn, resolve

    # (WHOLE_FIRST is read at import)
    found = resolve("整体要做到多大规模？", [Turn("user", "样例区的「样例基金系」包含哪些基金？"), Turn("assistant", "甲基金、乙基金。")])
    assert found.how != "standalone" and "样例基金系" in found.question
    assert resolve("样例区的基金整体规模多大？", [Turn("user", "样例规划有哪些任务？"), Turn("assistant", "x")]).how == "standalone"
