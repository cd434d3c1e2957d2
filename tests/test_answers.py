"""Answers: the citation checker on deliberately wrong answers, and the extractive composer on the real index."""

from __future__ import annotations

import pytest

from rag.errors import BadInput
from rag.models import Citation
from rag.verify import check, repair


@pytest.fixture(scope="module")
def good(assistant):
    """A real answer to start from: its first citation is the 70% clause."""
    answer = assistant.ask("科研人员转化成果能拿多少奖励")
    assert answer.answered
    return answer


def _check(assistant, text, citations):
    return check(text, citations, lambda d: assistant.document(d).text, assistant._clause_or_none)


def test_a_real_answer_passes_the_checker(assistant, good):
    assert _check(assistant, good.answer, good.citations) == []


def test_checker_catches_a_marker_without_a_citation(assistant, good):
    problems = _check(assistant, good.answer + "另有规定[9]。", good.citations)
    assert any(p.kind == "markers" and "[9]" in p.detail for p in problems)


def test_checker_catches_an_unused_citation(assistant, good):
    extra = good.citations[0].model_copy(update={"n": 8})
    problems = _check(assistant, good.answer, [*good.citations, extra])
    assert any(p.kind == "markers" and "citation 8" in p.detail for p in problems)


def test_checker_catches_a_quote_that_is_not_at_its_offsets(assistant, good):
    c = good.citations[0]
    moved = c.model_copy(update={"start": c.start + 1, "end": c.end + 1})
    problems = _check(assistant, good.answer, [moved, *good.citations[1:]])
    assert any(p.kind == "quote" for p in problems)
    altered = c.model_copy(update={"quote": c.quote.replace("70%", "90%")})
    assert any(p.kind == "quote" for p in _check(assistant, good.answer, [altered, *good.citations[1:]]))


def test_checker_catches_a_span_outside_the_cited_clause(assistant, good):
    c = good.citations[0]
    other = assistant.clause("bj-sti-transfer-action-plan:C4.P3.N9")
    wrong = c.model_copy(update={"clause_id": other.clause_id})
    assert any(p.kind == "clause" for p in _check(assistant, good.answer, [wrong, *good.citations[1:]]))


@pytest.mark.parametrize("claim", ["可按90%及以上比例奖励[1]。", "每年安排300亿元[1]。", "于每年5月1日前报告[1]。", "实施“百强领军”计划[1]。"])
def test_checker_catches_invented_numbers_dates_and_names(assistant, good, claim):
    problems = _check(assistant, good.answer + "\n" + claim, good.citations)
    assert [p.kind for p in problems] == ["unsupported"]
    text, citations = repair(good.answer + "\n" + claim, good.citations, problems)
    assert claim.split("[")[0] not in text
    assert _check(assistant, text, citations) == []


def test_repair_renumbers_after_dropping_a_bad_source(assistant, good):
    c = good.citations[0]
    bogus = Citation(n=2, clause_id=c.clause_id, doc_id=c.doc_id, doc_title=c.doc_title,
                     section_path=c.section_path, quote="不存在的句子", start=0, end=6)
    text = f"甲{c.quote}[2]\n乙{c.quote}[5]"
    cits = [bogus, c.model_copy(update={"n": 5})]
    problems = _check(assistant, text, cits)
    fixed, kept = repair(text, cits, problems)
    assert "[1]" in fixed and "[5]" not in fixed and [k.n for k in kept] == [1]
    assert _check(assistant, fixed, kept) == []


def test_answer_quotes_verbatim_at_offsets(assistant, good):
    doc = assistant.document("bj-sti-transfer-action-plan")
    first = good.citations[0]
    assert "70%及以上" in first.quote  # the asked-for figure comes first
    for c in good.citations:
        assert assistant.document(c.doc_id).text[c.start : c.end] == c.quote
    assert doc.text[first.start : first.end] == first.quote
    assert good.timings_ms["retrieve"] > 0 and good.timings_ms["total"] >= good.timings_ms["retrieve"]


def test_english_question_gets_an_english_lead_and_chinese_quotes(assistant):
    answer = assistant.ask("What reward does Langfang give for a newly recognised municipal-level collaborative innovation base?")
    assert answer.answered
    # the value first, in English beside the original, then the English lead line and the Chinese quote
    assert answer.answer.startswith("Answer: 100,000 yuan (10万元) [")
    assert answer.answer.splitlines()[1].startswith("According to 《")
    assert answer.short_answer.text_en == "100,000 yuan"
    assert any("10万元" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("上海的科技成果转化奖励比例是多少", "这些文件没有回答这个问题"),
        ("上海的科技成果轉化獎勵比例是多少?", "這些文件沒有回答這個問題"),
        ("What share of research income may Shanghai researchers keep?", "These documents do not answer"),
        ("科学城那份文件里第十二项措施说了什么?", "这些文件没有回答这个问题"),
    ],
)
def test_abstains_plainly_in_the_question_language(assistant, question, start):
    answer = assistant.ask(question)
    assert not answer.answered
    assert answer.answer.startswith(start)
    assert answer.citations == [] and answer.hits  # the closest passages are still returned


