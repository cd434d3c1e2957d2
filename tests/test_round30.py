"""Rules of the thirtieth round, each on hand-built text (no index): 好几个/这几个 ask no number; a third party is
no item 3; who assesses a value is asked as who decides it; an organ named without a generic noun (海关); another
act taking effect is no date of the document; 开始实施 asks when it took effect; a law's latest revision named by
最近一次 and the day it was adopted; a term of imprisonment is a period; the second
of two asks under the first's opening; which of two laws has more articles; a lead unit asked."""

from rag.question import analyse


def test_several_and_these_few_ask_no_number(monkeypatch):
    from rag import question

    for typed in ("能不能一次在好几个样例类别上登记？", "包装上可以印“样例”这几个字吗？"):
        q = analyse(typed)
        assert "yesno" in q.intents and "number" not in q.intents, typed
    assert "number" in analyse("样例计划要建几个基地？").intents  # a count still asked
    monkeypatch.setattr(question, "SEVERAL_JI", False)
    assert "yesno" not in analyse("能不能一次在好几个样例类别上登记？").intents


def test_a_third_party_is_no_item_three(monkeypatch):
    from rag import question

    assert analyse("样例许可未登记，能否对抗善意第三人？").ordinals == []
    assert analyse("委托第三方机构评估吗？").ordinals == []
    assert analyse("第三条规定了什么？").ordinals == [3]
    monkeypatch.setattr(question, "THIRD_PARTY", False)
    assert analyse("样例许可未登记，能否对抗善意第三人？").ordinals == [3]


def test_who_assesses_a_value_is_asked(monkeypatch):
    from rag import question

    q = analyse("样例资料损坏要赔偿，资料值多少钱由谁认定？")
    assert "who" in q.intents and not q.intents & {"money", "number"}
    en = analyse("Who assesses how much the lost sample files were worth?")
    assert "who" in en.intents and not en.intents & {"money", "number"}
    monkeypatch.setattr(question, "WHO_ASSESSES", False)
    assert analyse("样例资料损坏要赔偿，资料值多少钱由谁认定？").intents & {"money", "number"}


def test_an_organ_named_without_a_generic_noun(monkeypatch):
    from types import SimpleNamespace

    from rag.answer import gates

    asked = SimpleNamespace(q=analyse("样例资料非法出境，由哪个部门处罚？"), context="由海关依法予以处罚")
    assert not gates._organ_not_named(asked)
    assert gates._organ_not_named(SimpleNamespace(q=asked.q, context="任何人不得携带样例资料出境"))
    monkeypatch.setattr(gates, "ORGANS_BY_NAME", False)
    assert gates._organ_not_named(asked)


def test_another_act_taking_effect_asks_no_date(monkeypatch):
    from rag.answer import docfacts

    typed = "If a firm breaks the rule again once a sample ruling took effect, will the bureau fine it more?"
    assert docfacts.asked_field(analyse(typed)) is None
    assert docfacts.asked_field(analyse("样例处罚决定生效后再次违反的，本条例规定从重处罚吗？")) is None
    assert docfacts.asked_field(analyse("When did the sample regulations take effect?")) == "effective"
    monkeypatch.setattr(docfacts, "ANOTHER_ACT_EFFECTIVE", False)
    assert docfacts.asked_field(analyse(typed)) == "effective"


def test_started_implementing_asks_when_it_took_effect(monkeypatch):
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse("样例省统计条例自哪一天开始实施？")) == "effective"
    assert docfacts.asked_field(analyse("样例省统计条例由谁组织实施？")) != "effective"
    monkeypatch.setattr(docfacts, "STARTED_IMPLEMENTING", False)
    assert docfacts.asked_field(analyse("样例省统计条例自哪一天开始实施？")) != "effective"


def test_the_latest_revision_of_a_law_and_the_day_it_was_adopted(monkeypatch):
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse("样例登记法最后一次修订是哪一天通过的？")) == "amended"
    assert docfacts.asked_field(analyse("样例登记法最早是哪一年通过的？")) == "adopted"
    monkeypatch.setattr(docfacts, "AMENDMENT_ADOPTED_ZH", False)
    assert docfacts.asked_field(analyse("样例登记法最后一次修订是哪一天通过的？")) == "adopted"


def test_a_prison_term_is_a_period(monkeypatch):
    from rag import question
    from rag.question import period_asked

    q = analyse("What prison sentence does the sample law set for selling fake sample goods?")
    assert "when" in q.intents and period_asked(q)
    assert period_asked(analyse("卖假样例商品判几年？"))
    # a period of another kind (a registration's 十五日内) is no term of imprisonment
    from types import SimpleNamespace

    from rag.answer import gates

    judged = SimpleNamespace(q=q, context="应当在十五日内办理登记手续", features={"fact_in_quote": 1.0})
    assert gates._fact_missing(judged)
    assert not gates._fact_missing(SimpleNamespace(q=q, context="处三年以下有期徒刑", features={"fact_in_quote": 1.0}))
    monkeypatch.setattr(question, "PRISON_TERM", False)
    assert not period_asked(analyse("What prison sentence does the sample law set for selling fake sample goods?"))
    assert not gates._fact_missing(judged)


def test_the_second_of_two_asks_under_the_first_opening(monkeypatch):
    from rag import assistant

    first, second = "样例复核案件，样例局几个月内给出结论？", "遇到例外可以再延几个月？"
    assert assistant._second_ask(first, second, second) == "样例复核案件，遇到例外可以再延几个月？"
    # a second resolved against the first, or naming the case itself, is left as it is
    assert assistant._second_ask(first, second, "样例异议案件的延长期限？") == "样例异议案件的延长期限？"
    assert assistant._second_ask("几个月内给出结论？", second, second) == second
    monkeypatch.setattr(assistant, "TWO_ASKS_LEAD", False)
    assert assistant._second_ask(first, second, second) == second


def test_a_lead_unit_asked_is_named_as_one(monkeypatch):
    from types import SimpleNamespace

    from rag.answer import gates

    q = analyse("样例措施第10条谁牵头？")
    cut_off = SimpleNamespace(q=q, context="调整优化城市空间总体布局。设立样例更新基金。")
    assert gates._organ_not_named(cut_off)  # (布局 names no bureau)
    assert not gates._organ_not_named(SimpleNamespace(q=q, context="设立样例基金。牵头单位：区科委"))
    assert not gates._organ_not_named(SimpleNamespace(q=q, context="由市样例局组织实施"))
    monkeypatch.setattr(gates, "LEAD_ASKED", False)
    assert not gates._organ_not_named(cut_off)


def test_which_of_two_has_more_articles():
    from types import SimpleNamespace

    from rag.answer import docfacts

    q = analyse("Which has more articles, the Sample Copyright Regulation or the Sample Statistics Regulation?")
    assert docfacts.asked_field(q) == "articles"
    assert docfacts.asked_field(analyse("样例版权条例和样例统计条例，哪一部条文比较多？")) == "articles"
    drafts = [SimpleNamespace(short=SimpleNamespace(text="四十条")), SimpleNamespace(short=SimpleNamespace(text="29条"))]
    assert docfacts._part_counts(drafts) == (40, 29)
    pair = [SimpleNamespace(title="样例版权条例"), SimpleNamespace(title="样例统计条例")]
    assert docfacts._more_line(q, pair, "articles") == "《样例版权条例》 has more articles than 《样例统计条例》."
    assert docfacts._more_line(analyse("哪一部条文比较少？"), pair, "articles") == "《样例版权条例》的条数少于《样例统计条例》。"
