"""Answer rules of the twentieth round, each on hand-built text (no index): the article fining a duty named by its
number, an amount asked of a penalty, a sum's bound kept in the short answer (a condition's threshold giving way),
a paragraph after a list answering for itself, every so many years as a frequency, a collective name as a
definition, an organ or company asked and named, a document named by a kind its title lacks, an order's number
and an article count asked, and two documents compared not read as two subjects of one."""

from rag.models import Clause
from rag.question import analyse, fact_kinds
from rag.sentences import facts

from .composing import clause_hits, composer_over


def _clauses(texts: list[str]) -> list[Clause]:
    return [Clause(clause_id=f"c{i}", doc_id="d", section_path=[t.split(" ")[0]], text=t, start=1000 * i,
                   end=1000 * i + len(t)) for i, t in enumerate(texts)]


def test_the_article_fining_a_duty_named_by_its_number_comes_first(monkeypatch):
    from rag import articles
    from rag.answer.penalty import states_penalty

    texts = ["第十条 禁止毁坏下列水文设施：（一）测流缆道；（二）水位标尺。",
             "第十一条 水文设施的维护费用由县级财政承担。",
             "第二十条 有本办法第十条所列行为的，对个人处五百元以下的罚款，对单位处一万元以下的罚款。",
             "第二十一条 违反本办法第十条第一款第二项的，处二百元以下的罚款。",  # one item: maybe not the one asked
             "第二十二条 有本办法第十条所列行为的，水文机构应当及时报告。"]  # names the article, states no penalty
    clauses = _clauses(texts)
    hits = clause_hits(texts[:2], "某县水文设施保护办法")
    for hit, clause in zip(hits, clauses[:2], strict=True):
        hit.section_path = list(clause.section_path)
    hits[0].dense_score = 0.8
    out = articles.with_penalties_citing(hits, lambda doc: clauses, states_penalty)
    assert [h.text[:4] for h in out] == ["第二十条", "第十条 ", "第十一条"]
    assert out[0].score == hits[0].score and out[0].dense_score == 0.8  # it answers for the first hit
    # a first hit of no article, or the switch off: unchanged
    assert articles.with_penalties_citing(hits[1:], lambda doc: clauses, states_penalty) == hits[1:]
    monkeypatch.setattr(articles, "PENALTY_REFERENCES", False)
    assert articles.with_penalties_citing(hits, lambda doc: clauses, states_penalty) == hits


def test_receiving_what_treatment_asks_a_penalty():
    from rag.answer.penalty import penalty_asked

    assert penalty_asked("培训机构弄虚作假会受到什么处理？")
    assert not penalty_asked("这笔资金结余后怎么处理？")  # how a thing is handled is no penalty


def test_an_amount_asked_of_a_penalty_is_stated_by_a_fine_not_by_a_prohibition():
    texts = ["第十条 禁止在观测场周边堆放杂物、修建高大建筑。",
             "第二十条 违反本办法第十条规定的，责令改正，可以处违法所得百分之十以上百分之三十以下的罚款。"]
    hits = clause_hits(texts, "某县气象观测保护办法")
    question = analyse("在观测场周边修建高大建筑要罚多少钱？")
    assert "money" in fact_kinds(question)

    def stating(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.span.text[:4] for c in composer_over(texts, off).candidates(question, hits) if c.has_fact]

    assert stating() == ["第二十条"]  # a fine as a share of the gains states an amount too
    assert sorted(stating(frozenset({"rule:penalty_amount"}))) == ["第二十条", "第十条 "]  # 禁止 read as one
    # a penalty asked without an amount: the prohibition still states a sanction
    whatever = analyse("在观测场周边修建高大建筑会受到什么处罚？")
    assert len([c for c in composer_over(texts).candidates(whatever, hits) if c.has_fact]) == 2


def test_a_sums_bound_after_it_stays_in_the_short_answer(monkeypatch):
    from rag.answer import short

    texts = ["第二十条 有前条所列行为的，对个人可以处二千元以下的罚款，对单位处五千元以上三万元以下的罚款。"]
    composer = composer_over(texts)
    hits = clause_hits(texts, "某县气象观测保护办法")

    def value(question: str) -> str | None:
        draft = composer.compose(analyse(question), hits)
        found = short.find(analyse(question), draft.citations)
        return found.text if found else None

    assert value("个人最多罚多少钱？") == "二千元以下"
    monkeypatch.setattr(short, "MONEY_BOUND", False)
    assert value("个人最多罚多少钱？") != "二千元以下"


