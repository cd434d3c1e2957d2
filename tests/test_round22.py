"""Rules of the twenty-second round, each on hand-built text (no index): the articles and the chapters asked
together, one of a condition's alternatives named, a sentence of another case than the one named, how a fine is
reckoned, who decides a quantity, the period before expiry, a map's scale written as a fraction, a number that is
no term, a keyword query asking a definition, a sentence listing things inline, a plural of listed things, where
the asker is, the title line without its years, each compared document's own phrase, and an age in digits."""

from rag.models import Citation, Hit
from rag.question import analyse

from .composing import clause_hits, composer_over


def test_the_articles_and_the_chapters_asked_together_are_both_counted(monkeypatch):
    from rag.answer import docfacts

    question = analyse("某市档案条例一共多少条，分几章？")
    assert docfacts.asked_field(question) == "chapters"
    assert docfacts.first_asked(question, "chapters") == "articles"  # asked first, it leads
    assert docfacts.second_field(question, "articles") == "chapters"
    english = analyse("How many chapters and articles does the archives regulation have?")
    assert docfacts.first_asked(english, docfacts.asked_field(english)) == "chapters"
    assert docfacts.second_field(english, "chapters") == "articles"
    monkeypatch.setattr(docfacts, "PARTS_PAIRED", False)
    assert docfacts.second_field(question, "chapters") is None


CASES = ["第三十条 违反本条例规定，未经许可销售种苗的，没收违法所得；违法所得五万元以上的，并处违法所得二倍以上五倍以下的罚款；"
         "无违法所得或者所得不足五万元的，并处一万元以上五万元以下的罚款。"]


def test_one_of_a_condition_s_alternatives_named_names_it(monkeypatch):
    from rag.answer import condition

    question = "未经许可卖种苗，如果无违法所得，要罚多少？"
    assert condition.names_condition(question, "无违法所得或者所得不足五万元的，并处一万元以上五万元以下的罚款。")
    # the other case, whose words the question negates, is not named by it
    assert not condition.names_condition(question, "违法所得五万元以上的，并处违法所得二倍以上五倍以下的罚款；")
    assert condition.names_condition("违法所得超过五万元罚多少？", "违法所得五万元以上的，并处违法所得二倍以上五倍以下的罚款；")
    monkeypatch.setattr(condition, "ALTERNATIVES", False)
    assert not condition.names_condition(question, "无违法所得或者所得不足五万元的，并处一万元以上五万元以下的罚款。")


def test_alternatives_of_one_thing_are_sibling_cases_an_aggravation_is_not():
    from rag.answer import condition

    assert condition.sibling_cases("无违法所得或者所得不足五万元的，并处一万元以上五万元以下的罚款。",
                                   "违法所得五万元以上的，并处违法所得二倍以上五倍以下的罚款；")
    assert not condition.sibling_cases("情节严重的，处五千元以上三万元以下罚款。", "为他人提供场所的，处一千元以下罚款；")
    assert not condition.sibling_cases("情节严重的，处五千元以上三万元以下罚款。", "第九条 本条例自公布之日起施行。")


def test_the_case_named_is_quoted_without_the_other_case(monkeypatch):
    hits = clause_hits(CASES, "某省种苗管理条例")
    question = analyse("未经许可卖种苗，如果无违法所得，要罚多少？")

    def quotes(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.quote for c in composer_over(CASES, off).compose(question, hits).citations]

    assert not any("二倍以上五倍以下" in q for q in quotes())
    assert any("一万元以上五万元以下" in q for q in quotes())
    assert any("二倍以上五倍以下" in q for q in quotes(frozenset({"rule:other_case"})))


def test_how_a_fine_is_reckoned_asks_the_penalty_and_a_sum(monkeypatch):
    from rag.answer import penalty

    assert penalty.penalty_asked("超标排放的罚款怎么算？") and penalty.penalty_asked("噪声扰民罚款标准是多少")
    assert "money" in analyse("超标排放的罚款怎么算？").intents
    assert not penalty.penalty_asked("补贴怎么算？")
    assert penalty.penalty_asked("Can the station's managers be fined personally?")
    assert not penalty.penalty_asked("Who defined the fine-grained categories?")
    monkeypatch.setattr(penalty, "FINE_RECKONED", False)
    assert not penalty.penalty_asked("超标排放的罚款怎么算？")
    assert "money" not in analyse("超标排放的罚款怎么算？").intents


