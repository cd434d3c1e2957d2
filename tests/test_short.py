"""The short answer on hand-built citations (no index): the asked value as written, from a quote, in English too."""

from __future__ import annotations

import pytest

from rag.answer.short import english, find
from rag.evaluate import short_correct
from rag.models import Answer, Citation, ShortAnswer
from rag.question import analyse


def cite(n: int, quote: str) -> Citation:
    return Citation(n=n, clause_id=f"c{n}", doc_id="d", doc_title="t", section_path=[], quote=quote, start=0,
                    end=len(quote))


def test_the_value_of_the_asked_kind_with_its_bound_is_taken_from_the_quote():
    found = find(analyse("单位给完成人的奖励比例是多少?"), [cite(1, "按不低于百分之六十的比例给予奖励。")])
    assert (found.text, found.n, found.kind) == ("不低于百分之六十", 1, "percent")
    assert find(analyse("如何申请?"), [cite(1, "按不低于百分之六十的比例给予奖励。")]) is None


def test_the_figure_next_to_the_questions_words_wins_over_the_first_one():
    quote = "新增上市企业5家，新增独角兽企业8到12家，收入达到1万亿元。"
    topic = {"独角兽": 1.0}

    def score(text: str) -> float:
        return sum(w for term, w in topic.items() if term in text)

    found = find(analyse("打算新增多少家独角兽企业?"), [cite(1, quote)], score)
    assert found.text == "8到12家"


@pytest.mark.parametrize(("text", "kind", "expected"), [
    ("不低于百分之七十", "percent", "at least 70%"),
    ("超过1.2万家", "count", "over 12,000"),  # not "over 1"
    ("2—3家", "count", "2 to 3"),
    ("70%及以上", "percent", "70% or more"),
    ("10万元", "money", "100,000 yuan"),
    ("最高300亿元", "money", "up to 30 billion yuan"),
    ("2016年11月29日", "date", "29 November 2016"),
    ("三十日内", "duration", "within 30 days"),
    ("36项", "count", "36"),
])
def test_english_renderings_keep_the_value(text, kind, expected):
    assert english(text, kind) == expected


def test_a_yes_no_question_is_decided_by_its_quote_or_not_at_all():
    q = analyse("这部分报酬要计入绩效工资总额基数吗?")
    no = find(q, [cite(1, "所需报酬不计入绩效工资总额基数。")], terms=["绩效工资", "计入"])
    assert no.text == "否"
    yes = find(analyse("Can units run their own evaluations?"), [cite(1, "单位可以自主开展评审。")], terms=["评审"])
    assert (yes.text, yes.english) == ("是", "Yes")
    assert find(q, [cite(1, "报酬由单位确定。")], terms=["报酬"]) is None


def test_an_answer_refuses_a_short_answer_its_quote_does_not_hold():
    c = cite(1, "给予10万元奖励。")
    Answer(question="q", answer="答：10万元[1]\n给予10万元奖励。[1]", answered=True, citations=[c],
           short_answer=ShortAnswer(text="10万元", text_en=None, citation=1))
    with pytest.raises(ValueError, match="not in its cited quote"):
        Answer(question="q", answer="答：20万元[1]", answered=True, citations=[c],
               short_answer=ShortAnswer(text="20万元", citation=1))


def test_short_answers_are_scored_by_text_or_value():
    assert short_correct("不低于百分之七十", "百分之七十")
    assert short_correct("70%", "百分之七十")
    assert short_correct("是", "Yes") and not short_correct("否", "是")
    assert not short_correct("30万元", "50万元") and not short_correct(None, "50万元")


def test_one_off_is_no_count_and_a_reward_question_looks_for_a_sum():
    from rag.sentences import facts

    assert facts("给予一次性奖励10万元") == [("money", "10万元")]
    found = find(analyse("What one-off reward does the city give a new base?"), [cite(1, "给予一次性奖励10万元。")])
    assert (found.text, found.english) == ("10万元", "100,000 yuan")


def test_the_checker_accepts_a_figure_in_other_words_only_at_the_same_value():
    from rag.models import Clause
    from rag.verify import check

    text = "对新认定的基地给予一次性奖励10万元。"
    c = cite(1, text)
    clause = Clause(clause_id="c1", doc_id="d", section_path=[], text=text, start=0, end=len(text))

    def problems(answer: str) -> list:
        return check(answer, [c], lambda _d: text, lambda _id: clause)

    assert problems(f"Answer: 100,000 yuan (10万元) [1]\n“{text}” [1]") == []
    wrong = problems(f"Answer: 200,000 yuan (10万元) [1]\n“{text}” [1]")
    assert [p.kind for p in wrong] == ["unsupported"] and "200,000" in wrong[0].detail


def test_the_checker_accepts_a_count_in_digits_for_a_count_in_chinese_numerals():
    from rag.models import Clause
    from rag.verify import check

    text = "方案共分为五大部分。"
    clause = Clause(clause_id="c1", doc_id="d", section_path=[], text=text, start=0, end=len(text))

    def problems(answer: str) -> list:
        return check(answer, [cite(1, text)], lambda _d: text, lambda _id: clause)

    assert problems(f"Answer: 5 (五大) [1]\n“{text}” [1]") == []
    assert [p.kind for p in problems(f"Answer: 6 (五大) [1]\n“{text}” [1]")] == ["unsupported"]


LEVELS = "对新认定的国家、省、市级孵化器分别给予一次性30万元、20万元和10万元奖励。"
KINDS = "对甲类、乙类、丙类项目分别补助5万元、3万元、1万元。"


