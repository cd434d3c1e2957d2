"""The abstention gates on hand-built drafts (no index, no model): each gate refuses what it is
for, and a draft from any composer (here one written by hand, as an LLM would) is judged alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from rag.answer.features import Featurizer
from rag.answer.gates import GATE_NAMES
from rag.answer.policy import AnswerPolicy
from rag.compose import Draft, citation_for
from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import DocumentMeta, Hit
from rag.normalize import normalize
from rag.question import analyse
from rag.sentences import Span

TEXTS = {
    "reward": "对科技成果转化的奖励比例不低于70%。",
    "reward_vague": "对科技成果转化的奖励比例由单位自主确定。",
    "group": "成立领导小组，统筹推进示范区建设。",
    "measures": "实施十六项重点措施，建设科学城。",
    "housing": "建设一批人才公寓，解决青年人才住房困难。",
    "lf_target": "引进和转化京津科技成果，全市技术合同成交额超过40亿元。",
    "lf_broker": "对促成京津高校科技成果在本市转化的中介机构，按技术交易额的1‰给予奖励。",
    "bj_listing": "推动科技型企业在上海、深圳证券交易所上市，扩大创业投资引导基金规模。",
    "bj_cars": "到2020年，燃料电池轿车续驶里程达到500公里。",
}
DOC_OF = {"lf_target": "lf", "lf_broker": "lf"}


@pytest.fixture(scope="module")
def featurizer():
    keyword = KeywordIndex.build([normalize(t) for t in TEXTS.values()])
    documents = {"bj": DocumentMeta(doc_id="bj", title="北京市测试方案", path="x.txt", issuer="北京市人民政府"),
                 "lf": DocumentMeta(doc_id="lf", title="廊坊市测试计划", path="y.txt", issuer="廊坊市人民政府")}
    return Featurizer(keyword, Expander({}), documents)


def hit(key: str) -> Hit:
    text, doc = TEXTS[key], DOC_OF.get(key, "bj")
    title = {"bj": "北京市测试方案", "lf": "廊坊市测试计划"}[doc]
    return Hit(clause_id=key, doc_id=doc, doc_title=title, section_path=["一、测试"], text=text,
               start=0, end=len(text), score=0.5)


def draft_quoting(*keys: str) -> tuple[Draft, list[Hit]]:
    """An answered draft that quotes whole clauses, as any composer might return it."""
    hits = [hit(k) for k in keys]
    citations = [citation_for(n, h, Span(h.start, h.end, h.text)) for n, h in enumerate(hits, start=1)]
    return Draft("".join(f"{h.text}[{n}]" for n, h in enumerate(hits, start=1)), citations, True,
                 {"composer": "hand"}), hits


def judge(featurizer, question: str, *keys: str, off=(), model=None):
    draft, hits = draft_quoting(*keys)
    return AnswerPolicy(featurizer, model, frozenset(off)).judge(analyse(question), draft, hits)


# a stand-in for the fitted model that reads place scope alone (the shipped one weighs it most, see test_scoring)
PLACE_MODEL = SimpleNamespace(threshold=0.5, probability=lambda features: 0.9 if features["places_covered"] else 0.1)


@pytest.mark.parametrize(("question", "keys", "gate"), [
    ("科技成果转化的奖励比例是多少", ("reward_vague",), "gate:fact"),
    ("第十二项重点措施是什么", ("measures",), "gate:ordinal"),
    ("专栏11的重点措施是什么", ("measures",), "gate:ordinal"),
    ("第七部分的重点措施是什么", ("measures",), "gate:ordinal"),
    ("领导小组的组长是谁", ("group",), "gate:role"),
    ("领导小组由谁担任组长", ("group",), "gate:role"),
    ("推进机制由哪位领导担任召集人", ("group",), "gate:role"),
    ("人才公寓的个人所得税怎样减免", ("housing",), "gate:oov"),
    ("停车位的收费标准是什么", ("measures",), "gate:coverage"),
    ("既然人才公寓免费分给所有博士，怎么申请？", ("housing",), "gate:presupposition"),
    ("为什么人才公寓只租给外地来的博士？", ("housing",), "gate:presupposition"),
])
def test_each_gate_refuses_what_it_is_for(featurizer, question, keys, gate):
    refused = judge(featurizer, question, *keys)
    assert not refused.answered and refused.citations == []
    assert refused.meta["gate"] == gate and refused.meta["gates"][gate] is False
    assert refused.answer.startswith("这些文件没有回答这个问题")
    # switched off, that gate no longer refuses (another may: the verdict then names it)
    assert judge(featurizer, question, *keys, off=[gate]).meta.get("gate") != gate


def test_an_answer_that_passes_every_gate_stands_with_its_verdicts(featurizer):
    answered = judge(featurizer, "北京对科技成果转化的奖励比例是多少", "reward")
    assert answered.answered and answered.citations
    assert set(answered.meta["gates"]) == set(GATE_NAMES) - {"gate:answerable"}  # no model loaded here
    assert all(answered.meta["gates"].values())
    assert answered.meta["features"]["slot_filled"] == 1.0


def test_the_fitted_model_gate_uses_its_threshold(featurizer):
    model = SimpleNamespace(threshold=0.6, probability=lambda features: 0.55)
    draft, hits = draft_quoting("reward")
    refused = AnswerPolicy(featurizer, model).judge(analyse("科技成果转化的奖励比例是多少"), draft, hits)
    assert not refused.answered and refused.meta["gate"] == "gate:answerable"
    assert refused.meta["margins"]["answerable"] == pytest.approx(-0.05)
    model.threshold = 0.5
    draft, hits = draft_quoting("reward")
    assert AnswerPolicy(featurizer, model).judge(analyse("科技成果转化的奖励比例是多少"), draft, hits).answered


def test_an_abstaining_draft_is_left_as_it_is(featurizer):
    draft = Draft("这些文件没有回答这个问题。", [], False, {"reason": "llm_abstained"})
    assert AnswerPolicy(featurizer).judge(analyse("奖励比例是多少"), draft, []) is draft


def test_the_subject_place_needs_a_clause_that_is_its_rule(featurizer):
    # a Langfang clause mentioning 京津 does not state Beijing's own target
    refused = judge(featurizer, "北京全市的技术合同成交额目标是多少", "lf_target", model=PLACE_MODEL)
    assert not refused.answered and refused.meta["reason"] == "place" and refused.meta["features"]["places_covered"] == 0
    assert "针对北京" in refused.answer
    other = judge(featurizer, "上海对科技成果转化的奖励比例是多少", "reward", model=PLACE_MODEL)
    assert not other.answered and "上海" in other.answer


def test_places_only_mentioned_may_be_named_by_a_compound(featurizer):
    # Langfang is the subject; Beijing and Tianjin are where the results come from: 京津 names both
    answered = judge(featurizer, "廊坊对促成北京和天津高校成果转化的中介机构奖励多少", "lf_broker", model=PLACE_MODEL)
    assert answered.answered, answered.meta
    english = judge(featurizer, "What reward does Langfang give brokers of results from Beijing and Tianjin?",
                    "lf_broker")
    assert english.meta["features"]["places_covered"] == 1.0


def test_no_one_character_alias_makes_nanjing_beijing(featurizer):
    from rag.answer.features import Evidence

    ev = Evidence(hit("measures"), Span(0, 4, "南京市的"), 1)
    assert featurizer.covers_place(ev, "北京") is True  # the Beijing document's own rule
    lf = Evidence(hit("lf_target").model_copy(update={"text": "南京高校"}), Span(0, 4, "南京高校"), 1)
    assert not featurizer.covers_place(lf, "北京")


def test_a_provinces_rules_hold_in_its_cities_but_not_a_citys_for_its_districts():
    from rag.answer.features import Evidence

    documents = {"ha": DocumentMeta(doc_id="ha", title="河南省测试条例", path="a.md", issuer="河南省人大常委会"),
                 "ly": DocumentMeta(doc_id="ly", title="洛阳市测试条例", path="b.md", issuer="洛阳市人大常委会"),
                 "bj": DocumentMeta(doc_id="bj", title="北京市测试方案", path="c.md", issuer="北京市人民政府")}
    feats = Featurizer(KeywordIndex.build(["本省 奖励"]), Expander({}), documents)

    def ev(doc: str) -> Evidence:
        text = "本省对转化成果的单位给予奖励。"
        h = Hit(clause_id=doc, doc_id=doc, doc_title=documents[doc].title, section_path=["第五条"], text=text,
                start=0, end=len(text), score=0.5)
        return Evidence(h, Span(0, len(text), text), 1)

    assert feats.covers_place(ev("ha"), "郑州", subject=True)  # 河南's regulation holds in 郑州
    assert feats.covers_place(ev("ha"), "洛阳", subject=True)
    assert not feats.covers_place(ev("ly"), "新乡", subject=True)  # 洛阳's does not hold in 新乡
    assert not feats.covers_place(ev("bj"), "海淀", subject=True)  # a Beijing-wide rule is not 海淀's own


def test_places_come_from_the_lexicon_longest_name_first():
    from rag.question import PLACE_PARENT, PLACES

    assert PLACE_PARENT["新乡"] == "河南" and PLACES["新乡"] == "xinxiang" and PLACE_PARENT["海淀"] == "北京"
    assert "白银" not in PLACES  # a common word (silver) is not taken for the city
    assert analyse("江西安徽两省的政策").places == ["江西", "安徽"]  # not 西安
    assert analyse("What does Luoyang offer young founders?").places == ["洛阳"]


def test_a_false_figure_in_the_question_is_refused_and_corrected(featurizer):
    refused = judge(featurizer, "既然奖励比例只有50%,为什么这么低?", "reward")
    assert not refused.answered and refused.meta["gate"] == "gate:premise"
    assert "50%" in refused.answer and "70%" in refused.answer  # what was asked, what the clause says
    assert judge(featurizer, "奖励比例不低于70%是指净收入吗?", "reward").meta.get("gate") != "gate:premise"


def test_hong_kong_is_mentioned_by_gang_ao():
    from rag.answer.features import Evidence

    documents = {"gz": DocumentMeta(doc_id="gz", title="广州市测试条例", path="a.md", issuer="广州市人大常委会")}
    feats = Featurizer(KeywordIndex.build(["港澳 青年"]), Expander({}), documents)
    text = "南沙区应当建设专门面向港澳青年的创业空间。"
    h = Hit(clause_id="c", doc_id="gz", doc_title="广州市测试条例", section_path=["第九条"], text=text,
            start=0, end=len(text), score=0.5)
    ev = Evidence(h, Span(0, len(text), text), 1)
    q = analyse("What must Guangzhou provide for young founders from Hong Kong and Macao?")
    assert q.places[0] == "广州" and feats.uncovered_places(q, [ev]) == []


def test_a_question_about_another_level_is_refused_and_told_which(featurizer):
    text = "对省认定的科技园区,给予30万元资金支持。"
    h = Hit(clause_id="t", doc_id="bj", doc_title="北京市测试方案", section_path=["一、测试"], text=text, start=0,
            end=len(text), score=0.5)
    citations = [citation_for(1, h, Span(0, len(text), text))]
    draft = Draft(f"{text}[1]", citations, True, {"composer": "hand"})
    refused = AnswerPolicy(featurizer, None).judge(analyse("北京对市级认定的科技园区给多少资金支持?"), draft, [h])
    assert not refused.answered and refused.meta["gate"] == "gate:tier" and "市级" in refused.answer


def test_a_place_named_as_owner_is_not_answered_by_another_places_mention_of_it(featurizer):
    from rag.answer.features import governs

    # "上海的…": what holds in Shanghai; a Beijing plan that names the Shanghai exchange does not say
    refused = judge(featurizer, "上海的创业投资引导基金规模是多少", "bj_listing", model=PLACE_MODEL)
    assert not refused.answered and refused.meta["features"]["places_covered"] == 0
    assert governs(analyse("上海的创业投资引导基金规模是多少"), "上海")
    assert governs(analyse("What is the fund size in Shanghai?"), "上海")
    # named as an object, or beside the document's own place, the mention still counts
    assert not governs(analyse("Besides Guiyang, which cities does the plan name?"), "贵阳")
    beside = judge(featurizer, "北京的方案支持企业去上海证券交易所上市吗", "bj_listing", model=PLACE_MODEL)
    assert beside.meta["features"]["places_covered"] == 1.0


def test_a_count_in_another_measure_does_not_fill_a_how_many(featurizer):
    # how many vehicles is not answered by a range in kilometres
    refused = judge(featurizer, "示范推广的燃料电池轿车有多少辆", "bj_cars")
    assert not refused.answered and refused.meta["gate"] == "gate:fact"
    answered = judge(featurizer, "燃料电池轿车续驶里程要达到多少公里", "bj_cars")
    assert answered.meta["features"]["fact_in_quote"] == 1.0


def test_a_part_numbered_in_chinese_numerals_is_found_in_the_headings(featurizer):
    from rag.question import analyse as read

    assert read("What does Part VII say?").ordinals == [7] and read("专栏11讲什么").ordinals == [11]
    assert read("Section 3 of the plan").ordinals == [3]
    # the clause sits under 一、测试: Part I is there, Part II is not
    assert judge(featurizer, "What key measures does Part I of the plan set?", "measures").meta["gates"]["gate:ordinal"]
    assert not judge(featurizer, "What key measures does Part II of the plan set?", "measures").meta["gates"]["gate:ordinal"]



def test_a_one_place_question_is_composed_from_that_places_clauses_first(featurizer):
    from rag.answer.scope import place_scoped

    mixed = [hit("lf_broker"), hit("reward"), hit("lf_target")]
    kept = place_scoped(analyse("北京对中介机构的奖励是多少?"), mixed, featurizer)
    assert [h.clause_id for h in kept] == ["reward", "lf_broker", "lf_target"]  # the Beijing clause first
    assert [h.clause_id for h in place_scoped(analyse("廊坊对中介机构的奖励是多少?"), mixed, featurizer)] == [
        "lf_broker", "lf_target", "reward"]
    # no clause holds there, no place named, or several places: the hits stay as they were
    assert place_scoped(analyse("上海对中介机构的奖励是多少?"), mixed, featurizer) == mixed
    assert place_scoped(analyse("对中介机构的奖励是多少?"), mixed, featurizer) == mixed
    assert place_scoped(analyse("北京和廊坊对中介机构的奖励分别是多少?"), mixed, featurizer) == mixed


def test_a_responsibility_line_is_quoted_for_who_questions_only():
    from rag.compose import ExtractiveComposer

    text = "8.实施专利护航计划。完善专利护航服务体系。牵头单位:区知识产权局责任单位:区财政局"
    documents = {"hd": DocumentMeta(doc_id="hd", title="海淀测试措施", path="h.txt")}
    composer = ExtractiveComposer(KeywordIndex.build([normalize(text)]), Expander({}), documents)
    h = Hit(clause_id="c", doc_id="hd", doc_title="海淀测试措施", section_path=["8.实施专利护航计划"], text=text,
            start=0, end=len(text), score=0.5)
    content = composer.compose(analyse("专利护航计划有哪些内容?"), [h])
    assert "牵头单位" not in content.answer and "服务体系" in content.answer
    assert "区知识产权局" in composer.compose(analyse("专利护航计划由哪个单位牵头?"), [h]).answer


def _one_clause_composer(text: str, off: frozenset[str] = frozenset()):
    """A composer over one document whose one clause is `text`, and that clause as a hit."""
    from rag.compose import ExtractiveComposer

    documents = {"zc": DocumentMeta(doc_id="zc", title="测试意见", path="z.txt")}
    composer = ExtractiveComposer(KeywordIndex.build([normalize(text)]), Expander({}), documents, off=off)
    return composer, Hit(clause_id="c", doc_id="zc", doc_title="测试意见", section_path=["3.搭建合作平台"], text=text,
                         start=0, end=len(text), score=0.5)


def test_a_list_question_gets_every_sentence_naming_the_asked_thing():
    text = ("成立审批联席会,统筹项目。成立甲工作组,推进金融创新。成立乙工作组,服务人才。"
            "加强宣传。成立丙工作组,推广新产品。成立丁工作组,推进规划建设。成立戊工作组,开展试点。")
    composer, h = _one_clause_composer(text)
    answer = composer.compose(analyse("搭建合作平台成立了哪些工作组?"), [h]).answer
    assert all(f"{x}工作组" in answer for x in "甲乙丙丁戊") and "加强宣传" not in answer
    assert answer.index("甲工作组") < answer.index("戊工作组")
    # switched off (ablation), the quote cap cuts the list
    off, _ = _one_clause_composer(text, frozenset({"rule:parallel_items"}))
    assert not all(f"{x}工作组" in off.compose(analyse("搭建合作平台成立了哪些工作组?"), [h]).answer for x in "甲乙丙丁戊")


def test_a_list_whose_best_sentence_names_something_else_still_gets_every_sentence_naming_the_thing():
    text = ("成立审批联席会,市政府出资300亿元,统筹项目。成立甲工作组,推进金融创新。成立乙工作组,服务人才。"
            "成立丙工作组,推广新产品。成立丁工作组,推进规划建设。")
    composer, h = _one_clause_composer(text)
    # the 联席会 sentence covers the question best (its words are asked), yet the 工作组 are the list
    answer = composer.compose(analyse("测试意见里除了审批联席会，还成立了哪些工作组?"), [h]).answer
    assert all(f"{x}工作组" in answer for x in "甲乙丙丁") and "300亿元" not in answer


def test_another_name_on_a_documents_kind_of_thing_is_a_name_the_documents_lack():
    texts = ["甲乙丙国家自主创新示范区内的单位可以自主开展职称评审。", "示范区建设领导小组办公室设在省科技厅。"]
    keyword = KeywordIndex.build([normalize(t) for t in texts])
    documents = {"z": DocumentMeta(doc_id="z", title="甲乙丙国家自主创新示范区条例", path="z.txt")}
    f = Featurizer(keyword, Expander({}), documents)
    assert f.unknown_name(analyse("丁戊国家自主创新示范区的单位能否自主开展职称评审？")) == "丁戊国家自主创新示范区"
    for same in ("甲乙丙国家自主创新示范区的单位能否自主开展职称评审？",  # the document's own name
                 "国家自主创新示范区的单位能否自主开展职称评审？",  # no name before it
                 "示范区的单位能否自主开展职称评审？",  # too short a piece of the title to be a name
                 "What does the demonstration zone regulation say?"):
        assert f.unknown_name(analyse(same)) is None, same
    # as a gate: refused, naming it
    h = Hit(clause_id="z1", doc_id="z", doc_title="甲乙丙国家自主创新示范区条例", section_path=["第一条"], text=texts[0],
            start=0, end=len(texts[0]), score=0.5)
    q = analyse("丁戊国家自主创新示范区的单位能否自主开展职称评审？")
    d = Draft(f"{texts[0]}[1]", [citation_for(1, h, Span(0, len(texts[0]), texts[0]))], True, {})
    judged = AnswerPolicy(f).judge(q, d, [h])
    assert not judged.answered and "丁戊国家自主创新示范区" in judged.answer
    assert AnswerPolicy(f, off=frozenset({"gate:name"})).judge(q, Draft(d.answer, d.citations, True, {}), [h]).answered


def test_a_premise_the_documents_state_passes_and_a_refusal_names_an_unstated_one(featurizer):
    said = judge(featurizer, "既然要建设一批人才公寓，解决青年人才住房困难，怎么申请？", "housing")
    assert said.meta["gates"]["gate:presupposition"] is True
    assert said.meta["margins"]["presupposition"] >= 0
    refused = judge(featurizer, "既然人才公寓免费分给所有博士，怎么申请？", "housing")
    assert "人才公寓免费分给所有博士" in refused.answer
    # a question that takes nothing for granted is not read for a premise
    assert "presupposition" not in judge(featurizer, "人才公寓怎么申请？", "housing").meta["margins"]


def test_an_answer_whose_first_quote_leaves_the_asked_content_to_another_text_is_refused():
    texts = ["示范点的具体办法，由省人民政府另行制定。", "附件：重点任务分工（略）"]
    keyword = KeywordIndex.build([normalize(t) for t in texts])
    f = Featurizer(keyword, Expander({}), {})

    def judged(question: str, text: str):
        h = Hit(clause_id="x", doc_id="d", doc_title="测试条例", section_path=["第九条"], text=text, start=0,
                end=len(text), score=0.5)
        d = Draft(f"{text}[1]", [citation_for(1, h, Span(0, len(text), text))], True, {})
        return AnswerPolicy(f).judge(analyse(question), d, [h])

    listed = judged("示范点具体有哪些？", texts[0])
    assert not listed.answered and listed.meta["gate"] == "gate:deferred" and "另行制定" in listed.answer
    assert judged("重点任务分工有哪些内容？", texts[1]).meta["gate"] == "gate:deferred"
    # who makes it, or when, is what that sentence answers
    assert judged("示范点的具体办法由谁制定？", texts[0]).meta["gates"]["gate:deferred"] is True
    # an omitted part answers no one's role either
    assert judged("重点任务分工里各项任务由哪个部门牵头？", texts[1]).meta["gate"] == "gate:deferred"
    from rag.answer import gates
    saved = gates.OMISSION_ANSWERS_NOTHING
    try:
        gates.OMISSION_ANSWERS_NOTHING = False
        assert judged("重点任务分工里各项任务由哪个部门牵头？", texts[1]).meta["gates"]["gate:deferred"] is True
    finally:
        gates.OMISSION_ANSWERS_NOTHING = saved


def test_a_short_name_of_a_body_is_covered_by_its_full_name():
    from rag.answer.features import forms_of

    assert forms_of("北京市科委") == ["北京市科委", "北京市科学技术委员会"]
    assert forms_of("人才公寓") == ["人才公寓"]
    text = "2016年12月7日，北京市科学技术委员会对行动方案作出解读。"
    f = Featurizer(KeywordIndex.build([normalize(text)]), Expander({}), {})
    h = Hit(clause_id="x", doc_id="d", doc_title="测试方案", section_path=["内容解读"], text=text, start=0,
            end=len(text), score=0.5)
    d = Draft(f"{text}[1]", [citation_for(1, h, Span(0, len(text), text))], True, {})
    judged = AnswerPolicy(f).judge(analyse("北京市科委哪一天对行动方案作出解读？"), d, [h])
    assert judged.meta["gates"]["gate:oov"] is True and judged.meta["gates"]["gate:coverage"] is True


def test_a_yes_no_question_stating_another_figure_is_answered_no_not_refused(featurizer):
    """The figure a yes/no (or either-or) question states is what it asks about: 否, with the clause's own."""
    no = judge(featurizer, "奖励比例是不是50%?", "reward")
    assert no.answered and no.short.text == "否" and "70%" in no.answer
    yes = judge(featurizer, "奖励比例是不是不低于70%?", "reward")
    assert yes.answered and yes.short.text == "是"
    options = judge(featurizer, "Is the reward share at least 50% or at least 70%?", "reward")
    assert options.meta.get("gate") != "gate:premise"


