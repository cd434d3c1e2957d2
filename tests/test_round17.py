"""Seventeenth round: rules from devdocs 14 / conversations dev 18 failure classes, each on hand-made text."""

from __future__ import annotations

import pytest

from rag import docrecord, sentences
from rag.answer import docfacts
from rag.docrecord import revisions, stated_fields
from rag.question import analyse
from rag.sentences import facts

from .test_round10 import _answer, _doc

# an administrative regulation revised by State Council decisions: no meeting makes them
DECREED = (
    "# 某某管理条例实施细则\n\n"
    "1990年3月5日 国务院批准\n\n"
    "1990年4月1日 某某部发布\n\n"
    "2011年1月8日 《国务院关于废止和修改部分行政法规的决定》第一次修订\n\n"
    "2019年3月2日 《国务院关于修改部分行政法规的决定》第二次修订\n\n"
    "第一条 根据《某某管理条例》，制定本细则。\n\n"
    "第二条 本细则自发布之日起施行。\n"
)
# a provincial regulation amended by a meeting's decision whose title is not in brackets
PROVINCIAL = (
    "# 某某省某某条例\n\n"
    "1998年6月20日 某某省第九届人民代表大会常务委员会第三次会议通过\n\n"
    "2004年7月30日 某某省第十届人民代表大会常务委员会第九次会议关于修改《某某省甲条例》等八件地方性法规的决定"
    "第一次修正\n\n"
    "第一条 为了某某，制定本条例。\n"
)


def test_a_state_council_decisions_revisions_are_revision_lines():
    found = stated_fields(DECREED)
    assert found["amended"].value == "2019年3月2日"  # the last of them, not the first
    assert revisions(found["revisions"].value) == 2
    assert found["promulgated"].value == "1990年4月1日"
    assert "amended_meeting" not in found  # no meeting made them


def test_a_meetings_decision_named_without_brackets_is_a_revision_line():
    found = stated_fields(PROVINCIAL)
    assert found["adopted"].value == "1998年6月20日"
    assert found["amended"].value == "2004年7月30日"
    assert found["amended_meeting"].value.endswith("第九次会议")


def test_a_bracketed_history_on_one_line_dates_the_revision_by_its_own_date():
    text = ("# 某某市某某条例\n\n（2001年5月9日某某市第十一届人民代表大会常务委员会第二十次会议通过　"
            "2010年8月1日某某市第十三届人民代表大会常务委员会第十七次会议修正）\n\n第一条 为了某某，制定本条例。\n")
    assert stated_fields(text)["amended"].value == "2010年8月1日"


def test_the_wider_revision_lines_have_a_switch(monkeypatch):
    monkeypatch.setattr(docrecord, "AMENDMENT_LINES", False)
    assert "amended" not in stated_fields(DECREED)
    assert stated_fields(PROVINCIAL).get("amended") is None


def test_revisions_by_decision_are_counted_and_the_last_one_dated_in_answers():
    doc = _doc("rules", "某某管理条例实施细则")
    draft, problems = _answer("某某管理条例实施细则修订过几次？", doc, DECREED)
    assert draft.answered and draft.short.text == "二次" and problems == []
    draft, problems = _answer("When was the implementing rules of the management regulation last revised?", doc, DECREED)
    assert draft.answered and draft.short.text == "2019年3月2日" and problems == []


@pytest.mark.parametrize(("question", "field"), [
    # the document is itself a law's implementing rules: asked about, not a text it leaves to be made
    ("某某法实施细则一共修订过几次？", "revisions"),
    ("《某某法实施细则》最近一次修订是哪天？", "amended"),
    ("How many revisions have the measurement law's implementing rules had?", "revisions"),
    # rules a document leaves to be made are another text's record
    ("具体实施细则由谁制定？", None),
    ("Who issued the detailed rules for implementing it?", None),
])
def test_a_laws_own_implementing_rules_are_the_document_asked_about(question, field):
    assert docfacts.asked_field(analyse(question)) == field