def test_who_decides_a_quantity_asks_who(monkeypatch):
    from rag import question as question_module

    assert analyse("Who decides how often the water meters are checked?").intents == {"who"}
    assert not analyse("由谁决定补贴多少？").intents & {"number", "money"}
    assert "often" in analyse("How often are the water meters checked?").intents
    monkeypatch.setattr(question_module, "WHO_DECIDES", False)
    assert "often" in analyse("Who decides how often the water meters are checked?").intents


def test_the_period_before_expiry_is_not_how_long_it_is_valid(monkeypatch):
    from rag.answer import slots

    sentence = "许可证有效期届满前三十日，持证单位应当申请延续。"
    assert not slots.fills(slots.slot_of("许可证的有效期有多长？"), "duration", "三十日", sentence)
    assert slots.fills(slots.slot_of("许可证到期前多久要申请延续？"), "duration", "三十日", sentence)
    assert slots.fills(slots.slot_of("许可证的有效期有多长？"), "duration", "三年", "许可证有效期为三年。")
    monkeypatch.setattr(slots, "BEFORE_EXPIRY", False)
    assert slots.fills(slots.slot_of("许可证的有效期有多长？"), "duration", "三十日", sentence)


def _refused_by(gate, question: str, text: str) -> bool:
    from rag.answer.features import Evidence
    from rag.answer.gates import Judged
    from rag.sentences import split_sentences

    hit = Hit(clause_id="c1", doc_id="d", doc_title="某省测绘条例", section_path=["第八条"], text=text, start=0,
              end=len(text), score=1.0)
    featurizer = composer_over([text]).features
    span = split_sentences(hit.text, base=hit.start)[0]
    return gate(Judged(analyse(question), [Evidence(hit, span, 1)], [hit], {}, featurizer))


def test_a_map_scale_written_as_a_fraction_has_its_number(monkeypatch):
    from rag.answer import gates

    text = "第八条 设区的市负责本行政区域内二千分之一、五万分之一基本比例尺地形图的测制。"
    # (1:2000 is read as a year the quotes must carry)
    assert not _refused_by(gates._ordinal_absent, "设区的市负责测制1:2000的地形图吗？", text)
    assert gates._scale_denominator("五万") == 50000 and gates._scale_denominator("万") == 10000
    monkeypatch.setattr(gates, "SCALE_FRACTION", False)
    assert _refused_by(gates._ordinal_absent, "设区的市负责测制1:2000的地形图吗？", text)


def test_a_number_is_no_unknown_term(monkeypatch):
    from rag.answer import gates

    text = "第八条 设区的市负责本行政区域内万分之一基本比例尺地形图的测制。"
    assert not _refused_by(gates._long_unknown_term, "设区的市负责测制1:10000的地形图吗？", text)
    monkeypatch.setattr(gates, "DIGITS_NO_TERM", False)
    assert _refused_by(gates._long_unknown_term, "设区的市负责测制1:10000的地形图吗？", text)


def test_a_keyword_query_naming_definition_asks_it_and_an_item_defines_its_term():
    from rag import definitions

    assert definitions.asked("检测数据 定义", False) and definitions.asked("计量器具 含义 某省", False)
    assert not definitions.asked("检测数据 定义范围 调整", False)
    assert definitions.defined_terms("（二）检测数据是指检测机构出具的数据；") == ["检测数据"]
    assert definitions.defined_terms("本条例所称检测机构，是指依法设立的机构。") == ["检测机构"]


def test_an_item_defining_its_term_is_quoted_for_a_keyword_query():
    texts = ["第十条 检测机构出具检测数据，应当客观公正。",
             "第四十条 本条例下列用语的含义：（一）检测数据是指检测机构为他人出具的具有证明作用的数据；"]
    hits = clause_hits(texts, "某省计量条例")
    hits[1].section_path = ["第四十条"]
    first = composer_over(texts).candidates(analyse("检测数据 定义"), hits)[0]
    assert "是指" in first.span.text


def test_a_sentence_listing_things_inline_is_not_replaced_by_a_later_list_of_another_thing():
    texts = ["第二十条 经营者用于结算的电表、水表、燃气表、计价器等器具，未经检定合格的，不得使用。\n"
             "水表、电表按以下规定检定：\n（一）本市销售的，由经营者申请检定；\n（二）外地采购的，由采购者申请检定。"]
    hits = clause_hits(texts, "某市计量条例")
    question = analyse("哪些用于结算的器具没检定合格就不能使用？")

    def quotes(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.quote for c in composer_over(texts, off).compose(question, hits).citations]

    assert any("计价器等器具" in q for q in quotes()) and not any("外地采购" in q for q in quotes())
    assert any("外地采购" in q for q in quotes(frozenset({"rule:inline_list"})))
    # the later list's lead-in naming the thing asked answers it
    asked = analyse("水表、电表按哪些规定检定？")
    assert any("外地采购" in c.quote for c in composer_over(texts).compose(asked, hits).citations)


