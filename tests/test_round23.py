"""Rules of the twenty-third round, each on hand-built text (no index): a count of the items a lead-in names, a
school system that is no period, the articles a penalty names as its context, the aggravated case of a penalty
quoted second, and the glossary's words of statistics, data and copyright regulations."""

from rag.answer.features import Evidence
from rag.models import Hit
from rag.question import analyse
from rag.sentences import Span

from .composing import clause_hits, composer_over, first_quote

SECTORS = "第八条 本市扶持的重点行业包括：集成电路、人工智能、生物医药和新型储能。"


def test_a_list_after_a_lead_in_naming_the_counted_noun_is_counted(monkeypatch):
    from rag.answer import enumerated

    nouns = enumerated.counted_nouns("How many industries does the city back?")
    assert "行业" in nouns
    found = enumerated.inline_lists(SECTORS, nouns)
    assert [f.count for f in found] == [4]  # the last two joined by 和
    assert SECTORS[found[0].start:found[0].end] == "集成电路、人工智能、生物医药和新型储能"
    # a lead-in naming another thing counts nothing of the noun asked
    assert enumerated.inline_lists(SECTORS.replace("行业", "项目"), nouns) == []
    monkeypatch.setattr(enumerated, "LEAD_NOUN_ITEMS", False)
    assert enumerated.inline_lists(SECTORS, nouns) == []


def test_the_count_of_a_lead_in_s_items_is_the_short_answer():
    from rag.answer import short

    question = analyse("How many industries does the city back?")
    draft = composer_over([SECTORS]).compose(question, clause_hits([SECTORS], "某市产业促进条例"))
    found = short._inline_length(draft.citations, question)
    assert found is not None and found.counted == 4 and found.text == "集成电路、人工智能、生物医药和新型储能"


def test_a_school_system_is_no_period():
    from rag.sentences import facts

    assert facts("推行十二年制基础教育，学习期限为三年。", ("duration",)) == [("duration", "三年")]
    assert facts("实行五年制，另有两年的见习期。", ("duration",)) == [("duration", "两年")]


def _hit(clause_id: str, doc_id: str, article: str, text: str, start: int) -> Hit:
    return Hit(clause_id=clause_id, doc_id=doc_id, doc_title="某市排水管理条例", section_path=["某市排水管理条例", article],
               text=text, start=start, end=start + len(text), score=0.5)


def test_the_articles_a_penalty_names_are_part_of_its_context(monkeypatch):
    from rag.answer import features

    fine = _hit("a40", "d", "第四十条", "第四十条 违反本条例第十二条规定的，责令改正；拒不改正的，处五千元以上五万元以下罚款。", 900)
    duty = _hit("a12", "d", "第十二条", "第十二条 排水户不得向雨水管网倾倒餐厨垃圾。", 200)
    quote = "拒不改正的，处五千元以上五万元以下罚款。"
    evidence = Evidence(fine, Span(fine.start + fine.text.index(quote), fine.end, quote), 1)
    assert "餐厨垃圾" in features._referred(evidence, [fine, duty])
    # another document's article of that number is not the one named
    assert features._referred(evidence, [fine, duty.model_copy(update={"doc_id": "e"})]) == ""
    monkeypatch.setattr(features, "REFERRED_ARTICLES", False)
    assert features._referred(evidence, [fine, duty]) == ""


NOTICE = ["第十五条 平台收到删除通知后，应当立即删除涉嫌侵权的内容。",
          "第三十条 平台收到删除通知后拖延删除涉嫌侵权的内容的，由主管部门予以警告；情节严重的，平台应当停业整顿。"]


def test_the_aggravated_case_of_a_penalty_quoted_second_is_quoted_too(monkeypatch):
    from rag import compose

    question = analyse("平台收到删除通知后不删除涉嫌侵权的内容会怎样？")
    hits = clause_hits(NOTICE, "某省网络内容管理条例")

    def quotes() -> list[str]:
        return [c.quote for c in composer_over(NOTICE).compose(question, hits).citations]

    assert quotes()[0].startswith("第十五条")  # the duty leads, the penalty is quoted second
    assert "停业整顿" in quotes()[1]
    monkeypatch.setattr(compose, "AGGRAVATED_ANY", False)
    assert "停业整顿" not in quotes()[1]


def test_the_glossary_renders_statistics_data_and_copyright_words_as_regulations_write_them():
    from rag.expand import build_table

    vocabulary = {"报告", "申报", "举报", "国际收支", "外汇", "生物识别", "网络", "网上", "传播", "海关", "盲人", "避开",
                  "赔偿", "补偿", "居留", "居住"}
    table = build_table(vocabulary, entries=[])
    assert table["reporting"] == ["报告", "申报", "举报"]
    assert table["bop"] == ["国际收支"]
    assert table["customs"] == ["海关"]
    assert table["online"] == ["网络", "网上"]
    assert table["circumvention"] == ["避开"]
    assert table["compensated"] == ["赔偿", "补偿"]
    assert table["residence"] == ["居留", "居住"]
    assert "stay" not in table or table["stay"] == []  # "stay at 9%" is a level kept, not a stay
    assert build_table({"海关"}, entries=[])["online"] == []