@pytest.mark.parametrize(("question", "quote", "value"), [
    ("对新认定的省级孵化器奖励多少？", LEVELS, "20万元"),
    ("对新认定的国家级孵化器奖励多少？", LEVELS, "30万元"),
    ("对新认定的市级孵化器奖励多少？", LEVELS, "10万元"),
    ("对甲类项目补助多少？", KINDS, "5万元"),
    ("对丙类项目补助多少？", KINDS, "1万元"),
])
def test_respectively_takes_the_value_of_the_thing_asked_about(question, quote, value):
    found = find(analyse(question), [cite(1, quote)])
    assert found is not None and found.text == value


def test_values_given_respectively_to_other_things_are_not_the_answer():
    quote = "对新认定的国家、省、市级孵化器分别给予30万元、20万元和10万元奖励;对省认定的科技小镇给予50万元资金支持。"
    assert find(analyse("省认定的科技小镇能拿多少钱？"), [cite(1, quote)]).text == "50万元"
    assert find(analyse("省级孵化器能拿多少奖励？"), [cite(1, quote)]).text == "20万元"



def test_an_english_question_opening_with_an_auxiliary_asks_yes_or_no():
    # a relative "who" or a leading phrase does not make it a wh-question; a request or a second question does
    assert analyse("Can researchers who made the result be rewarded with equity?").intents == {"yesno"}
    assert "yesno" in analyse("Apart from state secrets, do universities need approval to transfer results?").intents
    assert "yesno" not in analyse("Can you tell me how much the subsidy is?").intents
    assert "yesno" not in analyse("Which body adopted it, and is it in force?").intents
    assert "yesno" not in analyse("Is there a subsidy, and how much is it?").intents


@pytest.mark.parametrize(("question", "quote", "expected"), [
    ("Can polluting projects be developed in the zone?", "禁止发展高污染的产业项目。", "否"),
    ("Do universities need approval to transfer their results?", "可自主决定转让,不需审批。", "否"),
])
def test_a_prohibition_or_a_need_denied_before_the_asked_thing_says_no(question, quote, expected):
    found = find(analyse(question), [cite(1, quote)], terms=["发展", "审批"])
    assert (found.text, found.english) == (expected, "No")


def test_how_many_takes_a_count_and_a_cap_takes_the_bounded_figure():
    quote = "到2020年,企业收入达到2.6万亿元,高新技术企业数量超过1.2万家。"
    assert find(analyse("How many high-tech enterprises should there be?"), [cite(1, quote)]).text == "超过1.2万家"
    capped = "按投资额的1%予以最高100万元的补贴。"
    assert find(analyse("What is the cap on the subsidy?"), [cite(1, capped)]).text == "最高100万元"
    assert find(analyse("投资补贴最高多少?"), [cite(1, capped)]).text == "最高100万元"


def test_which_two_names_are_the_quoted_names_of_one_list():
    quote = "建立举荐制度。设立“青年科学家奖”和“创业新星奖”,加强支持。"
    found = find(analyse("Which two awards are set up?"), [cite(1, quote)])
    assert (found.text, found.kind) == ("“青年科学家奖”和“创业新星奖”", "names")
    # three names in the list, or two lists in the sentence: not the two asked for
    assert find(analyse("要做强哪两个品牌?"), [cite(1, "打造“甲创造”“甲服务”和“甲制造”品牌。")]) is None
    assert find(analyse("要做强哪两个品牌?"), [cite(1, "打造“甲”和“乙”,培育“丙”与“丁”。")]) is None


def test_a_negated_light_verb_before_the_asked_thing_says_no():
    q = analyse("单位正职领导可以拿股权激励吗?")
    assert find(q, [cite(1, "正职领导可获得现金奖励,原则上不得获取股权激励。")], terms=["股权激励"]).text == "否"
    assert find(q, [cite(1, "正职领导可以获取股权激励。")], terms=["股权激励"]).text == "是"


def _coverage(words: dict[str, float]):
    """A stand-in for the featurizer's idf-weighted coverage over hand-picked words."""
    total = sum(words.values())
    return lambda text: sum(w for t, w in words.items() if t in text) / total


def test_the_sentence_that_covers_the_question_decides_not_the_first_quote():
    q = analyse("单位正职领导可以拿股权激励吗?")
    topic = _coverage({"正职领导": 1.0, "股权激励": 1.0})
    citations = [cite(1, "鼓励高校开展技术转移。"), cite(2, "支持科研人员创业。正职领导原则上不得获取股权激励。")]
    found = find(q, citations, topic, terms=["正职领导", "股权激励"])
    assert (found.text, found.n) == ("否", 2)
    # without scores, the first quote still decides (its modal says yes), as before
    assert find(q, citations, None, terms=["正职领导", "股权激励"]).text == "是"


@pytest.mark.parametrize(("question", "quote", "expected"), [
    ("园区企业变更经营范围需要报批吗?", "园区企业可自主变更经营范围,除涉及安全生产外,不需报批。", "否"),
    ("Do labs need a permit to share instruments?", "实验室可自主共享仪器,无须许可。", "否"),
    ("企业需要提交年度报告吗?", "入驻企业须每年提交年度报告。", "是"),
    ("补贴可以用于发放奖金吗?", "补贴资金不得用于发放奖金。", "否"),
])
def test_the_modal_the_question_asks_is_read_in_the_sentence(question, quote, expected):
    assert find(analyse(question), [cite(1, quote)], terms=[]).text == expected


