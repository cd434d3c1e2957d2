"""Lists a clause enumerates: lead-ins, numbered items, whole lists and their length, on hand-built text."""

from rag.answer.enumerated import COUNT_OF_ITEMS_RE, counted_list, items_after, lists_in, opens_list
from rag.answer.short import find
from rag.models import Citation
from rag.question import analyse
from rag.verify import check

CLAUSE = ("第九条 专项资金主要用于下列事项：\n\n（一）基础研究；\n\n（二）成果转化；\n\n（三）人才培养。\n\n"
          "有下列情形之一的，依法处理；\n1.虚报材料的；\n2.挪用资金的。")


def test_items_run_from_one_without_a_gap_in_one_style():
    lead_end = CLAUSE.index("：") + 1
    assert [(i.number, i.written) for i in items_after(CLAUSE, lead_end)] == [(1, "一"), (2, "二"), (3, "三")]
    assert [[i.number for i in run] for run in lists_in(CLAUSE)] == [[1, 2, 3], [1, 2]]
    assert items_after("甲：\n（一）a；\n（三）b。", 2) == []  # a gap: not a list read whole
    assert items_after("甲：\n（一）a；\n2.b。", 2) == []  # one item alone is not a list


def test_a_lead_in_ends_with_a_colon_or_names_what_follows():
    assert opens_list("主要用于下列事项：") and opens_list("有下列情形之一的，依法处理；")
    assert not opens_list("市人民政府设立创新资金。")


def test_the_last_item_quoted_counts_the_list():
    third = CLAUSE.index("（三）")
    assert counted_list(CLAUSE, [(third, third + 4)]).written == "三"
    first = CLAUSE.index("（一）")
    assert counted_list(CLAUSE, [(first, first + 4)]) is None


def test_count_questions_about_items():
    for q in ("资金用于几类事项？", "规定了几种情形？", "How many categories of projects are supported?"):
        assert COUNT_OF_ITEMS_RE.search(analyse(q).normalised), q
    for q in ("补助多少万元？", "How many enterprises will be supported?"):
        assert not COUNT_OF_ITEMS_RE.search(analyse(q).normalised), q


def _cite(n: int, quote: str) -> Citation:
    start = CLAUSE.index(quote)
    return Citation(n=n, clause_id="d#9", doc_id="d", doc_title="某条例", section_path=["第九条"], quote=quote,
                    start=start, end=start + len(quote))


def test_a_list_quoted_whole_answers_how_many_with_its_last_number_and_checks_out():
    whole = [_cite(1, "第九条 专项资金主要用于下列事项："), _cite(2, "（一）基础研究；"), _cite(3, "（二）成果转化；"),
             _cite(4, "（三）人才培养。")]
    zh = find(analyse("专项资金主要用于几类事项？"), whole)
    assert (zh.text, zh.n, zh.english) == ("三", 4, None)
    en = find(analyse("How many categories of matters is the fund used for?"), whole)
    assert (en.text, en.english) == ("三", "3")
    answer = "Answer: 3 (三) [4]\n" + " ".join(f"“{c.quote}” [{c.n}]" for c in whole)
    from rag.chunker import Clause

    clause = Clause(clause_id="d#9", doc_id="d", section_path=["第九条"], text=CLAUSE, start=0, end=len(CLAUSE))
    assert check(answer, whole, lambda d: CLAUSE, {"d#9": clause}.get) == []
    # cut before its last item (which ends the list with 。), the list does not say how many
    assert find(analyse("专项资金主要用于几类事项？"), whole[:3]) is None


def test_an_english_article_or_chapter_number_is_the_heading_that_names_it():
    from rag.expand import Expander, chinese_number

    assert [chinese_number(n) for n in (3, 10, 11, 40, 68, 105, 120)] == ["三", "十", "十一", "四十", "六十八", "一百零五",
                                                                         "一百二十"]
    e = Expander({"list": ["列出"], "article": ["文章"]})
    # the part is one concept, and "article" is not read as 文章 (it would never be covered)
    assert e.concepts("What does Article 11 list?") == [["列出"], ["第十一条"]]
    assert ["第三章"] in e.expand_grouped("What is in chapter 3?")
    assert ["文章"] not in e.concepts("What does Article 11 list?")
