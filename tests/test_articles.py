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


ARTICLE_5 = ("第五条 各类单位的经费，按下列规定管理：\n\n(一)技术开发单位的经费逐年减少。\n\n(二)基础研究单位主要依靠申请基金。\n\n"
             "(三)公益单位的纯收入不超过包干经费百分之十的，全部留给本单位。")


def _composer_and_hits(off: frozenset[str] = frozenset()):
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.models import DocumentMeta
    from rag.normalize import normalize

    title = "国务院关于经费管理的暂行规定"
    preamble = "1986年1月23日 国务院发布"
    documents = {"g": DocumentMeta(doc_id="g", title=title, path="g.md")}
    composer = ExtractiveComposer(KeywordIndex.build([normalize(ARTICLE_5), normalize(preamble)]), Expander({}),
                                  documents, off=off)
    art = Hit(clause_id="g5", doc_id="g", doc_title=title, section_path=[title, "第五条"], text=ARTICLE_5, start=100,
              end=100 + len(ARTICLE_5), score=0.6)
    head = Hit(clause_id="g0", doc_id="g", doc_title=title, section_path=[title], text=preamble, start=0,
               end=len(preamble), score=0.6)
    return composer, [art, head]


def test_an_article_asked_for_is_quoted_whole_and_in_order(monkeypatch):
    from rag.question import analyse

    composer, hits = _composer_and_hits()
    answer = composer.compose(analyse("1986年国务院发布的经费管理暂行规定第五条讲了什么？"), hits[::-1]).answer
    assert "国务院发布" not in answer  # the preamble covers 1986 and 国务院 better, but it is not the article
    assert answer.index("按下列规定管理") < answer.index("(一)") < answer.index("(二)") < answer.index("(三)")
    off = frozenset({"rule:article_only", "rule:whole_article", "rule:skip_record_lines"})
    composer, hits = _composer_and_hits(off)
    answer = composer.compose(analyse("1986年国务院发布的经费管理暂行规定第五条讲了什么？"), hits[::-1]).answer
    assert not all(f"({n})" in answer for n in "一二三")


def test_a_count_of_an_articles_items_reads_the_list_in_order():
    from rag.answer.policy import with_short_answer
    from rag.question import analyse

    composer, hits = _composer_and_hits()
    for question, count in (("经费管理暂行规定第五条列了几项？", "三"),
                            ("How many numbered items are in Article 5 of the interim provisions on funding?", "三")):
        q = analyse(question)
        draft = with_short_answer(q, composer.compose(q, hits))
        assert draft.short is not None and draft.short.text == count, question


def test_a_list_quoted_for_a_count_keeps_its_order_though_an_item_states_a_figure():
    from rag.answer.policy import with_short_answer
    from rag.question import analyse

    q = analyse("公益单位的纯收入留给本单位的规定，第五条一共列了几项？")
    composer, hits = _composer_and_hits()
    draft = with_short_answer(q, composer.compose(q, hits))
    assert draft.answer.index("(一)") < draft.answer.index("(三)") and draft.short.text == "三"
    composer, hits = _composer_and_hits(frozenset({"rule:list_in_order"}))
    draft = with_short_answer(q, composer.compose(q, hits))
    assert draft.answer.index("(三)") < draft.answer.index("(一)")


def test_a_regulations_header_line_answers_only_when_and_by_whom_it_was_adopted():
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.models import DocumentMeta
    from rag.normalize import normalize
    from rag.question import analyse

    title = "国务院关于经费管理的暂行规定"
    header, article = "1986年1月23日 国务院发布", "第十一条 本规定由国家科委负责解释。"

    def answer(question: str, off: frozenset[str] = frozenset()) -> str:
        composer = ExtractiveComposer(KeywordIndex.build([normalize(header), normalize(article)]), Expander({}),
                                      {"g": DocumentMeta(doc_id="g", title=title, path="g.md")}, off=off)
        hits = [Hit(clause_id="g0", doc_id="g", doc_title=title, section_path=[title], text=header, start=0,
                    end=len(header), score=0.6),
                Hit(clause_id="g11", doc_id="g", doc_title=title, section_path=[title, "第十一条"], text=article,
                    start=50, end=50 + len(article), score=0.5)]
        return composer.compose(analyse(question), hits).answer

    asked = "1986年国务院发布的经费管理暂行规定由哪个机关负责解释？"
    assert "国家科委" in answer(asked) and "国务院发布" not in answer(asked)
    assert "国务院发布" in answer(asked, frozenset({"rule:skip_record_lines"}))
    assert "国务院发布" in answer("经费管理暂行规定是哪天发布的？")
