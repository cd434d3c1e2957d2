"""Records and premises of the thirty-second round, on hand-built text (no index): a document named across 的 is
another document; the last chapter is named with its heading's words; a bound count the question states is a
premise where the clauses bound it otherwise."""

from types import SimpleNamespace

from rag.question import analyse


def test_a_document_named_across_de_is_another_document(monkeypatch):
    from rag.answer import docfacts

    law = SimpleNamespace(title="中华人民共和国样例法")
    assert docfacts.names_another_kind(analyse("民间样例活动的管理办法由谁制定？"), law)
    assert not docfacts.names_another_kind(analyse("样例法由谁制定？"), law)
    monkeypatch.setattr(docfacts, "NAME_ACROSS_DE", False)
    assert not docfacts.names_another_kind(analyse("民间样例活动的管理办法由谁制定？"), law)


def test_the_last_chapter_is_named_with_its_heading(monkeypatch):
    from rag.answer import docfacts

    doc = SimpleNamespace(title="样例条例", issuer=None, number=None, date=None, source=None, notes="")
    text = "# 样例条例\n\n## 第一章 总则\n\n第一条 甲。\n\n## 第二章　附　则\n\n第二条 乙。\n"
    fact = docfacts.find_fact("chapters", doc, text)
    assert (fact.value, fact.short) == ("第二章　附　则", "二章")
    assert text[fact.start:fact.end] == "第二章　附　则"
    monkeypatch.setattr(docfacts, "CHAPTER_TITLE", False)
    assert docfacts.find_fact("chapters", doc, text).value == "第二章"


def test_a_bound_count_stated_otherwise_is_a_false_premise(monkeypatch):
    from rag.answer import premise

    clause = "检查时，样例检查人员不得少于三人，并应当出示证件。"
    assert premise.contradicted("样例规定检查人员至少五人，来四个人可以拒绝吗？", clause) == [("至少五人", ["不得少于三人"])]
    assert premise.contradicted("检查人员至少三人吗？", clause) == []
    # a count that is the asker's case, not a bound, is not read
    assert premise.contradicted("我们单位有三人，需要几名检查人员？", clause) == []
    monkeypatch.setattr(premise, "BOUND_COUNT", False)
    assert premise.contradicted("样例规定检查人员至少五人，来四个人可以拒绝吗？", clause) == []


def test_a_yes_no_reads_only_the_bound_it_states_before_asking():
    from rag.answer import premise

    clause = "检查时，样例检查人员不得少于三人，并应当出示证件。"
    assert premise.bound_conflicts("样例规定检查人员至少五人，那来四个人可以拒绝吗？", clause, before_asked=True)
    # the bound asked about is the question's, answered 否 with the clause's
    assert premise.bound_conflicts("样例检查人员是不是至少五人？", clause, before_asked=True) == []


def test_an_everyday_word_is_covered_by_the_regulation_word(monkeypatch):
    from rag.answer import features

    assert features.forms_of("小区") == ["小区", "住宅区", "居住区"]
    assert features.forms_of("拷贝") == ["拷贝", "复制"]
    # an abbreviation still spells out; a word of no entry is itself
    assert features.forms_of("样例市科委") == ["样例市科委", "样例市科学技术委员会"]
    assert features.forms_of("样例") == ["样例"]
    monkeypatch.setattr(features, "EVERYDAY_FORMS", False)
    assert features.forms_of("小区") == ["小区"]


def test_a_presupposition_the_clause_forbids_is_false(monkeypatch):
    from rag.answer import gates

    groups = [(["样例组织"], 1.0), (["会员"], 1.0), (["独家"], 1.0), (["合同"], 1.0)]
    forbidding = "样例组织不得与会员订立独家合同。"
    assert gates._forbids(forbidding, "样例组织可以和会员签独家合同", groups)
    # a presupposition that negates, or a prohibition of something else, is not read so
    assert not gates._forbids(forbidding, "样例组织不能签专有合同", groups)
    assert not gates._forbids("样例组织应当订立合同，不得收取任何费用。", "样例组织可以签专有合同", groups[:1])