def test_a_paragraph_after_a_list_answers_for_itself():
    texts = ["第九条 培训经费按照下列途径筹措：\n（一）财政拨款；\n（二）单位自筹。\n县级人民政府应当扶持边远乡镇的技能培训。",
             "第十条 培训结束后由培训机构颁发结业证书。"]
    hits = clause_hits(texts, "某县技能培训办法")
    question = analyse("县级人民政府要扶持哪些乡镇的技能培训？")

    def quoted(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.quote for c in composer_over(texts, off).compose(question, hits).citations]

    assert quoted() == ["县级人民政府应当扶持边远乡镇的技能培训。"]
    assert "（一）财政拨款；" in quoted(frozenset({"rule:after_list"}))
    # a paragraph speaking of the list's items is read with them
    texts[0] = texts[0].replace("县级人民政府应当扶持边远乡镇的技能培训。", "有前款（二）项情形的，县级人民政府应当给予补助。")
    hits = clause_hits(texts, "某县技能培训办法")
    assert "（一）财政拨款；" in [c.quote for c in composer_over(texts).compose(
        analyse("哪些情形县级人民政府应当给予补助？"), hits).citations]


def test_every_so_many_years_is_how_often(monkeypatch):
    from rag import question as question_module

    asked = analyse("档案主管部门每隔几年要对各单位的档案工作做一次检查？")
    assert "often" in asked.intents and "frequency" in fact_kinds(asked)
    assert facts("档案主管部门每两年对各单位的档案工作进行检查。", ("frequency",))
    assert not facts("档案主管部门每年对各单位的档案工作进行检查。", ("frequency",))  # no figure: no frequency
    monkeypatch.setattr(question_module, "EVERY_HOW_MANY", False)
    assert "often" not in analyse("档案主管部门每隔几年要对各单位的档案工作做一次检查？").intents


def test_a_collective_name_is_defined_by_what_it_names():
    from rag import definitions

    sentence = "医院、疾病预防控制机构、血站等（以下统称医疗卫生机构），应当按照规定报送信息。"
    assert definitions.defined_terms(sentence) == ["医疗卫生机构"]
    assert definitions.defines(sentence)
    assert definitions.asked("哪些机构算“医疗卫生机构”？", False)
    assert definitions.defines_term_in("哪些机构算医疗卫生机构", sentence)
    texts = ["第九条 医疗卫生机构应当建立信息报送制度。",
             "第八条 医院、疾病预防控制机构、血站等（以下统称医疗卫生机构），应当按照规定报送信息。"]
    hits = clause_hits(texts, "某市卫生信息办法")
    question = analyse("哪些机构算“医疗卫生机构”？")
    assert composer_over(texts).candidates(question, hits)[0].span.text.startswith("第八条")
    off = frozenset({"feat:asked_term", "feat:definition"})
    assert composer_over(texts, off).candidates(question, hits)[0].span.text.startswith("第九条")


def test_an_organ_asked_is_not_answered_by_quotes_naming_none():
    from types import SimpleNamespace

    from rag.answer import gates

    def refused(question: str, quote: str) -> bool:
        return gates._organ_not_named(SimpleNamespace(q=analyse(question), context=quote))  # type: ignore[arg-type]

    assert refused("水文情报由哪个部门统一发布？", "国家对水文站网实行统一规划，分级管理。")
    assert refused("Which authority issues the certificate?", "学员应当按期完成学习任务。")
    assert not refused("水文情报由哪个部门统一发布？", "水文情报由县级以上人民政府水行政主管部门统一发布。")
    assert not refused("水文情报由哪个機關统一发布？", "由省水文局統一發布。")  # (read in Simplified)
    assert not refused("水文情报什么时候发布？", "国家对水文站网实行统一规划，分级管理。")  # no organ asked
    assert "gate:organ" in gates.GATE_NAMES  # (switched off by name: rag eval --ablate gate:organ)


def test_a_document_named_by_a_kind_its_title_lacks_is_another_document(monkeypatch):
    from rag.answer import docfacts
    from rag.models import DocumentMeta

    notice = DocumentMeta(doc_id="n", title="某市人民政府关于印发某市科技发展规划的通知", path="n.md")
    assert docfacts.names_bare_kind(analyse("那个决定是哪天印发的？"), notice)
    assert docfacts.names_bare_kind(analyse("When was that decision issued?"), notice)
    assert docfacts.names_bare_kind(analyse("When was the decision issued?"), notice)
    assert not docfacts.names_bare_kind(analyse("Who issued this decision?"), notice)  # the document at hand
    assert not docfacts.names_bare_kind(analyse("When were the measures issued?"), notice)  # loosely named
    assert not docfacts.names_bare_kind(analyse("这个规划是哪天印发的？"), notice)
    assert not docfacts.names_bare_kind(analyse("When was the plan issued?"), notice)
    assert not docfacts.names_bare_kind(analyse("这份文件是哪天印发的？"), notice)  # no kind named


