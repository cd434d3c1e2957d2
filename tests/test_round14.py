"""Rules of the fourteenth round, each on hand-built text (no index): another place's document states no
value for a question about one place, the meeting of a regulation's last revision; and the rest of the
round's rules below."""

from rag.answer import docfacts
from rag.docrecord import stated_fields
from rag.models import DocumentMeta, Hit
from rag.question import analyse


def _place_hits() -> tuple[list[Hit], dict[str, DocumentMeta]]:
    texts = [("sd", "山东省技术转移条例", "第三十条 成果完成单位应当从转化收益中提取不低于百分之二十的比例，奖励完成人。"),
             ("ha", "河南省科技奖励条例", "第九条 企业应当从实施成果新增收益中提取一定比例，奖励完成成果的人员。")]
    hits = [Hit(clause_id=f"{d}#1", doc_id=d, doc_title=title, section_path=[text[:4]], text=text,
                start=0, end=len(text), score=1.0 - i / 10) for i, (d, title, text) in enumerate(texts)]
    documents = {d: DocumentMeta(doc_id=d, title=title, path=f"{d}.md", issuer=f"{title[:3]}人民代表大会常务委员会")
                 for d, title, _ in texts}
    return hits, documents


def test_another_places_figure_does_not_lead_a_question_about_one_place():
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    hits, documents = _place_hits()
    q = analyse("河南的企业要从新增收益中提取百分之多少奖励完成人？")

    def composed(off: frozenset[str] = frozenset()):
        keyword = KeywordIndex.build([normalize(h.text) for h in hits])
        return ExtractiveComposer(keyword, Expander({}), documents, off=off).compose(q, hits)

    draft = composed()
    assert draft.citations[0].doc_id == "ha"
    assert all(c.doc_id == "ha" for c in draft.citations)  # the other place's figure is not quoted beside it
    assert composed(frozenset({"feat:other_place_fact"})).citations[0].doc_id == "sd"


def test_a_document_of_a_part_of_the_place_is_another_places():
    from rag.answer.features import Featurizer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex

    hits, documents = _place_hits()
    f = Featurizer(KeywordIndex.build(["一"]), Expander({}), documents)
    assert f.of_another_place(hits[0], "河南") and not f.of_another_place(hits[1], "河南")
    district = hits[1].model_copy(update={"doc_id": "hd", "doc_title": "海淀区科技创新若干措施"})
    assert f.of_another_place(district, "北京")  # a district's document does not speak for its city
    national = hits[1].model_copy(update={"doc_id": "cn", "doc_title": "中华人民共和国科学技术进步法"})
    assert not f.of_another_place(national, "河南")  # a national law holds everywhere


REVISED = ("# 某省促进成果转化条例\n\n2001年10月28日 某省第九届人民代表大会常务委员会第二十三次会议通过\n\n"
           "2017年12月1日 某省第十二届人民代表大会常务委员会第三十三次会议修订\n\n第一条 为了促进成果转化，制定本条例。")


def test_the_meeting_of_the_last_revision_is_read_from_its_line():
    fields = stated_fields(REVISED)
    assert fields["meeting"].value == "某省第九届人民代表大会常务委员会第二十三次会议"
    got = fields["amended_meeting"]
    assert got.value == "某省第十二届人民代表大会常务委员会第三十三次会议" and REVISED[got.start:got.end] == got.value
    # amended by a decision: the meeting that made the decision, not the approving one before it
    decided = ("# 某市专利规定\n\n2004年10月25日 某市第十三届人民代表大会常务委员会第十五次会议通过\n\n"
               "2011年11月25日 某省第十一届人民代表大会常务委员会第二十七次会议批准的2011年11月15日"
               "某市第十四届人民代表大会常务委员会第三十三次会议《关于修改<某市专利规定>的决定》修正\n\n第一条 总则。")
    assert stated_fields(decided)["amended_meeting"].value == "某市第十四届人民代表大会常务委员会第三十三次会议"


def test_a_revisions_meeting_is_asked_apart_from_the_adopting_one(monkeypatch):
    assert docfacts.asked_field(analyse("这部条例最近一回由哪次会议修订？")) == "amended_meeting"
    assert docfacts.asked_field(analyse("When was the regulation last revised, and at which session?")) == "amended_meeting"
    assert docfacts.asked_field(analyse("这部条例由哪次会议通过？")) == "meeting"
    assert docfacts.asked_field(analyse("Which session first adopted the regulation, and when was it revised?")) == "meeting"
    monkeypatch.setattr(docfacts, "AMENDING_MEETING", False)
    assert docfacts.asked_field(analyse("这部条例最近一回由哪次会议修订？")) == "meeting"