def test_whether_something_is_stated_is_yes_when_the_sentence_and_title_state_it():
    q = analyse("甲市办法有没有提出要建一批市级的海洋装备中试基地?")
    words = {"甲市": 1.0, "办法": 1.0, "提出": 1.0, "市级": 1.0, "海洋装备": 1.0, "中试基地": 1.0}
    topic = _coverage(words)
    stated = _coverage({k: v for k, v in words.items() if k != "提出"})  # the frame word aside
    quote = "统筹安排专项经费,建设一批市级的海洋装备中试基地。"
    titled = Citation(n=1, clause_id="c1", doc_id="d", doc_title="甲市海洋经济促进办法", section_path=[],
                      quote=quote, start=0, end=len(quote))
    assert find(q, [titled], topic, terms=list(words), stated=stated).text == "是"
    # the same sentence in a document the title does not name: not all of it is stated
    assert find(q, [cite(1, quote)], topic, terms=list(words), stated=stated) is None
    # and a sentence stating only part of it decides nothing
    partial = cite(1, "建设一批海洋产业园区。")
    assert find(q, [partial], topic, terms=list(words), stated=stated) is None


def test_a_count_answers_how_many_only_when_it_counts_the_asked_thing():
    parts = cite(1, "细则共分为总则、职责、程序五大部分。")
    duties = cite(2, "细则列出了12項監督職責。")  # (a Traditional 項 counts like 项)
    assert find(analyse("监督职责一共有几项?"), [parts, duties]).text == "12項"
    checks = cite(2, "从人员、设备等方面提出7项检查要求。")
    words = {"检查": 1.0, "要求": 1.0}
    counted = _coverage(words)
    q = analyse("How many inspection requirements does the rule set?")
    assert find(q, [parts, checks], counted=counted).text == "7项"
    assert find(q, [parts, checks]).text == "五大"  # (without knowing the thing counted: the first)


def test_how_big_asks_a_size_not_a_count_but_how_old_may_be_a_count():
    quotes = [cite(1, "到2025年,培育6项海洋新技术;"), cite(2, "海洋产业规模突破900亿元。")]
    assert find(analyse("海洋产业规模到2025年要做到多大?"), quotes).text == "900亿元"
    assert find(analyse("见习生是指多大年龄的人?"), [cite(1, "见习生,其年龄在二十八周岁以下。")]).text == "二十八周岁以下"


def test_the_asked_modal_right_before_the_asked_words_says_yes_and_not_affected_says_no():
    q = analyse("实验室能不能超出年度核定的耗材预算?")
    quote = cite(1, "实验室耗材支出可以超出年度核定的耗材预算,不纳入耗材预算考核。")
    assert find(q, [quote], terms=["耗材", "超出", "耗材预算"]).text == "是"
    again = analyse("课题没结题,会影响以后再评职称吗?")
    said = cite(1, "已按期提交报告未能结题的,再次参加职称评审不受影响。")
    assert find(again, [said], terms=["影响", "评", "职称"]).text == "否"


@pytest.mark.parametrize(("question", "quote", "option"), [
    # one option stated
    ("配套资金是由省里出还是由甲市安排?", "按照分级负担原则,由甲市安排配套资金,组织实施示范工程。", "甲市安排"),
    ("服务平台是依托行业协会还是高等院校来建设?", "应当依托行业协会建设中小企业公共服务平台。", "行业协会"),
    # both stated: the one right after the question's subject, before the next comma
    ("生态涵养区指的是北部山区还是南部平原?",
     "产业承载区(南部平原)重点发展制造业;生态涵养区(北部山区)重点发展旅游。", "北部山区"),
    ("区级的年度经费，应不低于全省县区的平均水平，还是全国县区的平均水平?",
     "其中，区级财政安排的年度经费应当不低于全省县区平均水平，镇级财政的经费应当不低于全国县区平均水平。",
     "不低于全省"),
])
def test_either_or_is_answered_with_the_option_the_sentence_states(question, quote, option):
    found = find(analyse(question), [cite(1, quote)])
    assert (found.text, found.kind) == (option, "option") and found.text in quote


def test_either_or_gets_no_option_when_the_sentence_states_neither_or_cannot_tell():
    assert find(analyse("奖励给个人还是给单位?"), [cite(1, "对转化成果给予奖励。")]) is None
    # both options stated and no subject of the question in the sentence to tell which
    assert find(analyse("甲地还是乙地?"), [cite(1, "甲地和乙地都可以申报。")]) is None


UNITS = "牵头单位:区委组织部、区人社局责任单位:区住建委、区财政局"


def test_who_is_answered_with_the_units_of_the_label_asked_about_without_the_label():
    found = find(analyse("人才引进计划由哪个单位牵头?"), [cite(1, UNITS)])
    assert (found.text, found.kind) == ("区委组织部、区人社局", "unit")
    assert find(analyse("该计划的责任单位有哪些?"), [cite(1, UNITS)]).text == "区住建委、区财政局"
    assert find(analyse("Who leads the talent plan?"), [cite(1, UNITS)]).text == "区委组织部、区人社局"


def test_a_responsibility_line_is_read_with_its_clauses_headings():
    words = {"专利护航": 1.0, "牵头": 0.2}
    ip = Citation(n=1, clause_id="c1", doc_id="d", doc_title="t", section_path=["8.实施专利护航计划"],
                  quote="牵头单位:区知识产权局责任单位:区财政局", start=0, end=22)
    other = Citation(n=2, clause_id="c2", doc_id="d", doc_title="t", section_path=["3.实施企业计划"],
                     quote="牵头单位:海淀园管委会责任单位:区金融办", start=0, end=21)
    assert find(analyse("专利护航计划由谁牵头?"), [other, ip], _coverage(words)).text == "区知识产权局"