def test_a_place_the_corpus_never_mentions_is_not_answered_for_by_another(assistant):
    answer = assistant.ask("杭州的科技人员成果转化奖励比例是多少?")
    assert not answer.answered
    assert "杭州" in answer.answer and "北京" not in answer.answer.split("最接近")[0]
    assert assistant.ask("北京对科技人员的成果转化奖励比例是多少?").answered
    # compared side by side: Beijing's answered from Beijing's documents, Hangzhou's said to be unanswered
    both = assistant.ask("杭州和北京对科技人员的成果转化奖励比例分别是多少?")
    assert both.answered and both.meta["composer"] == "per-side" and both.meta["unanswered"] == ["杭州"]
    assert all("廊坊" not in c.doc_title and "杭州" not in c.quote for c in both.citations)
    assert both.answer.startswith("答：北京") and "关于杭州，这些文件没有回答这个问题。" in both.answer


def test_every_place_asked_about_needs_a_clause_that_speaks_for_it(assistant):
    answer = assistant.ask("雄安新区承接北京的科技成果转化项目有哪些补贴?")  # only Beijing and Langfang documents
    assert not answer.answered and answer.meta["reason"] == "place"
    assert "雄安" in answer.answer and "北京" not in answer.answer.split("最接近")[0]
    assert assistant.ask("北京和廊坊分别怎样支持科技成果转化?").answered  # both have a document


def test_a_district_document_does_not_speak_for_its_whole_city(assistant):
    whole = assistant.ask("北京全市的城市空间更新基金规模是多少?")  # only Haidian's fund is stated
    assert not whole.answered and whole.meta["reason"] == "place" and "针对北京" in whole.answer
    district = assistant.ask("海淀的城市空间更新基金规模是多少?")
    assert district.answered and any("100亿" in c.quote for c in district.citations)
    english = assistant.ask("How big is Xiong'an's urban renewal fund?")
    assert not english.answered and "Xiong'an" in english.answer


def test_a_list_question_answered_by_a_list_clause_quotes_its_items(assistant):
    answer = assistant.ask("协同创新三大机制分别是什么?")  # clause "2.建立协同创新三大机制": three paragraphs
    assert answer.answered
    assert [c.quote for c in answer.citations] == ["建立政策互动机制。", "建立资源共享机制。", "建立市场开放机制。"]
    assert len({c.clause_id for c in answer.citations}) == 1


def test_a_document_number_question_needs_that_document_s_number(assistant):
    stated = assistant.ask("北京市促进科技成果转移转化行动方案的发文字号是什么?")
    assert stated.answered and any("京政辦發〔2016〕50號" in c.quote for c in stated.citations)
    # Langfang's copy cites another document's number, 《…的决定》(廊字〔2016〕29号), never its own; the
    # question names that plan alone, so its silent record is said, not another document's number used
    missing = assistant.ask("廊坊行动计划的文号是多少?")
    assert not missing.answered and missing.meta["reason"] == "document_record_unstated"
    assert "行动计划(2016—2018年)》的文件记录没有载明发文字号" in missing.answer


def test_document_numbers_are_facts_unless_they_number_a_cited_title():
    from rag.sentences import facts

    assert facts("• 发文字号:京政办发〔2016〕50号", ("docnum",)) == [("docnum", "京政办发〔2016〕50号")]
    assert facts("落实《关于…的决定》(廊字〔2016〕29号),抓紧", ("docnum",)) == []


def test_facts_written_in_chinese_numerals_and_article_numbers():
    from rag.sentences import facts

    # an article's own number is not a count: every 第X条 clause would otherwise "state" a figure
    assert facts("第二十三条 单位可以给予奖励。") == []
    assert facts("第三项措施由市政府负责。") == []
    assert facts("实施十二项重点任务") == [("count", "十二项")]
    # sums and periods in Chinese numerals, ranges with both ends
    assert facts("处二万元以上八万元以下的罚款") == [("money", "二万元"), ("money", "八万元")]
    assert facts("应当在收到申请之日起十五个工作日内答复") == [("duration", "十五个工作日内")]
    assert facts("连续二至四年每年提取") == [("duration", "二至四年")]
    # a month count is a period, not "six of something"; a year is a date, not a period
    assert facts("九个月内完成") == [("duration", "九个月内")]
    assert facts("2018年起施行") == [("date", "2018年")]
    assert facts("第五年起") == []


