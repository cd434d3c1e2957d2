"""Rules of the thirty-second round, each on hand-built text (no index): the figures an either-or offers are its
choices, not its premises; a deadline asked of one act is not another act's."""

from rag.answer import slots


def test_the_figures_an_either_or_offers_are_choices(monkeypatch):
    q = "样例证书的有效期是5年还是8年?"
    clause = "样例证书有效期为5年,期满可以申请延续。"
    assert slots.filling(slots.slot_of(q), clause) == [("duration", "5年")]
    # a figure the question states outside the choice stays its premise
    assert slots.slot_of("每年120学时中专业科目占多少学时?").periods == frozenset({"120学时"})
    assert slots.slot_of("Is the fee 300 yuan or 500 yuan?").premises == frozenset()
    monkeypatch.setattr(slots, "OFFERED_NOT_PREMISE", False)
    assert slots.filling(slots.slot_of(q), clause) == []


def test_a_deadline_is_the_deadline_of_its_act(monkeypatch):
    q = "样例设施验收须在几个工作日内办完?"
    review = "主管机关对样例设施的安全审查,应当在收到申请之日起七个工作日内完成。"
    acceptance = "主管机关应当自收到样例设施验收申请之日起十五个工作日内组织验收。"
    assert [k for k, _ in slots.filling(slots.slot_of(q), review)] == []
    assert ("duration", "十五个工作日内") in slots.filling(slots.slot_of(q), acceptance)
    # a sentence naming no act, and a question naming acts of two families, are not read so
    assert ("duration", "七个工作日内") in slots.filling(slots.slot_of(q), "样例设施应当在七个工作日内完成。")
    assert slots.slot_of("审查通过后几日内验收?").act is None
    monkeypatch.setattr(slots, "ACT_OF_PERIOD", False)
    assert ("duration", "七个工作日内") in slots.filling(slots.slot_of(q), review)


def test_a_second_ask_is_asked_of_the_document_the_first_opens_with(monkeypatch):
    from rag import assistant

    assert assistant._second_ask("样例条例修订过几次？", "最近一次是哪一天？", "最近一次是哪一天？") == "样例条例，最近一次是哪一天？"
    # an asked document (哪个决定) is no name; a second naming its own document, or a first naming none, stays
    assert assistant._second_ask("样例条例修正过吗？", "通过哪个决定修的？", "通过哪个决定修的？") == "样例条例，通过哪个决定修的？"
    assert assistant._second_ask("样例条例修订过几次？", "样例办法呢？", "样例办法呢？") == "样例办法呢？"
    assert assistant._second_ask("奖励比例是多少？", "最高多少？", "最高多少？") == "最高多少？"
    # a second ask about another document (the one repealed) is not the first's
    assert assistant._second_ask("样例条例何时施行？", "同时废止了哪部规定？", "同时废止了哪部规定？") == "同时废止了哪部规定？"
    monkeypatch.setattr(assistant, "TWO_ASKS_DOCUMENT", False)
    assert assistant._second_ask("样例条例修订过几次？", "最近一次是哪一天？", "最近一次是哪一天？") == "最近一次是哪一天？"


def test_taiwan_words_for_the_metro_and_trade_secrets_are_written_out(monkeypatch):
    from rag import normalize

    assert normalize.question_words("捷運站的監視系統由誰維護？") == "地鐵站的監視系統由誰維護？"
    assert normalize.question_words("侵犯營業秘密怎麼罰？") == "侵犯商業秘密怎麼罰？"
    assert normalize.question_words("一個資金") == "一個資金"  # (the older words' guard stands)
    monkeypatch.setattr(normalize, "TW_MORE_QUESTION_WORDS", False)
    assert normalize.question_words("捷運站的監視系統由誰維護？") == "捷運站的監視系統由誰維護？"
