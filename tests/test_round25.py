"""Rules of the twenty-fifth round, each on hand-built text (no index): a lead-in cut at "；" whose figure is in an
earlier part, a national law named without the state's name, a national document compared with a place's by
the nation, and "from what date does it apply" as the date in force."""

from rag.models import DocumentMeta
from rag.question import analyse

from .composing import clause_hits

ARTICLE = ("第九条 违反本办法，有下列情形之一的，责令限期整改，可以处三万元以下的罚款；对负有责任的人员依法给予处分；"
           "给他人造成损害的，依法赔偿:\n（一）涂改界桩编号的；\n（二）挪用界桩的。")


def _candidates(text: str) -> list:
    from rag.compose import _Candidate
    from rag.sentences import split_sentences

    hit = clause_hits([text], "某省界桩保护办法")[0]
    return [_Candidate(hit, 1, span, 0.1, 0.1, False) for span in split_sentences(hit.text, base=hit.start)]


def test_an_item_s_lead_in_is_read_back_over_its_parts_to_the_one_stating_the_figure(monkeypatch):
    from rag import compose

    cands = _candidates(ARTICLE)
    item = next(c for c in cands if c.span.text.startswith("（二）"))
    lead = compose._stating_lead_in(cands, item, ("money",))
    assert lead is not None and "三万元以下" in lead.span.text
    # a sentence ending before the lead-in opens is no part of it: its figure is not the list's
    other = _candidates("第八条 界桩的设立费用为每处二千元。对负有责任的人员依法给予处分；给他人造成损害的，依法赔偿:\n"
                        "（一）涂改界桩编号的；\n（二）挪用界桩的。")
    later = next(c for c in other if c.span.text.startswith("（二）"))
    assert compose._stating_lead_in(other, later, ("money",)) is None
    monkeypatch.setattr(compose, "LEAD_IN_PARTS", False)
    assert compose._stating_lead_in(cands, item, ("money",)) is None  # (the part before the colon's only)


def _doc(doc_id: str, title: str, issuer: str) -> DocumentMeta:
    return DocumentMeta(doc_id=doc_id, title=title, issuer=issuer, path=f"{doc_id}.md")


DOCS = {d.doc_id: d for d in (
    _doc("law", "中华人民共和国森林法", "全国人民代表大会常务委员会"),
    _doc("reg", "森林防火条例", "国务院"),
    _doc("local", "湖南省森林防火条例", "湖南省人民代表大会常务委员会"),
)}


def test_a_national_law_is_named_by_its_short_name(monkeypatch):
    from rag.answer import docfacts

    q = analyse("《森林法》与《森林防火条例》各自规定了哪些职责？")
    pair = docfacts.two_named(q, DOCS)
    assert pair is not None and {d.doc_id for d in pair} == {"law", "reg"}
    # a short name named in part only counts as before (3 of 森林法's pairs is not naming it)
    assert docfacts.named_share(analyse("林业主管部门管什么"), DOCS["law"].title, None) < 0.3
    monkeypatch.setattr(docfacts, "STATE_PREFIX", False)
    pair = docfacts.two_named(q, DOCS)
    assert pair is None or {d.doc_id for d in pair} != {"law", "reg"}


def test_the_national_document_is_the_side_the_nation_names(monkeypatch):
    from rag.answer import compare

    q = analyse("关于火源管理，湖南条例和国家条例各有什么要求？")
    assert [d.doc_id for d in compare.document_sides(q, DOCS)] == ["local", "reg"]
    q = analyse("Do the national regulations and the Hunan regulation differ on who patrols the forests?")
    assert [d.doc_id for d in compare.national_and_local(q, DOCS)] == ["reg", "local"]
    # no place named, or the nation not named as a document's: no sides of this kind
    assert compare.national_and_local(analyse("国家条例和省条例有什么不同？"), DOCS) == []
    assert compare.national_and_local(analyse("湖南的国家级保护区和省级保护区有什么不同？"), DOCS) == []
    monkeypatch.setattr(compare, "NATIONAL_SIDE", False)
    assert compare.national_and_local(analyse("关于火源管理，湖南条例和国家条例各有什么要求？"), DOCS) == []


def test_from_what_date_a_regulation_applies_asks_its_date_in_force():
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse("From which date does the amended forest fire regulation apply?")) == "effective"
    assert docfacts.asked_field(analyse("Which rules apply to campfires?")) is None


def test_a_sentence_opening_with_a_place_as_its_subject_speaks_for_it(monkeypatch):
    from rag.answer import features
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.models import Hit
    from rag.normalize import normalize

    text = "天津市着力发展航运金融；河北省重点承接制造业转移，建设若干中试基地。"
    plan = _doc("plan", "北京市区域合作三年规划", "北京市人民政府")
    f = features.Featurizer(KeywordIndex.build([normalize(text)]), Expander({}), {"plan": plan})
    hit = Hit(clause_id="c", doc_id="plan", doc_title=plan.title, section_path=["二、分工"], text=text, start=0,
              end=len(text), score=1.0)
    second = "河北省重点承接制造业转移，建设若干中试基地。"
    assert f.speaks_for(hit, second, "河北", subject=True, strict=True)
    # a sentence naming the place further on is still the Beijing plan's, not the place's rule
    assert not f.speaks_for(hit, "支持企业到河北省设立中试基地。", "河北", subject=True, strict=True)
    monkeypatch.setattr(features, "SUBJECT_OPENS", False)
    assert not f.speaks_for(hit, second, "河北", subject=True, strict=True)


