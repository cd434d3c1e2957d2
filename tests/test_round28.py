"""Rules of the twenty-eighth round, each on hand-built text (no index): a duration asked ("how far in advance")
is no date of the document's record and asks a period; a law named without brackets before the next one, or before
全文, is a document named; "哪一部…更早" compares the two documents named; corner quotes around a
swapped term are quotation marks; an English pronoun after a Chinese question points at the thing it opens with;
the glossary's words for the people in charge, tie-in sales and publicising; and Taiwan words (罰鍰, 透過, 蒐集)
normalised as the mainland texts write them."""

from rag.models import DocumentMeta
from rag.question import analyse, fact_kinds


def test_how_far_in_advance_asks_a_period_not_the_date_in_force(monkeypatch):
    from rag import question
    from rag.answer import docfacts

    q = "How far in advance does a market have to announce its new rules before they take effect?"
    assert docfacts.asked_field(analyse(q)) is None
    assert "duration" in fact_kinds(analyse(q))
    assert "duration" in fact_kinds(analyse("商户调整营业时间要提前几天告知？"))
    # the document's own date in force is still a record fact
    assert docfacts.asked_field(analyse("When does the sample regulation take effect?")) == "effective"
    monkeypatch.setattr(docfacts, "DURATION_NOT_DATE", False)
    # (the rules' own taking effect, after "before", is another act's since the thirtieth round's
    # ANOTHER_ACT_EFFECTIVE: switched off too, to see this rule's part alone)
    monkeypatch.setattr(docfacts, "ANOTHER_ACT_EFFECTIVE", False)
    assert docfacts.asked_field(analyse(q)) == "effective"
    monkeypatch.setattr(question, "ADVANCE_ASKED", False)
    assert "duration" not in fact_kinds(analyse(q))


def test_a_law_named_without_brackets_before_the_next_is_a_document_named(monkeypatch):
    from rag.answer import docfacts

    q = analyse("样例登记法和样例统计法，哪一部施行得更早？")
    assert docfacts.asked_field(q) == "effective"
    # a method (方法) or what is unlawful (非法) is no law
    assert docfacts._LAW_JOINED_RE.search(normalize_("非法和违规行为怎样处理")) is None
    monkeypatch.setattr(docfacts, "LAW_JOINED", False)
    assert docfacts.asked_field(q) is None


def normalize_(text: str) -> str:
    from rag.normalize import normalize

    return normalize(text)


def test_which_one_earlier_compares_the_two_documents_named(monkeypatch):
    from rag.answer import docfacts

    documents = {d: DocumentMeta(doc_id=d, title=t, path=f"{d}.md") for d, t in
                 (("a", "中华人民共和国样例登记法"), ("b", "中华人民共和国样例统计法"), ("c", "某市气象条例"))}
    q = analyse("《样例登记法》和《样例统计法》，哪一部施行得更早？")
    pair = docfacts.compared_documents(q, documents)
    assert pair is not None and {d.doc_id for d in pair} == {"a", "b"}
    monkeypatch.setattr(docfacts, "WHICH_ONE", False)
    assert docfacts.compared_documents(q, documents) is None


def test_corner_quotes_around_a_swapped_term_are_quotation_marks(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "樣例計劃的「ABC」架構中，「A」指什麼？"), Turn("assistant", "「A」是一個中心。")]
    assert resolve("那「B」呢？", history, None).question == "樣例計劃的「ABC」架構中，「B」指什麼？"
    monkeypatch.setattr(markers, "CORNER_QUOTES", False)
    assert "「「B」" in resolve("那「B」呢？", history, None).question


def test_the_glossary_gives_penalty_sales_and_publicity_words_their_regulation_terms():
    from rag.expand import Expander, build_table

    table = build_table({"主管人员", "责任人员", "搭售", "公示", "广播"}, entries=[])
    assert table["tie-in"] == ["搭售"] and table["bundled"] == ["搭售"]
    concepts = Expander(table).concepts("Which fine do the directly responsible staff face, and must it be publicised?")
    assert ["主管人员", "责任人员"] in concepts and any("公示" in c for c in concepts)
    assert not any("广播" in c for c in concepts)


def test_a_law_named_before_its_whole_text_is_a_document_named(monkeypatch):
    from rag.answer import docfacts

    q = analyse("样例登记法全文一共有几条？")
    assert docfacts.asked_field(q) == "articles"
    monkeypatch.setattr(docfacts, "LAW_WHOLE_TEXT", False)
    assert docfacts.asked_field(q) is None



def test_an_english_pronoun_after_a_chinese_question_points_at_its_thing(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "样例措施里的“星火”计划设立了哪些奖项？"), Turn("assistant", "设立了两个奖项。")]
    asked = "Which university does it work with?"
    assert resolve(asked, history, None).question == "Which university does 样例措施里的“星火”计划 work with?"
    # a thing named after 对 is kept: the phrase runs to the question's own predicate
    history = [Turn("user", "样例意见对有贡献的青年人员怎么奖励？"), Turn("assistant", "给予奖励。")]
    assert "样例意见对有贡献的青年人员" in resolve("Who pays for it?", history, None).question
    monkeypatch.setattr(topic, "EN_ZH_REFERENT", False)
    history = [Turn("user", "样例措施里的“星火”计划设立了哪些奖项？"), Turn("assistant", "设立了两个奖项。")]
    assert "设立" in resolve(asked, history, None).question


def test_taiwan_words_tw2sp_leaves_meet_the_mainland_words(monkeypatch):
    from rag import normalize as norm

    assert "罚款" in norm.normalize("處新臺幣三萬元罰鍰")
    assert norm.normalize("蒐集用戶資料") == norm.normalize("收集用户数据")
    assert norm.normalize("透過網路申請") == norm.normalize("通过网络申请")
    # words of the same spelling inside other words are left alone
    assert norm.normalize("一个资金项目的产品质量") == "一个资金项目的产品质量"
    monkeypatch.setattr(norm, "TW_MORE", False)
    assert "罚款" not in norm.normalize("處新臺幣三萬元罰鍰")
