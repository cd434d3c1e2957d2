"""Comparisons across places (rag.answer.compare): which questions compare, each side's own question,
and the merged answer with one short answer per side and the sides not covered; hand-built drafts."""

from rag.answer.compare import merge, side_question, sides
from rag.answer.short import ShortAnswer
from rag.compose import Draft
from rag.models import Citation, Clause
from rag.question import analyse
from rag.verify import check


def test_a_question_compares_places_when_it_names_two_with_a_comparing_word():
    assert sides(analyse("海淀和廊坊的科技创新基金规模分别是多少？")) == ["海淀", "廊坊"]
    assert sides(analyse("Compare Haidian and Langfang: how big are their funds?")) == ["海淀", "廊坊"]
    assert sides(analyse("海淀的科技创新基金规模是多少？")) == []
    assert sides(analyse("北京对河北的支持有哪些？")) == []  # two places, no comparison


def test_each_side_is_asked_without_the_others_and_without_respectively():
    q = "海淀和廊坊的科技创新基金规模分别是多少？"
    assert side_question(q, "海淀", ["海淀", "廊坊"]) == "海淀的科技创新基金规模是多少？"
    assert side_question(q, "廊坊", ["海淀", "廊坊"]) == "廊坊的科技创新基金规模是多少？"
    two = "北京成果转化的奖励比例，和廊坊给中介机构的奖励比例，分别是多少?"
    assert "廊坊" not in side_question(two, "北京", ["北京", "廊坊"])
    assert side_question("Compare Haidian and Langfang fund sizes", "海淀", ["海淀", "廊坊"]) == "Compare Haidian fund sizes"


def _draft(quote: str, value: str, clause: str) -> Draft:
    cite = Citation(n=1, clause_id=clause, doc_id=clause, doc_title="t", section_path=[], quote=quote, start=0,
                    end=len(quote))
    return Draft(f"答：{value}[1]\n根据《t》：\n{quote}[1]", [cite], True, {}, ShortAnswer(value, 1, "money"))


def test_the_merged_answer_gives_each_sides_value_cited_and_says_which_side_is_not_covered():
    a = _draft("形成1000亿规模的基金。", "1000亿", "a")
    b = _draft("基金总规模达到200亿元。", "200亿元", "b")
    merged = merge(analyse("海淀、廊坊和上海的基金规模分别是多少？"), [("海淀", a), ("廊坊", b), ("上海", None)])
    assert merged.answer.splitlines()[0] == "答：海淀 1000亿[1]；廊坊 200亿元[2]"
    assert [c.n for c in merged.citations] == [1, 2] and merged.citations[1].quote == "基金总规模达到200亿元。"
    assert merged.answer.rstrip().endswith("关于上海，这些文件没有回答这个问题。") and merged.short.text == "1000亿"
    texts = {"a": "形成1000亿规模的基金。", "b": "基金总规模达到200亿元。"}
    clauses = {k: Clause(clause_id=k, doc_id=k, section_path=[], text=t, start=0, end=len(t)) for k, t in texts.items()}
    assert check(merged.answer, merged.citations, texts.__getitem__, clauses.get) == []
