"""Rules of the thirty-first round, each on hand-built text (no index): 公尺 is a length asked; a time before or
after an event (于…前, …后方可) answers when; a court's interpretation is a document of its own; the version
adopted in a year asked; a lost chapter heading; 出台得更早 compares dates; a fine asked of one document's subject
is that document's; 多少罚款 asks a penalty; 本解释 takes effect; a station named is answered from its own clause;
how many things is no length."""

from types import SimpleNamespace

from rag.question import analyse, fact_kinds
from rag.sentences import facts


def test_taiwan_metres_ask_a_length():
    # (METRES_TW is read at import: its patterns are compiled once)
    assert "measure" in fact_kinds(analyse("样例站观测场周边多少公尺内不得建房？"))
    assert "number" in analyse("样例站周边幾公尺內不能蓋房子？").intents
    assert "measure" not in fact_kinds(analyse("样例站由谁管理？"))


def test_a_time_before_or_after_an_event_answers_when():
    # (EVENT_BEFORE is read at import)
    assert facts("样例单位应当于项目开工前签订责任书", ("event",)) == [("event", "于项目开工前")]
    assert facts("新站验收合格，正式投入使用后，方可拆除旧站。", ("event",)) == [("event", "正式投入使用后")]
    assert facts("样例单位应当签订责任书", ("event",)) == []


def test_a_court_interpretation_is_a_document_of_its_own():
    from rag.answer import docfacts

    # (JUDICIAL_INTERPRETATION is read at import)
    assert docfacts.asked_field(analyse("样例纠纷的司法解释共有几条？")) == "articles"
    q = analyse("When was the court's interpretation on sample disputes first adopted?")
    assert docfacts.asked_field(q) == "adopted"
    # an interpretation of a plan is another text, with its own record
    assert docfacts.asked_field(analyse("When was the interpretation of the sample plan issued?")) is None


def test_the_version_adopted_in_the_year_asked(monkeypatch):
    from rag import docrecord

    text = "# 样例解释\n\n2001年3月5日 样例委员会第101次会议通过\n\n2019年6月7日 样例委员会第202次会议通过\n\n第一条 为了样例。\n"
    assert docrecord.stated_fields(text, years=(2019,))["meeting"].value == "样例委员会第202次会议"
    assert docrecord.stated_fields(text)["meeting"].value == "样例委员会第101次会议"
    monkeypatch.setattr(docrecord, "ADOPTION_OF_YEAR", False)
    assert docrecord.stated_fields(text, years=(2019,))["meeting"].value == "样例委员会第101次会议"


def test_a_chapter_heading_lost_inside_the_text(monkeypatch):
    from rag import docrecord

    lost = "## 第一章 总则\n第一条 甲。\n种类\n第二条 乙。\n## 第三章 管理\n第三条 丙。\n## 第四章 附则\n第四条 丁。\n"
    assert docrecord.structure(lost, "chapters").value == "第四章"
    # a gap of two, or a copy without its first chapter, is not read
    assert docrecord.structure(lost.replace("第三章", "第五章").replace("第四章", "第六章"), "chapters") is None
    assert docrecord.structure(lost.replace("## 第一章 总则\n", ""), "chapters") is None
    # articles are never read across a gap
    assert docrecord.structure(lost.replace("第二条", "第五条"), "articles") is None
    monkeypatch.setattr(docrecord, "CHAPTER_LINE_LOST", False)
    assert docrecord.structure(lost, "chapters") is None


def test_issued_earlier_with_de_compares_dates():
    from rag.answer import docfacts

    # (ISSUED_DE_EARLIER is read at import)
    q = analyse("样例甲条例和样例乙条例，哪个出台得更早？")
    assert docfacts.asked_field(q) == "date"
    assert docfacts._ORDER_ASKED_RE.search(q.normalised)


def test_a_fine_of_one_document_subject_is_that_document(monkeypatch):
    from rag import assistant

    def doc(d):
        return SimpleNamespace(doc_id=d)

    hits = [doc("other"), doc("own"), doc("other"), doc("own")]
    ask = assistant.Assistant._penalties_of_named
    monkeypatch.setattr(assistant, "_named_document", lambda snap, q, hits: "own")
    q = analyse("单位损坏样例设施，对负责人员要罚多少钱？")
    assert [h.doc_id for h in ask(None, q, hits)] == ["own", "own"]
    # two fines compared: each its own document's, as they are
    assert ask(None, analyse("损坏样例设施和泄露样例资料，哪个罚得多？"), hits) == hits
    # one hit of the named document is too thin a list; no named document: as they are
    assert ask(None, q, [doc("other"), doc("own"), doc("other")]) == [doc("other"), doc("own"), doc("other")]
    monkeypatch.setattr(assistant, "_named_document", lambda snap, q, hits: None)
    assert ask(None, q, hits) == hits
    monkeypatch.setattr(assistant, "_named_document", lambda snap, q, hits: "own")
    monkeypatch.setattr(assistant, "PENALTY_OF_NAMED", False)
    assert ask(None, q, hits) == hits


def test_how_much_fine_asks_a_penalty(monkeypatch):
    from rag.answer import penalty

    assert penalty.penalty_asked("泄露样例资料会被处多少罚款？")
    assert not penalty.penalty_asked("样例资料保存多少年？")
    monkeypatch.setattr(penalty, "FINE_HOW_MUCH", False)
    assert not penalty.penalty_asked("泄露样例资料会被处多少罚款？")


def test_an_interpretation_says_when_it_takes_effect():
    from rag import docrecord

    # (COURT_INTERPRETATION is read at import)
    text = "# 样例解释\n\n第一条 样例。\n\n第九条 本解释自2005年1月1日起施行。\n"
    assert docrecord.stated_fields(text)["effective"].value == "2005年1月1日"


def test_a_station_named_is_answered_from_its_own_clause(monkeypatch):
    from rag.answer import named

    texts = ["第九条 禁止在样例一般站观测场周边800米内修建建筑物", "第十条 样例雷达站的保护范围由国家规定",
             "第十一条 任何单位不得损毁样例设施"]
    assert named.sibling_stations("样例雷达站周边多少米内不能建房?", texts) == {0}
    assert named.sibling_stations("样例设施由谁保护?", texts) == set()
    monkeypatch.setattr(named, "STATIONS", False)
    assert named.sibling_stations("样例雷达站周边多少米内不能建房?", texts) == set()


def test_how_many_things_is_no_length(monkeypatch):
    from rag.answer import slots

    slot = slots.slot_of("how many sample refuelling stations are planned?")
    assert slot.things_counted
    assert not slots.fills(slot, "count", "500公里", "续航里程达到500公里")
    assert slots.fills(slot, "count", "20座", "建成20座样例站")
    assert not slots.slot_of("how many kilometres can the sample car run?").things_counted
    monkeypatch.setattr(slots, "EN_THINGS_COUNTED", False)
    assert not slots.slot_of("how many sample refuelling stations are planned?").things_counted


def test_taiwan_words_written_out_in_questions(monkeypatch):
    from rag import normalize

    assert normalize.question_words("樣例業者的個資要保存多久？") == "樣例業者的個人資訊要保存多久？"
    assert normalize.normalize(normalize.question_words("個資")) == "个人信息"
    assert normalize.question_words("App推播樣例內容") == "App推送樣例內容"
    # after a numeral or a measure it is another word (一個資金)
    assert normalize.question_words("一個資金樣例") == "一個資金樣例"
    monkeypatch.setattr(normalize, "TW_QUESTION_WORDS", False)
    assert normalize.question_words("樣例業者的個資要保存多久？") == "樣例業者的個資要保存多久？"
