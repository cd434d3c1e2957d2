"""Answer rules of the twenty-sixth round, each on hand-built text (no index): a sum the question states as its case
(inside a range a clause sets on a condition) is no false premise, and the short answer comes from the part for that
case; conditions asked of a clause that only requires or defers them; two joined document names asked one by one;
the thing a list question opens with; "first" as an adverb; the courtesy words of a chatty question."""

import pytest

from rag.models import Citation
from rag.question import analyse

# (two cases of one rule, as regulations write fines: above a threshold a multiple, below it a range in yuan)
CASES = ("第十二条 擅自经营的，没收违规所得；违规所得二十万元以上的，处违规所得二倍以上五倍以下的罚款；"
         "没有违规所得或者违规所得不足二十万元的，处五万元以上二十万元以下的罚款。")


def cite(n: int, quote: str) -> Citation:
    return Citation(n=n, clause_id=f"c{n}", doc_id="d", doc_title="t", section_path=[], quote=quote, start=0,
                    end=len(quote))


def test_ranges_read_bounds_before_and_after_a_sum():
    from rag.answer.cases import ranges

    found = [(r.kind, r.low, r.high) for r in ranges(CASES)]
    assert found == [("money", 200000.0, float("inf")), ("money", 0.0, pytest.approx(200000.0)),
                     ("money", 50000.0, 200000.0)]
    assert found[1][2] < 200000.0  # (不足 leaves its own value out: 二十万元 is the case above, not this one)
    assert [(r.low, r.high) for r in ranges("给予最高八十万元补助")] == [(0.0, 800000.0)]
    assert ranges("给予八十万元补助") == []  # (no bound: a sum, not a range)


def test_a_sum_inside_a_condition_s_range_is_the_asker_s_case_not_a_premise(monkeypatch):
    from rag.answer import premise

    asked = "我们公司的违规所得是四十万元，应该怎么罚？"
    assert premise.contradicted(asked, CASES) == []
    # outside every range the clause sets, it is still not the documents' figure
    assert premise.contradicted("既然给予四十万元补助，分几年拨付？", "给予最高二十万元补助")[0][0] == "四十万元"
    monkeypatch.setattr(premise, "CASE_IN_RANGE", False)
    assert premise.contradicted(asked, CASES)[0][0] == "四十万元"


def test_the_short_answer_comes_from_the_part_for_the_asker_s_case(monkeypatch):
    from rag.answer import cases, short

    assert cases.in_case("违规所得四十万元，罚多少？", CASES, CASES.index("二倍")) is True
    assert cases.in_case("违规所得四十万元，罚多少？", CASES, CASES.index("五万元")) is False
    assert cases.in_case("擅自经营的罚多少？", CASES, CASES.index("五万元")) is None  # (no case stated)
    assert short.find(analyse("违规所得四十万元，罚多少？"), [cite(1, CASES)]).text == "二倍以上五倍以下"
    assert short.find(analyse("违规所得八万元，罚多少？"), [cite(1, CASES)]).text == "五万元以上二十万元以下"
    # a case the question states as a range: 不足二十万元 is the second part's, not the first's 二十万元以上
    assert short.find(analyse("违规所得不足二十万元时罚多少？"), [cite(1, CASES)]).text == "五万元以上二十万元以下"
    # and in English: "less than" leaves the amount out, "at least" keeps it
    assert short.find(analyse("What is the fine when the illegal gains are less than 200,000 yuan?"),
                      [cite(1, CASES)]).text == "五万元以上二十万元以下"
    assert cases.asked_ranges("gains of at least 200,000 yuan") == [("money", 200000.0, float("inf"))]
    monkeypatch.setattr(short, "CASE_PART", False)
    assert short.find(analyse("违规所得四十万元，罚多少？"), [cite(1, CASES)]).text != "二倍以上五倍以下"


def test_conditions_asked_are_not_answered_by_a_clause_that_only_requires_or_defers_them(monkeypatch):
    from rag.answer import gates
    from rag.answer.features import Evidence
    from rag.answer.gates import Judged
    from rag.models import Hit
    from rag.sentences import split_sentences

    def refused(question: str, text: str) -> bool:
        hit = Hit(clause_id="c1", doc_id="d", doc_title="某省防汛条例", section_path=["第八条"], text=text,
                  start=0, end=len(text), score=1.0)
        evidence = [Evidence(hit, span, 1) for span in split_sentences(text, base=0)]
        return gates._content_deferred(Judged(analyse(question), evidence, [hit], {}, None))

    vague = "第八条 承担堤防巡查任务的单位，应当具备相应的条件，并遵守省防汛指挥机构规定的巡查规程。"
    deferred = "第九条 县级以上人民政府设置防汛信息员。防汛信息员管理办法，由省人民政府防汛部门制定。"
    listed = "第十条 承担堤防巡查任务的单位，应当具备下列条件：（一）有专职巡查人员；（二）有巡查设备。"
    assert refused("承担巡查任务的单位要符合哪些条件？", vague)
    assert refused("防汛信息员需要具备什么资格？", deferred)
    assert not refused("承担巡查任务的单位要符合哪些条件？", listed)
    assert not refused("谁负责制定防汛信息员的管理办法？", deferred)  # (who defers it is answered)
    monkeypatch.setattr(gates, "CONDITIONS_DEFERRED", False)
    assert not refused("承担巡查任务的单位要符合哪些条件？", vague)