def test_an_orders_number_asked_by_its_name_and_an_article_count_before_a_second_ask():
    from rag.answer import docfacts
    from rag.docrecord import structure

    assert docfacts.asked_field(analyse("这部条例的发布令号是多少？")) == "number"
    assert docfacts.asked_field(analyse("某省档案条例一共多少条？有没有分章？")) == "articles"
    assert docfacts.asked_field(analyse("某省档案条例规定了多少条措施？")) != "articles"
    # an article heading run into the line before it, after a full stop, still counts
    text = "第一条 为了加强档案管理，制定本条例。\n\n第二条 档案由档案馆保管。 第三条本条例自公布之日起施行。\n"
    found = structure(text, "articles")
    assert found is not None and found.value == "第三条"
    assert structure("第一条 甲。\n第三条 丙。\n", "articles") is None  # a gap: the count is not read


def test_a_sum_opening_a_condition_gives_way_to_the_sum_it_sets():
    from rag.answer import short

    texts = ["第三十条 违法所得五万元以上的，处十万元以下的罚款。"]
    question = analyse("违法所得较多的要罚多少钱？")
    citations = composer_over(texts).compose(question, clause_hits(texts, "某县办法")).citations
    assert short.find(question, citations).text == "十万元以下"
    # the only sum stated is still the answer (罚款达到多少时要报批: the threshold is what is asked)
    texts = ["第三十一条 罚款一万元以上的，应当报上级主管部门决定。"]
    question = analyse("罚款达到多少时要报上级主管部门决定？")
    citations = composer_over(texts).compose(question, clause_hits(texts, "某县办法")).citations
    assert short.find(question, citations).text == "一万元以上"


def test_a_company_asked_is_named_as_one():
    from types import SimpleNamespace

    from rag.answer import gates

    def refused(question: str, quote: str) -> bool:
        return gates._organ_not_named(SimpleNamespace(q=analyse(question), context=quote))  # type: ignore[arg-type]

    assert refused("全省数据平台交给哪一家公司运营？", "省大数据主管部门应当建设全省数据平台。")
    assert not refused("全省数据平台交给哪一家公司运营？", "平台由省大数据集团有限公司运营。")


def test_two_documents_compared_are_not_two_subjects_of_one(monkeypatch):
    from rag import focus

    question = "《某省档案条例》和《某市气象办法》生效时，各自取代了哪部旧规定？"
    assert focus.two_subjects(question) is None  # the per-document answer reads each from its own text
    assert focus.two_subjects("档案条例和气象办法，各自由哪个部门负责解释") is None
    assert focus.two_subjects("以生产为主的企业和以研发为主的企业，补贴方式有什么不同") is not None
    monkeypatch.setattr(focus, "TWO_DOCUMENTS_APART", False)
    assert focus.two_subjects(question) is not None


def test_an_article_of_a_law_no_document_is_is_not_answered_from_another(monkeypatch):
    from rag.answer import features as features_module
    from rag.models import DocumentMeta

    texts = ["第三十三条 建设水库应当避开水文监测站。"]
    featurizer = composer_over(texts).features
    featurizer.documents = {"d": DocumentMeta(doc_id="d", title="某省水文监测管理条例", path="d.md")}
    featurizer._normalised_titles = None
    assert featurizer.absent_law(analyse("《中华人民共和国水法》第三十三条是怎么规定的？")) == "中华人民共和国水法"
    assert featurizer.absent_law(analyse("Please explain Article 12 of the PRC Water Law.")) == "PRC Water Law"
    assert featurizer.absent_law(analyse("水文监测条例第三十三条讲了什么？")) is None  # the document, abridged
    assert featurizer.absent_law(analyse("本条例第三十三条讲了什么？")) is None  # the document at hand
    assert featurizer.absent_law(analyse("Please explain Article 12 of the Hydrological Regulations.")) is None
    monkeypatch.setattr(features_module, "ABSENT_LAW", False)
    assert featurizer.absent_law(analyse("《中华人民共和国水法》第三十三条是怎么规定的？")) is None
