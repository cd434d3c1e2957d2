"""Rules of the tenth round, each on hand-built text (no index): a law's numbered revisions and closing
provision, how many times a regulation was revised, a title in brackets naming the document."""

import pytest

from rag.answer import docfacts
from rag.chunker import chunk
from rag.docrecord import revisions, stated_fields
from rag.models import DocumentMeta, Hit
from rag.question import analyse
from rag.verify import check

from .composing import clause_hits, composer_over

LAW = (
    "# 中华人民共和国某某促进法\n\n"
    "1993年7月2日 第八届全国人民代表大会常务委员会第二次会议通过\n\n"
    "2007年12月29日 第十届全国人民代表大会常务委员会第三十一次会议第一次修订\n\n"
    "2021年12月24日 第十三届全国人民代表大会常务委员会第三十二次会议第二次修订\n\n"
    "第一条 为了促进某某，制定本法。\n\n"
    "第二条 本法自2022年1月1日起施行。\n"
)
REGULATION = (
    "# 某某省促进条例\n\n"
    "2000年11月25日 某某省第九届人民代表大会常务委员会第十九次会议通过\n\n"
    "2005年12月2日 某某省第十届人民代表大会常务委员会第二十次会议修订\n\n"
    "第一条 为了促进某某，制定本条例。\n\n"
    "第二条 本条例自2006年3月1日起施行。\n"
)


def _doc(doc_id: str, title: str) -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, title=title, path=f"corpus/{doc_id}.md")


def _answer(question: str, doc: DocumentMeta, text: str):
    clauses = chunk(doc.doc_id, text)
    hit = Hit(clause_id=clauses[0].clause_id, doc_id=doc.doc_id, doc_title=doc.title, section_path=[], text="x",
              start=0, end=1, score=1.0)
    draft = docfacts.answer(analyse(question), [hit], {doc.doc_id: doc}, lambda d: text, lambda d: clauses)
    by_id = {c.clause_id: c for c in clauses}
    problems = check(draft.answer, draft.citations, lambda d: text, by_id.get, {doc.doc_id: doc}.get) if draft else None
    return draft, problems


def test_a_laws_numbered_revision_lines_and_its_closing_provision_are_record_lines():
    found = {k: v.value for k, v in stated_fields(LAW).items()}
    assert found["adopted"] == "1993年7月2日"
    assert found["amended"] == "2021年12月24日"  # the last revision, though it says 第二次修订
    assert found["effective"] == "2022年1月1日"  # 本法自…起施行
    assert revisions(found["revisions"]) == 2


def test_revisions_are_counted_from_the_lines_or_read_from_the_last_ones_number():
    assert revisions(stated_fields(REGULATION)["revisions"].value) == 1
    assert "revisions" not in stated_fields(REGULATION.replace(
        "2005年12月2日 某某省第十届人民代表大会常务委员会第二十次会议修订\n\n", ""))
    assert revisions("2021年12月24日 第十三届全国人民代表大会常务委员会第三十二次会议第二次修订") == 2


@pytest.mark.parametrize("question, field", [
    ("《某某促进法》一共修订过几次？", "revisions"),
    ("这部条例修改了多少次？", "revisions"),
    ("How many times has the promotion law been amended?", "revisions"),
    ("现行《某某促进法》从哪一天开始施行？", "effective"),  # a title in brackets names the document
    ("From what date has the current version of the promotion law been in force?", "effective"),
    ("这部条例有几次会议讨论？", None),
])
def test_the_fields_asked_of_a_law(question, field):
    assert docfacts.asked_field(analyse(question)) == field


def test_how_many_times_revised_is_answered_from_the_revision_lines_and_checks_out():
    law = _doc("law", "中华人民共和国某某促进法")
    draft, problems = _answer("《某某促进法》一共修订过几次？", law, LAW)
    assert draft.answered and draft.short.text == "二次" and problems == []
    english, problems = _answer("How many times has the promotion law been revised?", law, LAW)
    assert english.short.english == "2 times" and problems == []
    # unnumbered lines are counted; the count is checked against them but written in none: no short answer
    regulation = _doc("reg", "某某省促进条例")
    counted, problems = _answer("这部条例修订过几次？", regulation, REGULATION)
    assert counted.answer.startswith("答：1次") and counted.short is None and problems == []
    saved = docfacts.REVISIONS
    try:
        docfacts.REVISIONS = False
        assert docfacts.asked_field(analyse("这部条例修订过几次？")) is None
    finally:
        docfacts.REVISIONS = saved


