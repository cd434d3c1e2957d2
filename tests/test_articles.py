"""A question naming an article by its number is answered from that article (rag.articles; no index)."""

from __future__ import annotations

from rag.articles import article_of, articles_first, asked_articles
from rag.models import Clause, Hit


def clause(cid: str, doc: str, path: list[str], text: str) -> Clause:
    return Clause(clause_id=cid, doc_id=doc, section_path=path, text=text, start=0, end=len(text))


def hit(c: Clause, score: float) -> Hit:
    return Hit(clause_id=c.clause_id, doc_id=c.doc_id, doc_title=f"{c.doc_id}条例", section_path=c.section_path,
               text=c.text, start=c.start, end=c.end, score=score)


CLAUSES = {
    "a": [clause("a0", "a", ["甲条例"], "甲条例 2001年通过"), clause("a4", "a", ["甲条例", "第四条"], "第四条 单位应当报告。"),
          clause("a5", "a", ["甲条例", "第五条"], "第五条 科研经费按下列规定管理："),
          clause("a5-1", "a", ["甲条例", "第五条", "（一）"], "（一）技术开发单位逐年减少；")],
    "b": [clause("b5", "b", ["乙条例", "第五条"], "第五条 乙市设立基金。")],
}


def test_the_article_numbers_a_question_names():
    assert asked_articles("重庆专利条例第十五条规定了什么？") == [15]
    assert asked_articles("第二十一条和第5条有什么不同") == [21, 5]
    assert asked_articles("What does Article 7 of the regulation require? And art. 12?") == [7, 12]
    assert asked_articles("这部条例有几条措施？") == []  # 几条 names no article
    assert asked_articles("第一条件是什么") == []  # 条件, not an article


def test_an_article_is_found_by_its_heading_in_the_path():
    assert article_of(CLAUSES["a"][3]) == 5  # a 项 under 第五条
    assert article_of(CLAUSES["a"][0]) is None


def test_the_asked_articles_clauses_go_first_from_the_best_retrieved_document_that_has_it():
    hits = [hit(CLAUSES["a"][0], 0.9), hit(CLAUSES["a"][1], 0.5), hit(CLAUSES["b"][0], 0.4)]
    ordered = articles_first([5], hits, CLAUSES.__getitem__, lambda d: f"{d}条例")
    assert [h.clause_id for h in ordered] == ["a5", "a5-1", "a0", "a4", "b5"]
    assert ordered[0].score == 0.9  # not retrieved: the top hit's score
    # retrieved, a clause keeps its own score; a document without the article is passed over
    hits = [hit(CLAUSES["b"][0], 0.7), hit(CLAUSES["a"][0], 0.6)]
    assert articles_first([5], hits, CLAUSES.__getitem__, str)[0].clause_id == "b5"
    assert articles_first([40], hits, CLAUSES.__getitem__, str) == hits  # no such article: unchanged
    assert articles_first([], hits, CLAUSES.__getitem__, str) == hits


def test_the_named_documents_article_goes_first_and_one_it_lacks_is_not_taken_from_another():
    hits = [hit(CLAUSES["a"][0], 0.9), hit(CLAUSES["b"][0], 0.4)]
    assert articles_first([5], hits, CLAUSES.__getitem__, str, named="b")[0].clause_id == "b5"
    # 乙条例 has no 第四条: only its own hits are left (the ordinal gate then refuses), not 甲's 第四条
    assert [h.clause_id for h in articles_first([4], hits, CLAUSES.__getitem__, str, named="b")] == ["b5"]


def test_paragraphs_are_unnumbered_but_items_are_asked_ordinals(monkeypatch):
    from rag import question
    from rag.question import analyse

    assert analyse("第十四条第二款对学校有什么要求？").ordinals == [14]
    assert analyse("第七条第（十）项是什么？").ordinals == [7, 10]
    assert analyse("What does Article 10(4) say?").ordinals == [10, 4]
    monkeypatch.setattr(question, "ARTICLE_PARTS", False)
    assert analyse("第十四条第二款对学校有什么要求？").ordinals == [14, 2]
