"""Rules of the thirty-third round, on hand-built text (no index): a consequence stated plainly answers whether it
happens; 能 before a verb of trade asks may; a sentence giving the asked thing another level goes after its sibling;
a count before a name names nothing; Taiwan's 紀錄."""

from rag.answer import features, premise, yesno
from rag.models import Citation
from rag.normalize import question_words
from rag.question import analyse

from .composing import first_quote


def cite(n: int, quote: str) -> Citation:
    return Citation(n=n, clause_id=f"c{n}", doc_id="d", doc_title="t", section_path=[], quote=quote, start=0,
                    end=len(quote))


def test_a_consequence_stated_plainly_happens(monkeypatch):
    q = analyse("样例单位违约的话，会不会被列入失信名单？")
    terms = ["样例", "单位", "违约", "的话", "列入", "失信", "名单"]
    assert yesno.decide(q, [cite(1, "样例单位违约的，列入失信名单，并向社会公布。")], terms) == ("是", 1)
    # a negated consequence is not one that happens
    assert yesno.decide(q, [cite(1, "样例单位初次违约的，不列入失信名单。")], terms) != ("是", 1)
    monkeypatch.setattr(yesno, "CONSEQUENCE_STATED", False)
    monkeypatch.setattr(yesno, "PHRASE_STATED", False)  # (which reads the same phrase without 会不会)
    assert yesno.decide(q, [cite(1, "样例单位违约的，列入失信名单，并向社会公布。")], terms) is None


