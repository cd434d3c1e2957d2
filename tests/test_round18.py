"""Eighteenth round: rules from devdocs 15 / conversations dev 19 failure classes, each on hand-made text."""

from __future__ import annotations

import pytest

from rag import question
from rag.answer import docfacts, penalty, short
from rag.docrecord import stated_fields
from rag.models import Citation
from rag.question import analyse, fact_kinds

from .test_round10 import _answer, _doc

# a provincial regulation amended three times, each revision line numbering itself
AMENDED = (
    "# 某某省某某条例\n\n"
    "1999年4月2日 某某省第九届人民代表大会常务委员会第八次会议通过\n\n"
    "2006年9月1日 某某省第十届人民代表大会常务委员会第二十三次会议《关于修改〈某某省甲条例〉的决定》第一次修正\n\n"
    "2013年5月30日 某某省第十二届人民代表大会常务委员会第三次会议《关于修改〈某某省乙条例〉等五件地方性法规的决定》"
    "第二次修正\n\n"
    "2021年11月26日 某某省第十三届人民代表大会常务委员会第三十一次会议《关于修改〈某某省丙条例〉的决定》第三次修正\n\n"
    "第一条 为了某某，制定本条例。\n"
)


@pytest.mark.parametrize(("asked", "kinds"), [
    ("这个奖项多少年评选一次？", ("frequency",)),
    ("仪器要多久送检一次？", ("frequency",)),
    ("培训几个月组织一次？", ("frequency",)),
])
def test_a_frequency_asked_with_its_verb_between_asks_a_frequency(asked, kinds):
    q = analyse(asked)
    assert "often" in q.intents
    assert set(kinds) <= set(fact_kinds(q, required=True))


def test_the_frequency_with_a_verb_has_a_switch(monkeypatch):
    monkeypatch.setattr(question, "FREQUENCY_WITH_VERB", False)
    assert "often" not in analyse("这个奖项多少年评选一次？").intents


def test_a_body_asked_of_a_period_asks_no_time():
    q = analyse("证书过了有效期限，由谁负责收回？")
    assert "who" in q.intents and "when" not in q.intents
    assert not fact_kinds(q, required=True)
    # a time asked beside the body is still asked
    assert "when" in analyse("证书过了有效期限，由谁负责收回，多久内收回？").intents


def test_the_body_of_a_period_rule_has_a_switch(monkeypatch):
    monkeypatch.setattr(question, "WHO_OF_A_PERIOD", False)
    assert "when" in analyse("证书过了有效期限，由谁负责收回？").intents


@pytest.mark.parametrize("asked", ["What's the fine for selling unlabelled goods?",
                                   "What is the maximum fine if a trader tampers with a scale?"])
def test_an_english_fine_asked_with_a_contraction_or_a_bound_asks_a_penalty_and_a_sum(asked):
    assert penalty.penalty_asked(asked)
    assert "money" in analyse(asked).intents


def _cited(text: str) -> Citation:
    return Citation(n=1, clause_id="c", doc_id="d", doc_title="某某条例", section_path=["第九条"], quote=text,
                    start=0, end=len(text))


def test_a_period_in_taiwan_words_is_a_period_not_a_count():
    quote = "当事人对处理结果有异议的，可以自收到通知之日起十个工作日内申请复核。"
    for asked in ("對處理結果不服，幾個工作天內可以申請複核？", "对处理结果不服，几个星期内要申请复核？"):
        found = short.find(analyse(asked), [_cited(quote)])
        assert found is not None and found.text == "十个工作日内"
    # a count is still a count
    assert short._MEASURE_ASKED_RE.search("涉及几个部门")


@pytest.mark.parametrize(("asked", "field"), [
    ("这部条例由第几次常务会议审议？", "meeting"),
    ("这部条例是国务院令第几号？", "number"),
    ("Under which State Council decree was the regulation issued?", "number"),
    ("What is the order number of the regulation?", "number"),
])
def test_a_meeting_of_a_kind_and_an_order_number_are_record_fields(asked, field):
    assert docfacts.asked_field(analyse(asked)) == field


def test_the_nth_revision_is_dated_by_its_own_line():
    assert stated_fields(AMENDED, nth=2)["amended"].value == "2013年5月30日"
    assert stated_fields(AMENDED)["amended"].value == "2021年11月26日"  # the last, when none is numbered
    assert "amended" not in stated_fields(AMENDED, nth=5)  # the record lists three


@pytest.mark.parametrize(("asked", "value"), [
    ("某某省某某条例第二次修正是哪一天通过的？", "2013年5月30日"),
    ("When was the first amendment of the province's regulation adopted?", "2006年9月1日"),
    ("某某省某某条例第二次修正由哪次会议通过？", "某某省第十二届人民代表大会常务委员会第三次会议"),
])
def test_a_revision_asked_by_its_number_is_answered_from_its_line(asked, value):
    doc = _doc("rules", "某某省某某条例")
    draft, problems = _answer(asked, doc, AMENDED)
    assert draft.answered and draft.short.text == value and problems == []


