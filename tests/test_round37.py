"""Answer rules of the thirty-seventh round, on made-up questions and text (no index): a time set by a period before
an event, how often asked with the period words of its own phrase, a closing "哪个更高？" that only compares, and a
length asked by its English name."""

from rag import focus, question
from rag.question import analyse, fact_kinds
from rag.sentences import facts


def test_a_period_before_an_event_answers_when():
    # (PERIOD_BEFORE is read at import: the event pattern is compiled once)
    assert facts("申请人应当在拟开展样例活动5个工作日前提出申请。", ("event",)) == [("event", "5个工作日前")]
    assert facts("应当在拟出发前2天18时前报告样例站。", ("event",)) == [("event", "2天18时前")]
    assert facts("样例站最迟在拟出发20分钟前作出决定。", ("event",)) == [("event", "20分钟前")]
    assert facts("样例会议应当在召开十日以前通知成员。", ("event",)) == [("event", "十日以前")]
    assert facts("样例报表应当于每年6月30日前报送。", ("event",)) == []  # (a month's day: a date, not 30 days before)
    assert facts("第三日前款规定的样例", ("event",)) == []
    assert "event" in fact_kinds(analyse("样例活动的申请最晚什么时候要交？"))


def test_how_often_is_not_answered_by_a_period(monkeypatch):
    often = analyse("样例运营单位多久要做一次风险评估？")
    assert fact_kinds(often, required=True) == ("frequency",)
    assert fact_kinds(analyse("样例规划每隔几年修订一次？"), required=True) == ("frequency",)
    # a time asked besides how often keeps its period
    assert "duration" in fact_kinds(analyse("样例证书有效期是几年？多久要年检一次？"), required=True)
    assert "duration" in fact_kinds(analyse("样例申请要在多久内提交？"), required=True)  # (no how often)
    monkeypatch.setattr(question, "OFTEN_NOT_PERIOD", False)
    assert "duration" in fact_kinds(often, required=True)


def test_a_closing_comparison_is_no_question_of_its_own(monkeypatch):
    message = "样例甲超标和样例乙超标，罚款上限分别是多少？哪个更高？"
    assert focus.without_comparative_tail(message) == "样例甲超标和样例乙超标，罚款上限分别是多少？"
    assert focus.two_asks(message) is None
    sides = focus.two_subjects(message)
    assert sides is not None and sides[:2] == ("样例甲超标", "样例乙超标")
    assert focus.without_comparative_tail("样例甲的期限哪个更长？") == "样例甲的期限哪个更长？"  # (one question only)
    two = "样例审批一般多久？特殊情况还能延多久？"
    assert focus.without_comparative_tail(two) == two and focus.two_asks(two) is not None
    monkeypatch.setattr(focus, "COMPARATIVE_TAIL", False)
    assert focus.two_asks(message) is not None
    assert focus.two_subjects(message) is None


def test_a_length_asked_by_its_english_name_is_a_measure():
    # (EN_MEASURE_NOUNS is read at import)
    assert question.EN_MEASURE_NOUNS
    assert "measure" in fact_kinds(analyse("What is the maximum height at which a sample kite may be flown?"))
    assert "measure" in fact_kinds(analyse("What's the minimum distance between two sample stations?"))
    assert "measure" not in fact_kinds(analyse("What is the sample fee?"))


def test_a_closing_which_is_earlier_asks_the_order():
    # (WHICH_EARLIER is read at import)
    from rag.answer.docfacts import _ORDER_ASKED_RE

    assert _ORDER_ASKED_RE.search("甲样例条例和乙样例办法分别是哪天施行的？哪个更早？")
    assert _ORDER_ASKED_RE.search("哪一部比较早？")
    assert not _ORDER_ASKED_RE.search("哪个早期样例项目获得了资助？")


def test_english_kinds_count_items_named_by_their_kind():
    from rag.answer.enumerated import counted_nouns, inline_lists

    nouns = counted_nouns("How many types of sample technology does the rule name?")
    assert "类" in nouns
    text = "前款所称样例技术，是指利用甲乙类、丙丁类、戊己类等样例技术提供信息。"
    assert [f.count for f in inline_lists(text, nouns)] == [3]
    assert counted_nouns("How many sample fees are there?") == []  # (a noun no kind word counts)