def test_english_provisions_name_a_document():
    assert docfacts.asked_field(analyse("On what date did the city's Patent Provisions enter into force?")) == "effective"
    assert docfacts.asked_field(analyse("When did the metrology ordinance come into force?")) == "effective"


def test_a_posting_period_is_no_posting_date():
    # (a publicity period a clause sets: 公示时间不得少于十五日)
    assert docfacts.asked_field(analyse("How long is the shortest posting period the rules require?")) is None
    assert docfacts.asked_field(analyse("When was this notice posted on the website?")) == "posted"
    assert docfacts.asked_field(analyse("What is the posting date of the document?")) == "posted"


def test_a_first_right_names_no_item():
    assert analyse("Who gets the first right to commercialize an unused result?").ordinals == []
    assert analyse("Which unit has priority claim, and what is the first step?").ordinals == [1]


def test_a_count_of_items_may_name_them_with_a_few_words():
    from rag.answer.enumerated import COUNT_OF_ITEMS_RE

    assert COUNT_OF_ITEMS_RE.search("how many public-welfare functions are given to the extension stations?")
    assert COUNT_OF_ITEMS_RE.search("how many main tasks are listed?")
    assert not COUNT_OF_ITEMS_RE.search("how many yuan does the county pay?")


def test_taking_effect_after_an_act_answers_when():
    from rag.sentences import facts

    found = facts("经调解达成协议的，调解协议经双方当事人签字或者盖章后生效。", ("event",))
    assert [kind for kind, _ in found] == ["event"] and found[0][1].endswith("盖章后生效")
    assert facts("调解协议应当载明双方的权利义务。", ("event",)) == []


def test_the_first_time_something_happens_names_no_item(monkeypatch):
    from rag import question

    assert analyse("第一次违反规定就要被罚款吗？").ordinals == []
    assert analyse("这部条例第二次修正是哪天？").ordinals == [2]
    assert analyse("第三十三次会议通过了什么？").ordinals == [33]
    monkeypatch.setattr(question, "OCCURRENCES", False)
    assert analyse("第一次违反规定就要被罚款吗？").ordinals == [1]


def _law_and_regulation() -> dict[str, DocumentMeta]:
    return {"ha": DocumentMeta(doc_id="ha", title="河北省技术市场条例", path="ha.md"),
            "ag": DocumentMeta(doc_id="ag", title="中华人民共和国标准化法", path="ag.md"),
            "qd": DocumentMeta(doc_id="qd", title="青岛市专利保护规定", path="qd.md")}


def test_two_documents_compared_by_name_are_the_sides(monkeypatch):
    from rag.answer import compare

    documents = _law_and_regulation()
    q = analyse("河北技术市场条例和标准化法，对登记备案的要求有什么异同？")
    assert [d.doc_id for d in compare.document_sides(q, documents)] == ["ha", "ag"]
    # naming one document, or comparing nothing, is no comparison of two
    assert compare.document_sides(analyse("标准化法对登记备案有什么规定？"), documents) == []
    assert compare.document_sides(analyse("河北技术市场条例和标准化法是哪天施行的？"), documents) == []
    monkeypatch.setattr(compare, "DOCUMENT_SIDES", False)
    assert compare.document_sides(q, documents) == []


def test_a_word_with_difference_in_it_is_no_comparison():
    from rag.answer import compare

    documents = _law_and_regulation()
    q = analyse("河北技术市场条例里标准化法说的差异化发展是指什么？")
    assert compare.document_sides(q, documents) == []


def test_the_glossary_gives_prizes_first_rights_and_in_house_work():
    from rag.expand import Expander, build_table

    vocabulary = {"奖", "奖项", "优先", "自行", "第一", "权利", "内部"}
    expander = Expander(build_table(vocabulary, entries=[]))
    assert ["奖", "奖项"] in expander.concepts("Which prizes does the province set up?")
    first = expander.concepts("Who gets the first right to use it?")
    assert ["优先"] in first and ["第一"] not in first
    assert ["自行"] in expander.concepts("Can a university commercialize it in-house?")