def test_a_revision_the_record_does_not_list_is_not_answered_with_another(monkeypatch):
    doc = _doc("rules", "某某省某某条例")
    draft, _ = _answer("某某省某某条例第五次修正是哪天？", doc, AMENDED)
    assert draft is None or not draft.answered
    monkeypatch.setattr(docfacts, "NTH_REVISION", False)
    # (a revision's adoption day reads the last revision's date since the thirtieth round's AMENDMENT_ADOPTED_ZH:
    # switched off too, to see this rule's part alone)
    monkeypatch.setattr(docfacts, "AMENDMENT_ADOPTED_ZH", False)
    draft, _ = _answer("某某省某某条例第二次修正是哪一天通过的？", doc, AMENDED)
    assert draft.short.text == "1999年4月2日"  # the adoption, as before


@pytest.mark.parametrize(("previous", "message", "meant"), [
    # the body asked inside the previous question is no part of what "它" stands for
    ("那份实施办法是哪个部门发布的？", "它一共有几条？", "那份实施办法共有几条？"),
    # "What's X?" is "What is X?": X is what "it" stands for
    ("What's the seed fund in the county plan?", "how big is it?", "How big is seed fund in the county plan?"),
])
def test_the_topic_of_a_question_asking_a_body_or_a_contracted_what(previous, message, meant):
    from rag.conversation import resolve
    from rag.conversation.history import Turn

    assert resolve(message, [Turn("user", previous)]).question == meant


def test_the_contracted_what_has_a_switch(monkeypatch):
    from rag.conversation import resolve, topic
    from rag.conversation.history import Turn

    monkeypatch.setattr(topic, "EN_CONTRACTED_WH", False)
    assert "What's" in resolve("how big is it?", [Turn("user", "What's the seed fund in the county plan?")]).question


DUTY = "第五条 经营者不得销售净含量标注不实的定量包装商品。"
FINES = ("第九条 有下列情形之一的，责令改正，可以并处一千元以上一万元以下罚款；情节严重的，吊销其许可证：\n\n"
         "（一）销售的定量包装商品净含量标注不实的；\n\n（二）拒绝提供账簿的。")


def test_a_second_quoted_item_brings_the_lead_in_stating_the_asked_fine(monkeypatch):
    from rag import compose

    from .composing import clause_hits, composer_over

    hits = clause_hits([DUTY, FINES], "某某条例")
    q = analyse("定量包装商品净含量标注不实，最多罚多少钱？")
    for on in (True, False):
        monkeypatch.setattr(compose, "FACT_LEAD_IN_ANY", on)
        quotes = [c.quote for c in composer_over([DUTY, FINES]).compose(q, hits).citations]
        assert any(quote.startswith("（一）") for quote in quotes), quotes
        assert any("一万元以下罚款" in quote for quote in quotes) is on, quotes


@pytest.mark.parametrize(("asked", "silent"), [
    ("合同里没写专利归谁，怎么办？", True),
    ("双方都没约定收益怎么分，归谁？", True),
    ("The agreement says nothing about who keeps the data. Who does?", True),
    ("Our contract doesn't specify the owner; who owns the results?", True),
    ("合同约定的收益怎么分？", False),
    ("Who owns the results under the contract?", False),
])
def test_a_question_saying_the_agreement_is_silent(asked, silent):
    from rag.answer import condition

    assert condition.silence_asked(asked) is silent


@pytest.mark.parametrize(("sentence", "default"), [
    ("没有约定或者约定不明的，成果归完成单位所有。", True),
    ("合同未作明确约定的，其权利由受托方享有。", True),
    ("（二）无书面合同的，由开发者享有。", True),
    ("情节严重的，处一万元以下罚款。", False),
    ("双方可以在合同中约定成果的归属。", False),
])
def test_a_sentence_stating_the_rule_where_nothing_was_agreed(sentence, default):
    from rag.answer import condition

    assert condition.states_default_case(sentence) is default


AGREED = "第八条 单位委托他人完成的技术成果，其归属和收益分配由委托合同约定；委托合同中未作明确约定的，归受托方。"
OTHER = "第九条 合作各方应当在合同中约定成果的使用方式和收益分配。"


def test_the_rule_where_nothing_was_agreed_is_quoted_for_a_silent_agreement():
    from .composing import clause_hits, composer_over

    hits = clause_hits([AGREED, OTHER], "某某办法")
    q = analyse("单位委托他人完成的技术成果，委托合同没写归属和收益分配，归谁？")
    for off, quoted in ((frozenset(), True), (frozenset({"feat:default_case"}), False)):
        quotes = [c.quote for c in composer_over([AGREED, OTHER], off).compose(q, hits).citations]
        assert any("未作明确约定的，归受托方" in quote for quote in quotes) is quoted, quotes


ON_ISSUE = ("# 某某奖励条例\n\n1995年6月8日 中华人民共和国国务院令第180号发布\n\n"
            "第一条 为了某某，制定本条例。\n\n第十二条 本条例自发布之日起施行。\n")


