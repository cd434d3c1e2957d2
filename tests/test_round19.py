"""Rules of the nineteenth round, each on hand-built text (no index): a definition asked in Chinese, levels a
thing is divided into as a count, Taiwan's cities as places, a start counted from an event's year, a regulation
of the same kind named by a name the record's title does not share, and the verdict on a yes/no question's
predicate quoted and deciding."""

from rag.answer import docfacts, yesno
from rag.models import Citation, DocumentMeta
from rag.question import analyse, place_mentions
from rag.sentences import facts

from .composing import clause_hits, composer_over


def test_a_definition_asked_in_chinese_quotes_the_defining_sentence(monkeypatch):
    from rag import definitions

    texts = ["第十一条 计量器具的检定结果包括：（一）合格；（二）不合格。",
             "第三条 本办法所称计量器具，是指能用以直接或者间接测出被测对象量值的装置。"]
    hits = clause_hits(texts, "某市计量办法")

    def best(question: str) -> str:
        return composer_over(texts).candidates(analyse(question), hits)[0].span.text

    for question in ("办法里说的计量器具包括哪些东西？", "计量器具具体指什么？", "什么叫计量器具"):
        assert "是指" in best(question), question
    assert "是指" not in best("计量器具的检定结果有哪些？")  # no definition asked
    monkeypatch.setattr(definitions, "DEFINITION_ZH", False)
    assert "是指" not in best("办法里说的计量器具包括哪些东西？")


def test_the_clause_defining_the_asked_term_is_found_among_more_hits_and_put_second(monkeypatch):
    from rag import definitions

    assert definitions.defined_terms("第三条 本办法所称计量器具，是指能测出量值的装置。") == ["计量器具"]
    assert definitions.defined_terms("应当具备实用性。实用性，是指能够制造或者使用。") == ["实用性"]
    using = clause_hits(["第九条 计量器具应当按期送检。", "第十条 计量器具不合格的不得使用。"], "某市计量办法")
    defines = clause_hits(["第三条 本办法所称计量器具，是指能测出量值的装置。"], "某市计量办法")[0]
    defining = [using[1], defines.model_copy(update={"clause_id": "h9"})]
    question = analyse("办法里说的计量器具具体指什么？").normalised
    assert definitions.needs_search(question, False, using, 5)
    out = definitions.with_defining_clause(question, using, defining, 5)
    assert [h.text[:3] for h in out] == ["第九条", "第三条", "第十条"]
    # a defining clause among the first hits already, or a question asking no definition: nothing searched
    assert not definitions.needs_search(question, False, defining, 5)
    assert not definitions.needs_search(analyse("计量器具多久送检一次？").normalised, False, using, 5)
    monkeypatch.setattr(definitions, "DEFINING_CLAUSE", False)
    assert not definitions.needs_search(question, False, using, 5)


def test_the_words_framing_a_definition_question_are_no_concepts(monkeypatch):
    from rag import definitions

    texts = ["第三条 本办法所称计量器具，是指能测出量值的装置。"]
    features = composer_over(texts).features
    words = [w for forms, _ in features.concepts(analyse("办法里说的计量器具具体指什么？")) for w in forms]
    assert "说" not in words and "具体" not in words and "计量" in "".join(words)
    monkeypatch.setattr(definitions, "FRAME_NOT_CONCEPTS", False)
    words = [w for forms, _ in features.concepts(analyse("办法里说的计量器具具体指什么？")) for w in forms]
    assert "具体" in words


def test_levels_a_thing_is_divided_into_are_a_count_and_a_rank_is_not():
    assert ("count", "三级") in facts("第五条 科研用犬分为三级：一级，普通犬；二级，清洁犬；三级，无菌犬。")
    assert ("count", "四等") in facts("评价结果分成四等：优秀、良好、合格、不合格。")
    assert not [f for f in facts("对三级医院和省级平台给予支持，评为一等奖的另行奖励。") if f[0] == "count"]