def test_a_chinese_yes_no_question_is_decided_by_the_sentence_saying_its_predicate():
    from rag.answer import yesno

    q = analyse("资助项目按规定结题后，团队再申报资金项目会受影响吗？")
    quote = cite(1, "对资助项目未达预期目标的，主管部门可以按规定结题；该团队再次申报资金支持的项目不受影响。")
    # the first half covers more of the question (资助项目, 按规定, 结题) and says 可以; the second says 受影响
    topic = lambda text: sum(w in text for w in ("资助项目", "按规定", "结题", "团队", "申报", "影响")) / 6  # noqa: E731
    terms = ["资助项目", "按规定", "结题", "团队", "申报", "影响"]
    assert find(q, [quote], topic=topic, terms=terms).text == "否"
    saved = yesno.PREDICATE_BONUS
    try:
        yesno.PREDICATE_BONUS = 0.0  # the first half would decide, and it does not say 影响: nothing
        assert find(q, [quote], topic=topic, terms=terms) is None
    finally:
        yesno.PREDICATE_BONUS = saved


BOTH = "单位正职领导,是科技成果的主要完成人的,可按有关规定获得现金奖励(原则上不得获取股权激励);"


@pytest.mark.parametrize(("question", "terms", "expected"), [
    ("正职领导能拿现金奖励吗?", ["正职", "领导", "现金", "奖励"], "是"),
    ("正职领导可以拿股权奖励吗?", ["正职", "领导", "股权", "奖励"], "否"),
])
def test_a_sentence_saying_two_things_is_read_in_the_stretch_saying_the_asked_one(question, terms, expected):
    weights = {t: 2.0 if t in ("现金", "股权") else 1.0 for t in terms}  # (a rarer word weighs more)
    assert find(analyse(question), [cite(1, BOTH)], _coverage(weights), terms=terms).text == expected


def test_a_sentence_without_the_asked_predicate_decides_nothing_on_its_face(monkeypatch):
    from rag.answer import yesno

    monkeypatch.setattr(yesno, "ANTONYMS", False)  # (留归 is 上缴's opposite: that rule says 否, tested below)
    q = analyse("高校转化科技成果的收入需要上缴吗?")
    quote = cite(1, "高等院校转化科技成果所获得的收入全部留归本单位,纳入单位预算;")
    terms = ["高校", "转化", "科技成果", "收入", "需要", "上缴"]
    assert find(q, [quote], terms=terms) is None
    saved = yesno.PREDICATE_ON_FACE
    try:
        yesno.PREDICATE_ON_FACE = False  # read on its face, its 纳入 would say 是
        assert find(q, [quote], terms=terms).text == "是"
    finally:
        yesno.PREDICATE_ON_FACE = saved


def test_a_heading_states_what_its_clause_is_about_and_a_stated_cap_answers_is_there_a_cap():
    q = analyse("规划里有没有讲冬奥会的科技支撑?")
    words = {"规划": 1.0, "冬奥会": 1.0, "科技": 1.0, "支撑": 1.0}
    quote = "开展冬奥会气象保障相关技术研究。"
    headed = Citation(n=1, clause_id="c1", doc_id="d", doc_title="甲市科技规划", section_path=["(三)为冬奥会做好科技支撑"],
                      quote=quote, start=0, end=len(quote))
    assert find(q, [headed], _coverage(words), terms=list(words), stated=_coverage(words)).text == "是"
    assert find(q, [cite(1, quote)], _coverage(words), terms=list(words), stated=_coverage(words)) is None
    capped = cite(1, "对中介服务机构,按技术交易额的1‰给予年度最高10万元的奖励。")
    assert find(analyse("给中介机构发奖励,有没有上限?"), [capped], terms=["中介机构", "奖励", "上限"]).text == "是"
    assert find(analyse("给中介机构发奖励,有没有上限?"), [cite(1, "对中介服务机构给予奖励。")],
                terms=["中介机构", "奖励", "上限"]) is None


@pytest.mark.parametrize(("question", "options"), [
    ("Is the ban three years or five years?", ("three years", "five years")),
    ("May the head receive a cash reward or an equity incentive?", ("cash reward", "equity incentive")),
    ("Was it issued by the city government or by the science commission?", ("city government", "science commission")),
    ("Does it belong to the completing unit or to all partners?", ("completing unit", "all partners")),
    ("Is the target to exceed 1,800亿元 or 1,000亿元?", ("1,800亿元", "1,000亿元")),
    ("Is it 甲市 or 乙市 that builds the centre?", ("甲市", "乙市")),
    # yes/no questions with an "or" inside them
    ("Can researchers be rewarded with equity or dividends by the company?", None),
    ("May he or she apply?", None),
    ("Does the plan support enterprises or not?", None),
])
def test_the_options_of_an_english_either_or_question(question, options):
    from rag.answer.options import english_options

    assert english_options(question) == options


