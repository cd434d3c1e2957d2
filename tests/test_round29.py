"""Rules of the twenty-ninth round, each on hand-built text (no index): a thank-you before a follow-up asks
nothing; asking words before a name qualify nothing; levels named one by one (分一、二、三级) are a count; the
last amendment asked of two documents at once (…分别是哪一天); a list of cases any one of which applies counts
no levels."""

from rag.conversation import Turn, resolve
from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import Citation, DocumentMeta
from rag.normalize import normalize
from rag.question import analyse


def test_a_thank_you_before_a_follow_up_is_read_past(monkeypatch):
    from rag.conversation import resolution

    history = [Turn("user", "What does the sample plan give each new incubator in Gamma City?"),
               Turn("assistant", "A one-off grant of 50,000 yuan.")]
    for typed in ("Thanks. And in Delta City?", "Great — and in Delta City?", "OK, and in Delta City?"):
        found = resolve(typed, history)
        assert found.rewritten and "incubator" in found.question and found.typed == typed, typed
    zh = [Turn("user", "样例计划给新认定的孵化器多少奖励？"), Turn("assistant", "一次性奖励5万元。")]
    assert "孵化器" in resolve("好的，那丙市呢？", zh).question
    # a complete question after the thank-you is answered as typed, thank-you and all
    complete = "Thanks. What does the sample regulation say about the registration of weather stations?"
    assert resolve(complete, history).question == complete
    # an acknowledgement with no punctuation after it is part of the message (好的政策: "good policies")
    from rag.conversation.markers import opener_end
    assert opener_end("好的政策有哪些？") == 0 and opener_end("谢谢！那丙市呢？") == 3
    monkeypatch.setattr(resolution, "OPENER", False)
    assert not resolve("Thanks. And in Delta City?", history).rewritten


def test_asking_words_before_a_name_qualify_nothing(monkeypatch):
    from rag.answer import features
    from rag.answer.features import Featurizer

    texts = ["第三条 示范区内的企业可以申请补助。", "第九条 本条例自公布之日起施行。"]
    keyword = KeywordIndex.build([normalize(t) for t in texts])
    documents = {"r": DocumentMeta(doc_id="r", title="甲乙样例技术创新示范区条例", path="r.md")}
    f = Featurizer(keyword, Expander({}), documents)
    assert f.unknown_name(analyse("请问样例技术创新示范区条例几时施行？")) is None
    # another place's name before it is still one the documents lack
    assert f.unknown_name(analyse("请问丙丁样例技术创新示范区条例几时施行？")) == "丙丁样例技术创新示范区条例"
    monkeypatch.setattr(features, "FILLER_QUALIFIER", False)
    assert f.unknown_name(analyse("请问样例技术创新示范区条例几时施行？")) == "请问样例技术创新示范区条例"


def test_levels_named_one_by_one_are_a_count():
    from rag.answer.short import english
    from rag.sentences import FACT_PATTERNS

    def counts(text: str) -> list[str]:
        return [m.group(0) for m in FACT_PATTERNS["count"].finditer(text)]

    assert counts("样例馆藏资料分甲类管理，珍贵资料分一、二、三级保存") == ["一、二、三级"]
    assert counts("重要设施分四级保护") == ["四级"]
    assert counts("部分三级医院参与试点") == [] and counts("分三年实施") == []
    assert english("一、二、三级", "count") == "3" and english("十六项", "count") == "16"


def test_the_last_amendment_asked_of_two_documents_at_once():
    from rag.answer import docfacts

    q = analyse("样例登记法和样例统计法最近一次修改分别是哪一天？")
    assert docfacts.asked_field(q) == "amended"
    assert docfacts.asked_field(analyse("样例登记法的修改日期是哪天？")) == "amended"


def _cite(n: int, text: str) -> Citation:
    return Citation(n=n, clause_id="r#28", doc_id="r", doc_title="样例条例", section_path=["第二十八条"], quote=text,
                    start=0, end=len(text))


def test_a_list_of_cases_counts_no_levels(monkeypatch):
    from rag.answer import short

    quotes = [_cite(1, "第二十八条 违反本条例规定，有下列行为之一的，处五万元以下罚款："),
              _cite(2, "（一）擅自发布样例信号的；"), _cite(3, "（二）未按照规定播发样例信号的。")]
    assert short._list_length(quotes, False, "样例信号分成几个等级？") is None
    # the cases themselves counted: their number
    found = short._list_length(quotes, False, "有几种违法行为？")
    assert found is not None and found.text == "二"
    monkeypatch.setattr(short, "CASES_NOT_COUNTED", False)
    assert short._list_length(quotes, False, "样例信号分成几个等级？") is not None