def test_a_how_many_is_answered_by_the_sentence_stating_that_count_not_another():
    text = ("《甲方案》共分为总体思路、基本原则、发展目标、重点任务、实施保障五大部分。第四部分重点任务。"
            "从汇集科技成果信息、释放创新主体活力、激发科技人员动力等10个方面提出了36项重点任务。")
    composer, h = _one_clause_composer(text)
    draft = composer.compose(analyse("甲方案的重点任务分了几个方面?"), [h])
    assert "10个方面" in draft.citations[0].quote
    off, _ = _one_clause_composer(text, frozenset({"feat:count_statement"}))
    assert "10个方面" not in off.compose(analyse("甲方案的重点任务分了几个方面?"), [h]).citations[0].quote


def test_a_count_another_plan_has_is_no_statement_of_this_ones_count():
    text = ("对国家《行动方案》涉及的26项重点任务进行认真梳理,逐条对照落实。"
            "从汇集科技成果信息等10个方面提出了36项重点任务。")
    composer, h = _one_clause_composer(text)
    assert "36项" in composer.compose(analyse("测试意见一共列了几项重点任务?"), [h]).citations[0].quote
    off, _ = _one_clause_composer(text, frozenset({"feat:own_count"}))
    assert "26项" in off.compose(analyse("测试意见一共列了几项重点任务?"), [h]).citations[0].quote