def test_an_approval_no_meeting_gives_is_read_with_its_body():
    found = stated_fields(DECREED)
    assert (found["approved"].value, found["approver"].value) == ("1990年3月5日", "国务院")
    military = DECREED.replace("国务院批准", "国务院、中央军事委员会批准")
    assert stated_fields(military)["approver"].value == "国务院、中央军事委员会"
    # a meeting's approval is still the meeting's
    city = ("# 某某市某某条例\n\n2009年6月25日 某某市第十三届人民代表大会常务委员会第十二次会议通过\n\n"
            "2009年7月30日 某某省第十一届人民代表大会常务委员会第十次会议批准\n\n第一条 为了某某，制定本条例。\n")
    assert stated_fields(city)["approver"].value == "某某省第十一届人民代表大会常务委员会第十次会议"


def test_the_approval_lines_have_a_switch(monkeypatch):
    monkeypatch.setattr(docrecord, "APPROVAL_LINES", False)
    assert "approved" not in stated_fields(DECREED)


@pytest.mark.parametrize(("question", "field"), [
    ("《某某细则》是哪一天经国务院批准的？", "approved"),
    ("这部条例什么时候由省人大常委会批准？", "approved"),
    ("这部条例由什么机关批准？", "approver"),
])
def test_an_approval_asked_with_its_body_named_between(question, field):
    assert docfacts.asked_field(analyse(question)) == field


@pytest.mark.parametrize(("text", "found"), [
    ("限于一九八四年五月一日以前评定的人员", [("date", "一九八四年五月一日")]),
    ("本办法自一九九二年十月一日起施行", [("date", "一九九二年十月一日")]),
    ("在二〇一九年底前完成", [("date", "二〇一九年")]),
    # a period in Chinese numerals stays a period
    ("每一任期一般不超过四年", [("duration", "四年")]),
    ("自受理之日起三十日内作出决定", [("event", "自受理之日起"), ("duration", "三十日内")]),
])
def test_a_date_written_digit_by_digit_in_chinese_numerals_is_a_date(text, found):
    assert facts(text, ("date", "duration", "event")) == found


def test_chinese_numeral_dates_have_a_switch(monkeypatch):
    monkeypatch.setattr(sentences, "CN_DATES", False)
    assert facts("限于一九八四年五月一日以前评定的人员", ("date", "duration")) == [("duration", "一九八四年")]


def test_a_chinese_numeral_date_reads_as_a_calendar_date():
    from rag.answer.short import english
    from rag.docrecord import arabic_date, iso_date

    assert iso_date("一九八四年五月一日") == "1984-05-01"
    assert iso_date("二〇一九年十二月三十一日") == "2019-12-31"
    assert arabic_date("一九八四年") == "1984年" and arabic_date("三十日内") == "三十日内"
    assert english("一九八四年五月一日", "date") == "1 May 1984"


@pytest.mark.parametrize(("question", "asks_a_figure"), [
    ("结构比例由谁核定？", False),
    ("补贴金额由哪个部门确定？", False),
    ("Who sets the subsidy amount?", False),
    # a quantity asked as well: the figure stays asked
    ("项目负责人能拿多少奖励？", True),
    ("Who gets how much of the reward?", True),
    ("What is the fine, and who imposes it?", True),
    ("What minimum share of the income goes to the people who made it?", True),  # (a relative who)
    ("补贴比例是多少？", True),
])
def test_a_body_asked_of_a_figure_is_not_a_figure_asked(question, asks_a_figure):
    from rag.question import fact_kinds

    assert bool(fact_kinds(analyse(question), required=True)) is asks_a_figure


def test_the_body_of_a_figure_rule_has_a_switch(monkeypatch):
    from rag import question
    from rag.question import fact_kinds

    monkeypatch.setattr(question, "WHO_OF_A_FIGURE", False)
    assert fact_kinds(analyse("结构比例由谁核定？"), required=True)


GRACE = ("第十条 申请专利的发明在申请日以前四个月内，有下列情形之一的，不丧失新颖性：\n\n"
         "（一）在政府主办的展览会上首次展出的；\n\n（二）在规定的学术会议上首次发表的；\n\n"
         "（三）他人未经申请人同意而泄露其内容的。")