def test_figures_only_from_the_section_a_question_names_by_its_heading(monkeypatch):
    from rag.answer import headings

    paths = [["二、重点措施", "3.实施样例企业培育计划"], ["二、重点措施", "1.实施样例能力提升计划"]]
    asked = normalize("样例能力提升计划每年给多少经费？")
    assert headings.heading_name("1.实施样例能力提升计划") == "样例能力提升计划"
    assert headings.outside(asked, paths) == [True, False]
    # a question naming no heading (or one too short to name a section) reads every quote
    assert headings.outside(normalize("每年给多少经费？"), paths) == [False, False]
    assert headings.outside(normalize("重点措施有多少资金？"), paths) == [False, False]
    monkeypatch.setattr(headings, "HEADING_NAMED", False)
    assert headings.outside(asked, paths) == [False, False]


def test_a_fine_does_not_answer_a_question_that_speaks_of_no_wrong(monkeypatch):
    from rag.answer import slots

    fine = "违法经营额十万元以上的，可以并处违法经营额二倍以上五倍以下的罚款。"
    fee = normalize("样例馆复制资料收取多少费用？")
    assert not slots.filling(slots.slot_of(fee), fine)
    assert slots.filling(slots.slot_of(fee), "复制资料每页收取1元。")
    # asked about the penalty, the fine answers
    assert slots.filling(slots.slot_of(normalize("擅自复制资料会被罚多少钱？")), fine)
    monkeypatch.setattr(slots, "FINE_NOT_ASKED", False)
    assert slots.filling(slots.slot_of(fee), fine)


def test_weights_are_measures_and_a_stated_weight_asks_one():
    from rag.answer.short import english
    from rag.question import fact_kinds
    from rag.sentences import FACT_PATTERNS

    assert [m.group(0) for m in FACT_PATTERNS["measure"].finditer("样品重量不得超过15公斤")] == ["15公斤"]
    assert "measure" in fact_kinds(analyse("样品重量上限是20公斤对吧？"))
    assert "measure" in fact_kinds(analyse("How heavy may a sample be at most?"))
    assert english("15公斤", "measure") == "15 kg"


def test_a_lead_time_named_asks_a_period():
    from rag.question import fact_kinds

    assert "duration" in fact_kinds(analyse("样例机构停业时，通知用户和报告主管部门的提前期各是多少？"))


def test_that_measure_is_the_measure_the_previous_thing_is_in(monkeypatch):
    from rag.conversation import topic

    history = [Turn("user", "What is the 'Delta scheme' in the Gamma Valley measures?"), Turn("assistant", "A listing scheme.")]
    found = resolve("Which units lead that measure?", history)
    assert found.question == "Which units lead the measure on 'Delta scheme' in the Gamma Valley measures?"
    monkeypatch.setattr(topic, "EN_MEASURE_OF_TOPIC", False)
    assert resolve("Which units lead that measure?", history).question == "Which units lead that measure?"


def test_a_short_question_is_asked_within_a_document_named_by_capitalised_words(monkeypatch):
    from rag.conversation import resolution

    history = [Turn("user", "In the Gamma Valley measures, which unit leads the talent programme (人才计划)?"),
               Turn("assistant", "The district talent office.")]
    assert resolve("How big is the fund, then?", history).question == "How big is the fund in the Gamma Valley measures?"
    # a message naming a document of its own is asked as typed
    assert resolve("What does the national plan say?", history).question == "What does the national plan say?"
    monkeypatch.setattr(resolution, "EN_NAMED_DOCUMENT_CARRY", False)
    assert not resolve("How big is the fund, then?", history).rewritten


def test_a_first_role_names_no_item(monkeypatch):
    from rag import question

    assert analyse("样例资料安全的第一责任人是谁").ordinals == []
    assert analyse("第一项措施是什么").ordinals == [1] and analyse("第一批名单有哪些").ordinals == [1]
    monkeypatch.setattr(question, "FIRST_ROLES", False)
    assert analyse("样例资料安全的第一责任人是谁").ordinals == [1]


def test_the_glossary_gives_outsourcing_customs_and_reporting_words_their_regulation_terms():
    from rag.expand import Expander, build_table

    vocabulary = {"委托", "受托方", "服务企业", "监督", "数字化", "出境", "查验", "放行", "定期", "同级", "广播电台", "广播",
                  "废止", "预警", "警报", "灾害", "受理", "频率", "发布"}
    table = build_table(vocabulary, entries=[])
    concepts = Expander(table).concepts("Must we oversee the vendor who digitises our outsourced records?")
    for term in ("监督", "受托方", "数字化", "委托"):
        assert any(term in c for c in concepts), term
    assert table["leaving china"] == ["出境"] and table["released"] == ["放行", "发布"]
    assert table["regularly"] == ["定期"] and table["same level"] == ["同级"] and table["repealed"] == ["废止"]
    # a radio station, not any radio: a frequency is no station; an application accepted is not glossed
    assert table["radio station"] == ["广播电台", "广播"] and "radio" not in table and "accepted" not in table