def test_two_names_joined_then_one_ask_give_each_side_its_question(monkeypatch):
    from rag.answer import compare

    asked = "种子法和森林法各自是从什么时候开始实施的？"
    assert compare.document_phrase(asked, "中华人民共和国种子法", "中华人民共和国森林法") == "种子法是从什么时候开始实施的？"
    assert compare.document_phrase(asked, "中华人民共和国森林法", "中华人民共和国种子法") == "森林法是从什么时候开始实施的？"
    # the words before and after the two names are each side's too
    shared = "省林业局在种子法和森林法实施条例里各自负责什么？"
    assert (compare.document_phrase(shared, "中华人民共和国森林法实施条例", "中华人民共和国种子法")
            == "省林业局在森林法实施条例里负责什么？")
    # a name followed by words of its own ("A法和B条例对X…") is not the joined pair
    assert compare.document_phrase("种子法和森林法对林木种子分别怎么规定？", "中华人民共和国森林法",
                                   "中华人民共和国种子法") == "森林法对林木种子怎么规定？"
    monkeypatch.setattr(compare, "JOINED_NAMES", False)
    assert compare.document_phrase(asked, "中华人民共和国森林法", "中华人民共和国种子法") is None


def test_the_thing_a_question_opens_with_names_the_list_it_asks_for(monkeypatch):
    from rag import compose
    from rag.sentences import split_sentences

    from .composing import clause_hits, composer_over

    article = ("第五条 船舶、码头、仓库等设施的经营者，可以约定采用电子方式登记货物。\n"
               "采用电子、光学方式登记的货物，不得仅因其采用电子、光学方式登记而拒绝放行。\n前款规定不适用下列货物：\n"
               "（一）危险化学品；\n（二）鲜活农产品；\n（三）法律规定的其他货物。")
    asked = analyse("哪些货物即使双方约定了，也不能主张“不得仅因采用电子、光学方式登记而拒绝放行”？")
    hit = clause_hits([article], "某省港口条例")[0]
    # the best sentence names two things (电子、光学) itself; the clause's list of 货物 is the one asked for
    best = next(compose._Candidate(hit, 1, span, 0.1, 0.1, False) for span in split_sentences(hit.text, base=hit.start)
                if span.text.startswith("采用电子"))
    items = composer_over([article])._items_after_lead_in(asked, best)
    assert compose._asked_thing(asked.normalised) == "货物"
    assert any("鲜活农产品" in c.span.text for c in items)
    monkeypatch.setattr(compose, "THING_OPENS", False)
    assert compose._asked_thing(asked.normalised) is None
    assert composer_over([article])._items_after_lead_in(asked, best) == []


def test_first_without_a_determiner_is_an_adverb_not_an_item(monkeypatch):
    from rag import question

    assert analyse("If a vendor first sells the seeds abroad, may it still apply here?").ordinals == []
    assert analyse("What does the first measure of the plan fund?").ordinals == [1]
    monkeypatch.setattr(question, "FIRST_DETERMINED", False)
    assert analyse("If a vendor first sells the seeds abroad, may it still apply here?").ordinals == [1]


def test_the_courtesy_and_company_of_a_chatty_question_are_no_concepts(monkeypatch):
    from rag.answer import features
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    texts = ["第七条 经营者使用的电子秤应当定期送检。", "第八条 本省设立计量监督机构。"]
    featurizer = features.Featurizer(KeywordIndex.build([normalize(t) for t in texts]), Expander({}))
    asked = analyse("您好，想请教一下，我邻居说电子秤要定期送检，是真的吗？谢谢")
    words = {w for forms, _ in featurizer.concepts(asked) for w in forms}
    assert "电子秤" in words and not words & {"您好", "请教", "邻居", "谢谢"}
    monkeypatch.setattr(features, "CHATTY_NOT_CONCEPTS", False)
    words = {w for forms, _ in featurizer.concepts(asked) for w in forms}
    assert words & {"您好", "请教", "邻居", "谢谢"}