def test_taiwan_cities_are_places_but_common_words_containing_one_are_not():
    assert [p for _, p in place_mentions(analyse("高雄市對新創公司有什麼補助？").normalised)] == ["高雄"]
    assert "台北" in analyse("臺北市的研發補助上限是多少？").places
    # 台中 is left out: 平台中 is a platform's "in"
    assert analyse("在公共服务平台中登记的企业能享受什么？").places == []


def test_a_start_counted_from_an_events_year_or_day_is_a_time():
    assert ("event", "自取得许可证的当年开始") in facts("持证单位应当自取得许可证的当年开始报送年度报告。")
    assert ("event", "自合同签订次日起") in facts("利息自合同签订次日起计算。")


def _doc(title: str) -> DocumentMeta:
    return DocumentMeta(doc_id="d", title=title, path="d.md")


def test_a_regulation_of_the_same_kind_the_title_hardly_shares_is_another_document(monkeypatch):
    lab = _doc("某省实验动物管理条例")
    assert docfacts.names_another_kind(analyse("兽药临床试验管理条例由谁发布？"), lab)
    assert docfacts.names_another_kind(analyse("兽药临床试验管理条例 发布机关"), lab)
    # its own title, shortened or in part, is no other document
    assert not docfacts.names_another_kind(analyse("实验动物管理条例由谁发布？"), lab)
    assert not docfacts.names_another_kind(analyse("科技进步条例由谁发布？"), _doc("某省科学技术进步条例"))
    monkeypatch.setattr(docfacts, "SAME_KIND_OTHER", False)
    assert not docfacts.names_another_kind(analyse("兽药临床试验管理条例由谁发布？"), lab)


PROHIBITION = ["第八条 重要气象资料包括：\n（一）历年极端气温；\n（二）台风登陆次数和路径；\n（三）降水总量。",
               "第九条 气象资料由省气象主管机构统一发布。任何单位和个人不得擅自发布重要气象资料。"]


def test_the_sentence_stating_a_verdict_on_the_asked_predicate_is_quoted_and_decides(monkeypatch):
    hits = clause_hits(PROHIBITION, "某省气象条例")
    q = analyse("我们测到的台风登陆次数和路径，能不能自己在网上发布？")

    def quotes(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.quote for c in composer_over(PROHIBITION, off).compose(q, hits).citations]

    assert any("不得擅自发布" in quote for quote in quotes())
    assert not any("不得擅自发布" in quote for quote in quotes(frozenset({"rule:verdict_quote"})))
    assert yesno.states_verdict_on("任何单位和个人不得擅自发布重要气象资料。", "发布")
    assert not yesno.states_verdict_on("应当使用依法发布的气象资料。", "发布")  # 应当 is 使用's modal

    def cited(n: int, text: str) -> Citation:
        return Citation(n=n, clause_id=f"c{n}", doc_id="d", doc_title="某省气象条例", section_path=[], quote=text,
                        start=0, end=len(text))

    citations = [cited(1, "（二）台风登陆次数和路径；"), cited(2, "任何单位和个人不得擅自发布重要气象资料。")]
    def topic(sentence: str) -> float:  # the list item covers the question's words best
        return 0.9 if "台风" in sentence else 0.5

    assert yesno._deciding_sentence(citations, topic, "发布")[0] == 2
    monkeypatch.setattr(yesno, "VERDICT_ON_PREDICATE", False)
    assert yesno._deciding_sentence(citations, topic, "发布")[0] == 1


DUTIES = ["第五条 省市场监管局履行下列职责：\n（一）组织制定计量工作规划；\n（二）统一管理全省的计量器具型式评价工作；"]


def test_a_duty_listed_as_an_item_is_quoted_with_its_lead_in_naming_the_actor(monkeypatch):
    import rag.compose as compose

    hits = clause_hits(DUTIES, "某省计量条例")
    q = analyse("全省的计量器具型式评价工作由哪个部门管？")

    def quotes() -> list[str]:
        return [c.quote for c in composer_over(DUTIES).compose(q, hits).citations]

    assert any("省市场监管局" in quote for quote in quotes())
    monkeypatch.setattr(compose, "WHO_LEAD_IN", False)
    assert not any("省市场监管局" in quote for quote in quotes())


