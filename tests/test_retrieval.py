"""English questions on the keyword side: CC-CEDICT renderings weighed as alternatives, and exact tokens."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rag.expand import translation_weights


@pytest.fixture(scope="module")
def expander(assistant):
    return assistant.index.expander


def _terms(groups):
    return [t for g in groups for t in g]


def test_possessive_is_looked_up_as_the_word(expander):
    assert "廊坊" in _terms(expander.expand_grouped("Langfang's leading firms"))
    assert "廊坊" in _terms(expander.expand_grouped("Langfang\u2019s plan"))


def test_unknown_compound_is_split_into_known_words(expander):
    terms = _terms(expander.expand_grouped("nanomaterials"))
    assert "纳米" in terms and "材料" in terms


def test_plural_phrase_matches_a_singular_gloss(expander):
    assert "千亿" in _terms(expander.expand_grouped("hundreds of billions of yuan"))


def test_each_term_appears_in_one_group_only(expander):
    groups = expander.expand_grouped("the plan of the Beijing plan for technology transfer plans")
    terms = _terms(groups)
    assert len(terms) == len(set(terms))
    assert expander.expand("the plan of the Beijing plan") == _terms(expander.expand_grouped("the plan of the Beijing plan"))


def test_translation_weights_split_an_ambiguous_word():
    weights = translation_weights([["方案", "计划", "安排"], ["廊坊"]])
    assert weights["廊坊"] == 1.0
    assert weights["方案"] == pytest.approx(1 / math.sqrt(3))


def test_weighted_search_scales_each_token(assistant):
    keyword = assistant.index.keyword
    plain = dict(keyword.search("奖励", 20))
    doubled = dict(keyword.weighted_search({"奖励": 2.0}, 20))
    assert plain and set(plain) == set(doubled)
    for row, score in plain.items():
        assert doubled[row] == pytest.approx(2 * score, rel=1e-5)
    assert keyword.weighted_search({"奖励": 0.0}, 20) == []
    assert keyword.weighted_search({"不存在的词语xyz": 1.0}, 20) == []


def test_weighted_search_never_returns_zero_scores(assistant):
    rows = assistant.index.keyword.weighted_search({"廊坊": 1.0, "纳米": 0.5}, 500)
    assert rows and all(score > 0 for _, score in rows)
    assert np.all(np.diff([s for _, s in rows]) <= 1e-6)  # best first


@pytest.mark.parametrize("token", ["DRC", "G20"])
def test_an_acronym_in_an_english_question_finds_the_clause_that_uses_it(assistant, token):
    hits = assistant.search(f"Tell me what the plan says about {token} and its role", top_k=3).hits
    assert token in hits[0].text


def test_english_question_with_a_possessive_place_stays_in_that_place(assistant):
    hits = assistant.search("What are Langfang's goals for science and technology towns?", top_k=3).hits
    assert hits[0].doc_id == "lf-sti-transfer-plan-2016"


def test_the_expander_saves_and_loads_its_table(expander, tmp_path):
    path = tmp_path / "en2zh.json"
    expander.save(path)
    assert type(expander).load(path).table == expander.table


def test_a_how_many_question_finds_the_clause_that_states_the_count(assistant):
    from rag.question import count_statement

    assert count_statement("重点任务总共几项?").search("等10个方面提出了36项重点任务")
    assert count_statement("一共有几项重点措施").search("实施十六项重点措施")
    assert count_statement("重点措施有哪些") is None
    # a count in 大, and modifiers between the count and the thing counted
    assert count_statement("要重点打造几大产业集群?").search("重点打造八大具有国际竞争力的产业集群")
    assert not count_statement("要重点打造几大产业集群?").search("打造八大平台，培育一批产业集群")
    # without the count signal "二、重点措施" (实施十六项重点措施) ranked 5th, below the preamble and its items
    hits = assistant.search("科学城若干措施列了几项重点措施", 5).hits
    assert "十六项重点措施" in hits[0].text


def test_a_clause_naming_the_quoted_name_goes_first():
    from rag.assistant import named_first
    from rag.models import Hit
    from rag.question import analyse

    def hit(cid: str, text: str) -> Hit:
        return Hit(clause_id=cid, doc_id="d", doc_title="若干措施", section_path=[], text=text, start=0,
                   end=len(text), score=1.0)

    hits = [hit("pre", "关于若干措施的说明。"), hit("n6", "探索实施“龙门计划”，推动企业上市。"), hit("n7", "建设人才公寓。")]
    assert [h.clause_id for h in named_first(analyse("“龙门计划”由哪个部门牵头？"), hits)] == ["n6", "pre", "n7"]
    assert [h.clause_id for h in named_first(analyse("「龍門計畫」由哪個部門牽頭？"), hits)] == ["n6", "pre", "n7"]
    # nothing named, or every clause names it: the order stands
    assert named_first(analyse("龙门计划由哪个部门牵头？"), hits) == hits
    assert named_first(analyse("“若干措施”有哪些？"), [hits[0]]) == [hits[0]]


def test_the_glossary_gives_levels_and_charges_their_regulation_words():
    from rag.expand import build_table

    # (a vocabulary of our own: no CC-CEDICT entries given, so only the glossary speaks)
    table = build_table({"省级", "市级", "收费", "费用", "收取", "奖项", "国家", "人数"}, entries=[])
    assert table["state"] == ["国家"] and table["people"] == ["人数"]
    assert table["provincial"] == ["省级"] and table["municipal"] == ["市级"]
    assert table["fees"] == ["费用", "收费"] and table["charge"] == ["收取", "收费"]
    assert "county" not in table or table["county"] == []  # no 县 word in this vocabulary


def test_the_glossary_gives_policy_words_the_dictionary_lacks_or_misreads():
    from rag.expand import build_table

    table = build_table({"集群", "实验室", "试点", "竞争力", "总部", "示范区", "国际", "驾驶"}, entries=[])
    assert table["clusters"] == ["集群"] and table["labs"] == ["实验室"] and table["headquarters"] == ["总部"]
    assert table["pilot"] == ["试点"] and table["competitive"] == ["竞争力"] and table["internationally"] == ["国际"]
    assert table["zone"] == ["示范区"]  # only the vocabulary's words


def test_the_glossary_gives_technology_words_the_dictionary_misreads():
    from rag.expand import Expander, build_table

    vocabulary = {"寿命", "电机", "电动汽车", "批量", "兼职", "石墨烯", "概念验证", "服务", "生命"}
    table = build_table(vocabulary, entries=[])
    assert table["motors"] == ["电机"] and table["ev"] == ["电动汽车"]
    concepts = Expander(table).concepts("What service-life target is set for mass-produced EV drive motors?")
    assert ["寿命"] in concepts and ["批量"] in concepts and ["电机"] in concepts
    assert Expander(table).concepts("Can researchers moonlight?")[-1] == ["兼职"]


def test_the_glossary_reads_phrases_the_dictionary_reads_word_by_word():
    from rag.expand import Expander, build_table

    vocabulary = {"兼职", "离岗", "创业", "再次", "重复", "同一", "时间", "采取", "起步", "业务", "重新", "一般"}
    expander = Expander(build_table(vocabulary, entries=[]))
    concepts = expander.concepts("Can teachers take part-time jobs or take leave to start a business?")
    assert ["兼职"] in concepts and ["离岗"] in concepts and ["创业"] in concepts
    assert ["时间"] not in concepts
    assert ["再次", "重复"] in expander.concepts("Can it be rewarded again for the same project?")


def test_the_glossary_gives_the_words_of_regulations():
    from rag.expand import Expander, build_table

    vocabulary = {"罚款", "精细", "用人单位", "单位", "发明人", "职务发明", "骗取", "招标", "责任", "暂行", "规定", "食品"}
    expander = Expander(build_table(vocabulary, entries=[]))
    concepts = expander.concepts("What fine applies when an employer cheats its inventors under the interim provisions?")
    assert ["罚款"] in concepts and ["单位", "用人单位"] in concepts and ["发明人"] in concepts
    assert ["骗取"] in concepts and ["暂行"] in concepts and ["规定"] in concepts
    assert ["精细"] not in concepts and ["食品"] not in concepts
    assert ["职务发明"] in expander.concepts("Who owns a service invention?")


def test_the_glossary_gives_a_cap_and_carmakers():
    from rag.expand import Expander, build_table

    expander = Expander(build_table({"最高", "上限", "整车企业", "整车"}, entries=[]))
    assert expander.concepts("capped at how much?") == [["最高", "上限"]]
    assert ["整车企业", "整车"] in expander.concepts("Which carmakers get support?")


def test_the_glossary_gives_research_funding_and_fair_words():
    from rag.expand import Expander, build_table

    vocabulary = {"国家自然科学基金", "资助", "同行", "评审专家", "通讯评审", "结题报告", "复审", "展会", "展位",
                  "项目负责人", "依托单位", "随机", "发给"}
    expander = Expander(build_table(vocabulary, entries=[]))
    concepts = expander.concepts("Who picks peer reviewers for an NSFC grant at random?")
    assert ["国家自然科学基金"] in concepts and ["资助"] in concepts and ["评审专家"] in concepts  # (the phrase)
    assert ["同行"] in expander.concepts("Is the peer review anonymous?")
    assert ["发给"] not in concepts
    assert ["展会"] in expander.concepts("How long does the trade fair run?")
    assert ["项目负责人"] in expander.concepts("Can the principal investigator be replaced?")