PROHIBITED = ("第九条 开展研究和应用活动，应当遵守伦理规范。\n\n开展研究和应用活动，不得从事下列行为：\n\n"
              "（一）提供危害公共利益的产品；\n\n（二）因性别、宗教信仰等歧视用户；\n\n（三）其他违法行为。")


def _item_citations() -> list:
    from rag.models import Citation

    item = PROHIBITED.index("（二）")
    lead = PROHIBITED.index("开展研究和应用活动，不得")
    spans = [(item, PROHIBITED.index("\n", item)), (lead, PROHIBITED.index("\n", lead))]
    return [Citation(n=n, clause_id="c9", doc_id="d", doc_title="某某条例", section_path=["第九条"],
                     quote=PROHIBITED[a:b], start=a, end=b) for n, (a, b) in enumerate(spans, start=1)]


def test_an_item_under_a_prohibiting_lead_in_is_prohibited(monkeypatch):
    from rag.answer import yesno

    cited = _item_citations()
    terms = ["性别", "歧视", "用户"]
    assert yesno.decide(analyse("可以因为性别歧视用户吗？"), cited, terms) == ("否", 2)
    assert yesno.decide(analyse("Is a provider allowed to discriminate against users by gender?"), cited, terms) == ("否", 2)
    assert yesno.decide(analyse("条例是否禁止因性别歧视用户？"), cited, terms) == ("是", 2)
    assert yesno.decide(analyse("可以因为性别歧视用户吗？"), cited[:1], terms) != ("否", 2)  # no lead-in quoted
    monkeypatch.setattr(yesno, "PROHIBITED_ITEM", False)
    assert yesno.decide(analyse("可以因为性别歧视用户吗？"), cited, terms) is None


def test_an_item_asked_yes_or_no_is_quoted_with_its_lead_in():
    hit = Hit(clause_id="c9", doc_id="d", doc_title="某某条例", section_path=["第九条"], text=PROHIBITED, start=0,
              end=len(PROHIBITED), score=1.0)
    q = analyse("某某条例下，可以因为宗教信仰歧视用户吗？")
    for off, quoted in ((frozenset(), True), (frozenset({"rule:item_lead_in"}), False)):
        quotes = [c.quote for c in composer_over([PROHIBITED], off).compose(q, [hit]).citations]
        assert any(quote.startswith("（二）") for quote in quotes)
        assert any("不得从事下列行为" in quote for quote in quotes) is quoted


def test_what_a_document_says_about_a_thing_makes_the_thing_the_topic(monkeypatch):
    from rag.conversation import resolve, topic
    from rag.conversation.history import Turn

    history = [Turn("user", "What do the city's rules say about patent fees paid by small firms?")]
    resolved = resolve("How much of it is refunded?", history).question
    assert resolved == "How much of patent fees paid by small firms under the city's rules is refunded?"
    monkeypatch.setattr(topic, "EN_SAY_ABOUT", False)
    assert "say about" in resolve("How much of it is refunded?", history).question


def test_a_document_of_another_kind_named_by_another_name_is_not_this_records(monkeypatch):
    regulation = _doc("reg", "某某省促进条例")
    other, _ = _answer("某某省技术成果分级评价管理办法是哪一年通过的？", regulation, REGULATION)
    assert other is None  # the composers look in the clauses; the record does not speak for that 办法
    own, _ = _answer("某某省促进条例是哪一年通过的？", regulation, REGULATION)
    assert own.answered and own.short.text == "2000年11月25日"
    assert docfacts.names_another_kind(analyse("这份通知所印发的规划全称叫什么？"), regulation) is False
    monkeypatch.setattr(docfacts, "OTHER_KIND", False)
    assert _answer("某某省技术成果分级评价管理办法是哪一年通过的？", regulation, REGULATION)[0].answered


