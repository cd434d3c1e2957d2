"""Sixteenth round: rules from devdocs 13 / conversations dev 17 failure classes, each on hand-made text."""

from __future__ import annotations

import pytest

from rag.answer import enumerated
from rag.answer.enumerated import counted_nouns, inline_lists
from rag.normalize import normalize
from rag.question import analyse, fact_kinds


def test_items_that_each_open_with_the_counted_noun_are_counted():
    text = "工作中应当做到服务企业、服务高校、服务园区、服务乡村，提高服务水平。"
    nouns = counted_nouns(normalize("这份办法提出了几个“服务”？"))
    found = inline_lists(text, nouns)
    assert [(f.count, text[f.start:f.end]) for f in found] == [(4, "服务企业、服务高校、服务园区、服务乡村")]


def test_items_that_each_end_with_the_counted_noun_are_counted_in_english_too():
    text = "省政府对沿海地区、山区、沿边地区的中小企业给予扶持。"
    found = inline_lists(text, counted_nouns("How many kinds of regions get this support?"))
    assert [(f.count, text[f.start:f.end]) for f in found] == [(3, "沿海地区、山区、沿边地区")]


def test_a_list_whose_items_do_not_share_the_noun_is_not_counted():
    assert inline_lists("支持高校、院所、企业和园区开展合作。", counted_nouns(normalize("要坚持几个“服务”？"))) == []
    # one item naming the noun is no list of them
    assert inline_lists("服务企业、高校、园区。", counted_nouns(normalize("有几个“服务”？"))) == []


def test_the_shared_noun_rule_has_a_switch(monkeypatch):
    monkeypatch.setattr(enumerated, "SHARED_NOUN_ITEMS", False)
    assert inline_lists("做到服务企业、服务高校、服务园区。", counted_nouns(normalize("有几个“服务”？"))) == []


@pytest.mark.parametrize(("question", "count_wanted"), [
    ("备案的有效期限分为几类？", True),
    ("How many kinds of time limits does the rule set?", True),
    ("备案的有效期限是几年？", False),
    ("提出申请的时限是多少个工作日？", False),
])
def test_kinds_of_period_are_counted_not_measured(question, count_wanted):
    assert ("count" in fact_kinds(analyse(question), required=True)) is count_wanted


def test_a_documents_own_english_title_of_implementing_measures_names_no_other_document():
    from rag.answer import docfacts

    own = analyse("When were the Shaanxi measures for implementing the Seed Law first adopted?")
    assert docfacts.asked_field(own) == "adopted"
    # a question about the law a document implements still asks about another document
    assert docfacts.asked_field(analyse("Which law do these rules implement, and when was it adopted?")) is None


def _keyword_index(texts):
    from rag.keyword import KeywordIndex

    return KeywordIndex.build([normalize(t) for t in texts])


def test_a_rendering_that_meets_the_questions_other_words_in_one_clause_keeps_its_weight():
    from rag.expand import coherence

    index = _keyword_index(["任何单位不得强制农民使用某项技术。", "驻地部队支援地方建设。", "农民技术培训每年举办一次。"])
    assert sorted(index.rows_of("强制").tolist()) == [0] and index.rows_of("没有的词").size == 0
    # "force" rendered 强制 or 部队, asked beside "farmers" (农民) and "technology" (技术)
    factors = coherence([["强制", "部队"], ["农民"], ["技术"]], index.rows_of)
    assert factors["强制"] == 1.0
    assert factors["部队"] == pytest.approx(1 / 3)  # it meets neither word in any clause
    assert "农民" not in factors  # a word with one rendering is left alone


def test_renderings_that_meet_the_other_words_equally_are_left_alone(monkeypatch):
    from rag import expand

    index = _keyword_index(["强制农民使用技术。", "部队帮助农民推广技术。"])
    assert expand.coherence([["强制", "部队"], ["农民"], ["技术"]], index.rows_of) == {"强制": 1.0, "部队": 1.0}
    monkeypatch.setattr(expand, "EXPANSION_COHERENCE", False)
    assert expand.coherence([["强制", "部队"], ["农民"]], index.rows_of) == {}


def test_an_unanswered_document_side_is_named_once_without_its_period():
    from rag.answer.compare import merge
    from rag.answer.messages import _PERIOD_NOTE_RE

    name = _PERIOD_NOTE_RE.sub("", "关于推进某市技术转移的行动计划(2021—2023年)").strip()
    assert name == "关于推进某市技术转移的行动计划"
    assert _PERIOD_NOTE_RE.sub("", "某某规划（2016-2020）") == "某某规划"
    assert _PERIOD_NOTE_RE.sub("", "某某条例(2018年修订)") == "某某条例(2018年修订)"  # no period: kept
    merged = merge(analyse("这两份文件分别怎么规定？"), [(name, None)])
    assert "关于关于" not in merged.answer and merged.answer.startswith("关于推进某市技术转移的行动计划，")
    assert not any(ch.isdigit() for ch in merged.answer)


def test_a_pairing_like_one_station_one_platform_is_no_count():
    from rag.sentences import facts

    assert ("count", "一台") not in facts("推进“一站一台”建设")
    assert facts("每个区设立一个服务站", ("count",)) == [("count", "一个")]
    assert facts("建立一所学校一个基地", ("count",)) == [("count", "一所"), ("count", "一个")]


@pytest.mark.parametrize("question", ["Which bodies jointly issued these rules?", "Which ministries issued the measures?",
                                      "Which authorities published the notice?"])
def test_plural_issuing_bodies_ask_the_issuer(question):
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse(question)) == "issuer"


def test_first_promulgation_is_the_headers_publishing_line_not_the_versions_date():
    from rag.answer import docfacts
    from rag.docrecord import stated_fields

    text = ("# 某某保护条例\n\n2001年6月5日 国务院令第300号公布\n\n2011年1月8日 《国务院关于修改部分行政法规的决定》修订\n\n"
            "第一条 为了测试，制定本条例。\n")
    line = stated_fields(text)["promulgated"]
    assert line.value == "2001年6月5日" and text[line.start:line.end] == line.value
    assert "promulgated" not in stated_fields("# 某某办法\n\n第一条 为了测试。\n")
    assert docfacts.asked_field(analyse("When was this regulation first promulgated?")) == "promulgated"
    assert docfacts.asked_field(analyse("这部条例最初是什么时候公布的？")) == "promulgated"
    assert docfacts.asked_field(analyse("When was this regulation issued?")) == "date"


@pytest.mark.parametrize(("question", "asks_number"), [
    ("几家企业共同研发的成果，专利归谁所有？", False),
    ("凡是几个部门共同制定的标准，由哪个部门解释？", False),
    ("有几家单位参与，分别负责什么？", True),
    ("几家企业合作的项目，补助比例是多少？", True),
    ("一共设了几个分中心？", True),
])
def test_ji_opening_a_phrase_is_several_when_another_question_word_asks(question, asks_number, monkeypatch):
    assert ("number" in analyse(question).intents) is asks_number
    from rag import question as question_mod

    monkeypatch.setattr(question_mod, "INDEFINITE_JI", False)
    assert "number" in analyse(question).intents