def test_an_english_either_or_is_answered_with_the_option_the_sentence_states():
    ban = cite(1, "自记入诚信档案之日起五年内，取消其申报资格。")
    found = find(analyse("Is the ban three years or five years?"), [ban])
    assert (found.text, found.kind, found.english) == ("五年内", "option", "five years")
    forms = {"cash reward": [["现金"], ["奖励"]], "equity incentive": [["股权"], ["激励"]]}
    rule = cite(1, "正职领导可以获得现金奖励，原则上不得给予股权激励。")
    found = find(analyse("May the head receive a cash reward or an equity incentive?"), [rule],
                 option_forms=lambda text: forms[text])
    assert (found.text, found.english) == ("现金奖励", "cash reward")  # the other one is negated
    both = cite(1, "可以获得现金奖励，也可以获得股权激励。")
    found = find(analyse("May the head receive a cash reward or an equity incentive?"), [both],
                 option_forms=lambda text: forms[text])
    assert found is None or found.kind != "option"  # both stated: the options cannot tell


def test_a_how_many_with_a_measure_word_is_answered_with_a_count_not_a_sum():
    targets = cite(1, "共建转化载体50个，交易金额超过40亿元。")
    assert find(analyse("要共建多少个转化载体?"), [targets]).text == "50个"
    assert find(analyse("要推进几大种业体系?"), [cite(1, "着力于作物、水产等六大种业体系科技创新。")]).text == "六大"
    # a period or a list is not a count: 多少个月, 哪几项
    assert find(analyse("哪几项任务?"), [targets]) is None


def test_a_count_of_another_documents_items_gives_way_to_the_documents_own():
    title = "甲市促进成果转化行动方案"
    other = Citation(n=1, clause_id="c1", doc_id="d", doc_title=title, section_path=[],
                     quote="对国家《行动方案》涉及的26项重点任务进行梳理。", start=0, end=24)
    own = Citation(n=2, clause_id="c2", doc_id="d", doc_title=title, section_path=[],
                   quote="从10个方面提出了36项重点任务。", start=0, end=17)
    assert find(analyse("行动方案总共列了几项重点任务?"), [other, own]).text == "36项"
    # an abbreviation of its own title is its own: 《甲市行动方案》共36项
    mine = Citation(n=1, clause_id="c1", doc_id="d", doc_title=title, section_path=[],
                    quote="《甲市行动方案》提出36项重点任务。", start=0, end=18)
    assert find(analyse("行动方案总共列了几项重点任务?"), [mine]).text == "36项"


def test_a_yes_no_question_stating_a_figure_is_decided_by_the_figure_of_that_kind():
    levels = cite(1, "对新认定的国家、省、市级产业技术创新联盟分别给予一次性30万元、20万元和10万元奖励。")
    # the asked level's value in a 分别 sentence, in either language
    assert find(analyse("国家级产业技术创新联盟是不是奖励20万元?"), [levels]).text == "否"
    assert find(analyse("省级产业技术创新联盟是不是奖励20万元?"), [levels]).text == "是"
    english = find(analyse("Does a national-level alliance get a one-off award of 200,000 yuan?"), [levels])
    assert (english.text, english.english) == ("否", "No")
    # a sum said without 元 is a sum
    assert find(analyse("补贴最高是不是200万?"), [cite(1, "按投资额的1%予以最高100万元的补贴。")]).text == "否"
    # no figure of that kind in the sentence: the figure decides nothing
    assert find(analyse("是不是每年安排5亿元?"), [cite(1, "支持领军企业培育。")]) is None


def test_a_yes_no_question_stating_a_count_or_two_figures_is_decided_by_all_of_them():
    labs = cite(1, "推动一批重大平台落地，落地建设2—3家国家实验室。")
    assert find(analyse("Does it aim to land 2–3 national laboratories?"), [labs]).english == "Yes"
    cars = cite(1, "建成三大产业基地，全市纯电动汽车产能达到50万辆。")
    assert find(analyse("Does it target a capacity of 1 million vehicles?"), [cars]).english == "No"
    # one figure right (5年) does not make another wrong one (500亿元) right
    fund = cite(1, "由市政府5年出资300亿元，重点支持产业化项目。")
    assert find(analyse("是不是5年拿出500亿元?"), [fund]).text == "否"
    assert find(analyse("是不是5年出资300亿元?"), [fund]).text == "是"
    # years and numbered parts are no counts
    assert find(analyse("Does Article 11 of the rules apply after 2020?"), [cite(1, "本条例适用于全市。")]).text == "是"


def test_a_date_opening_its_sentence_is_read_with_the_event_after_it():
    from rag.answer import short

    quote = cite(1, "2016年11月29日,市政府办公厅印发《方案》。2016年12月7日,市科委对《方案》作出解读。")
    topic = _coverage({"市科委": 1.0, "解读": 1.0, "方案": 0.5})
    assert find(analyse("市科委是哪天解读这个方案的?"), [quote], topic).text == "2016年12月7日"
    saved = short.FIGURE_OPENS
    try:
        short.FIGURE_OPENS = False  # each date alone in its stretch: the first one wins the tie
        assert find(analyse("市科委是哪天解读这个方案的?"), [quote], topic).text == "2016年11月29日"
    finally:
        short.FIGURE_OPENS = saved


@pytest.mark.parametrize(("question", "quote", "option"), [
    # sums written otherwise than the document
    ("对省认定的科技小镇,支持50万还是30万?",
     "对国家、省、市级产业联盟分别给予30万元、20万元和10万元奖励;对省认定的科技小镇,给予50万元资金支持。", "50万元"),
    ("这项计划每年的专项资金是5个亿还是8个亿?", "实施这项计划,每年安排8亿元专项资金。", "8亿元"),
    # a share in words against a share in signs, a month against a date
    ("中介奖励是按技术交易额的千分之一还是百分之一?", "对中介服务机构,按技术交易额的1‰给予奖励。", "1‰"),
    ("单位3月底前还是4月底前报告上一年度成果转化情况?",
     "单位于每年3月31日前向主管部门报告上一年度成果转化情况,主管部门于4月30日前提交。", "3月31日"),
])
def test_either_or_options_are_compared_by_value_in_a_sentence_naming_the_subject(question, quote, option):
    found = find(analyse(question), [cite(1, quote)])
    assert (found.text, found.kind) == (option, "option")


