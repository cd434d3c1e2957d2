"""The conversation rule of the twenty-fourth round, on a hand-built chat (no index): a message that only asks for
the whole of the list the previous answer gave asks the previous question again."""


def test_a_request_for_the_whole_list_asks_the_previous_question_again(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "园区的人才计划重点引进哪几类人才？"), Turn("assistant", "(the previous answer)")]
    for message in ("还有吗？都列出来", "就这些吗？请完整列出", "「等」都包括什么？全部说一下"):
        r = resolve(message, history)
        assert r.how == "refinement" and r.question == "园区的人才计划重点引进哪几类人才？", message
    english = [Turn("user", "Which talent groups does the park's programme target?"), Turn("assistant", "(answer)")]
    r = resolve("Is that all? Give me the full list, please.", english)
    assert r.question == "Which talent groups does the park's programme target?"
    # a message asking something of its own is not a request for the list
    assert resolve("还有哪些园区也有这个计划？", history).question != "园区的人才计划重点引进哪几类人才？"
    monkeypatch.setattr(topic, "FULL_LIST", False)
    assert resolve("还有吗？都列出来", history).question != "园区的人才计划重点引进哪几类人才？"


def test_a_message_led_by_a_preposition_swaps_that_preposition_s_object(monkeypatch):
    from rag.conversation import Turn, resolve, swaps

    history = [Turn("user", "Under the county's action plan, what is the 2025 goal for rural broadband?"),
               Turn("assistant", "(the previous answer)")]
    r = resolve("and for village clinics?", history)
    assert r.how == "swap" and r.question == "Under the county's action plan, what is the 2025 goal for village clinics?"
    monkeypatch.setattr(swaps, "EN_PREPOSITION_SWAP", False)
    assert "rural broadband" in resolve("and for village clinics?", history).question