def test_a_period_belongs_to_the_act_written_after_it(monkeypatch):
    from rag.answer import slots

    asked = slots.slot_of("样例局审批样例设施申请，要在几个月内作出决定？")
    reply = "样例局在审批样例申请书的过程中，应当征询意见，有关部门应当在三个月内给予答复。"
    own = "样例局应当自受理之日起三个月内作出审批决定。"
    assert not slots.fills(asked, "duration", "三个月内", reply)
    assert slots.fills(asked, "duration", "三个月内", own)
    assert slots.fills(asked, "duration", "三个月内", "样例局审批样例申请的期限为三个月内。")  # (no act after it)
    monkeypatch.setattr(slots, "ACT_AFTER_PERIOD", False)
    assert slots.fills(asked, "duration", "三个月内", reply)


def test_a_filing_deadline_is_the_bodys_it_is_filed_with(monkeypatch):
    from rag.answer import slots

    asked = slots.slot_of("放样例气球，要在几个工作日前先向甲方气象机构申请？")
    assert asked.recipient == "甲方气象机构"
    other = "样例单位应当在拟升放2天前持批准文件向当地乙方管制部门提出申请；"
    assert not slots.fills(asked, "duration", "2天", other)
    assert slots.fills(asked, "duration", "2天", "样例单位应当在拟升放2天前向设区的市甲方气象机构提出申请；")
    assert slots.fills(asked, "duration", "2天", "样例单位应当在拟升放2天前提出申请；")  # (no body named)
    assert slots.fills(slots.slot_of("要在几天前向主管部门申请？"), "duration", "2天", other)  # (generic words only)
    monkeypatch.setattr(slots, "RECIPIENT", False)
    assert slots.fills(slots.slot_of("放样例气球，要在几个工作日前先向甲方气象机构申请？"), "duration", "2天", other)


def test_rules_deliberated_and_passed_at_a_meeting_state_their_adoption():
    # (DELIBERATED is read at import)
    from rag.docrecord import stated_fields

    text = "# 样例管理规定\n\n2021年5月6日 样例部2021年第3次部务会议审议通过\n\n<!-- INFO END -->\n第一条 样例。"
    found = stated_fields(text)
    assert found["adopted"].value == "2021年5月6日" and found["meeting"].value == "样例部2021年第3次部务会议"
    assert "adopted" not in stated_fields("# 样例规定\n\n2021年5月6日 样例部审议\n\n第一条 样例。")


def test_a_length_of_another_dimension_does_not_answer(monkeypatch):
    from rag.answer import slots

    asked = slots.slot_of("样例气球最高可以升到多少米？")
    defined = "本条例所称样例气球，是指直径大于1.8米或者体积容量大于3.2立方米的充气物体。"
    assert not slots.fills(asked, "measure", "1.8米", defined)
    assert slots.fills(asked, "measure", "150米", "样例气球升放的高度不得高于地面150米。")
    assert slots.fills(asked, "measure", "150米", "样例气球不得高于地面150米。")  # (no dimension word before it)
    assert not slots.fills(slots.slot_of("What is the maximum height of a sample kite?"), "measure", "1.8米", defined)
    assert slots.slot_of("样例用房最高可以建多少平方米？").dimension is None  # (最高: at most, no height)
    monkeypatch.setattr(slots, "DIMENSION", False)
    assert slots.fills(slots.slot_of("样例气球最高可以升到多少米？"), "measure", "1.8米", defined)


def test_the_english_words_of_an_english_question_around_a_chinese_name_are_no_unknown_terms(monkeypatch):
    from rag.answer import gates

    from .test_round22 import _refused_by

    text = "7.实施样例服务提质计划。牵头单位:样例园管委会。"
    assert not _refused_by(gates._long_unknown_term, "Who leads 样例服务提质计划?", text)
    assert _refused_by(gates._long_unknown_term, "样例服务提质计划的CRISPR经费是多少？", text)  # (a Chinese question)
    monkeypatch.setattr(gates, "ENGLISH_LED", False)
    assert _refused_by(gates._long_unknown_term, "Who leads 样例服务提质计划?", text)


