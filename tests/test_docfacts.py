"""Document facts: record lines read from a copy, the question forms that ask for them, the document
a question is about, and answers cited as the document record (all on hand-built documents)."""

from pathlib import Path

import pytest

from rag.answer import docfacts
from rag.chunker import chunk
from rag.corpus import load_corpus
from rag.docrecord import HEAD_CHARS, header_fields, iso_date, proposed_metadata
from rag.evaluate import short_correct
from rag.models import Answer, DocumentMeta, Hit
from rag.question import analyse
from rag.verify import check

NOTICE = (
    "某某市科学技术局关于印发支持企业研发若干措施的通知\n"
    "發文機關：某某市科學技術局    發文字號：某科發〔2024〕7號\n"
    "成文日期：2024年3月5日\n"
    "发布日期:2024-03-08浏览次数: 字号:[ ]\n"
    "一、对企业研发投入给予补助，最高100万元。\n"
    "二、本措施自2024年4月1日起施行。\n"
)


def meta(doc_id: str = "n", title: str = "某某市支持企业研发若干措施", **fields) -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, title=title, path=f"corpus/{doc_id}.txt", **fields)


def hit(doc_id: str, title: str) -> Hit:
    return Hit(clause_id=f"{doc_id}-1", doc_id=doc_id, doc_title=title, section_path=[], text="x", start=0, end=1,
               score=1.0)


def test_record_lines_are_read_with_their_offsets_in_either_script():
    fields = header_fields(NOTICE)
    assert {k: v.value for k, v in fields.items()} == {
        "issuer": "某某市科學技術局", "number": "某科發〔2024〕7號", "date": "2024年3月5日", "posted": "2024-03-08"}
    for f in fields.values():
        assert NOTICE[f.start:f.end] == f.value