def test_a_revision_named_by_its_year_is_not_in_force_from_the_first_versions_date(monkeypatch):
    from rag.answer import docfacts

    q = analyse("On what date did the 2019 revision of the sample regulation take effect?")
    assert docfacts.asked_field(q) == "effective"
    assert docfacts._before_revision_asked(q, "2001年7月1日")
    # a date of the revision's year, or the next, may be the revision's
    assert not docfacts._before_revision_asked(q, "2020年1月1日")
    assert docfacts._before_revision_asked(analyse("样例条例2005年修正后从哪天起施行？"), "2018年1月1日")
    assert not docfacts._before_revision_asked(analyse("样例条例从哪天起施行？"), "2001年7月1日")
    monkeypatch.setattr(docfacts, "REVISION_IN_FORCE", False)
    assert not docfacts._before_revision_asked(q, "2001年7月1日")


def test_how_long_asks_a_length_of_time_not_a_day(monkeypatch):
    from rag import question
    from rag.question import fact_kinds

    assert fact_kinds(analyse("样例作品的保护期是多长？")) == ("duration",)
    assert "date" in fact_kinds(analyse("样例许可的有效期到什么时候？"))
    monkeypatch.setattr(question, "HOW_LONG_NOT_DATE", False)
    assert "date" in fact_kinds(analyse("样例作品的保护期是多长？"))


def test_a_level_named_after_a_question_naming_none_is_put_before_the_thing(monkeypatch):
    from rag.conversation import swaps

    history = [Turn("user", "样例计划里对创新小镇有什么资金支持？"), Turn("assistant", "对省认定的创新小镇给予50万元。")]
    assert resolve("那国家级的创新小镇呢？", history).question == "样例计划里对国家级的创新小镇有什么资金支持？"
    # another thing than the previous question names is no level of it
    assert resolve("那国家级的孵化器呢？", history).question != "样例计划里对国家级的孵化器有什么资金支持？"
    monkeypatch.setattr(swaps, "TIER_ADDED", False)
    assert resolve("那国家级的创新小镇呢？", history).question == "那国家级的创新小镇呢？"


def test_a_yes_no_checking_a_figure_no_clause_states_is_not_decided(monkeypatch):
    from rag.answer import gates
    from rag.answer.features import Evidence
    from rag.answer.gates import Judged
    from rag.models import Hit
    from rag.sentences import split_sentences

    def refused(question: str, text: str) -> bool:
        hit = Hit(clause_id="c1", doc_id="d", doc_title="样例条例", section_path=["第九条"], text=text, start=0,
                  end=len(text), score=1.0)
        span = split_sentences(hit.text, base=hit.start)[0]
        return gates._checked_figure_unstated(Judged(analyse(question), [Evidence(hit, span, 1)], [hit], {}, None))

    granting = "第九条 被许可人按照合同约定享有的样例许可受法律保护。"
    assert refused("样例许可的期限最长不能超过八年，对吗？", granting)
    # a clause stating a term decides it (否, with its own term), and a yes/no checking no figure is not this gate's
    assert not refused("样例许可的期限最长不能超过八年，对吗？", "第九条 样例许可的期限为五年。")
    assert not refused("样例许可受法律保护吗？", granting)
    monkeypatch.setattr(gates, "YESNO_FIGURE_UNSTATED", False)
    assert not refused("样例许可的期限最长不能超过八年，对吗？", granting)


def test_a_frequency_or_a_long_messages_figure_is_not_the_one_checked():
    from rag.answer import gates
    from rag.answer.features import Evidence
    from rag.answer.gates import Judged
    from rag.models import Hit
    from rag.sentences import split_sentences

    text = "第十三条 防雷装置应当每半年检测一次。"
    hit = Hit(clause_id="c1", doc_id="d", doc_title="样例条例", section_path=["第十三条"], text=text, start=0,
              end=len(text), score=1.0)
    span = split_sentences(hit.text, base=hit.start)[0]

    def refused(question: str) -> bool:
        return gates._checked_figure_unstated(Judged(analyse(question), [Evidence(hit, span, 1)], [hit], {}, None))

    assert not refused("听说样例设备一年检查一次就够了，对吗？")
    assert not refused("The rule has the pumps serviced every two years, correct?")
    long = ("I'm an engineer with some twelve years of work abroad and we are setting up a fuel depot here next "
            "spring with my partners; do the lightning devices have to be checked by the weather office?")
    assert "yesno" in analyse(long).intents and not refused(long)
    assert refused("防雷装置的检测报告有效期是两年，对吗？")


def test_a_statement_with_a_tag_asks_yes_or_no():
    for tagged in ("样品重量上限是20公斤对吧？", "樣品重量上限是20公斤對吧？", "The sample fee is 50 yuan, right?",
                   "The sample permit lasts two years, correct?", "Patents last twenty years, isn't it?"):
        assert "yesno" in analyse(tagged).intents, tagged
    assert "yesno" not in analyse("What is right?").intents
    assert "yesno" not in analyse("样品重量上限是多少？").intents
