"""The conversation rule of the twenty-third round, on a hand-built chat (no index): a message that names a thing
in a statement, then asks about it by a demonstrative, is about the thing the statement names."""


def test_a_statement_then_a_question_pointing_back_is_about_the_statement(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    previous = "市里的方案提出要建设一批概念验证中心，这些中心由谁来认定？"
    assert topic._topic(previous, False) == "市里的方案提出要建设一批概念验证中心"
    r = resolve("运营补贴给多少？", [Turn("user", previous), Turn("assistant", "(the previous answer)")])
    assert r.how == "slot" and r.question.startswith("市里的方案提出要建设一批概念验证中心") and "谁来认定" not in r.question
    # a question with no statement before it keeps the topic as before
    assert topic._topic("概念验证中心由谁来认定？", False) == "概念验证中心"
    monkeypatch.setattr(topic, "STATED_THEN_ASKED", False)
    assert "这些中心" in topic._topic(previous, False)  # the demonstrative was left in the topic


def test_where_the_money_comes_from_is_a_detail_of_the_previous_topic():
    from rag.conversation import Turn, resolve

    history = [Turn("user", "县里的科技特派员计划经费规模多大？"), Turn("assistant", "(the previous answer)")]
    r = resolve("钱从哪来？", history)
    assert r.how == "slot" and r.question.startswith("县里的科技特派员计划")
    # "规模多大" is the previous question's ask, not part of its topic
    assert "多大" not in resolve("资金来源呢？", history).question
    assert resolve("科技特派员的补助资金从哪来？", history).how == "standalone"  # a topic of its own
