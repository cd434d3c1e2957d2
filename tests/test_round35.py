"""Answer rules of the thirty-fifth round, on hand-built text (no index): a day named by an event, whether a time counts
toward a period, a term's length the question takes for granted, a place a third party sits in, whether two figures are
the same, 算X吗, and the sentence repealing an earlier text."""

from rag.answer import premise, yesno
from rag.models import Citation
from rag.question import analyse, fact_kinds
from rag.sentences import facts


def _cite(quote: str, n: int = 1, clause: str = "c1", title: str = "t") -> Citation:
    return Citation(n=n, clause_id=clause, doc_id="d", doc_title=title, section_path=[], quote=quote, start=0,
                    end=len(quote))


def test_a_day_named_by_an_event_answers_which_day():
    # (EVENT_DAY is read at import: the event pattern is compiled once)
    assert facts("以挂号信寄出的，以寄出地邮戳日为准。", ("event",)) == [("event", "以寄出地邮戳日为准")]
    assert facts("当面提交样例申请的，以样例窗口签收之日为受理之日。", ("event",)) == [("event", "以样例窗口签收之日为受理之日")]
    assert facts("样例单位应当及时受理申请。", ("event",)) == []
    assert "event" in fact_kinds(analyse("寄信提交样例申请，以哪一天作为受理日？"))


def test_whether_a_time_counts_toward_a_period(monkeypatch):
    asked = analyse("样例机关征求专家意见所花的时间，要算进答复期限里吗？")
    left_out = [_cite("样例机关征求专家意见所需时间不计算在前款规定的期限内。")]
    terms = ["样例", "机关", "征求", "专家", "意见", "答复", "期限"]
    assert yesno.decide(asked, left_out, terms) == ("否", 1)
    checked = analyse("样例审核中请专家鉴定、上门核实的时间，算在审核期限里吗？")
    review = [_cite("样例机关对申请进行审核，依法需要请专家鉴定，或者上门核实的，所需时间不计算在本条第一款规定的审核期限内。")]
    assert yesno.decide(checked, review, ["审核", "专家", "鉴定", "上门", "核实", "期限"]) == ("否", 1)
    put_in = [_cite("样例单位的培训支出，纳入年度考核范围。")]
    assert yesno.decide(analyse("样例单位的培训支出会算进考核去吗？"), put_in, ["培训", "支出", "考核"]) == ("是", 1)
    monkeypatch.setattr(yesno, "COUNTED_IN", False)
    assert yesno.decide(asked, left_out, terms) is None
    assert yesno.decide(checked, review, ["审核", "专家", "鉴定", "上门", "核实", "期限"]) == ("是", 1)  # (the wrong verdict it had)


def test_a_terms_length_taken_for_granted_is_a_premise(monkeypatch):
    clause = "样例证书的有效期不超过2年。"
    assert premise.contradicted("样例证书有效期4年，到期前多久要换证？", clause) == [("4年", ["2年"])]
    assert premise.contradicted("样例证书有效期2年，到期前多久要换证？", clause) == []
    assert premise.contradicted("我们用了4年的样例证书，要换吗？", clause) == []  # (the asker's case, no term named)
    monkeypatch.setattr(premise, "PERIOD_NAMED", False)
    assert premise.contradicted("样例证书有效期4年，到期前多久要换证？", clause) == []


def test_a_place_a_third_party_sits_in_is_not_the_asked_place(monkeypatch):
    from rag.answer import features as features_module
    from rag.answer.features import Evidence
    from rag.models import DocumentMeta, Hit
    from rag.sentences import split_sentences

    from .composing import composer_over

    text = "第十条 引进样例品种的，应当开展不少于一年的适应性试验。"
    featurizer = composer_over([text]).features
    featurizer.documents = {"d": DocumentMeta(doc_id="d", title="某某样例管理条例", path="d.md", issuer="国务院"),
                            "p": DocumentMeta(doc_id="p", title="天津市样例办法", path="p.md", issuer="天津市人民政府")}

    def uncovered(question: str, doc: str) -> list[str]:
        hit = Hit(clause_id="c", doc_id=doc, doc_title=featurizer.documents[doc].title, section_path=["第十条"],
                  text=text, start=0, end=len(text), score=1.0)
        return featurizer.uncovered_places(analyse(question), [Evidence(hit, split_sentences(text, base=0)[0], 1)])

    assert uncovered("我们想从新疆引进一个样例品种到天津，要试验多久？", "p") == ["新疆"]  # (where it comes from: a near miss)
    assert uncovered("Does the Xinjiang office of a foreign company need an evaluation?", "d") == []
    assert uncovered("新疆的子公司引进样例品种要试验吗？", "d") == []
    assert uncovered("新疆的子公司引进样例品种要试验吗？", "p") == ["新疆"]  # (a seat counts under a national text only)
    assert uncovered("新疆对引进样例品种有什么规定？", "d") == ["新疆"]  # (the place's own rules asked)
    monkeypatch.setattr(features_module, "ENTITY_PLACE", False)
    assert uncovered("Does the Xinjiang office of a foreign company need an evaluation?", "d") == ["新疆"]


