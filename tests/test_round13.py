"""Rules of the thirteenth round, each on hand-built text (no index): a list closing with 等 and a few words
before the counted noun, percentage points as a share and never a count, a law named without brackets, the
name of a thing a document sets up; and the rest of the round's rules below."""

from rag.answer import docfacts, enumerated
from rag.answer.enumerated import counted_nouns, inline_lists
from rag.models import Hit
from rag.question import analyse
from rag.sentences import facts

PLEDGES = "第九条 支持以商标专用权、集成电路布图设计专有权、植物新品种权等可质押财产权利申请贷款。"


def _count(question: str, text: str) -> list[int]:
    return [f.count for f in inline_lists(text, counted_nouns(question))]


def test_a_few_words_may_qualify_the_counted_noun_after_deng(monkeypatch):
    assert _count("条例列了几种财产权利？", PLEDGES) == [3]
    # without 等 before them, the words are no list's shared noun
    assert _count("条例列了几种财产权利？", "支持商标专用权、布图设计专有权、植物新品种权的可质押财产权利。") == []
    enumerated._inline_pattern.cache_clear()
    monkeypatch.setattr(enumerated, "QUALIFIED_AFTER_DENG", False)
    assert _count("条例列了几种财产权利？", PLEDGES) == []
    enumerated._inline_pattern.cache_clear()


def test_percentage_points_are_a_share_not_a_count():
    found = facts("研发投入增幅应当高于营业收入增幅二至四个百分点，并设立3个中心。")
    assert ("percent", "二至四个百分点") in found
    assert ("count", "四个") not in found
    assert ("count", "3个") in found


def test_a_law_named_without_brackets_is_a_document():
    assert docfacts.asked_field(analyse("标准化法一共分几章？")) == "chapters"
    assert docfacts.asked_field(analyse("计量法有多少章")) == "chapters"
    # 依法, 办法 and the like are no law's name
    assert not docfacts._DOC_WORD_RE.search("依法有几章")


def test_the_name_of_a_thing_a_document_sets_up_is_no_title_question():
    assert docfacts.asked_field(analyse("What is the name of the provincial metrology award?")) is None
    assert docfacts.asked_field(analyse("What is the name of the metrology regulation?")) == "title"
    assert docfacts.asked_field(analyse("What is the full name of this law?")) == "title"