def test_only_labelled_lines_at_the_top_are_record_lines():
    body = "本计划落实《某某决定》(某字〔2016〕29号)。\n"  # another document's number, quoted: not this one's
    assert header_fields(body) == {}
    deep = "正文。" * (HEAD_CHARS // 3 + 1) + "\n发文字号：某发〔2020〕1号\n"
    assert "number" not in header_fields(deep)


def test_dates_read_as_iso_and_the_loader_proposes_empty_fields(tmp_path: Path):
    assert iso_date("2020年１月１日") == "2020-01-01" and iso_date("2016.9.22") == "2016-09-22"
    assert iso_date("2016年13月1日") is None and iso_date("2016年") is None
    assert proposed_metadata(NOTICE) == {"issuer": "某某市科學技術局", "number": "某科發〔2024〕7號", "date": "2024-03-05"}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(NOTICE, encoding="utf-8")
    (corpus / "b.txt").write_text(NOTICE, encoding="utf-8")
    (corpus / "manifest.json").write_text(
        '{"documents": [{"file": "b.txt", "doc_id": "b", "title": "B", "issuer": "某某市(发文机关未载明)"}]}',
        encoding="utf-8")
    docs = {d.doc_id: d for d in load_corpus(corpus, tmp_path)}
    assert (docs["a"].issuer, docs["a"].number, docs["a"].date) == ("某某市科學技術局", "某科發〔2024〕7號", "2024-03-05")
    assert docs["b"].issuer == "某某市(发文机关未载明)"  # the manifest's own words stay
    assert docs["b"].number == "某科發〔2024〕7號"


@pytest.mark.parametrize("question, field", [
    ("这份通知的文号是多少？", "number"),
    ("该措施是哪个部门印发的？", "issuer"),
    ("Who issued the measures?", "issuer"),
    ("Which body adopted these regulations?", "issuer"),
    ("这部条例是由哪个机关通过的？", "issuer"),
    ("这部条例经哪个机关批准？", "approver"),  # approval is another body's act: not the issuer, a field of its own
    ("这个方案是哪一天印发的？", "date"),
    ("When was the notice issued?", "date"),
    ("这份规划在网站上的发布时间是哪天？", "posted"),
    ("这份计划管的是哪几年？", "period"),
    ("What is the full title of this document?", "title"),
    ("科技部什么时候发布申报指南？", None),  # names no document: a clause's event, not a record field
    ("这份方案对企业研发补助多少？", None),
    ("这份方案依据的上级文件文号是什么？", None),  # another document's record: its clauses say it
    ("Which notices, by document number, is the plan based on?", None),
    ("When did the commission publish its interpretation of the plan?", None),  # the interpretation's date
    ("这份方案的解读是哪天发布的？", None),
    ("海淀那份讲科学城的文件，全称叫什么？", "title"),  # (文件 reads 文档 once normalised)
])
def test_the_field_a_question_asks_for(question, field):
    assert docfacts.asked_field(analyse(question)) == field


def test_the_document_is_the_one_the_question_names_else_the_retrieved_one():
    docs = {"a": meta("a", "甲市促进科技成果转化行动方案"), "b": meta("b", "乙市科技创新中心建设规划")}
    hits = [hit("a", docs["a"].title)]
    assert docfacts.choose_document(analyse("乙市科技创新中心建设规划的文号是什么？"), hits, docs).doc_id == "b"
    assert docfacts.choose_document(analyse("这份文件的文号是什么？"), hits, docs).doc_id == "a"
    english = analyse("What is the document number of the innovation centre plan?")
    concepts = [["创新"], ["中心"], ["规划", "计划", "方案"]]
    assert docfacts.choose_document(english, hits, docs, concepts).doc_id == "b"


def _answer(question: str, doc: DocumentMeta, text: str = NOTICE):
    clauses = chunk(doc.doc_id, text)
    return docfacts.answer(analyse(question), [hit(doc.doc_id, doc.title)], {doc.doc_id: doc}, lambda d: text,
                           lambda d: clauses), clauses


def _problems(draft, doc: DocumentMeta, clauses, text: str = NOTICE):
    by_id = {c.clause_id: c for c in clauses}
    return check(draft.answer, draft.citations, lambda d: text, by_id.get, {doc.doc_id: doc}.get)


def test_the_manifest_answers_first_and_a_clause_stating_it_is_quoted_beside():
    doc = meta(date="2024-04-01", number="某科发〔2024〕7号")
    draft, clauses = _answer("这份措施是什么时候印发的？", doc)
    assert draft.answered and draft.short.text == "2024-04-01"
    record, support = draft.citations
    assert (record.kind, record.field, record.quote, record.start, record.end) == ("document", "date", "2024-04-01", 0, 0)
    assert support.kind == "clause" and "2024年4月1日" in support.quote
    assert draft.answer.startswith("答：2024年4月1日（2024-04-01）[1]")
    assert _problems(draft, doc, clauses) == []
    Answer(question="q", answer=draft.answer, answered=True, citations=draft.citations)  # markers and quotes agree


def test_a_record_line_answers_when_the_manifest_is_silent_and_is_cited_at_its_offsets():
    doc = meta()
    draft, clauses = _answer("Who issued this notice?", doc)
    record = draft.citations[0]
    assert record.quote == "某某市科學技術局" and NOTICE[record.start:record.end] == record.quote
    assert draft.answer.startswith("Answer: 某某市科學技術局 [1]")
    assert _problems(draft, doc, clauses) == []
    posted, _ = _answer("这份通知在网站上的发布时间是哪天？", doc)
    assert posted.short.text == "2024-03-08"
    english, _ = _answer("When was this notice issued?", meta(date="2024-03-05"))
    assert english.short.english == "5 March 2024"


def test_a_record_quote_that_is_not_the_record_is_refused():
    doc = meta(number="某科发〔2024〕7号")
    draft, clauses = _answer("这份措施的文号是什么？", doc)
    forged = [c.model_copy(update={"quote": "某科发〔2024〕8号"}) if c.kind == "document" else c for c in draft.citations]
    assert any(p.kind == "quote" for p in _problems(type(draft)(draft.answer, forged, True), doc, clauses))
    other = meta(number="某科发〔2024〕9号")
    assert any(p.kind == "quote" for p in _problems(draft, other, clauses))


def test_a_record_that_says_the_field_is_unknown_is_an_honest_refusal():
    doc = meta(issuer="某某市(发文机关未在所存网页中载明)")
    draft, _ = _answer("这份措施是哪个部门发布的？", doc, "一、对企业给予补助。\n")
    assert not draft.answered and not draft.citations and "没有载明发文机关" in draft.answer
    silent, _ = _answer("这份措施是哪个部门发布的？", meta(), "一、对企业给予补助。\n")
    assert silent is None  # nothing recorded: the composers look in the clauses


def test_the_years_a_plan_covers_come_from_its_title():
    doc = meta(title="某某市促进成果转化行动计划(2016—2018年)")
    draft, _ = _answer("这份行动计划管的是哪几年？", doc, "某某市促进成果转化行动计划\n(2016—2018年)\n一、总体要求。\n")
    assert draft.short.text == "2016—2018年" and draft.citations[0].field == "title"


def test_a_short_date_scores_in_either_rendering():
    assert short_correct("2016-11-29", "2016年11月29日")
    assert not short_correct("2016-11-28", "2016年11月29日")


def test_the_sources_panel_shows_a_record_citation_as_the_document_record():
    from ui import render

    doc = meta(number="某科发〔2024〕<7>号")
    draft, _ = _answer("这份措施的文号是什么？", doc, "一、对企业给予补助。\n")
    answer = Answer(question="q", answer=draft.answer, answered=True, citations=draft.citations)

    class NoClauses:  # a record citation names no clause: the panel must not look one up
        def clause(self, clause_id):
            raise AssertionError(clause_id)

        def document(self, doc_id):
            raise AssertionError(doc_id)

    panel = render.sources_html(answer, NoClauses(), 1)
    assert "Document record · 文件记录 › number" in panel and "document manifest" in panel
    assert '<span class="qn">1</span>某科发〔2024〕&lt;7&gt;号</mark>' in panel


def test_an_adoption_line_naming_the_issuer_with_its_session_is_quoted_beside_the_record():
    text = "某省科技条例\n2020年7月31日 某省第十三届人民代表大会常务委员会第十九次会议通过\n第一条 为了促进科技进步，制定本条例。\n"
    doc = meta(title="某省科技条例", issuer="某省人民代表大会常务委员会")
    draft, clauses = _answer("Which body adopted these regulations?", doc, text)
    assert [c.kind for c in draft.citations] == ["document", "clause"]
    assert "第十三届人民代表大会常务委员会第十九次会议通过" in draft.citations[1].quote
    assert _problems(draft, doc, clauses, text) == []


def test_a_fact_the_named_documents_record_lacks_is_not_taken_from_another_document():
    docs = {"a": meta("a", "甲市促进科技成果转化行动方案", date="2024-04-01"), "b": meta("b", "乙市科技创新中心建设规划")}
    text = "一、对企业给予补助。\n"

    def answer(question: str, concepts=None):
        return docfacts.answer(analyse(question), [hit("a", docs["a"].title)], docs, lambda d: text,
                               lambda d: chunk(d, text), concepts)

    named = answer("乙市科技创新中心建设规划是哪天印发的？")
    assert not named.answered and "乙市科技创新中心建设规划" in named.answer
    english = answer("When was the innovation centre construction plan issued?",
                     [["创新"], ["中心"], ["建设"], ["规划", "计划"]])
    assert not english.answered
    assert answer("这份文件是哪天印发的？").short.text == "2024-04-01"  # names none: the retrieved one's
    # a question naming b too little to speak for it alone is answered as before, from the retrieved one
    assert answer("科技规划是哪天印发的？").short.text == "2024-04-01"


REGULATION = (
    "某某市促进创新条例\n\n"
    "2021年6月3日 某某市第九届人民代表大会常务委员会第七次会议通过\n\n"
    "2021年9月1日 某某省第十届人民代表大会常务委员会第二次会议批准\n\n"
    "第一章 总则\n\n第一条 为了促进创新，制定本条例。\n\n第二条 本条例适用于本市。\n\n"
    "第二章 支持\n\n第三条 市人民政府设立创新资金。\n\n"
    "第三章 附则\n\n第四条 有关单位可以参照执行。\n\n第五条 本条例自2022年1月1日起施行。\n"
)


def test_an_adoption_line_and_a_closing_provision_give_when_and_by_which_meeting_and_when_in_force():
    from rag.docrecord import stated_fields

    found = {k: v.value for k, v in stated_fields(REGULATION).items()}
    # the adoption (通过), not another body's approval (批准) below it
    assert found == {"adopted": "2021年6月3日", "meeting": "某某市第九届人民代表大会常务委员会第七次会议",
                     "approved": "2021年9月1日", "approver": "某某省第十届人民代表大会常务委员会第二次会议",
                     "effective": "2022年1月1日"}
    assert stated_fields("本方案自印发之日起实施。")["effective"].value == "本方案自印发之日起实施"
    assert stated_fields("第一条 参照《某法》“本法自2000年1月1日起施行”。\n") == {}  # only 本… speaks for itself


@pytest.mark.parametrize("question, field", [
    ("这部条例什么时候起施行？", "effective"),
    ("When does the regulation take effect?", "effective"),
    ("这部条例是哪一天通过的？", "adopted"),
    ("On what date was the regulation adopted?", "adopted"),
    ("这部条例由哪个机关在哪次会议上通过？", "meeting"),
    ("这部条例一共分几章？", "chapters"),
    ("How many articles does the regulation have?", "articles"),
    ("这部条例共有多少条？", "articles"),
    ("这部条例总共有几条条文？", "articles"),
    ("这部条例有几条措施支持企业？", None),  # 条 of something else: not the articles
    ("这部条例是经哪个机关批准的？", "approver"),
    ("Which body approved the regulation when it was first adopted?", "approver"),  # not the adoption date
    ("这部条例是哪天批准的？", "approved"),
    ("When was the regulation approved?", "approved"),
])
def test_the_regulation_fields_a_question_asks_for(question, field):
    assert docfacts.asked_field(analyse(question)) == field


def test_a_regulation_answers_its_effective_date_adoption_and_parts_from_its_text_and_checks_out():
    doc = meta("r", "某某市促进创新条例")
    cases = {"这部条例什么时候起施行？": "2022年1月1日", "这部条例是哪一天通过的？": "2021年6月3日",
             "这部条例由哪个机关在哪次会议上通过？": "某某市第九届人民代表大会常务委员会第七次会议",
             "这部条例一共分几章？": "三章", "这部条例共有多少条？": "五条"}
    for question, value in cases.items():
        draft, clauses = _answer(question, doc, REGULATION)
        assert draft.answered and draft.short.text == value, question
        assert _problems(draft, doc, clauses, REGULATION) == [], question
    english, clauses = _answer("How many articles does the regulation have?", doc, REGULATION)
    assert english.short.english == "5 articles" and english.citations[0].quote == "第五条"
    assert _problems(english, doc, clauses, REGULATION) == []  # "5" is supported by the last heading 第五条
    # articles that skip a number (a copy cut short or quoted) are not counted
    gap = REGULATION.replace("第四条 有关单位", "第六条 有关单位")
    assert docfacts.find_fact("articles", doc, gap) is None
    silent = REGULATION.replace("第五条 本条例自2022年1月1日起施行。", "")
    unstated = docfacts.answer(analyse("When does the innovation regulation take effect?"), [hit("r", doc.title)],
                               {"r": doc}, lambda d: silent, lambda d: chunk("r", silent), [["创新"], ["条例"]])
    assert unstated.answer.endswith("does not state its effective date.")  # a noun, not "its takes effect on"


def test_a_fact_of_the_document_it_repealed_or_of_another_place_is_not_this_records():
    assert docfacts.asked_field(analyse("这部条例施行后同时废止的旧条例是哪天通过的？")) is None
    assert docfacts.asked_field(analyse("When the regulation took effect, which older regulation was repealed?")) is None
    doc = meta("r", "某某市促进创新条例", issuer="某某市人民代表大会常务委员会")
    other_place, _ = _answer("深圳促进创新条例什么时候起施行？", doc, REGULATION)
    assert other_place is None  # the composers and the place gate take it (the documents do not cover 深圳)
    guangzhou = meta("g", "广州市促进创新条例")
    assert _answer("广州创新条例什么时候起施行？", guangzhou, REGULATION)[0].short.text == "2022年1月1日"
    two_places, _ = _answer("广州和深圳的创新条例分别什么时候起施行？", guangzhou, REGULATION)
    assert two_places is None  # one record cannot answer for both; the composers quote each document


def test_whether_a_copy_is_the_whole_document_comes_from_the_record_notes():
    doc = meta(notes="Web copy. Cut off mid-sentence inside measure 10; the rest is missing. Posted in 2024.")
    draft, clauses = _answer("这份措施存下来的网页是全文吗？", doc)
    assert draft.answered and draft.short.text == "否" and draft.answer.startswith("答：否[1]")
    record = draft.citations[0]
    assert (record.field, record.quote) == ("notes", "Cut off mid-sentence inside measure 10;")
    assert _problems(draft, doc, clauses) == []
    english, _ = _answer("Is the stored copy of this notice the full text?", meta(title="某某市若干措施(节选:一至三)"))
    assert english.short.english == "No" and english.citations[0].field == "title"
    # a record with no note on it says nothing either way: the clauses are looked at instead
    assert _answer("这份措施是全文吗？", meta(notes="Posted in 2024."))[0] is None
    forged = [c.model_copy(update={"quote": "Complete."}) for c in draft.citations]
    assert any(p.kind == "quote" for p in _problems(type(draft)(draft.answer, forged, True), doc, clauses))


def test_a_document_named_by_its_number_is_the_one_with_that_number():
    docs = {"a": meta("a", "甲市行动方案", number="甲政发〔2016〕44号", date="2016-09-22"),
            "b": meta("b", "乙市行动方案", number="乙政发〔2016〕50号", date="2016-11-29")}
    q = analyse("甲政发〔2016〕44号是哪天印发的？")
    assert docfacts.asked_field(q) == "date"
    assert docfacts.choose_document(q, [hit("b", docs["b"].title)], docs).doc_id == "a"


def test_a_record_label_the_question_names_is_answered_from_that_line():
    """成文日期 asked: the copy's 成文日期 line, though the curated record's date of issue differs."""
    doc = meta(date="2024-04-01")
    draft, clauses = _answer("这份措施的成文日期是哪天？", doc)
    assert draft.short.text == "2024年3月5日" and "成文日期 2024年3月5日" in draft.answer
    assert NOTICE[draft.citations[0].start:draft.citations[0].end] == "2024年3月5日"
    assert _problems(draft, doc, clauses) == []
    assert _answer("这份措施是在哪天印发的？", doc)[0].short.text == "2024-04-01"  # no label named: the record


def test_where_a_copy_comes_from_is_the_records_source():
    doc = meta(source="某某市政府网站 web copy (内容来源:某某日报), posted 2024-03-08")
    draft, clauses = _answer("这份措施的内容来源是哪里？", doc)
    assert draft.answered and "某某日报" in draft.short.text and draft.citations[0].field == "source"
    assert _problems(draft, doc, clauses) == []
    assert docfacts.asked_field(analyse("Where does the copy of this notice come from?")) == "source"
    assert docfacts.asked_field(analyse("这份条例的出处是哪里？")) == "source"
    # 作出处理决定 holds no 出处
    assert docfacts.asked_field(analyse("这部条例规定部门应当在多长时间内作出处理决定？")) is None
    assert _answer("这份措施的内容来源是哪里？", meta())[0] is None  # no source recorded: the clauses are looked at


def test_the_approval_line_answers_who_approved_and_when_that_years_one_first(monkeypatch):
    from rag.docrecord import stated_fields

    amended = REGULATION.replace("第一章 总则", "2023年5月6日 某某省第十届人民代表大会常务委员会第九次会议批准的修改决定修正\n\n第一章 总则")
    assert stated_fields(amended)["approved"].value == "2021年9月1日"  # the first, asked of no year
    assert stated_fields(amended, (2023,))["approved"].value == "2023年5月6日"
    doc = meta("r", "某某市促进创新条例")
    draft, clauses = _answer("某某省人大常委会是哪天批准这部条例2023年那次修正的？", doc, amended)
    assert draft.answered and draft.short.text == "2023年5月6日"
    assert _problems(draft, doc, clauses, amended) == []
    draft, _ = _answer("这部条例是经哪个机关批准的？", doc, amended)
    assert draft.short.text == "某某省第十届人民代表大会常务委员会第二次会议"
    monkeypatch.setattr(docfacts, "APPROVAL", False)
    assert docfacts.asked_field(analyse("这部条例是经哪个机关批准的？")) != "approver"


def test_two_record_facts_asked_are_both_answered_each_cited_and_an_amendment_is_one():
    from rag.docrecord import stated_fields

    amended = REGULATION.replace(
        "2021年9月1日 某某省第十届人民代表大会常务委员会第二次会议批准\n\n",
        "2023年5月6日 某某市第九届人民代表大会常务委员会第十次会议《关于修改部分地方性法规的决定》修正\n\n")
    assert stated_fields(amended)["amended"].value == "2023年5月6日"
    doc = meta("r", "某某市促进创新条例")
    draft, clauses = _answer("When was the regulation first adopted, and when was it amended?", doc, amended)
    assert draft.short.text == "2021年6月3日"
    assert "2023年5月6日" in draft.answer and [c.kind for c in draft.citations][-1] == "document"
    assert _problems(draft, doc, clauses, amended) == []
    both, clauses = _answer("这部条例是哪天通过的，又是什么时候施行的？", doc, amended)
    assert "2022年1月1日" in both.answer and "2021年6月3日" in both.answer
    one, _ = _answer("这部条例是哪天通过的？", doc, amended)
    assert len(one.citations) == 2  # the record line and its text: no second field asked
    saved = docfacts.SECOND_FIELD
    try:
        docfacts.SECOND_FIELD = False
        assert "2023年5月6日" not in _answer("When was the regulation first adopted, and when was it amended?",
                                               doc, amended)[0].answer
    finally:
        docfacts.SECOND_FIELD = saved


def test_a_record_fact_compared_across_two_named_documents_is_answered_for_each():
    a, b = meta("a", "甲市促进创新条例"), meta("b", "乙省专利保护条例")
    texts = {"a": REGULATION, "b": REGULATION.replace("2022年1月1日", "2019年3月1日").replace("某某市", "乙省")}
    docs = {"a": a, "b": b}
    clauses = {d: chunk(d, t) for d, t in texts.items()}

    def ask(question: str, concepts=None):
        return docfacts.answer(analyse(question), [hit("a", a.title)], docs, texts.get, clauses.get, concepts)

    both = ask("Which came into force earlier, the Jia innovation regulation or the Yi patent regulation?",
               [["甲"], ["创新"], ["乙"], ["专利"], ["保护"]])
    assert "2022年1月1日" in both.answer and "2019年3月1日" in both.answer
    assert [c.n for c in both.citations] == [1, 2, 3, 4]
    assert {both.citations[0].doc_id, both.citations[2].doc_id} == {"a", "b"}
    by_id = {c.clause_id: c for d in ("a", "b") for c in clauses[d]}
    assert check(both.answer, both.citations, texts.get, by_id.get, docs.get) == []
    # one document named: its record alone
    one = ask("When does the Jia innovation regulation take effect?", [["甲"], ["创新"]])
    assert "2019年3月1日" not in one.answer
    saved = docfacts.COMPARED
    try:
        docfacts.COMPARED = False
        off = ask("Which came into force earlier, the Jia innovation regulation or the Yi patent regulation?",
                  [["甲"], ["创新"], ["乙"], ["专利"], ["保护"]])
        assert off is None or not ("2022年1月1日" in off.answer and "2019年3月1日" in off.answer)
    finally:
        docfacts.COMPARED = saved


def test_the_rules_a_document_leaves_to_be_made_are_not_its_record():
    assert docfacts.asked_field(analyse("这部条例的资金管理具体办法由谁制定？")) is None
    assert docfacts.asked_field(analyse("奖励条例的实施细则是哪一年发布的？")) is None
    assert docfacts.asked_field(analyse("Who drafts the detailed rules under the regulation?")) is None
    assert docfacts.asked_field(analyse("这部条例由谁制定？")) == "issuer"