def test_that_noun_the_previous_question_never_named_is_its_topics(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "Under the city's action plan, who pays for the pilot base programme?")]
    r = resolve("how large is that fund?", history)
    assert r.how == "pronoun" and r.question.startswith("How large is the fund ") and "pilot base programme" in r.question
    # a document noun is the document's (rag.conversation.topic._document_referent), not the topic's
    assert "the plan of" not in resolve("who wrote that plan?", history).question
    monkeypatch.setattr(topic, "EN_NOUN_OF_TOPIC", False)
    assert resolve("how large is that fund?", history).question == "how large is that fund?"


def test_two_record_facts_are_answered_in_the_order_asked(monkeypatch):
    q = analyse("When was the regulation last revised, and at which session?")
    assert docfacts.first_asked(q, docfacts.asked_field(q)) == "amended"
    assert docfacts.second_field(q, "amended") == "amended_meeting"
    q = analyse("这部条例哪天通过、哪天施行？")
    assert docfacts.first_asked(q, docfacts.asked_field(q)) == "adopted"
    # a field read across the other ("When did it take effect and who issued it?") is not asked before it
    q = analyse("When did the regulation take effect and who issued it?")
    assert docfacts.first_asked(q, docfacts.asked_field(q)) == "effective"
    monkeypatch.setattr(docfacts, "QUESTION_ORDER", False)
    q = analyse("When was the regulation last revised, and at which session?")
    assert docfacts.first_asked(q, docfacts.asked_field(q)) == "amended_meeting"
    monkeypatch.setattr(docfacts, "QUESTION_ORDER", True)
    # "the revised regulation" names which text; it asks no revision date of its own
    q = analyse("Since when has the revised regulation been in force?")
    assert docfacts.first_asked(q, docfacts.asked_field(q)) == "effective"
    long = analyse("When was the present text of the province's Regulations on Encouraging the Commercial Application "
                   "of Research Results in Universities and Institutes revised, and at which session?")
    assert docfacts.first_asked(long, docfacts.asked_field(long)) == "amended"


def test_record_facts_of_a_law_named_without_brackets_are_asked_of_it():
    assert docfacts.asked_field(analyse("标准化法到现在一共修正过几次？")) == "revisions"
    assert docfacts.asked_field(analyse("這部條例是由哪一屆、第幾次會議通過的？")) == "meeting"


def test_an_english_deadline_may_be_a_period():
    from rag.question import fact_kinds

    assert "duration" in fact_kinds(analyse("metrology law appeal deadline"))
    assert "duration" in fact_kinds(analyse("What is the deadline for filing an appeal?"))


def test_an_either_or_of_ordinals_needs_one_of_them(monkeypatch):
    from rag.answer import gates
    from rag.answer.gates import Judged

    hit = Hit(clause_id="c1", doc_id="d", doc_title="某省社科普及条例", section_path=["第九条"],
              text="第九条 每年九月第三周为全省社会科学普及周。", start=0, end=22, score=1.0)

    def refused(question: str) -> bool:
        from rag.answer.features import Evidence
        from rag.sentences import split_sentences

        span = split_sentences(hit.text, base=hit.start)[0]
        return gates._ordinal_absent(Judged(analyse(question), [Evidence(hit, span, 1)], [hit], {}, None))

    assert not refused("社科普及周是每年九月的第一周，还是第三周？")
    assert refused("社科普及周是每年九月的第一周，还是第二周？")
    monkeypatch.setattr(gates, "EITHER_ORDINAL", False)
    assert refused("社科普及周是每年九月的第一周，还是第三周？")


def test_the_second_document_named_is_the_one_naming_what_the_first_does_not(monkeypatch):
    documents = {"a": DocumentMeta(doc_id="a", title="中华人民共和国标准化法", path="a.md"),
                 "b": DocumentMeta(doc_id="b", title="河北省科学技术协会条例", path="b.md"),
                 "c": DocumentMeta(doc_id="c", title="河北省科学技术普及条例", path="c.md")}
    q = analyse("河北省科学技术协会条例和标准化法哪个先施行？")
    # (read by its short name, 标准化法 is named whole — twenty-fifth round, docfacts.STATE_PREFIX — and the pair
    # is found by the share alone; the rule here is for a title named in part, as it was read before)
    assert {d.doc_id for d in docfacts.two_named(q, documents)} == {"a", "b"}
    monkeypatch.setattr(docfacts, "STATE_PREFIX", False)
    first, second = docfacts.two_named(q, documents)
    assert (first.doc_id, second.doc_id) == ("b", "a")
    # without it, the other 河北 regulation shares enough of the first's words to be taken for the second
    monkeypatch.setattr(docfacts, "SECOND_APART", False)
    assert docfacts.two_named(q, documents)[1].doc_id == "c"