def test_the_glossary_gives_warning_media_and_public_order_words_their_regulation_words():
    from rag.expand import Expander, build_table

    vocabulary = {"传播", "显示屏", "公告栏", "高音喇叭", "公安机关", "无人值守", "越级", "删改", "审定", "发现"}
    table = build_table(vocabulary, entries=[])
    assert table["relayed"] == ["传播"] and table["police"] == ["公安机关"] and table["unattended"] == ["无人值守"]
    assert table["bypass"] == ["越级"] and table["trimmed"] == ["删改"]
    concepts = Expander(table).concepts("Must shops show the alert on display screens and notice boards?")
    assert ["显示屏"] in concepts and ["公告栏"] in concepts
    assert Expander(table).concepts("Who runs the loudspeakers?")[-1] == ["高音喇叭"]


def test_a_tier_of_magnitude_is_its_chinese_word(monkeypatch):
    from rag import expand

    concepts = expand.Expander({}).concepts("Only the one-hundred-billion-yuan firms: how many?")
    assert ["千亿", "1000亿"] in concepts
    assert expand.numbered_parts("the 10-billion-yuan grade")[1] == [["百亿", "100亿"]]
    assert expand.numbered_parts("a 40-billion-yuan budget")[1] == []  # (no tier word: 400亿 is written out)
    assert expand.numbered_parts("a 1 million yuan grant") == ("a 1 million yuan grant", [])
    monkeypatch.setattr(expand, "MAGNITUDES", False)
    assert expand.numbered_parts("the 10-billion-yuan grade")[1] == []


def _composed(texts: list[str], question: str) -> list[str]:
    from .composing import composer_over

    return [c.quote for c in composer_over(texts).compose(analyse(question), clause_hits(texts, "某省森林防火条例")).citations]


def test_a_quoted_lead_in_is_quoted_whole_with_its_parts_before_the_colon(monkeypatch):
    from rag import compose

    texts = ["第九条 违反本办法，有下列行为之一的，由林业机构责令改正；构成违反治安管理行为的，由公安机关依法处罚；"
             "构成犯罪的，依法追究刑事责任：\n（一）在林区野外用火的；\n（二）拒不服从扑火指挥的。",
             "第八条 扑火队伍由县级人民政府组建。"]
    assert any("由林业机构责令改正" in q for q in _composed(texts, "拒不服从扑火指挥会有什么后果？"))
    monkeypatch.setattr(compose, "WHOLE_LEAD_IN", False)
    assert not any("由林业机构责令改正" in q for q in _composed(texts, "拒不服从扑火指挥会有什么后果？"))


def test_a_list_written_as_one_sentence_cut_at_semicolons_is_quoted_to_its_end(monkeypatch):
    from rag import compose

    texts = ["第十条 各级林业机构负责防火的日常管理工作。省林业机构应当编制全省防火规划；市、县林业机构应当制定本地防火"
             "预案；组织巡护队伍；配备扑火器材。", "第十一条 防火期由省人民政府规定。"]
    question = "市、县两级林业机构在防火方面要做哪些工作？"
    assert any("配备扑火器材" in q for q in _composed(texts, question))
    monkeypatch.setattr(compose, "LIST_PARTS", False)
    assert not any("配备扑火器材" in q for q in _composed(texts, question))


def test_the_glossary_gives_stations_periods_and_relocations_their_regulation_words():
    from rag.expand import Expander, build_table

    table = build_table({"气象台站", "震后", "应急期", "外迁", "岗位"}, entries=[])
    assert table["weather stations"] == ["气象台站"] and table["relocated"] == ["外迁"]
    concepts = Expander(table).concepts("How long is the post-quake emergency period?")
    assert ["震后"] in concepts and ["应急期"] in concepts and ["岗位"] not in concepts


def test_an_english_question_weighing_two_cases_asks_each_on_its_own(monkeypatch):
    from rag import focus

    a, b, qa, qb = focus.two_options("Which carries the heavier top fine: dumping waste in a reserve, or felling "
                                     "trees without a permit?")
    assert (a, b) == ("dumping waste in a reserve", "felling trees without a permit")
    assert qa == "What is the top fine for dumping waste in a reserve?"
    _, _, qa, qb = focus.two_options("In Hunan, which is longer: the period to object to a fire-ban notice, or "
                                     "the period to appeal a forestry fine?")
    assert qa == "In Hunan, how long is the period to object to a fire-ban notice?"
    assert qb == "In Hunan, how long is the period to appeal a forestry fine?"
    # a date of two documents is the document record's; a single case is no comparison
    assert focus.two_options("Which of the two took effect earlier: the forest law, or the fire rules?") is None
    assert focus.two_options("Which fine is higher for felling trees without a permit?") is None
    monkeypatch.setattr(focus, "TWO_OPTIONS", False)
    assert focus.two_options("Which is longer: the period to object to a notice, or the period to appeal a fine?") is None


def test_an_english_how_many_days_is_not_answered_by_a_year_or_hours(monkeypatch):
    from rag.answer import slots

    slot = slots.slot_of("an objection is answered by the bureau within how many days?")
    assert slot.period_unit == "日"
    assert not slots.fills(slot, "duration", "一个自然年", "观测至少一个自然年。")
    assert slots.fills(slot, "duration", "十五日内", "应当在十五日内答复。")
    monkeypatch.setattr(slots, "EN_PERIOD_UNIT", False)
    assert slots.slot_of("an objection is answered by the bureau within how many days?").period_unit is None
