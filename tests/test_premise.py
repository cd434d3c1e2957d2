"""A figure the question takes for granted, compared by value with the cited clauses (gate:premise)."""

from __future__ import annotations

from rag.answer.premise import contradicted, figures


def test_figures_are_compared_by_value_across_notations_and_languages():
    assert figures("给予五十万元支持")[("money", 500_000.0)] == "五十万元"
    assert ("money", 800_000_000.0) in figures("800 million yuan a year")
    assert ("money", 800_000_000.0) in figures("每年安排8亿元")
    assert ("percent", 70.0) in figures("不低于百分之七十") and ("percent", 70.0) in figures("at least 70 percent")
    assert ("duration", 3 * 365.0) in figures("三年内完成") and ("duration", 3 * 365.0) in figures("within 3 years")
    assert ("count", 6.0) in figures("打造六大产业集群")


def test_dates_ordinals_and_plan_names_are_not_premises():
    assert figures("2016年11月29日印发") == {}
    assert figures("哪一天公布") == {}
    assert figures("the 14th Five-Year Plan") == {}
    assert figures("第三项措施") == {}


def test_a_figure_the_clauses_state_otherwise_is_contradicted():
    clause = "对省认定的科技园区,给予30万元资金支持。"
    assert contradicted("对省认定的科技园区给予60万元支持,分几年拨付?", clause) == [("60万元", ["30万元"])]
    assert contradicted("What about the 300,000 yuan for a provincial park?", clause) == []  # the same value
    assert contradicted("为什么要打造九大产业集群?", "重点打造六大产业集群") == [("九大", ["六大"])]


def test_a_figure_of_a_kind_the_clauses_never_state_is_left_to_the_other_gates():
    # the clause states no sum at all: whether it answers is the fact and coverage gates' call
    assert contradicted("奖励60万元的条件是什么?", "对认定的园区给予资金支持。") == []


def test_periods_bound_and_counts_that_name_a_list_are_not_premises():
    assert contradicted("一年安排多少资金?", "三年内安排资金") == []  # a rate's unit, not a bound
    assert contradicted("为何要在两年内建成?", "三年内建成") == [("两年内", ["三年内"])]
    assert contradicted("Must it be done within 2 years?", "三年内完成") == [("2 years", ["三年内"])]
    assert contradicted("可以连续五年以上提取吗", "连续三至五年提取") == []  # a range has both ends
    assert contradicted("三大机制有哪些?", "构建两大平台", counts=False) == []


def test_a_level_the_quote_does_not_name_is_a_conflict():
    from rag.answer.premise import tier_conflict

    assert tier_conflict("对市级认定的孵化器奖励多少?", "对省认定的孵化器给予20万元。") == ({"市"}, {"省"})
    assert tier_conflict("国家级孵化器奖励多少?", "对新认定的国家级、省级孵化器分别给予30万元、20万元。") is None
    assert tier_conflict("孵化器奖励多少?", "对省认定的孵化器给予20万元。") is None  # no level asked


def test_levels_written_together_share_their_suffix():
    from rag.answer.premise import tier_conflict, tiers

    assert tiers("对新认定的国家、省、市级孵化器分别给予奖励") == {"国家", "省", "市"}
    assert tiers("国家和省认定的平台") == {"国家", "省"}
    assert tier_conflict("省级孵化器奖励多少?", "对新认定的国家、省、市级孵化器分别给予30万元、20万元和10万元奖励。") is None
    assert tier_conflict("区级孵化器奖励多少?", "对新认定的国家、省、市级孵化器分别给予奖励。") == ({"区"}, {"国家", "省", "市"})


def test_the_levels_given_to_the_thing_asked_about_decide():
    from rag.answer.premise import tier_conflict

    quote = "对新认定的市级协同创新基地给予一次性奖励10万元。对新认定的国家、省、市级产业技术创新联盟分别给予奖励。"
    assert tier_conflict("对新认定的国家级协同创新基地奖励多少?", quote) == ({"国家"}, {"市"})
    assert tier_conflict("对新认定的省级产业技术创新联盟奖励多少?", quote) is None
    assert tier_conflict("对国家级孵化器奖励多少?", quote) is None  # 孵化器 is given no level here: 国家 is named


def test_a_thing_in_traditional_quotation_marks_is_the_thing_asked_about():
    from rag.answer.premise import tier_conflict
    from rag.normalize import normalize

    quote = normalize("对国家、省、市级联盟分别给予30万元、20万元和10万元;对省认定的“科技小镇”,给予50万元资金支持。")
    assert tier_conflict(normalize("對國家認定的「科技小鎮」給多少錢？"), quote) == ({"国家"}, {"省"})
    assert tier_conflict(normalize("對省認定的「科技小鎮」給多少錢？"), quote) is None


def test_what_a_question_takes_as_said():
    from rag.answer.premise import presupposed
    from rag.question import analyse

    cases = {
        "既然补贴标准是每人五万元，怎么申请？": "补贴标准是每人五万元",
        "条例为什么要求企业必须取得资质证书？": "条例要求企业必须取得资质证书",
        "Since the plan guarantees every firm a free loan, how do I apply?": "the plan guarantees every firm a free loan",
        "The rule guarantees inventors at least 50%—why is it so low?": "The rule guarantees inventors at least 50%",
        "Why does the plan give only 100,000 yuan to a national base?": "the plan give only 100,000 yuan to a national base",
    }
    for question, said in cases.items():
        assert presupposed(analyse(question)) == said, question
    for question in ("补贴标准是多少？", "As a foreign investor, what regime applies to me?", "What is the reward?"):
        assert presupposed(analyse(question)) is None, question


def test_a_part_of_a_whole_the_question_states_is_not_answered_by_the_whole():
    from rag.answer.premise import echoes

    quote = ["三年内安排2万套人才公寓,保障高端人才、青年人才安居。"]
    assert echoes("2万套", "三年内的2万套人才公寓里,给青年人才的有多少套?", quote)
    assert echoes("100亿", "那100亿里,区财政出多少?", ["设立总规模100亿的城市更新基金,推进两条主轴改造。"])
    # asked without a part-of wording, the figure the question states may be its answer
    assert not echoes("2万套", "是不是安排了2万套人才公寓?", quote)
    # a quote stating another figure of that kind may hold the part
    assert not echoes("2万套", "2万套人才公寓里给青年人才的有多少套?", ["安排2万套人才公寓,其中青年人才5000套。"])
    # an answer of another value is an answer
    assert not echoes("5000套", "2万套人才公寓里给青年人才的有多少套?", ["其中青年人才5000套。"])


def test_a_sum_without_yuan_may_be_followed_by_a_particle_but_not_a_measure_word():
    from rag.answer.premise import bare_sums

    assert bare_sums("那100亿里") == {("money", 1e10)} and bare_sums("100亿的基金") == {("money", 1e10)}
    assert bare_sums("50万辆") == set()