def test_a_verb_of_trade_after_neng_asks_may(monkeypatch):
    q = analyse("样例馆藏的标本能卖给外地商人吗？")
    cited = [cite(1, "样例馆藏的标本，任何单位和个人不得出卖。")]
    terms = ["样例", "馆藏", "标本", "外地", "商人"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    monkeypatch.setattr(yesno, "MAY_TRADE", False)
    assert yesno.decide(q, cited, terms) is None


def test_the_asked_levels_thing_at_another_level_conflicts():
    asked = "县级样例馆收藏范围的物品满几年移交？"
    assert premise.thing_level_conflict(asked, "属于省级样例馆收藏范围的物品，满九年移交")
    assert not premise.thing_level_conflict(asked, "属于县（市、区）级样例馆收藏范围的物品，满五年移交")
    # a level given to something else is no conflict of the thing asked
    assert not premise.thing_level_conflict("样例园区国家认定的给多少钱？", "对国家、省级样例联盟分别给予奖励")


def test_the_sibling_giving_the_asked_level_goes_first(monkeypatch):
    from rag import compose

    text = ("第九条 样例物品按照下列规定移交：\n（一）属于省级样例馆收藏范围的物品，满九年移交样例馆；\n"
            "（二）属于县（市、区）级样例馆收藏范围的物品，满五年移交样例馆；")
    question = "县级样例馆收藏范围的物品满几年移交？"
    assert "县（市、区）级" in first_quote([text], "样例条例", question)
    monkeypatch.setattr(compose, "ASKED_LEVEL", False)
    assert "省级" in first_quote([text], "样例条例", question)


def test_a_count_before_a_name_names_nothing(monkeypatch):
    from rag.answer.features import Featurizer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.models import DocumentMeta
    from rag.normalize import normalize

    texts = ["第三条 样例标本库的设立应当经批准。", "第九条 本条例自公布之日起施行。"]
    keyword = KeywordIndex.build([normalize(t) for t in texts])
    documents = {"r": DocumentMeta(doc_id="r", title="甲乙样例标本资源管理条例", path="r.md")}
    f = Featurizer(keyword, Expander({}), documents)
    assert f.unknown_name(analyse("私自搭了一个样例标本资源库，罚多少？")) is None
    # another name before it is still one the documents lack
    assert f.unknown_name(analyse("丙丁样例标本资源管理条例几时施行？")) == "丙丁样例标本资源管理条例"
    monkeypatch.setattr(features, "DETERMINER_QUALIFIER", False)
    assert f.unknown_name(analyse("私自搭了一个样例标本资源库，罚多少？")) is not None


def test_taiwan_record_is_written_as_the_texts_write_it(monkeypatch):
    from rag import normalize

    assert "記錄" in question_words("樣例單位會不會被記入紀錄？")
    monkeypatch.setattr(normalize, "TW_MORE_QUESTION_WORDS", False)
    assert "紀錄" in question_words("樣例單位會不會被記入紀錄？")


def test_a_sentence_classing_the_thing_answers_whether_it_counts(monkeypatch):
    q = analyse("样例普查算不算公益性事业？")
    terms = ["样例", "普查", "公益性", "事业"]
    assert yesno.decide(q, [cite(1, "样例普查是公益性事业。")], terms) == ("是", 1)
    assert yesno.decide(q, [cite(1, "样例普查不属于公益性事业，由市场提供。")], terms) == ("否", 1)
    english = analyse("Does a sample census count as a public-interest undertaking?")
    assert yesno.decide(english, [cite(1, "样例普查是公益性事业。")], terms,
                        stated=lambda text: 1.0) == ("是", 1)
    monkeypatch.setattr(yesno, "MEMBERSHIP", False)
    monkeypatch.setattr(yesno, "PHRASE_STATED", False)  # (公益性事业 stated plainly says yes too)
    assert yesno.decide(q, [cite(1, "样例普查是公益性事业。")], terms) is None


def test_still_may_asks_whether_one_may_still(monkeypatch):
    q = analyse("样例规划批准以后还能改动吗？")
    cited = [cite(1, "经批准的样例规划，未经法定程序不得修改。")]
    terms = ["样例", "规划", "批准", "以后"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    monkeypatch.setattr(yesno, "MAY_STILL", False)
    assert yesno.decide(q, cited, terms) != ("否", 1)


def test_equal_effect_answers_whether_two_things_weigh_the_same(monkeypatch):
    q = analyse("样例电子凭证跟纸质凭证的效力一样吗？")
    terms = ["样例", "电子", "凭证", "纸质", "效力"]
    assert yesno.decide(q, [cite(1, "样例电子凭证与纸质凭证具有同等效力。")], terms) == ("是", 1)
    english = analyse("Is a sealed sample copy as valid as the original?")
    assert yesno.decide(english, [cite(1, "加盖印章的样例复制件，具有与原件同等的效力。")], ["样例", "复制件", "原件"],
                        stated=lambda text: 1.0) == ("是", 1)
    monkeypatch.setattr(yesno, "SAME_EFFECT", False)
    assert yesno.decide(q, [cite(1, "样例电子凭证与纸质凭证具有同等效力。")], terms) != ("是", 1)


def test_a_sentence_saying_it_does_not_affect_it_answers_whether_it_becomes_void(monkeypatch):
    q = analyse("样例登记被撤销后，之前签的合同会因此无效吗？")
    cited = [cite(1, "样例登记被撤销的，不影响撤销前已订立合同的效力。")]
    terms = ["样例", "登记", "撤销", "之前", "合同"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    monkeypatch.setattr(yesno, "UNAFFECTED", False)
    assert yesno.decide(q, cited, terms) != ("否", 1)


def test_what_a_regulation_conditions_is_not_done_at_will(monkeypatch):
    q = analyse("样例目录的内容可以随便调整吗？")
    cited = [cite(1, "调整样例目录的内容，应当报经原审批机关批准。")]
    terms = ["样例", "目录", "内容", "随便", "调整"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    # a sentence that conditions nothing decides nothing this way
    assert yesno.decide(q, [cite(1, "样例目录每年公布一次。")], terms) is None
    monkeypatch.setattr(yesno, "FREELY", False)
    assert yesno.decide(q, cited, terms) != ("否", 1)


def test_the_asked_phrase_stated_plainly_says_yes(monkeypatch):
    q = analyse("样例频道受国家保护吗？")
    terms = ["样例", "频道", "国家", "保护"]
    assert yesno.decide(q, [cite(1, "样例专用频道受国家保护，任何单位不得占用。")], terms) == ("是", 1)
    assert yesno.decide(q, [cite(1, "样例频道不受国家保护。")], terms) != ("是", 1)
    monkeypatch.setattr(yesno, "PHRASE_STATED", False)
    assert yesno.decide(q, [cite(1, "样例专用频道受国家保护，任何单位不得占用。")], terms) != ("是", 1)


def test_a_right_asked_is_a_may(monkeypatch):
    q = analyse("普通居民看到有人破坏样例设施，有权检举吗？")
    cited = [cite(1, "任何单位和个人对破坏样例设施的行为有权举报。")]
    terms = ["普通", "居民", "破坏", "样例", "设施", "有权", "检举"]
    assert yesno.decide(q, cited, terms) == ("是", 1)
    monkeypatch.setattr(yesno, "MAY_RIGHT", False)
    assert yesno.decide(q, cited, terms) != ("是", 1)


def test_a_law_named_in_book_title_marks_that_no_document_is_is_absent(monkeypatch):
    from rag.models import DocumentMeta

    from .composing import composer_over

    featurizer = composer_over(["第九条 违反本条例采集样例标本的，处五万元以下罚款。"]).features
    featurizer.documents = {"d": DocumentMeta(doc_id="d", title="某省样例标本管理条例", path="d.md")}
    featurizer._normalised_titles = None
    assert featurizer.absent_law(analyse("《样例安全法》对违法采集标本规定的罚款是多少？")) == "样例安全法"
    # the document at hand, named in the marks (abridged), is not absent
    assert featurizer.absent_law(analyse("《某省样例标本管理条例》规定的罚款是多少？")) is None
    monkeypatch.setattr(features, "NAMED_LAW", False)
    assert featurizer.absent_law(analyse("《样例安全法》对违法采集标本规定的罚款是多少？")) is None


def test_a_quoted_body_no_retrieved_clause_names_is_absent(monkeypatch):
    from rag.answer import named

    texts = ["第二十一条 样例部门组织专家组成样例咨询委员会，承担咨询工作。"]
    assert named.unnamed_quoted("样例条例设立的“国家样例审查委员会”由哪些部门组成？", texts) == "国家样例审查委员会"
    assert named.unnamed_quoted("样例条例设立的“样例咨询委员会”由哪些人组成？", texts) is None
    assert named.unnamed_quoted("“样例”一词指什么？", texts) is None  # (no body's head noun: not a name asked)
    monkeypatch.setattr(named, "QUOTED_NAMES", False)
    assert named.unnamed_quoted("样例条例设立的“国家样例审查委员会”由哪些部门组成？", texts) is None


def test_haishi_after_a_question_word_is_still_not_or(monkeypatch):
    from rag.answer import options

    assert not options.offers_options("有没有例外,哪些样例还是要审批?")
    assert options.offers_options("样例成果归单位还是归个人?")
    assert options.offers_options("样例是自己定,还是要报批?")
    monkeypatch.setattr(options, "STILL_NOT_OR", False)
    assert options.offers_options("有没有例外,哪些样例还是要审批?")
    monkeypatch.setattr(options, "STILL_NOT_OR", True)
    assert options.offers_options("该由谁证明——样例甲还是样例乙?")  # (a dash opens the options)