def test_whether_two_figures_are_the_same_compares_the_two_clauses(monkeypatch):
    first = _cite("违反第五条擅自发布样例信息的，处五千元以上五万元以下的罚款。", 1, "a")
    same = _cite("样例媒体不按规定传播样例信息，拒不改正的，可以并处五千元以上五万元以下的罚款。", 2, "b")
    other = _cite("样例媒体不按规定传播样例信息的，处一万元以上十万元以下的罚款。", 2, "c")
    q = analyse("擅自发布样例信息和媒体不按规定传播，罚款幅度一样吗？")
    assert yesno.decide(q, [first, same], ["样例", "罚款"]) == ("是", 1)
    assert yesno.decide(q, [first, other], ["样例", "罚款"]) == ("否", 1)
    assert yesno.decide(q, [first], ["样例", "罚款"]) is None  # (one side quoted compares nothing)
    period = _cite("样例媒体应当在三十日内改正。", 2, "d")
    assert yesno.decide(q, [first, period], ["样例", "罚款"]) != ("否", 1)  # (a fine beside a period)
    english = analyse("Is the fine for unauthorised release the same as for media failing to relay it?")
    assert yesno.decide(english, [first, other], ["样例", "罚款"], stated=lambda text: 1.0) == ("否", 1)
    monkeypatch.setattr(yesno, "SAME_FIGURES", False)
    assert yesno.decide(q, [first, same], ["样例", "罚款"]) is None


def test_the_sentence_repealing_an_earlier_text_answers_what_was_repealed():
    from .composing import clause_hits, composer_over

    texts = ["第三条 县级以上人民政府应当将样例管理工作纳入本级样例管理规划。",
             "第三十条 本条例自2020年1月1日起施行。2001年通过的《样例管理办法》同时废止。"]
    hits = clause_hits(texts, "某省样例管理条例")
    question = analyse("Which earlier rules were repealed when the provincial sample management regulation took effect?")

    def top(off: frozenset[str] = frozenset()) -> list[str]:
        return [c.span.text for c in composer_over(texts, off).candidates(question, hits)[:2]]

    # (the repealing sentence and the one putting the text in force before it, both of the last article)
    assert sorted(top()) == ["2001年通过的《样例管理办法》同时废止。", "第三十条 本条例自2020年1月1日起施行。"]
    assert top(frozenset({"rule:repealed"}))[0].startswith("第三条")


def test_suan_x_ma_asks_whether_it_counts_as_x(monkeypatch):
    import re

    # (MEMBER_SUFFIX is read at import: the pattern without its branch is the rule switched off)
    q = analyse("样例舱产品也算军工产品吗？这套规定管不管样例舱？")
    cited = [_cite("本条例所称军工产品，包括武器装备以及样例舱产品。", clause="a", title="样例条例")]
    assert yesno.decide(q, cited, ["样例", "产品", "军工"]) == ("是", 1)
    assert not yesno._MEMBERSHIP_ASKED_RE.search("这笔钱要计算进去吗") and not yesno._MEMBERSHIP_ASKED_RE.search("怎么结算费用吗")
    branch = yesno._MEMBERSHIP_ASKED_RE.pattern.split("|(?<![")[0]
    monkeypatch.setattr(yesno, "_MEMBERSHIP_ASKED_RE", re.compile(branch + r"|\bcounts? as\b", re.IGNORECASE))
    assert yesno.decide(q, cited, ["样例", "产品", "军工"]) is None
