"""Rules of the thirty-fourth round, on hand-built text (no index): a chapter asked by its number, a law's record
asked of a regulation, an effective date in Chinese numerals, 几名 answered by …人, and an A-not-A question form
that is no concept."""

from rag import articles, docrecord
from rag.answer import docfacts, features, gates, slots
from rag.answer.features import Featurizer
from rag.answer.policy import AnswerPolicy
from rag.compose import Draft, citation_for
from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import DocumentMeta, Hit
from rag.normalize import normalize
from rag.question import analyse
from rag.sentences import Span


def test_a_chapter_is_read_from_the_question_and_the_clause_path(monkeypatch):
    assert articles.asked_chapters("样例条例第十二章写了什么") == {12}
    assert articles.asked_chapters("What does Chapter 4 of the sample rules cover?") == {4}
    assert articles.asked_chapters("What does Chapter IX say?") == {9}
    assert articles.asked_chapters("样例条例第十二条写了什么") == set()
    clause = Hit(clause_id="c", doc_id="d", doc_title="t", section_path=["样例条例", "第三章　监督", "第二十条"],
                 text="x", start=0, end=1, score=0.5)
    assert articles.chapter_of(clause) == 3
    assert articles.chapter_of(Hit(clause_id="c", doc_id="d", doc_title="t", section_path=["第三条"], text="x",
                                   start=0, end=1, score=0.5)) is None
    monkeypatch.setattr(articles, "CHAPTERS", False)
    assert articles.asked_chapters("样例条例第十二章写了什么") == set()


def _judged(question: str, path: list[str], off=frozenset({"gate:coverage", "gate:answerable"})):
    text = "第八条 样例机构应当每年报告样例工作情况。"
    f = Featurizer(KeywordIndex.build([normalize(text)]), Expander({}), {})
    hit = Hit(clause_id="c", doc_id="d", doc_title="样例条例", section_path=path, text=text, start=0,
              end=len(text), score=0.5)
    draft = Draft(f"{text}[1]", [citation_for(1, hit, Span(0, len(text), text))], True, {})
    return AnswerPolicy(f, off=off).judge(analyse(question), draft, [hit])


def test_a_chapter_no_quote_lies_in_is_refused(monkeypatch):
    refused = _judged("样例条例第八章规定了什么？", ["第二章　样例管理", "第八条"])
    assert not refused.answered and refused.meta["gate"] == "gate:chapter" and "第八章" in refused.answer
    english = _judged("What does Chapter 8 of the sample regulation say?", ["第二章　样例管理", "第八条"])
    assert not english.answered and "Chapter 8" in english.answer
    assert _judged("样例条例第二章规定了什么？", ["第二章　样例管理", "第八条"]).answered
    monkeypatch.setattr(articles, "CHAPTERS", False)
    assert _judged("样例条例第八章规定了什么？", ["第二章　样例管理", "第八条"]).answered
    assert gates.GATE_NAMES.count("gate:chapter") == 1


def test_an_effective_date_in_chinese_numerals_is_read(monkeypatch):
    text = "# 样例条例\n\n第一条 为了样例，制定本条例。\n\n第九条 本条例自一九八八年三月一日起施行。"
    found = docrecord.stated_fields(text)["effective"]
    assert found.value == "一九八八年三月一日" and text[found.start:found.end] == found.value
    monkeypatch.setattr(docrecord, "_IN_FORCE_RE", __import__("re").compile(
        docrecord._IN_FORCE_RE.pattern.replace("|" + docrecord.CN_DATE, "")))
    assert "effective" not in docrecord.stated_fields(text)


def test_formally_put_into_effect_asks_the_effective_date():
    assert docfacts.asked_field(analyse("样例条例哪天起正式实施？")) == "effective"
    assert docfacts.asked_field(analyse("样例条例何时开始正式实施？")) == "effective"


def test_a_law_named_of_a_regulation_is_another_document(monkeypatch):
    regulation = DocumentMeta(doc_id="r", title="样例设施安全保护条例", path="r.md")
    assert docfacts.names_another_kind(analyse("样例信息保护法何时施行？"), regulation)
    assert docfacts.names_another_kind(analyse("《样例信息保护法》是哪天通过的？"), regulation)
    assert docfacts.names_another_kind(analyse("When did the Sample Data Protection Law take effect?"), regulation)
    # the regulation itself, and a regulation named after its law, are not
    assert not docfacts.names_another_kind(analyse("样例设施安全保护条例是哪天施行的？"), regulation)
    assert not docfacts.names_another_kind(analyse("When did the Sample Law Implementing Rules take effect?"), regulation)
    law = DocumentMeta(doc_id="l", title="中华人民共和国样例信息保护法", path="l.md")
    assert not docfacts.names_another_kind(analyse("样例信息保护法何时施行？"), law)
    monkeypatch.setattr(docfacts, "LAW_KIND", False)
    assert not docfacts.names_another_kind(analyse("样例信息保护法何时施行？"), regulation)