def test_an_item_asked_a_figure_of_is_quoted_with_the_lead_in_that_states_it():
    from rag.models import Hit

    from .composing import composer_over

    hit = Hit(clause_id="c10", doc_id="d", doc_title="某某条例", section_path=["第十条"], text=GRACE, start=0,
              end=len(GRACE), score=1.0)
    q = analyse("在政府主办的展览会上首次展出过的发明，展出多久内还能申请？")
    # (the second-sentence rule off: it quotes a lead-in scoring near the item, which a longer article's did not)
    base = {"rule:second_sentence"}
    for off, quoted in ((frozenset(base), True), (frozenset(base | {"rule:fact_lead_in"}), False)):
        draft = composer_over([GRACE], off).compose(q, [hit])
        quotes = [c.quote for c in draft.citations]
        assert any(quote.startswith("（一）") for quote in quotes)
        assert any("四个月内" in quote for quote in quotes) is quoted


@pytest.mark.parametrize(("previous", "message", "meant"), [
    # the previous question's colloquial 啥 is its question word, not part of its topic
    ("那份规划里的创新券是啥？", "额度多少？", "那份规划里的创新券的额度多少？"),
    # a slot asked with 多大 / 多久 is asked already: no 是什么 after it
    ("那份规划里的引导基金是干什么的？", "规模多大？", "那份规划里的引导基金的规模多大？"),
    ("那份规划里的创新券是啥？", "有效期多久？", "那份规划里的创新券的有效期多久？"),
])
def test_a_slot_follow_up_after_a_colloquial_question(previous, message, meant):
    from rag.conversation import resolve
    from rag.conversation.history import Turn

    assert resolve(message, [Turn("user", previous)]).question == meant


@pytest.mark.parametrize(("question", "kinds"), [
    # (how long asks a length of time, not a day: question.HOW_LONG_NOT_DATE, round 29)
    ("新标准发布后给多长的过渡期？", ("duration",)),
    ("这类设备的检定周期是多长？", ("duration",)),
    ("Up to how much, in yuan, can the fine be?", ("money",)),
    ("What is the allowance, in yuan?", ("money",)),
    ("At what age do experts stop serving on the committee?", ("percent", "money", "count", "multiple")),
    ("评审专家多少岁退出？", ("percent", "money", "count", "multiple")),
    # a length that is no period asks no period
    ("这条线路有多长？", ()),
])
def test_a_period_asked_how_long_a_sum_in_yuan_and_an_age_are_figures_asked(question, kinds):
    from rag.question import fact_kinds

    assert fact_kinds(analyse(question), required=True) == kinds


def test_the_measures_asked_have_a_switch(monkeypatch):
    from rag import question
    from rag.question import fact_kinds

    monkeypatch.setattr(question, "ASKED_MEASURES", False)
    assert fact_kinds(analyse("新标准发布后给多长的过渡期？"), required=True) == ()


@pytest.mark.parametrize(("previous", "message", "meant"), [
    # a purpose asked ("… for?"): the preposition is no part of the topic
    ("In the city plan, what is the talent working group for?", "who leads it?",
     "Who leads talent working group in the city plan?"),
    # a demonstrative with a noun the previous question named stands for that question's topic
    ("In the city plan, what is the talent working group for?", "who heads that group?",
     "Who heads talent working group in the city plan?"),
    ("Which body runs the seed fund in the city plan?", "how big is that fund?", "How big is the seed fund?"),
])
def test_an_english_pronoun_after_a_purpose_question(previous, message, meant):
    from rag.conversation import resolve
    from rag.conversation.history import Turn

    assert resolve(message, [Turn("user", previous)]).question == meant


def test_the_purpose_and_demonstrative_rules_have_switches(monkeypatch):
    from rag.conversation import resolve, topic
    from rag.conversation.history import Turn

    history = [Turn("user", "In the city plan, what is the talent working group for?")]
    monkeypatch.setattr(topic, "EN_PURPOSE_ASKED", False)
    assert "group for" in resolve("who leads it?", history).question
    monkeypatch.setattr(topic, "EN_THAT_NOUN", False)
    assert resolve("who heads that group?", history).question.endswith("group?")