def test_either_or_by_value_needs_a_sentence_about_the_subject():
    from rag.answer import options

    q = analyse("对科技小镇支持50万还是30万?")
    other = cite(1, "对产业联盟给予30万元奖励。")  # one option stated, about another thing
    assert find(q, [other]) is None
    months = analyse("单位3月底前还是4月底前报告上一年度情况?")
    said = cite(1, "单位于每年3月31日前报告上一年度情况,主管部门于4月30日前提交。")
    assert find(months, [said]).text == "3月31日"
    saved = options.EITHER_BY_VALUE
    try:
        options.EITHER_BY_VALUE = False  # by their first characters: "4月" of 4月30日
        assert find(months, [said]).text == "4月"
    finally:
        options.EITHER_BY_VALUE = saved


def test_an_exemption_says_no_and_is_there_a_cap_asks_whether_one_is_stated():
    q = analyse("单位领导还要为定价担决策责任吗?")
    quote = cite(1, "单位领导勤勉尽责的,免除其在科技成果定价中的决策责任。")
    assert find(q, [quote], terms=["单位", "领导", "定价", "决策", "责任"]).text == "否"
    capped = cite(1, "对中介服务机构,按技术交易额的1‰给予年度最高10万元的奖励。")
    assert find(analyse("给中介机构的奖励有封顶吗?"), [capped], terms=["中介机构", "奖励", "封顶"]).text == "是"


def test_a_unit_is_a_name_after_its_label_not_what_follows_a_verb():
    from rag.answer import short

    led = cite(1, "牵头部门为市科技局,各责任单位要按照职责分工抓好落实。")
    assert find(analyse("这个计划的牵头部门是哪个?"), [led]).text == "市科技局"
    verb = cite(1, "发挥龙头企业牵头作用,搭建公共服务平台。")  # 牵头 as a verb names no unit
    assert find(analyse("产业联盟由谁牵头?"), [verb]) is None
    saved = short.UNIT_NAMES_ONLY
    try:
        short.UNIT_NAMES_ONLY = False
        assert find(analyse("产业联盟由谁牵头?"), [verb]).text.startswith("作用")
    finally:
        short.UNIT_NAMES_ONLY = saved


def test_whether_one_named_fills_a_slot_is_decided_by_the_sentence_naming_that_slot():
    from rag.answer import yesno

    led = cite(1, "成立由市政府主要负责同志任组长的领导小组,统筹规划示范区建设。")
    terms = ["领导小组", "组长", "科技部", "部长", "市政府", "主要", "负责"]
    assert find(analyse("领导小组的组长是科技部部长吗?"), [led], terms=terms).text == "否"
    assert find(analyse("领导小组的组长是市政府主要负责同志吗?"), [led], terms=terms).text == "是"
    # a sentence not naming the slot decides nothing
    assert find(analyse("领导小组的组长是科技部部长吗?"), [cite(1, "统筹规划示范区建设。")], terms=terms) is None
    saved = yesno.IDENTITY
    try:
        yesno.IDENTITY = False
        assert find(analyse("领导小组的组长是科技部部长吗?"), [led], terms=terms) is None
    finally:
        yesno.IDENTITY = saved


def test_an_english_yes_no_is_decided_on_its_face_only_by_a_sentence_stating_most_of_it():
    from rag.answer import yesno

    q = analyse("Does the central government fund the joint meeting?")
    other = cite(1, "市政府支持设立促进中心,下设若干办事机构。")  # says 支持, about something else
    words = {"中央政府": 1.0, "资金": 1.0, "联席会": 1.0}
    assert find(q, [other], _coverage(words), terms=list(words), stated=_coverage(words)) is None
    said = cite(1, "联席会的资金由中央政府支持。")
    assert find(q, [said], _coverage(words), terms=list(words), stated=_coverage(words)).text == "是"
    saved = yesno.ENGLISH_FACE_COVERAGE
    try:
        yesno.ENGLISH_FACE_COVERAGE = 0  # off: any sentence saying 支持 says Yes
        assert find(q, [other], _coverage(words), terms=list(words), stated=_coverage(words)).text == "是"
    finally:
        yesno.ENGLISH_FACE_COVERAGE = saved


def test_the_asked_attribute_fixes_the_kind_of_figure(monkeypatch):
    from rag.answer import short as short_module

    targets = [cite(1, "形成3-4个核心企业,产能不低于1000万千瓦时。")]
    assert find(analyse("电池成本目标是多少?"), targets) is None  # a cost is no count of enterprises
    assert find(analyse("核心企业目标是多少?"), targets).text == "3-4个"
    assert find(analyse("研发投入强度要达到多少?"), [cite(1, "研发投入强度达到6%以上,收入2.6万亿元。")]).text == "达到6%以上"
    assert find(analyse("收入占比要达到多少?"), [cite(1, "收入达到2.6万亿元,新增企业50家。")]) is None
    assert find(analyse("What output target in yuan is set?"), [cite(1, "建成三大基地,产值达到500亿元。")]).text == "达到500亿元"
    assert find(analyse("需要多少家企业?"), [cite(1, "成本不超过10万元,企业30家。")]).text == "30家"  # a measure word keeps its count
    monkeypatch.setattr(short_module, "KIND_BY_ATTRIBUTE", False)
    assert find(analyse("电池成本目标是多少?"), targets).text == "3-4个"


