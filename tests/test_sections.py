"""A list question answered by a section's own numbered sub-clauses (rag.answer.sections), and the
note on where a cut-short copy ends; on a hand-built document."""

from rag.answer import sections
from rag.chunker import chunk
from rag.models import DocumentMeta
from rag.question import analyse
from rag.verify import check

TEXT = (
    "甲区若干措施\n"
    "一、总体目标\n到2020年，创新能力显著增强。\n"
    "二、重点措施\n围绕创新生态体系建设，实施五项重点措施。\n"
    "1.实施人才引进计划。每年安排1亿元。\n"
    "2.实施平台建设计划。建设一批平台。\n"
    "3.实施金融支持计划。设立基金。\n"
)
DOC = DocumentMeta(doc_id="d", title="甲区若干措施", path="corpus/d.txt")


def covers(words):
    return lambda text: sum(w in text for w in words) / len(words)


def test_the_items_of_the_section_asked_for_are_its_numbered_sub_clauses_in_order():
    clauses = chunk("d", TEXT)
    heading = next(c for c in clauses if c.section_path and c.section_path[-1] == "二、重点措施")
    found = sections.section_for(analyse("甲区的重点措施有哪些？"), heading, clauses, covers(["重点", "措施"]), DOC.title)
    assert found is not None and found[0] is heading
    assert [c.section_path[-1] for c in found[1]] == ["1.实施人才引进计划", "2.实施平台建设计划", "3.实施金融支持计划"]
    # from an item, its parent is the section when the parent's heading covers the question better
    item = found[1][1]
    assert sections.section_for(analyse("甲区的重点措施有哪些？"), item, clauses, covers(["重点", "措施"]),
                                DOC.title)[0] is heading
    # a heading that does not cover the question lists nothing
    assert sections.section_for(analyse("人才怎么引进？"), heading, clauses, covers(["人才", "引进"]), "") is None


def test_a_cut_short_copy_says_where_it_ends_and_the_answer_checks_out():
    clauses = chunk("d", TEXT)
    heading = next(c for c in clauses if c.section_path and c.section_path[-1] == "二、重点措施")
    items = sections.items_of(heading, clauses)
    q = analyse("甲区的五项重点措施有哪些？")
    answer, citations = sections.listed(q, heading, items, TEXT, DOC, incomplete=True)
    assert [c.quote for c in citations[:3]] == ["1.实施人才引进计划。", "2.实施平台建设计划。", "3.实施金融支持计划。"]
    assert "所存副本到第3项为止" in answer and "“五项”" in answer
    by_id = {c.clause_id: c for c in clauses}
    assert check(answer, citations, lambda d: TEXT, by_id.get) == []
    # a complete copy is not said to end early
    whole, cited = sections.listed(q, heading, items, TEXT, DOC, incomplete=False)
    assert "所存副本" not in whole and len(cited) == 3


def test_the_count_and_frame_words_of_a_list_question_are_not_what_is_listed():
    groups = [(["十六"], 4.0), (["项"], 3.0), (["重点措施"], 2.0), (["包括"], 1.0)]
    assert sections.list_concepts(groups) == [(["重点措施"], 2.0)]
    assert sections.asks_list(analyse("十六项措施有哪些？")) and not sections.asks_list(analyse("一共有几项措施？"))


def test_dash_items_after_a_lead_in_are_the_list_each_by_its_first_sentence():
    text = ("甲区若干措施\n一、总体目标\n聚焦创新，到2020年实现以下主要目标:——创新能力显著增强。持续提升基础研究。"
            "——产业结构更加巩固。形成产业集群。——生态体系更加完善。\n二、重点措施\n1.实施计划。\n")
    clauses = chunk("d", text)
    goals = next(c for c in clauses if c.section_path and c.section_path[-1] == "一、总体目标")
    found = sections.dash_items(goals, clauses, text, covers(["目标"]), "甲区若干措施")
    assert found is not None
    assert [text[a:b] for a, b, _ in found[1]] == ["创新能力显著增强。", "产业结构更加巩固。", "生态体系更加完善。"]
    answer, citations = sections.dashed(analyse("主要目标有哪些？"), goals, found, text, DOC)
    by_id = {c.clause_id: c for c in clauses}
    assert check(answer, citations, lambda d: text, by_id.get) == []
    assert sections.dash_items(goals, clauses, text, covers(["人才"]), "") is None  # not the list asked for


def test_an_item_whose_heading_names_what_is_listed_is_the_list_not_its_parents_items():
    text = ("甲市规划\n(二)建设创新共同体\n1.优化协同格局\n统筹布局。\n2.建立协同三大机制\n建立政策机制。\n建立共享机制。\n"
            "3.构建协同平台\n建设平台。\n")
    clauses = chunk("d", text)
    item = next(c for c in clauses if c.section_path and c.section_path[-1] == "2.建立协同三大机制")
    # the parent's heading covers the question better, yet the item names the 机制 asked for
    found = sections.section_for(analyse("协同创新共同体的三大机制是哪三个"), item, clauses,
                                 lambda t: 0.9 if "共同体" in t else 0.4, "甲市规划")
    assert found is None