def test_a_box_is_named_by_its_heading_not_by_a_number_in_another_boxs_text(featurizer):
    from rag.answer import gates
    from rag.answer.policy import AnswerPolicy

    text = "新增10个以上销售额达到5亿元的品种。"
    box5 = Hit(clause_id="b5", doc_id="bj", doc_title="北京市测试方案", section_path=["专栏5:生物医药工程"], text=text,
               start=0, end=len(text), score=0.5)
    draft = Draft(f"{text}[1]", [citation_for(1, box5, Span(0, len(text), text))], True, {"composer": "hand"})
    policy = AnswerPolicy(featurizer, None)
    assert policy.judge(analyse("专栏5的品种目标是多少?"), draft, [box5]).answered
    refused = policy.judge(analyse("专栏10的品种目标是多少?"), draft, [box5])  # the 10 of 10个以上 is no box
    assert not refused.answered and refused.meta["gate"] == "gate:ordinal"
    saved = gates.BOX_BY_NAME
    try:
        gates.BOX_BY_NAME = False
        assert policy.judge(analyse("专栏10的品种目标是多少?"), draft, [box5]).answered
    finally:
        gates.BOX_BY_NAME = saved


def test_a_short_answer_from_a_sentence_of_another_level_is_refused(monkeypatch):
    from rag.answer import policy as policy_module
    from rag.answer.policy import AnswerPolicy

    texts = ["重点推进一批协同创新基地建设,促进创新资源流动共享。", "对新认定的市级协同创新基地给予一次性奖励10万元。"]
    table = {"collaborative": ["协同"], "innovation": ["创新"], "base": ["基地"], "award": ["奖励"], "recognised": ["认定"]}
    f = Featurizer(KeywordIndex.build([normalize(t) for t in texts]), Expander(table), {})
    hits = [Hit(clause_id=f"c{i}", doc_id="d", doc_title="测试计划", section_path=["(二)支持载体建设"], text=t,
                start=0, end=len(t), score=0.5) for i, t in enumerate(texts)]

    def judged(question: str):
        cites = [citation_for(n, h, Span(0, len(h.text), h.text)) for n, h in enumerate(hits, start=1)]
        d = Draft("".join(f"{h.text}[{n}]" for n, h in enumerate(hits, start=1)), cites, True, {})
        # (the coverage floor aside: this tiny table translates few of the English words)
        return AnswerPolicy(f, off=frozenset({"gate:coverage"})).judge(analyse(question), d, hits)

    # the first quote names no level, so the tier gate passes; the value's own sentence is 市级
    refused = judged("对新认定的省级协同创新基地奖励多少？")
    assert not refused.answered and refused.meta["gate"] == "gate:tier" and "市" in refused.answer
    english = judged("How much is the award for a newly recognised provincial-level collaborative innovation base?")
    assert not english.answered and "provincial" in english.answer and "municipal" in english.answer
    assert judged("对新认定的市级协同创新基地奖励多少？").short.text == "10万元"
    monkeypatch.setattr(policy_module, "SHORT_TIER", False)
    assert judged("对新认定的省级协同创新基地奖励多少？").answered