def test_a_lower_bound_after_the_figure_answers_an_at_least_question(monkeypatch):
    from rag.answer import short as short_module

    quote = "本级科技经费应占财政支出的百分之一点五以上，到2030年占财政支出的比例应达到百分之三。"
    topic = _coverage({"财政支出": 1.0, "比例": 0.3})  # the second sentence says 比例 too
    question = analyse("本级科技经费至少要占财政支出的多少比例？")
    assert find(question, [cite(1, quote)], topic).text == "百分之一点五以上"  # (a decimal share, read whole)
    monkeypatch.setattr(short_module, "BOUND_AFTER", False)
    assert find(question, [cite(1, quote)], topic).text == "达到百分之三"


def test_a_figures_own_stretch_outweighs_the_sentence_around_it(monkeypatch):
    from rag.answer import short as short_module

    quote = "企业研究经费，大型企业应占销售收入的百分之五以上；中型企业应占销售收入的百分之三以上。"
    topic = _coverage({"中型企业": 1.0, "研究经费": 2.5, "销售收入": 1.0})
    question = analyse("中型企业研究经费至少占销售收入多少？")
    assert find(question, [cite(1, quote)], topic).text == "百分之三以上"
    monkeypatch.setattr(short_module, "OWN_WEIGHT", 1.0)  # the first sentence's lead-in (研究经费) outweighed the subject
    assert find(question, [cite(1, quote)], topic).text == "百分之五以上"


def test_a_percentage_asked_is_not_answered_with_a_sum():
    quote = "凡当年上缴税款超过二十万元的，按一定比例返还。"
    assert find(analyse("上缴的税款按百分之多少返还？"), [cite(1, quote)]) is None
    assert find(analyse("上缴税款超过多少钱才返还？"), [cite(1, quote)]).text == "超过二十万元"


@pytest.mark.parametrize(("question", "quote", "terms"), [
    ("收回的资金能不能挪作别的用途？", "收回的资金转为发展基金，专款专用。", []),
    ("场馆可以改作其他用途吗？", "财政资金建设的场馆，不得擅自改变其功能。", []),
    ("劳务费有没有比例上限？", "劳务费据实列支，不单设比例限制。", ["劳务费", "比例", "上限"]),
])
def test_earmarked_money_a_fixed_use_and_a_limit_not_set_say_no(question, quote, terms):
    assert find(analyse(question), [cite(1, quote)], terms=terms).text == "否"


def test_the_earmark_and_limit_synonym_switches(monkeypatch):
    from rag.answer import yesno

    monkeypatch.setattr(yesno, "EARMARKS", False)
    found = find(analyse("收回的资金能不能挪作别的用途？"), [cite(1, "收回的资金转为发展基金，专款专用。")], terms=[])
    assert found is None or found.text != "否"
    monkeypatch.setattr(yesno, "PREDICATE_SYNONYMS", False)
    found = find(analyse("劳务费有没有比例上限？"), [cite(1, "劳务费据实列支，不单设比例限制。")],
                 terms=["劳务费", "比例", "上限"])
    assert found is None or found.text != "否"


@pytest.mark.parametrize(("question", "quote", "value", "in_english"), [
    ("罚款多少?", "处五万元以上十万元以下的罚款。", "五万元以上十万元以下", "50,000 yuan to 100,000 yuan"),
    ("罚款比例是多少?", "处骗取金额百分之十以上百分之三十以下的罚款。", "百分之十以上百分之三十以下", "10% to 30%"),
    ("补助多少?", "给予10万元至50万元补助。", "10万元至50万元", "100,000 yuan to 500,000 yuan"),
    ("奖励多少?", "奖励10万元，补贴5万元。", "10万元", "100,000 yuan"),  # two values, no range
])
def test_a_range_keeps_both_ends(question, quote, value, in_english, monkeypatch):
    from rag.answer import short as short_module

    found = find(analyse(question), [cite(1, quote)])
    assert found.text == value and english(found.text, found.kind) == in_english
    monkeypatch.setattr(short_module, "RANGES", False)
    # (the first end alone, with its bound: short.MONEY_BOUND)
    assert find(analyse(question), [cite(1, quote)]).text in ("五万元以上", "百分之十以上", "10万元")


def test_a_sum_asked_outright_is_read_as_a_sum_though_a_share_is_named():
    quote = "上缴税款超过二十万元的，按一定比例返还。"
    assert find(analyse("上缴税款超过多少钱，才能按比例返还？"), [cite(1, quote)]).text == "超过二十万元"



def test_a_right_asked_is_said_by_you_have_the_right_to(monkeypatch):
    from rag.answer import yesno

    terms = ["市民", "接受", "科普", "教育", "权利"]
    found = find(analyse("市民有没有接受科普教育的权利？"), [cite(1, "公民有权接受科普教育，参加科普活动。")], terms=terms)
    assert found is not None and found.text == "是"
    monkeypatch.setattr(yesno, "PREDICATE_SYNONYMS", False)
    found = find(analyse("市民有没有接受科普教育的权利？"), [cite(1, "公民有权接受科普教育，参加科普活动。")], terms=terms)
    assert found is None or found.text != "是"