def test_a_plural_of_listed_things_asks_a_list(monkeypatch):
    from rag import question as question_module

    assert "list" in analyse("What powers do inspectors have on site?").intents
    assert "list" in analyse("What duties does a licensee have?").intents
    assert "list" not in analyse("What power does the grid company supply?").intents
    monkeypatch.setattr(question_module, "LIST_NOUNS", False)
    assert "list" not in analyse("What powers do inspectors have on site?").intents


def test_a_national_document_holds_where_the_asker_is(monkeypatch):
    from rag.answer import features as features_module
    from rag.answer.features import Evidence
    from rag.models import DocumentMeta
    from rag.sentences import split_sentences

    text = "第十条 建设单位应当委托评价单位进行安全性评价。"
    featurizer = composer_over([text]).features
    featurizer.documents = {"d": DocumentMeta(doc_id="d", title="某某安全性评价管理条例", path="d.md", issuer="国务院"),
                            "p": DocumentMeta(doc_id="p", title="天津市安全性评价办法", path="p.md",
                                              issuer="天津市人民政府")}

    def uncovered(question: str, doc: str) -> list[str]:
        hit = Hit(clause_id="c", doc_id=doc, doc_title=featurizer.documents[doc].title, section_path=["第十条"],
                  text=text, start=0, end=len(text), score=1.0)
        ev = Evidence(hit, split_sentences(text, base=0)[0], 1)
        return featurizer.uncovered_places(analyse(question), [ev])

    assert uncovered("我们公司要在新疆建厂，要做安全性评价吗？", "d") == []
    assert uncovered("Our firm plans a plant in Xinjiang. Does it need a safety evaluation?", "d") == []
    assert uncovered("新疆对安全性评价有什么特别规定？", "d") == ["新疆"]  # the place's own rules asked
    assert uncovered("我们公司要在新疆建厂，要做安全性评价吗？", "p") == ["新疆"]  # another place's document
    monkeypatch.setattr(features_module, "ASKER_PLACE", False)
    assert uncovered("我们公司要在新疆建厂，要做安全性评价吗？", "d") == ["新疆"]


def test_the_title_line_without_its_bracketed_years_says_nothing(monkeypatch):
    from rag import compose

    texts = ["某市科技合作行动计划\n一、加强组织领导\n牵头部门为市科技局，各责任单位按职责分工落实。"]
    hits = clause_hits(texts, "某市科技合作行动计划(2016—2018年)")
    question = analyse("某市科技合作行动计划由哪个部门牵头？")

    def title_quoted() -> bool:
        return any(c.span.text.startswith("某市科技合作行动计划") for c in composer_over(texts).candidates(question, hits))

    assert not title_quoted()
    monkeypatch.setattr(compose, "TITLE_WITHOUT_BRACKETS", False)
    assert title_quoted()


def test_each_document_compared_is_asked_its_own_phrase(monkeypatch):
    from rag.answer import compare

    question = "某市档案条例规定的移交期限，和某省气象办法的备案期限，哪个比较短？"
    assert compare.document_phrase(question, "某市档案管理条例", "某省气象管理办法") == "某市档案条例规定的移交期限？"
    assert compare.document_phrase(question, "某省气象管理办法", "某市档案管理条例") == "某省气象办法的备案期限？"
    # one phrase naming both, or no shared ask after the second: asked whole
    assert compare.document_phrase("某市档案条例和某省气象办法的期限哪个短？", "某市档案管理条例", "某省气象管理办法") is None
    monkeypatch.setattr(compare, "DOCUMENT_PHRASES", False)
    assert compare.document_phrase(question, "某市档案管理条例", "某省气象管理办法") is None


def test_an_age_rendered_in_digits_is_supported_by_its_quote():
    from rag.chunker import Clause
    from rag.verify import check

    text = "第七条 未满十四周岁的未成年人，不得单独进入营业场所。"
    cited = Citation(n=1, clause_id="d#7", doc_id="d", doc_title="某条例", section_path=["第七条"], quote=text,
                     start=0, end=len(text))
    clause = Clause(clause_id="d#7", doc_id="d", section_path=["第七条"], text=text, start=0, end=len(text))

    def problems(answer: str) -> list:
        return check(answer, [cited], lambda d: text, {"d#7": clause}.get)

    assert problems(f"Answer: 14 (十四周岁) [1]\n“{text}” [1]") == []
    assert [p.kind for p in problems(f"Answer: 15 (十四周岁) [1]\n“{text}” [1]")] == ["unsupported"]