def test_only_wanting_to_know_asks_its_own_question_under_the_previous_topic(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "保定科技成果转化专项行动覆盖哪些产业？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("只想知道要建几个中试基地", history)
    assert r.how == "refinement" and "保定科技成果转化专项行动" in r.question and "中试基地" in r.question
    assert "保定" in resolve("我只关心谁来牵头", history).question
    monkeypatch.setattr(topic, "ONLY_WANT", False)
    assert resolve("只想知道要建几个中试基地", history).question == "只想知道要建几个中试基地"


def _hit(clause_id: str, text: str, doc_id: str = "d1") -> Hit:
    return Hit(clause_id=clause_id, doc_id=doc_id, doc_title="某市计量条例", section_path=[], text=text,
               start=0, end=len(text), score=1.0)


FUND_LIST = "第九条 计量专项资金用于下列检定活动：\n（一）标准器具购置；\n（二）检定人员培训；\n（三）比对试验。"
OTHER_LIST = "第十二条 有下列行为之一的，责令改正：\n（一）伪造数据的；\n（二）拒不检定的。"


def test_an_english_how_many_finds_the_list_whose_lead_in_names_its_concepts(monkeypatch):
    concepts = [(["专项"], 5.0), (["资金", "基金"], 4.0), (["检定"], 3.0), (["计量"], 1.0)]
    first = [_hit("a", "第三条 计量工作由市市场监管部门主管。"), _hit("b", OTHER_LIST)]
    more = [*first, _hit("c", "第四条 计量专项资金纳入预算。"), _hit("d", FUND_LIST)]
    out = enumerated.with_list_covering(first, more, concepts, 2, lambda h: h.doc_title)
    assert [h.clause_id for h in out] == ["a", "d", "b"]
    # (计量 is in the title: it counts for no lead-in) a list naming too little of the question is not taken
    assert enumerated.lead_in_coverage(OTHER_LIST, "某市计量条例", concepts) == 0.0
    weak = [(["专项"], 1.0), (["培训"], 9.0)]
    assert enumerated.with_list_covering(first, more, weak, 2, lambda h: h.doc_title) == first
    # a document the first hits do not come from is not searched
    other_doc = [*first, _hit("d", FUND_LIST, doc_id="d2")]
    assert enumerated.with_list_covering(first, other_doc, concepts, 2, lambda h: h.doc_title) == first


def test_a_definition_asked_in_english_quotes_the_defining_sentence():
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    from .composing import clause_hits

    texts = ["第九条 使用计量器具的单位应当按期送检计量器具，计量器具不合格的不得使用。",
             "第二条 本条例所称计量器具，是指能用以直接或者间接测出被测对象量值的装置。"]
    hits = clause_hits(texts, "某市计量条例")
    q = analyse("How does the regulation define a measuring instrument?")

    def best(off: frozenset[str] = frozenset()) -> str:
        keyword = KeywordIndex.build([normalize(t) for t in texts])
        expander = Expander({"measuring": ["计量"], "instrument": ["器具"]})
        return ExtractiveComposer(keyword, expander, off=off).candidates(q, hits)[0].span.text

    assert "是指" in best()
    assert "是指" not in best(frozenset({"feat:definition"}))


def _two_regulations():
    from rag.models import DocumentMeta

    texts = {"a": "# 某省计量条例\n\n2005年3月1日 某省人民代表大会常务委员会第十次会议通过\n\n第一条 为了加强计量监督管理，制定本条例。",
             "b": "# 某市标准化条例\n\n2001年6月2日 某市人民代表大会常务委员会第五次会议通过\n\n第一条 为了规范标准化工作，制定本条例。"}
    documents = {"a": DocumentMeta(doc_id="a", title="某省计量条例", path="a.md"),
                 "b": DocumentMeta(doc_id="b", title="某市标准化条例", path="b.md")}
    return texts, documents


def test_which_of_two_documents_came_first_gives_both_dates_and_the_order(monkeypatch):
    texts, documents = _two_regulations()

    def ask(question: str):
        return docfacts.answer(analyse(question), [], documents, texts.__getitem__, lambda d: [])

    draft = ask("某省计量条例和某市标准化条例，哪一部先通过？")
    assert draft is not None and draft.answered
    assert "2005年3月1日" in draft.answer and "2001年6月2日" in draft.answer
    assert "《某市标准化条例》早于《某省计量条例》" in draft.answer
    assert draft.short is not None and draft.short.text == "2001年6月2日"
    monkeypatch.setattr(docfacts, "ORDER", False)
    assert "早于" not in ask("某省计量条例和某市标准化条例，哪一部先通过？").answer


def test_english_title_words_name_a_document_the_glossary_would_not(monkeypatch):
    q = analyse("Compare the metrology regulation of the province with the standardization regulation of the city.")
    concepts = [["计量"], ["标准化"], ["规范"]]
    # 计量 and "regulation" (条例) of four groups; 科学技术 is matched by 科技 too
    assert docfacts.named_share(q, "某省计量条例", concepts) == 0.5
    assert docfacts.named_share(analyse("the S&T regulation"), "某市科学技术条例", [["科技"]]) == 1.0
    monkeypatch.setattr(docfacts, "TITLE_WORDS", False)
    assert docfacts.named_share(q, "某省计量条例", concepts) == 1 / 3


def test_a_chatty_messages_ask_loses_its_courtesies_and_names_the_story_s_regulation(monkeypatch):
    from rag import focus

    story = ("我在一家计量检测公司做了十年技术员，最近公司准备搬到新区，老板让我先把各种手续理一理。"
             "之前开会时有人提到了某省的计量条例，我一直没顾上细看。麻烦问一下，这部条例对检测设备的年检到底有什么要求？")
    assert focus.asked_part(story) == "某省的计量条例，对检测设备的年检有什么要求？"
    traditional = ("我在一家計量檢測公司做了十年技術員，最近公司準備搬到新區，老闆讓我先把各種手續理一理。"
                   "之前開會時聽說省裡有一部計量條例，我一直沒顧上細看。請問條例對檢測設備的年檢有什麼要求？")
    assert focus.asked_part(traditional) == "計量條例，條例對檢測設備的年檢有什麼要求？"
    english = ("Hello there, I run a small calibration lab and we have been arguing internally for weeks about our "
               "obligations, and a consultant told us one thing while an inspector told us another. I'm not sure who to "
               "believe. I'd like to know if the provincial metrology regulation requires annual checks of our gauges.")
    assert focus.asked_part(english) == "The provincial metrology regulation requires annual checks of our gauges."
    monkeypatch.setattr(focus, "FILLER", False)
    assert "麻烦问一下" in focus.asked_part(story)
    assert focus.asked_part(english) is None


def test_a_duty_asked_of_a_sentence_that_only_allows_or_encourages_is_answered_no(monkeypatch):
    from rag.answer import yesno
    from rag.models import Citation

    quote = "有条件的计量机构可以设立向社会开放的计量展示室。"
    cited = [Citation(n=1, clause_id="c1", doc_id="d", doc_title="某省计量条例", section_path=["第十条"], quote=quote,
                      start=0, end=len(quote))]
    terms = ["计量", "机构", "设立", "开放", "展示室"]
    assert yesno.decide(analyse("计量机构是不是都必须设立开放的计量展示室？"), cited, terms) == ("否", 1)
    assert yesno.decide(analyse("计量机构一定得设立计量展示室吗？"), cited, terms) == ("否", 1)
    assert yesno.decide(analyse("计量机构可以设立开放的计量展示室吗？"), cited, terms) == ("是", 1)
    monkeypatch.setattr(yesno, "WEAKER_MODAL", False)
    assert yesno.decide(analyse("计量机构是不是都必须设立开放的计量展示室？"), cited, terms) == ("是", 1)


def test_how_many_revisions_and_when_the_last_was_made_are_both_the_records():
    q = analyse("How many times was the metrology regulation revised, and on what date was its most recent amendment passed?")
    assert docfacts.asked_field(q) == "revisions"
    assert docfacts.second_field(q, "revisions") == "amended"
    # the document's own adoption stays the adoption
    assert docfacts.asked_field(analyse("When was the metrology regulation adopted?")) == "adopted"


def test_the_thing_counted_is_swapped_for_a_bare_noun_phrase(monkeypatch):
    from rag.conversation import Turn, resolve, swaps

    history = [Turn("user", "保定这个方案的重点任务一共有几项？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("保障措施呢？", history)
    assert r.how == "swap" and r.question == "保定这个方案的保障措施一共有几项？"
    # a count inside the question (要建几个…集群) names no thing before it
    assert swaps._swap_counted("保定规划提出要建几个产业集群？", "创新平台") is None
    monkeypatch.setattr(swaps, "COUNTED_SWAP", False)
    assert resolve("保障措施呢？", history).question != "保定这个方案的保障措施一共有几项？"


def test_a_short_message_asking_its_own_question_word_is_a_slot_of_the_previous_topic(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "保定那份方案里的计量检测补助基金是做什么的？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("谁出资？", history)
    assert r.how == "slot" and r.question.startswith("保定那份方案里的计量检测补助基金") and r.question.endswith("谁出资？")
    monkeypatch.setattr(markers, "ASKING_IS_SLOT", False)
    assert resolve("谁出资？", history).how == "swap"


def test_a_month_of_every_year_is_a_date_that_answers_a_month_not_a_day(monkeypatch):
    from rag.answer import slots
    from rag.question import fact_kinds

    assert ("date", "每年5月") in facts("每年5月为全省计量宣传月。")
    assert ("date", "每年十月") in facts("每年十月开展检定周活动。")
    month, day = slots.slot_of("计量宣传月是几月"), slots.slot_of("世界计量日是哪一天")
    assert slots.fills(month, "date", "每年5月", "每年5月为全省计量宣传月。")
    assert not slots.fills(day, "date", "每年5月", "每年5月为全省计量宣传月。")
    assert slots.fills(day, "date", "每年5月20日", "每年5月20日为世界计量日。")
    monkeypatch.setattr(slots, "DAY_ASKED", False)
    assert slots.fills(slots.slot_of("世界计量日是哪一天"), "date", "每年5月", "每年5月为全省计量宣传月。")
    # "how many working days" asks a period
    assert fact_kinds(analyse("How many working days does the bureau have to verify a meter?")) == ("duration",)


def test_a_when_question_is_answered_by_an_event_or_an_occasion(monkeypatch):
    from rag import question
    from rag.question import fact_kinds

    assert ("event", "自检定证书颁发之日起") in facts("计量器具自检定证书颁发之日起方可使用。")
    assert ("event", "在世界计量日和质量月期间") in facts("计量馆在世界计量日和质量月期间免费开放。")
    assert ("event", "每年第一季度") in facts("计量机构应当于每年第一季度报送上一年度检定情况。")
    assert ("event", "待设备报废时") in facts("可以待设备报废时核销。")
    assert "event" in fact_kinds(analyse("When may a meter be used?"))
    # a period asked is no event: 自…之日起三十日内 answers with its 三十日
    assert "event" not in fact_kinds(analyse("计量机构要在几个工作天内作出决定？"))
    assert "duration" in fact_kinds(analyse("计量机构要在几个工作天内作出决定？"))
    monkeypatch.setattr(question, "EVENT_TIMES", False)
    assert "event" not in fact_kinds(analyse("When may a meter be used?"))


def test_and_another_thing_after_what_a_document_says_about_one_swaps_it(monkeypatch):
    from rag.conversation import Turn, resolve, swaps

    history = [Turn("user", "What does Baoding's metrology plan say about water meters?"), Turn("assistant", "…")]
    assert resolve("And gas meters?", history).question == "What does Baoding's metrology plan say about gas meters?"
    monkeypatch.setattr(swaps, "EN_SAID_ABOUT_SWAP", False)
    assert resolve("And gas meters?", history).question != "What does Baoding's metrology plan say about gas meters?"


def test_by_then_takes_the_previous_year_and_the_place_s_document(monkeypatch):
    from rag.conversation import Turn, resolution, resolve

    history = [Turn("user", "What is Baoding's target for calibration labs by 2020 under its metrology action plan?"),
               Turn("assistant", "…")]
    r = resolve("ok and how many testing centres should there be by then?", history)
    assert "by 2020" in r.question and "Baoding's metrology action plan" in r.question
    monkeypatch.setattr(resolution, "EN_THEN_CARRY", False)
    assert resolve("ok and how many testing centres should there be by then?", history).how == "standalone"


def test_an_english_fee_or_fine_asks_a_sum_and_a_plan_submitted_for_approval_no_record():
    for question in ("What fee does the bureau charge to verify a meter?", "What is the fine for using an unverified meter?",
                     "How much is the fine for tampering with a meter?"):
        assert analyse(question).intents == {"money"}, question
    # (the English pattern of SUBMITTED had lost its word boundaries: it never matched)
    assert docfacts.asked_field(analyse("Which body must the metrology plan be submitted to for approval?")) is None


def test_no_source_file_holds_control_characters():
    # (a pattern's \b written as a backspace character matched nothing, silently: SUBMITTED's English side)
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    bad = [str(p.relative_to(root)) for d in ("rag", "ui", "evals", "tests") for p in (root / d).rglob("*.py")
           if any(ch in p.read_text(encoding="utf-8") for ch in "\x00\x07\x08\x0b\x0c")]
    assert bad == []


def test_how_often_asks_a_frequency_which_regularly_does_not_state():
    from rag.question import fact_kinds

    assert fact_kinds(analyse("How often must the bureau publish its list of verified meters?"), required=True) == ("frequency",)
    assert ("frequency", "每两年评选一次") in facts("计量奖每两年评选一次。")
    assert ("frequency", "每隔三年") in facts("检定规程每隔三年修订。")
    assert not [f for f in facts("计量部门应当定期公布检定结果。") if f[0] == "frequency"]


def test_a_refinement_asking_its_own_question_is_asked_under_the_document_the_topic_names(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    history = [Turn("user", "What are the main steps in Baoding's metrology support programme?"), Turn("assistant", "…")]
    r = resolve("Just the part about meter makers — what's that subsidy called?", history)
    assert r.question == "What's that subsidy called under Baoding's metrology support programme (the part about meter makers)?"
    monkeypatch.setattr(topic, "EN_REFINE_UNDER_DOCUMENT", False)
    assert "main steps" in resolve("Just the part about meter makers — what's that subsidy called?", history).question