@pytest.mark.parametrize(("asked", "value"), [
    ("这部奖励条例哪天起施行？", "1995年6月8日"),
    ("When did the award regulation take effect?", "1995年6月8日"),
])
def test_a_document_in_force_on_publication_takes_effect_on_its_publication_day(asked, value):
    doc = _doc("awards", "某某奖励条例")
    draft, problems = _answer(asked, doc, ON_ISSUE)
    assert draft.answered and draft.short.text == value and problems == []
    assert "自发布之日起施行" in draft.answer


def test_the_publication_day_rule_has_a_switch(monkeypatch):
    monkeypatch.setattr(docfacts, "ISSUE_DAY", False)
    draft, _ = _answer("这部奖励条例哪天起施行？", _doc("awards", "某某奖励条例"), ON_ISSUE)
    assert draft.short is None or draft.short.text != "1995年6月8日"


@pytest.mark.parametrize(("asked", "compared"), [
    ("专利权和商标权，哪个需要缴年费？", True),
    ("两部条例对违约的处理有啥不同？", True),
    ("How do the two regulations differ on fees?", True),
    ("专利权需要缴年费吗？", False),
    ("What fees does the regulation set?", False),
])
def test_a_comparison_asked_without_a_comparing_word(asked, compared):
    assert analyse(asked).multi_doc is compared


def test_the_comparison_cue_has_a_switch(monkeypatch):
    monkeypatch.setattr(question, "COMPARISON_ASKED", False)
    assert not analyse("专利权和商标权，哪个需要缴年费？").multi_doc


@pytest.mark.parametrize(("asked", "counts"), [
    ("规划里跟东北那几个省份重点合作什么？", False),
    ("这几家园区主要发展哪些产业？", False),
    ("那几个园区分别投入多少资金？", True),  # a figure asked beside it
    ("这几个园区一共几个？", True),
])
def test_a_demonstratives_ji_points_and_asks_no_count(asked, counts):
    q = analyse(asked)
    assert bool(q.intents & {"number", "money"}) is counts


def test_the_demonstratives_ji_has_a_switch(monkeypatch):
    monkeypatch.setattr(question, "DEMONSTRATIVE_JI", False)
    assert "number" in analyse("规划里跟东北那几个省份重点合作什么？").intents


HIRED = ("第九条 职工在职期间完成的设计有下列情形之一的，该设计的权利归单位享有，单位可以对完成人给予奖励：\n\n"
         "（一）执行本单位交付的工作任务完成的设计；\n\n（二）主要利用本单位的资金和设备完成的设计。")


def test_an_either_or_answered_by_an_item_quotes_the_lead_in_that_decides_it(monkeypatch):
    from rag import compose

    from .composing import clause_hits, composer_over

    hits = clause_hits([HIRED], "某某条例")
    q = analyse("职工执行本单位交付的工作任务完成的设计，权利归职工还是归单位？")
    for on in (True, False):
        monkeypatch.setattr(compose, "ITEM_LEAD_IN_OPTIONS", on)
        quotes = [c.quote for c in composer_over([HIRED], frozenset({"rule:second_sentence"})).compose(q, hits).citations]
        assert any(quote.startswith("（一）") for quote in quotes), quotes
        assert any("归单位享有" in quote for quote in quotes) is on, quotes


def _cited_sentence(text: str) -> list[Citation]:
    return [_cited(text)]


@pytest.mark.parametrize(("asked", "sentence", "terms", "verdict"), [
    # a verb negated before the asked thing, another stretch saying 应当
    ("不知情买到侵权产品，会被要求赔偿吗？", "使用者不知道也没有理由应当知道该产品侵权的，不承担赔偿责任。",
     ["知道", "侵权", "产品", "要求", "赔偿"], "否"),
    ("不知情卖了含侵权部件的产品，算侵权吗？", "销售者不知道其中含有侵权部件而销售的，不视为侵权。",
     ["知道", "侵权", "部件", "产品", "销售"], "否"),
    # the asked thing excepted
    ("继承人能继承发表权吗？", "继承人可以依照有关规定，继承本办法第五条规定的除发表权以外的其他权利。",
     ["继承人", "继承", "发表权"], "否"),
    # the negation asked itself
    ("不知情的使用者是不是不承担赔偿责任？", "使用者不知道也没有理由应当知道该产品侵权的，不承担赔偿责任。",
     ["知道", "使用者", "承担", "赔偿"], "是"),
])
def test_a_negated_verb_or_an_exception_decides_no(asked, sentence, terms, verdict):
    from rag.answer import yesno

    decided = yesno.decide(analyse(asked), _cited_sentence(sentence), terms)
    assert decided is not None and decided[0] == verdict


def test_the_negated_verdicts_have_a_switch(monkeypatch):
    from rag.answer import yesno

    monkeypatch.setattr(yesno, "NEGATED_VERDICTS", False)
    decided = yesno.decide(analyse("继承人能继承发表权吗？"),
                           _cited_sentence("继承人可以依照有关规定，继承本办法第五条规定的除发表权以外的其他权利。"),
                           ["继承人", "继承", "发表权"])
    assert decided is None or decided[0] == "是"