def test_a_figure_question_whose_quotes_give_no_value_of_its_kind_is_refused(monkeypatch):
    from rag.answer import policy as policy_module
    from rag.answer.policy import AnswerPolicy

    texts = ["设立科技创新和产业化促进中心,下设若干具体办事机构,由市政府5年出资300亿元。"]
    f = Featurizer(KeywordIndex.build([normalize(t) for t in texts]), Expander({}), {})
    hits = [Hit(clause_id="c0", doc_id="d", doc_title="测试意见", section_path=["3.搭建合作平台"], text=texts[0],
                start=0, end=len(texts[0]), score=0.5)]

    def judged(question: str):
        cites = [citation_for(1, hits[0], Span(0, len(texts[0]), texts[0]))]
        return AnswerPolicy(f, off=frozenset({"gate:coverage"})).judge(analyse(question), Draft(f"{texts[0]}[1]", cites, True, {}), hits)

    # 300亿元 is a figure in the quote (the fact gate passes), but no count of offices: 若干 states none
    refused = judged("促进中心下面设了几个办事机构?")
    assert not refused.answered and refused.meta["gate"] == "gate:value" and refused.meta["reason"] == "fact"
    assert judged("促进中心由市政府出资多少?").short.text == "300亿元"
    assert judged("促进中心是否下设办事机构?").answered  # a yes/no question needs no figure
    monkeypatch.setattr(policy_module, "NO_VALUE_REFUSAL", False)
    assert judged("促进中心下面设了几个办事机构?").answered