def test_a_period_answers_how_long_but_not_which_year():
    from rag.question import analyse, fact_kinds

    assert "duration" in fact_kinds(analyse("奖励应当在多长时间内兑现?"))
    assert "duration" in fact_kinds(analyse("审查期限是几个工作日?"))
    assert "duration" in fact_kinds(analyse("How long does the unit have to pay the reward?"))
    assert "duration" not in fact_kinds(analyse("这个中心是哪一年设立的?"))
    assert fact_kinds(analyse("奖励比例是多少?"), required=True) == ("percent", "money", "count", "multiple")


def test_a_yes_no_question_needs_no_figure_unless_it_also_asks_one():
    from rag.question import analyse, fact_kinds

    capped = analyse("申请材料的页数有上限吗?")
    assert "yesno" in capped.intents and fact_kinds(capped, required=True) == ()
    assert "yesno" in analyse("Can a university keep the income from licensing?").intents
    asks_too = analyse("有没有规定补贴金额是多少?")
    assert "yesno" not in asks_too.intents and fact_kinds(asks_too, required=True) == ("money",)


def test_third_parties_name_no_item_and_ages_are_figures():
    from rag.question import analyse
    from rag.sentences import facts

    assert analyse("May the survey be done by third parties?").ordinals == []
    assert analyse("What does the third measure say?").ordinals == [3]
    assert facts("四十周岁以下的申请人") == [("count", "四十周岁以下")]


def test_a_money_question_needs_a_sum_of_money(assistant):
    answer = assistant.ask("How much money will Beijing spend on building Huairou Science City?")
    assert not answer.answered and "sum of money" in answer.answer  # 怀柔科学城 is named, with no sum
    stated = assistant.ask("How much money does the Beijing government put into major S&T industrialisation projects?")
    assert stated.answered and any("300亿元" in c.quote for c in stated.citations)


def test_english_phrases_are_one_concept(assistant):
    concepts = assistant.index.expander.concepts("the value added from technology transactions")
    assert ["增加值"] in concepts and not any("价值" in c for c in concepts)  # not "value" + "added"
    assert any("科技" in c for c in assistant.index.expander.concepts("science-and-technology towns"))


def test_a_who_question_needs_the_role_it_asks_about(assistant):
    asked = assistant.ask("部际协调小组组长是谁")  # the clause describes the group, names no 组长
    assert not asked.answered and "组长" in asked.answer
    named = assistant.ask("领导小组的组长是谁")  # "由北京市政府主要负责同志任组长"
    assert named.answered and any("组长" in c.quote for c in named.citations)


def test_an_acronym_the_text_uses_is_a_concept_of_an_english_question(assistant):
    answer = assistant.ask("Which industrial base is DRC in Beijing's plan?")
    assert answer.answered and "(DRC)" in answer.citations[0].quote
    # "acronym … stand for" frames the question; its dictionary renderings must not dilute it
    framed = assistant.ask("What does the acronym DRC stand for in Beijing's plan?")
    assert framed.answered and "(DRC)" in framed.citations[0].quote
    assert assistant.index.expander.concepts("what kinds of incentives does the acronym refer to") == [["激励机制", "激励"]]


@pytest.mark.parametrize("question, intent", [
    ("What was Haidian's technology contract turnover last year?", "number"),
    ("廊坊的技术交易额去年是多少", "number"),
    ("How much funding does the plan give each town?", "money"),
    ("每个科技小镇能拿多少钱", "money"),
])
def test_figure_and_money_questions_are_recognised(question, intent):
    from rag.question import analyse

    intents = analyse(question).intents
    assert intent in intents and not ({"number", "money"} - {intent}) & intents


def test_digits_do_not_make_a_chinese_question_english():
    from rag.normalize import cjk_ratio
    from rag.question import analyse

    assert not analyse("「3×100」計畫包含哪些內容?").is_english
    assert analyse("What is 5G for in the 2016 plan?").is_english
    assert cjk_ratio("123 !?") == 0.0


def test_responsibility_lines_are_cited_for_who_questions(assistant):
    answer = assistant.ask("中关村科学城的原始创新能力跃升计划由谁牵头?")
    assert answer.answered
    assert any("海淀园管委会" in c.quote for c in answer.citations)


@pytest.mark.parametrize("bad", ["", "   \n\t", "x" * 5000, 5, None])
def test_bad_questions_are_refused(assistant, bad):
    with pytest.raises(BadInput):
        assistant.ask(bad)


def test_top_k_bounds(assistant):
    for k in (0, -1, 1000, True, "5"):
        with pytest.raises(BadInput):
            assistant.ask("科技成果转化", k)
    assert len(assistant.ask("科技成果转化", 2).hits) == 2