def test_a_figure_bounded_against_the_asked_side_says_no(monkeypatch):
    from rag.answer import yesno

    quote = "单位留用部分中，发展基金不得少于百分之五十。"
    assert find(analyse("发展基金可以少于百分之五十吗？"), [cite(1, quote)], terms=["发展基金"]).text == "否"
    assert find(analyse("发展基金是不是不少于百分之五十？"), [cite(1, quote)], terms=["发展基金"]).text == "是"
    assert find(analyse("补助能超过50万元吗？"), [cite(1, "每家最高补助50万元。")], terms=["补助"]).text == "否"
    monkeypatch.setattr(yesno, "BOUND_AGAINST", False)
    assert find(analyse("发展基金可以少于百分之五十吗？"), [cite(1, quote)], terms=["发展基金"]).text == "是"


def test_a_bound_that_forbids_passing_a_figure_stays_with_it():
    quote = "因特殊情况需要延长的，延长期限最长不得超过二个月。"
    assert find(analyse("特殊情况最多还能延多久？"), [cite(1, quote)]).text == "不得超过二个月"  # not 超过二个月


@pytest.mark.parametrize(("question", "quote", "terms", "verdict"), [
    ("完全停拨事业费的单位，可以停发离退休金吗？", "完全停拨科研事业费的单位，离、退休金仍应当照拨。", ["停拨", "事业费", "退休金"], "否"),
    ("企业可以不给员工办养老保险吗？", "企业应当办理职工医疗、失业、养老等社会保险。", ["企业", "员工", "养老", "保险"], "否"),
    ("May an institute whose funding was stopped stop paying pensions?", "完全停拨科研事业费的单位，离、退休金仍应当照拨。",
     ["停拨", "退休金"], "否"),
    ("小微企业可以不缴纳年费吗？", "小微企业可以不缴纳年费。", ["小微企业", "缴纳", "年费"], "是"),
])
def test_leaving_a_duty_undone_is_answered_by_the_duty(question, quote, terms, verdict, monkeypatch):
    from rag.answer import yesno

    assert find(analyse(question), [cite(1, quote)], terms=terms).text == verdict
    monkeypatch.setattr(yesno, "DUTY_AGAINST", False)
    found = find(analyse(question), [cite(1, quote)], terms=terms)
    assert verdict == "是" or found is None or found.text != verdict



def test_money_asked_is_not_answered_with_a_count_but_how_many_times_is_a_count():
    quote = "推动一批重大科技平台落地，落地建设2—3家国家实验室。"
    assert find(analyse("每个国家实验室能拿到多少配套资金?"), [cite(1, quote)]) is None
    assert find(analyse("落地建设多少家国家实验室?"), [cite(1, quote)]).text == "2—3家"
    quote = "对连续两次考核不合格者，终止财政性资金资助。"
    assert find(analyse("服务机构考核连着几次不合格就停止资助？"), [cite(1, quote)]).text == "两次"


@pytest.mark.parametrize(("question", "quote"), [
    ("高校转化科技成果的收入需要上缴吗？", "高等院校转化科技成果所获得的收入全部留归本单位，纳入单位预算。"),
    ("人才认定是否仍保留年龄门槛？", "改革评选认定方式，逐步打破年龄、资历、职级等限制。"),
    ("Do the workstations charge young entrepreneurs for policy consulting?", "工作站免费为青年创新创业提供政策指引、政务咨询等服务。"),
])
def test_the_opposite_of_the_asked_predicate_says_no(question, quote, monkeypatch):
    from rag.answer import yesno

    assert find(analyse(question), [cite(1, quote)], terms=[]).text == "否"
    monkeypatch.setattr(yesno, "ANTONYMS", False)
    found = find(analyse(question), [cite(1, quote)], terms=[])
    assert found is None or found.text != "否"


def test_an_opposite_negated_or_absent_decides_nothing_by_itself():
    from rag.answer.yesno import _opposite_said

    assert _opposite_said("收入需要上缴吗", "收入不得留归个人，应当上缴国库。") is None
    assert _opposite_said("收入需要上缴吗", "收入纳入单位预算。") is None
    assert _opposite_said("是否收费", "提供免费培训") == "否"


def test_no_cap_asked_is_answered_by_the_cap_stated(monkeypatch):
    from rag.answer import yesno

    quote = "对中介服务机构，按技术交易额的1‰给予年度最高10万元的奖励。"
    assert find(analyse("按成交额发的奖励是不是不封顶?"), [cite(1, quote)], terms=[]).text == "否"
    assert find(analyse("Is the reward uncapped?"), [cite(1, quote)], terms=[]).english == "No"
    assert find(analyse("奖励有没有上限?"), [cite(1, quote)], terms=[]).text == "是"  # a cap asked, not its absence
    assert find(analyse("劳务费是否不设上限?"), [cite(1, "劳务费据实列支，不设比例限制，上不封顶。")], terms=[]).text == "是"
    monkeypatch.setattr(yesno, "NO_BOUND_ASKED", False)
    found = find(analyse("按成交额发的奖励是不是不封顶?"), [cite(1, quote)], terms=[])
    assert found is None or found.text != "否"


def test_a_count_short_answer_is_scored_by_its_value():
    assert short_correct("五", "5项") and short_correct("14（甲、乙、…等部门）", "14个") and short_correct("3", "三种")
    assert not short_correct("五", "6项") and not short_correct("八", "8章55条")
    assert not short_correct("第五条", "5条")  # (an article is no count)