def test_a_year_naming_the_document_is_no_fact_its_clause_must_state(monkeypatch):
    from rag.answer import gates

    text = "列入国家计划的重大科技项目，原则上都应当实行招标。"
    keyword = KeywordIndex.build([normalize(text)])
    documents = {"gw": DocumentMeta(doc_id="gw", title="国务院关于科学技术拨款管理的暂行规定", path="z.md",
                                    issuer="国务院", date="1986-01-23")}
    feats = Featurizer(keyword, Expander({}), documents)
    clause = Hit(clause_id="gw-3", doc_id="gw", doc_title=documents["gw"].title, section_path=["第三条"], text=text,
                 start=0, end=len(text), score=0.5)

    def ordinal_passes(question: str) -> bool:
        draft = Draft(f"{text}[1]", [citation_for(1, clause, Span(0, len(text), text))], True, {"composer": "hand"})
        return AnswerPolicy(feats).judge(analyse(question), draft, [clause]).meta["gates"]["gate:ordinal"]

    assert ordinal_passes("按照国务院1986年的拨款规定，重大科技项目要招标吗？")
    assert ordinal_passes("Under the 1986 interim provisions, must major projects be put out to tender?")
    assert not ordinal_passes("1987年的拨款规定里，重大科技项目要招标吗？")  # not the document's year
    assert not ordinal_passes("1986年有多少重大科技项目实行了招标？")  # a year asked about, not a name
    monkeypatch.setattr(gates, "DOCUMENT_YEARS", False)
    assert not ordinal_passes("按照国务院1986年的拨款规定，重大科技项目要招标吗？")


