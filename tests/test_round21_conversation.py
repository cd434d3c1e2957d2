"""The conversation rule of the twenty-first round, on a hand-built chat (no index): a lead marker before a
subjectless predicate leans on the previous question."""


def test_a_lead_marker_before_a_subjectless_predicate_leans_on_the_previous_question(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "那份规划里，智能装备产业怎么布局？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("那要建设哪些检测认证平台？", history)
    assert r.how != "standalone" and "智能装备" in r.question
    assert resolve("那《某市条例》要建设哪些检测认证平台？", history).how == "standalone"  # names its document
    monkeypatch.setattr(markers, "LEAD_THEN_PREDICATE", False)
    # (the thirty-first round's rule reads the same message: a complete question opened by 那 asked within the
    # previous document — switched off too, to see this one alone)
    from rag.conversation import resolution

    monkeypatch.setattr(resolution, "ZH_THEN_DOCUMENT", False)
    assert resolve("那要建设哪些检测认证平台？", history).how == "standalone"