def test_the_items_of_a_list_led_in_first_are_its_context(monkeypatch):
    from rag.answer import features

    text = "第九条 经营者可以出租自有的仓储设施。但是，有下列情形之一的除外：\n（一）设施未经消防验收的；\n（二）设施被依法查封的。"
    hit = _hit("a9", "d", "第九条", text, 0)

    def quoted(sentence: str) -> Evidence:
        at = text.index(sentence)
        return Evidence(hit, Span(at, at + len(sentence), sentence), 1)

    evidence = [quoted("但是，有下列情形之一的除外："), quoted("（一）设施未经消防验收的；"), quoted("（二）设施被依法查封的。")]
    assert "消防验收" in features._items_quoted(evidence) and "依法查封" in features._items_quoted(evidence)
    assert features._items_quoted(evidence[1:]) == ""  # an item quoted first leads no list
    monkeypatch.setattr(features, "LIST_AS_ONE", False)
    assert features._items_quoted(evidence) == ""


def test_how_a_term_is_defined_asks_its_definition():
    from rag import definitions

    assert definitions.asked("这部办法怎么定义“孵化载体”？", False)
    assert definitions.asked("如何界定小型微利企业", False)
    assert not definitions.asked("孵化载体怎么申请认定？", False)


def test_the_noun_a_which_question_asks_is_named_by_its_list_s_lead_in():
    from rag.answer import enumerated

    assert enumerated.asked_list_nouns("年度检查要核查哪些材料？") == ["材料"]
    assert enumerated.asked_list_nouns("在哪几类场所禁止吸烟？") == ["场所"]
    assert enumerated.announces("有下列情形之一的，可以免于检查：", ["情况"])  # 情况 is written 情形
    assert not enumerated.announces("有下列行为之一的，处以罚款：", ["情况"])
    listed = "年度检查核查的材料包括：营业执照、财务报表、纳税证明，以及其他必要的文件。"
    assert [f.count for f in enumerated.lead_noun_lists(listed, ["材料"], closed=False)] == [3]
    assert enumerated.lead_noun_lists(listed, ["材料"]) == []  # not closed: no count of it


INSPECTION = ["第六条 年度检查要核查的材料由主管部门确定，核查哪些材料应当事先公布。",
              "第七条 年度检查核查的材料包括：营业执照、财务报表、纳税证明，以及其他必要的文件。"]


def test_a_which_question_is_answered_by_the_list_its_noun_leads_in():
    def first(off: frozenset[str] = frozenset()) -> str:
        return first_quote(INSPECTION, "某市企业年度检查办法", "年度检查要核查哪些材料？", off)

    assert first().startswith("第七条")
    assert first(frozenset({"feat:lead_noun_list"})).startswith("第六条")


def _cited(text: str) -> list:
    from rag.models import Citation

    return [Citation(n=1, clause_id="c1", doc_id="d", doc_title="某市物业服务条例", section_path=["第二十条"], quote=text,
                     start=0, end=len(text))]


def test_a_prefix_fei_is_no_negation_of_the_word_it_opens():
    from rag.answer import yesno

    sentence = "业主和非本小区业主使用公共停车位的，应当遵守管理规约。"
    assert not yesno._negates(sentence, ["本小区"])
    assert yesno._negates("非经批准不得使用。", ["使用"])  # 不得 still negates
    assert yesno.decide(analyse("不是本小区的业主使用公共停车位，也要遵守管理规约吗？"), _cited(sentence),
                        ["本小区", "业主", "公共", "停车位", "遵守", "管理规约"]) == ("是", 1)


def test_an_omission_stated_as_allowed_is_allowed_though_another_party_has_a_duty(monkeypatch):
    from rag.answer import yesno

    sentence = "业主可以拒绝物业服务人收取约定以外的费用，物业服务人应当公示收费项目。"
    question = analyse("业主可以拒绝物业收取约定以外的费用吗？")
    terms = ["业主", "拒绝", "物业", "收取", "约定", "费用"]
    assert yesno.decide(question, _cited(sentence), terms) == ("是", 1)
    monkeypatch.setattr(yesno, "OMISSION_SAID", False)
    assert yesno.decide(question, _cited(sentence), terms) == ("否", 1)


def test_a_modal_before_a_preposition_governs_no_word_after_it(monkeypatch):
    from rag.answer import yesno

    sentence = "住户可以向物业服务人查询维修资金的使用情况，物业服务人不得收取查询费用。"
    question = analyse("Can the property manager charge a fee when a resident asks about the repair fund?")
    terms = ["物业服务人", "收取", "费用", "查询", "维修资金"]
    assert yesno.decide(question, _cited(sentence), terms) == ("否", 1)
    monkeypatch.setattr(yesno, "PREPOSITION_GOVERNS_NOT", False)
    # (the stretch barring it, 不得收取查询费用, also decides it since PROHIBITION_WINS: both off)
    monkeypatch.setattr(yesno, "PROHIBITION_WINS", False)
    assert yesno.decide(question, _cited(sentence), terms) == ("是", 1)
