"""Conversation rules of the twentieth round, on hand-built chats (no index): a message opening with a pronoun leans
on the previous question, an English level narrowing a Chinese question is written in Chinese, and an English
pronoun after a place the message names stands for that place."""


def test_a_message_opening_with_a_pronoun_leans_on_the_previous_question(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "那份规划里，生物医药产业要建哪些创新平台？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("其中临床研究那部分由哪个部门牵头负责？", history)
    assert r.how == "pronoun" and "生物医药" in r.question
    r = resolve("它的产业化基地主要布局在哪个区县？", history)
    assert r.how == "pronoun" and "生物医药" in r.question
    # a pronoun inside a complete question, or a message naming a document, is asked as typed
    assert resolve("《科普条例》里其中规定的科普日是哪天？", history).how == "standalone"
    monkeypatch.setattr(markers, "OPENING_PRONOUN", False)
    assert resolve("其中临床研究那部分由哪个部门牵头负责？", history).how == "standalone"


def test_an_english_level_narrowing_a_chinese_question_is_written_in_chinese(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "某市对新备案的众创空间给多少补助？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("only the provincial ones?", history)
    assert r.how == "refinement" and "省级" in r.question
    history = [Turn("user", "某市对新备案的国家级众创空间给多少补助？"), Turn("assistant", "（上一轮的回答）")]
    assert "省级众创空间" in resolve("just the provincial one?", history).question  # the level swapped
    monkeypatch.setattr(topic, "EN_TIER_IN_CHINESE", False)
    assert "provincial only" in resolve("only the provincial ones?", [Turn("user", "某市对新备案的众创空间给多少补助？")]).question


def test_an_english_pronoun_after_a_place_the_message_names_stands_for_it(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "How much does the Haidian measures' talent fund get each year?"),
               Turn("assistant", "(the previous answer)")]
    message = "and Langfang's action plan, how much does its talent fund get?"
    assert resolve(message, history).how == "standalone"
    assert resolve("and who manages it?", history).how == "pronoun"  # nothing named: the previous topic
    # a place naming no thing of its own ("the Langfang fund") leaves "it" to the previous question's document
    assert resolve("and the Langfang talent fund, how much does it get?", history).how == "pronoun"
    monkeypatch.setattr(markers, "EN_ANTECEDENT_FIRST", False)
    assert resolve(message, history).how == "pronoun"


def test_each_of_a_pair_the_previous_question_named_is_carried(monkeypatch):
    from rag.conversation import Turn, resolution, resolve

    history = [Turn("user", "档案条例和气象办法，哪部先生效？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("各自由哪个部门负责解释？", history)
    assert r.how == "pronoun" and r.question == "档案条例和气象办法，各自由哪个部门负责解释？"
    assert resolve("各自多少？", history).question != "档案条例和气象办法，各自多少？"  # nothing asked of its own
    monkeypatch.setattr(resolution, "RESPECTIVE_CARRY", False)
    assert resolve("各自由哪个部门负责解释？", history).question != "档案条例和气象办法，各自由哪个部门负责解释？"