def test_a_laws_record_asked_of_a_corpus_without_it_is_absent(monkeypatch):
    texts = ["第九条 本条例自2020年1月1日起施行。", "第三条 依照《中华人民共和国样例信息保护法》处理。"]
    documents = {"r": DocumentMeta(doc_id="r", title="样例设施安全保护条例", path="r.md")}
    f = Featurizer(KeywordIndex.build([normalize(t) for t in texts]), Expander({}), documents)
    # (cited by the texts, so a word of the corpus: still absent when its own record is asked)
    assert f.absent_law(analyse("样例信息保护法何时开始施行？")) == "样例信息保护法"
    assert f.absent_law(analyse("When did the Sample Data Protection Law take effect?")) == "Sample Data Protection Law"
    assert f.absent_law(analyse("样例设施安全保护条例何时开始施行？")) is None
    assert f.absent_law(analyse("样例信息保护法规定了哪些义务？")) is None  # no record asked
    assert features.english_law_named("When did the Sample Law Implementing Rules take effect?") is None
    monkeypatch.setattr(features, "RECORD_OF_LAW", False)
    assert f.absent_law(analyse("样例信息保护法何时开始施行？")) is None


def test_ji_ming_is_answered_by_a_count_of_persons(monkeypatch):
    slot = slots.slot_of("样例检查时至少要有几名检查人员？")
    assert ("count", "三人") in slots.filling(slot, "样例检查时，检查人员不得少于三人。")
    monkeypatch.setattr(slots, "PERSONS_EITHER", False)
    assert not slots.filling(slot, "样例检查时，检查人员不得少于三人。")


def test_an_a_not_a_form_is_no_concept(monkeypatch):
    f = Featurizer(KeywordIndex.build([normalize("未经批准，不得出租样例设备。")]), Expander({}), {})

    def words(question: str) -> set[str]:
        return {w for forms, _ in f.concepts(analyse(question)) for w in forms}

    assert "不能" not in words("样例设备能不能租给别人？") and "不会" not in words("样例设备会不会被收回？")
    assert "出租" in words("样例设备能不能租给别人？")  # (租给: the everyday form of 出租)
    monkeypatch.setattr(features, "A_NOT_A", False)
    assert "不能" in words("样例设备能不能租给别人？")


def test_levels_named_one_by_one_after_fen_wei_are_a_count():
    from rag.sentences import facts

    assert ("count", "一、二级") in facts("样例品种分为一、二级。")
    assert ("count", "三级") in facts("样例档案分为三级。")
    assert not facts("样例部分三级站点")


def test_the_noun_counted_may_come_before_the_how_many(monkeypatch):
    from rag.answer import enumerated

    q = "条例点名要负责样例工作的政府部门，一共列了多少个？"
    assert enumerated.counted_nouns(q) == ["部门"]
    assert enumerated.inline_lists("甲、乙、丙、丁等部门，应当做好样例工作。", enumerated.counted_nouns(q))[0].count == 4
    assert enumerated.counted_nouns("这些部门的职责有多少项？") == []  # (duties are counted)
    monkeypatch.setattr(enumerated, "NOUN_BEFORE_COUNT", False)
    assert enumerated.counted_nouns(q) == []


def _cite(quote: str):
    from rag.models import Citation

    return Citation(n=1, clause_id="c1", doc_id="d", doc_title="t", section_path=[], quote=quote, start=0, end=len(quote))


def test_on_its_own_against_a_condition_is_no(monkeypatch):
    from rag.answer import yesno

    cited = [_cite("外国样例机构因中外合作研究需要，方可在境内开展样例采集。")]
    q = analyse("Can a foreign sample institute carry out sample collection in China on its own?")
    assert yesno.decide(q, cited, ["样例", "采集", "外国"], stated=lambda text: 1.0) == ("否", 1)
    zh = analyse("样例单位想推迟移交样例，自己能说了算吗？")
    assert yesno.decide(zh, [_cite("样例单位推迟移交样例的，应当报经样例局同意。")], ["样例", "推迟", "移交"]) == ("否", 1)
    monkeypatch.setattr(yesno, "ON_ITS_OWN", False)
    assert yesno.decide(q, cited, ["样例", "采集", "外国"], stated=lambda text: 1.0) != ("否", 1)


def test_which_of_two_has_more_chapters_asks_the_chapters():
    assert docfacts.asked_field(analyse("甲样例条例跟乙样例条例，哪一部的章数比较多？")) == "chapters"
    assert docfacts.asked_field(analyse("Which has more chapters, the A rules or the B rules?")) == "chapters"



def test_several_asks_no_number(monkeypatch):
    from rag import question

    q = analyse("样例品种本来有好几家企业在生产，企业要在公告后多久内申报？")
    assert "number" not in q.intents and question.asked_measure(q.normalised) is None
    monkeypatch.setattr(question, "SEVERAL_ANY", False)
    assert question.asked_measure(analyse("样例品种本来有好几家企业在生产，企业要在公告后多久内申报？").normalised) == "家"


def test_a_grade_in_chinese_numerals_carries_its_number(monkeypatch):
    text = "样例品种二级保护期限为七年。"
    f = Featurizer(KeywordIndex.build([normalize(text)]), Expander({}), {})
    hit = Hit(clause_id="c", doc_id="d", doc_title="样例条例", section_path=["第十条"], text=text, start=0,
              end=len(text), score=0.5)
    draft = Draft(f"{text}[1]", [citation_for(1, hit, Span(0, len(text), text))], True, {})

    def ordinal_passes(question: str) -> bool:
        judged = AnswerPolicy(f, off=frozenset({"gate:coverage", "gate:answerable"})).judge(analyse(question), draft, [hit])
        return judged.meta["gates"]["gate:ordinal"]

    assert ordinal_passes("How long is the term of a second-class sample variety?")
    assert not ordinal_passes("How long is the term of a third-class sample variety?")
    monkeypatch.setattr(gates, "GRADE_NUMERALS", False)
    assert not ordinal_passes("How long is the term of a second-class sample variety?")