def test_a_sentence_naming_the_quoted_token_asked_is_quoted():
    from .composing import first_quote

    texts = ["即“甲乙”样例布局：“1”个样例基地，即承接样例基地建设；“2”种样例材料，即甲材料和乙材料；"
             "“3”条样例主线，即甲线、乙线和丙线。"]
    asked = "样例规划里“甲乙”样例布局的“3”指的是什么？"
    assert first_quote(texts, "样例规划", asked).startswith("“3”条样例主线")
    assert not first_quote(texts, "样例规划", asked, frozenset({"feat:quoted_token"})).startswith("“3”条样例主线")
    # (a token quoted on the way to what is asked is not what is asked)
    stale = "样例规划里“甲乙”样例布局“2”种样例材料的3条样例主线是哪三条？"
    assert first_quote(texts, "样例规划", stale) == first_quote(texts, "样例规划", stale, frozenset({"feat:quoted_token"}))


def test_how_many_consecutive_years_asks_a_period():
    assert fact_kinds(analyse("How many consecutive years of non-use allow anyone to cancel a sample mark?"),
                      required=True) == ("duration",)
    assert "duration" in fact_kinds(analyse("How many full months must a sample record be kept?"), required=True)


def test_which_is_older_asks_the_two_documents_dates(monkeypatch):
    # (WHICH_OLDER is read at import)
    from rag.answer.docfacts import asked_field

    assert asked_field(analyse("Which is older: the sample measures or Sampleton's sample regulations?")) == "date"
    assert asked_field(analyse("Which came first, the sample measures or the sample regulations?")) == "date"
    assert asked_field(analyse("Which is older, the sample fund or the sample base?")) is None  # (no document)


def test_which_came_first_and_each_ones_date_is_one_question(monkeypatch):
    message = "《样例甲条例》和《样例乙办法》，哪个先出台？各是哪天？"
    assert focus.two_asks(message) is None
    assert focus.two_asks("样例甲是哪天施行的？样例乙各是哪天？") is not None  # (no which)
    monkeypatch.setattr(focus, "RESPECTIVE_TAIL", False)
    assert focus.two_asks(message) is not None


def test_which_text_came_first_is_read_from_its_first_date():
    from rag.answer import docfacts
    from rag.models import DocumentMeta

    revised = "# 样例条例\n\n1982年1月30日 国务院发布\n\n2011年9月30日 《国务院关于修改〈样例条例〉的决定》第三次修订\n\n<!-- INFO END -->\n第一条 样例。"
    adopted = ("# 某省样例条例\n\n2004年9月23日 某省人民代表大会常务委员会第十次会议通过\n\n"
               "2018年11月30日 某省人民代表大会常务委员会第七次会议《关于修改〈某省样例条例〉等四件地方性法规的决定》第三次修正\n\n"
               "<!-- INFO END -->\n第一条 样例。")
    bare = "# 样例办法\n\n1984年1月7日 国务院\n\n<!-- INFO END -->\n第一条 样例。"

    def meta(title: str, date: str) -> DocumentMeta:
        return DocumentMeta(doc_id=title, path=f"{title}.md", title=title, date=date)

    assert docfacts._first_field(meta("样例条例", "2011-09-30"), revised) == "promulgated"
    assert docfacts._first_field(meta("某省样例条例", "2018-11-30"), adopted) == "adopted"
    assert docfacts._first_field(meta("样例办法", "1984-01-07"), bare) == "date"
    assert docfacts._FIRST_ASKED_RE.search("《样例条例》和《样例办法》，哪个先出台？")
    assert docfacts._FIRST_ASKED_RE.search("Which is older: the sample measures or the sample regulations?")
    assert not docfacts._FIRST_ASKED_RE.search("样例条例和样例办法哪个先印发？")  # (a verb of issue: the record's date)