def test_a_thing_not_done_names_the_condition_of_not_doing_it_in_other_words(monkeypatch):
    from rag.answer import condition

    sentence = "申请人逾期未缴纳年度检验费的，其证书自动失效。"
    assert condition.names_condition("证书办下来以后一直没交年度检验费，会怎么样？", sentence)
    assert not condition.names_condition("没交申请费会怎么样？", sentence)  # another fee
    assert not condition.names_condition("交了年度检验费以后多久发证？", sentence)  # nothing left undone
    monkeypatch.setattr(condition, "NEGATED_ACT", False)
    assert not condition.names_condition("证书办下来以后一直没交年度检验费，会怎么样？", sentence)


def test_a_period_in_hours_rendered_in_english_is_supported_by_its_chinese_quote():
    from rag.models import Clause
    from rag.verify import check

    text = "第十条 专业技术人员每年参加继续教育的时间累计不少于七十二学时。"
    clause = Clause(clause_id="c1", doc_id="d", section_path=["第十条"], text=text, start=0, end=len(text))
    quote = Citation(n=1, clause_id="c1", doc_id="d", doc_title="某省继续教育条例", section_path=["第十条"],
                     quote=text, start=0, end=len(text))
    assert check("Answer: at least 72 class hours (不少于七十二学时) [1]", [quote], {"d": text}.get,
                 {"c1": clause}.get) == []
    problems = check("Answer: at least 80 class hours [1]", [quote], {"d": text}.get, {"c1": clause}.get)
    assert [p.kind for p in problems] == ["unsupported"]


def test_the_glossary_renders_revised_secrecy_and_novelty_in_the_words_regulations_use():
    from rag.expand import build_table

    table = build_table({"修订", "修改", "秘密", "涉密", "密级", "新颖性"}, entries=[])
    assert table["revised"] == ["修订", "修改"]
    assert table["classified"] == ["秘密", "涉密"]
    assert table["secrecy level"] == ["密级"]
    assert table["novelty"] == ["新颖性"]


def test_a_term_defined_by_enumeration_is_a_definition():
    from rag import definitions

    assert definitions.defines("第八条 重要气象资料包括：")
    assert definitions.defines("专项资金包括下列费用：")
    assert not definitions.defines("有下列情形之一的，责令改正：")
    assert not definitions.defines("资助范围包括设备购置和人员培训。")  # (what it covers, not a term's list)


def test_a_slot_and_the_words_asking_it_ask_that_slot_of_the_previous_topic(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "保定的专项行动要求企业每年报送进展吗？"), Turn("assistant", "（上一轮的回答）")]
    r = resolve("截止日期具体是几月几号？", history)
    assert r.how == "slot" and "保定的专项行动" in r.question and "截止日期" in r.question
    # a message with content of its own is asked as typed
    assert resolve("科技创新券的额度是多少？", history).how == "standalone"
    monkeypatch.setattr(markers, "SLOT_ASKED_ONLY", False)
    assert resolve("截止日期具体是几月几号？", history).how == "standalone"


def test_an_issuer_written_with_a_note_is_found_without_it_in_the_publication_line(monkeypatch):
    from rag.models import Clause

    text = "# 某省气象条例\n\n1990年3月2日 某省气象局令第5号发布\n\n第一条 为了加强气象管理，制定本条例。"
    lines = [(i, line) for i, line in enumerate(text.split("\n")) if line.strip()]
    clauses = []
    for n, (i, line) in enumerate(lines):
        start = sum(len(x) + 1 for x in text.split("\n")[:i])
        clauses.append(Clause(clause_id=f"c{n}", doc_id="d", section_path=[], text=line, start=start,
                              end=start + len(line)))
    fact = docfacts.Fact(field="issuer", value="某省气象局（经省人民政府批准）", short="某省气象局（经省人民政府批准）")
    found = docfacts.supporting_span(fact, clauses)
    assert found is not None and "令第5号发布" in text[found[1]:found[2]]
    monkeypatch.setattr(docfacts, "ISSUER_NOTE", False)
    assert docfacts.supporting_span(fact, clauses) is None