def test_the_nth_amendment_is_an_ordinal_the_front_matter_states(featurizer):
    text = "2011年11月25日重庆市第三届人民代表大会常务委员会第二十八次会议第二次修正"
    clause = Hit(clause_id="cq-0", doc_id="bj", doc_title="北京市测试方案", section_path=["北京市测试方案"], text=text,
                 start=0, end=len(text), score=0.5)
    draft = Draft(f"{text}[1]", [citation_for(1, clause, Span(0, len(text), text))], True, {"composer": "hand"})
    verdict = AnswerPolicy(featurizer).judge(analyse("When was it amended for the second time?"), draft, [clause])
    assert verdict.meta["gates"]["gate:ordinal"]
    draft = Draft(f"{text}[1]", [citation_for(1, clause, Span(0, len(text), text))], True, {"composer": "hand"})
    assert not AnswerPolicy(featurizer).judge(analyse("When was it amended for the third time?"), draft,
                                              [clause]).meta["gates"]["gate:ordinal"]


def test_the_content_asked_in_detail_is_not_given_by_a_sentence_deferring_it(monkeypatch):
    from rag.answer import gates

    text = "国防科技拨款管理办法，由国防科工委另行制订。"
    f = Featurizer(KeywordIndex.build([normalize(text), "科技 拨款 办法"]), Expander({}), {})

    def judged(question: str):
        h = Hit(clause_id="x", doc_id="d", doc_title="测试规定", section_path=["第十条"], text=text, start=0,
                end=len(text), score=0.5)
        d = Draft(f"{text}[1]", [citation_for(1, h, Span(0, len(text), text))], True, {})
        return AnswerPolicy(f).judge(analyse(question), d, [h])

    assert judged("国防科技拨款管理办法的具体内容是什么？").meta["gate"] == "gate:deferred"
    assert judged("How exactly is defence S&T funding managed?").meta["gates"]["gate:deferred"] is False
    assert judged("国防科技拨款管理办法由谁制订？").meta["gates"]["gate:deferred"] is True  # who: that sentence
    monkeypatch.setattr(gates, "DETAIL_ASKED", False)
    assert judged("国防科技拨款管理办法的具体内容是什么？").meta["gates"]["gate:deferred"] is True


def test_a_long_polite_message_around_one_question_is_not_refused_for_its_courtesies(featurizer):
    """(sixteenth round) The coverage gate's floor is low enough that the words of a courteous message
    around the question (greetings, who is asking, thanks) do not refuse the clause that answers it, while a
    question whose subject no quote names is still refused by it."""
    from rag.answer.gates import COVERAGE_FLOOR

    polite = judge(featurizer, "您好，我刚毕业来这边工作，家里人也很关心，想请教一下人才公寓是给谁建的？谢谢", "housing")
    assert polite.answered and polite.meta["gates"]["gate:coverage"] is True
    assert COVERAGE_FLOOR <= polite.meta["features"]["coverage"] < 0.3  # refused at the old floor
    other = judge(featurizer, "停车位的收费标准是什么", "housing")
    assert not other.answered and other.meta["gate"] == "gate:coverage"