def test_a_bare_this_opening_a_follow_up_stands_for_the_previous_topic():
    from rag.conversation import resolve
    from rag.conversation.history import Turn

    history = [Turn("user", "某市行动方案对孵化机构的数量有什么目标？")]
    resolved = resolve("这是到什么时候的目标？", history).question
    assert not resolved.endswith("这是到什么时候的目标？") and "孵化机构" in resolved and "这" not in resolved
    assert resolve("这里面有几项？", history).question != "这里面有几项？"  # (a pronoun as before)
    assert resolve("这样做合理吗？", []).question == "这样做合理吗？"  # no history: as typed


def test_the_bare_this_switch_keeps_it_as_typed(monkeypatch):
    from rag.conversation import markers, resolve
    from rag.conversation.history import Turn

    history = [Turn("user", "某市行动方案对孵化机构的数量有什么目标？")]
    monkeypatch.setattr(markers, "BARE_THIS", False)
    markers._patterns.cache_clear()
    try:
        assert "这是" in resolve("这是到什么时候的目标？", history).question
    finally:
        monkeypatch.setattr(markers, "BARE_THIS", True)
        markers._patterns.cache_clear()


def test_a_swap_that_changes_nothing_leaves_a_message_with_its_own_content_as_typed(monkeypatch):
    from rag.conversation import resolution, resolve
    from rag.conversation.history import Turn

    history = [Turn("user", "廊坊计划里龙头企业每年要转化多少项成果？")]
    assert resolve("廊坊的企业投了多少钱？", history).question == "廊坊的企业投了多少钱？"
    assert resolve("那廊坊呢？", history).question == "廊坊计划里龙头企业每年要转化多少项成果？"  # bare: asked again
    assert resolve("那海淀呢？", history).question.startswith("海淀")
    monkeypatch.setattr(resolution, "SAME_SWAP", False)
    assert resolve("廊坊的企业投了多少钱？", history).question != "廊坊的企业投了多少钱？"


def test_the_glossary_gives_kinds_of_patent_and_patent_offences():
    from rag.expand import Expander, build_table

    expander = Expander(build_table({"实用新型", "外观设计", "发明专利", "冒充", "假冒", "奖金"}, entries=[]))
    concepts = expander.concepts("How does the bonus for an invention patent differ from a utility model?")
    assert ["实用新型"] in concepts and ["发明专利"] in concepts
    assert ["冒充"] in expander.concepts("What is the fine for passing off a product as patented?")
    assert ["假冒"] in expander.concepts("Who handles counterfeiting of patents?")


def test_an_earmarking_sentence_answers_whether_money_may_serve_another_use():
    texts = ["第八条 县级以上人民政府应当安排资金支持企业开展研发项目，创新资金使用方式，支持企业项目建设。",
             "第五条 企业实施资金扶持项目，应当按期建成。\n\n扶持资金应当专款专用，不得挪作他用。"]
    hits = clause_hits(texts, "某省企业研发条例")
    q = analyse("某省企业研发条例下，企业可以把支持项目的资金用在别的用途上吗？")
    assert "专款专用" in composer_over(texts).candidates(q, hits)[0].span.text
    off = composer_over(texts, frozenset({"feat:earmark"}))
    assert "专款专用" not in off.candidates(q, hits)[0].span.text


def test_an_earmark_in_the_first_quote_decides_another_use():
    from rag.answer import yesno
    from rag.models import Citation

    quotes = ["扶持资金应当专款专用，不得挪作他用。", "县级以上人民政府应当安排资金支持企业开展研发项目，支持企业项目建设。"]
    cited = [Citation(n=i, clause_id=f"c{i}", doc_id="d", doc_title="某省企业研发条例", section_path=[], quote=t,
                      start=100 * i, end=100 * i + len(t)) for i, t in enumerate(quotes, start=1)]
    terms = ["企业", "资金", "支持", "项目", "研发"]

    def topic(sentence: str) -> float:
        return sum(t in sentence for t in terms) / len(terms)

    q = analyse("Can a company use the support funds for something else?")
    assert yesno.decide(q, cited, terms, topic) == ("否", 1)
