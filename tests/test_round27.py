"""Rules of the twenty-seventh round, each on hand-built text (no index): Traditional 檔案 and 程式 normalised as the
Simplified texts' 档案 and 程序; a time word before a document's name (现行…) naming no other document; "when did …
adopt …" asking the adoption date; the posting date asked only with a time word; and yes/no verdicts — a duty
answering "may one stop it at any time", a body required answering "may one go around it", a figure said not to
bind, and a permission the deciding clause bars."""

from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import DocumentMeta
from rag.normalize import normalize
from rag.question import analyse


def test_traditional_archives_are_the_archives_simplified_texts_write(monkeypatch):
    from rag import normalize as norm

    assert normalize("本館收藏的檔案") == normalize("本馆收藏的档案")
    assert "档案" in normalize("檔案館開放時間")
    monkeypatch.setattr(norm, "TW_KEPT", False)
    assert "档案" not in normalize("檔案館開放時間")  # (tw2sp reads it as a computer file)


def test_a_taiwan_word_tw2sp_rewrites_twice_meets_the_simplified_word(monkeypatch):
    from rag import normalize as norm

    # 程式 → 程序 in one pass, while a Simplified 程序 becomes 进程: the same word read apart
    assert normalize("登記電腦程式") == normalize("登记电脑程序")
    assert normalize("這樣做是為了什麼") == normalize("这样做是为了什么")
    monkeypatch.setattr(norm, "TW_KEPT", False)
    assert normalize("登記電腦程式") != normalize("登记电脑程序")


def test_a_time_word_before_a_documents_name_names_no_other_document(monkeypatch):
    from rag.answer import features
    from rag.answer.features import Featurizer

    texts = ["第三条 申请登记应当提交说明书。", "第九条 本细则自公布之日起施行。"]
    keyword = KeywordIndex.build([normalize(t) for t in texts])
    documents = {"r": DocumentMeta(doc_id="r", title="中华人民共和国样例登记法实施细则", path="r.md")}
    f = Featurizer(keyword, Expander({}), documents)
    for asked in ("现行样例登记法实施细则的令号是多少？", "最新样例登记法实施细则几时施行？"):
        assert f.unknown_name(analyse(asked)) is None, asked
    # another qualifier is still a name the documents lack
    assert f.unknown_name(analyse("甲乙样例登记法实施细则的令号是多少？")) == "甲乙样例登记法实施细则"
    monkeypatch.setattr(features, "CURRENT_QUALIFIER", False)
    assert f.unknown_name(analyse("现行样例登记法实施细则的令号是多少？")) == "现行样例登记法实施细则"


def test_when_did_a_body_adopt_a_law_asks_its_adoption_date(monkeypatch):
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse("What day did the standing committee adopt the Sample Registration Law?")) \
        == "adopted"
    # a revision asked is not the adoption
    assert docfacts.asked_field(analyse("When did the committee pass the amendment to the Sample Law?")) != "adopted"
    monkeypatch.setattr(docfacts, "DID_ADOPT", False)
    assert docfacts.asked_field(analyse("What day did the standing committee adopt the Sample Registration Law?")) \
        is None


def test_posting_online_without_a_time_word_is_no_posting_date_asked(monkeypatch):
    from rag.answer import docfacts

    assert docfacts.asked_field(analyse("这份办法是什么时候在网上发布的？")) == "posted"
    assert docfacts.asked_field(analyse("本法对在网上公开发布检测结果有什么要求？")) is None
    monkeypatch.setattr(docfacts, "POSTED_WHEN", False)
    assert docfacts.asked_field(analyse("本法对在网上公开发布检测结果有什么要求？")) == "posted"


def _cited(*quotes: str, clauses: tuple[str, ...] = ()) -> list:
    from rag.models import Citation

    return [Citation(n=n, clause_id=clauses[n - 1] if clauses else "c8", doc_id="d", doc_title="某某条例",
                     section_path=["第八条"], quote=q, start=0, end=len(q)) for n, q in enumerate(quotes, start=1)]


def test_leaving_a_duty_undone_with_an_adverb_between_is_answered_by_the_duty(monkeypatch):
    from rag.answer import yesno

    cited = _cited("设备的经营者应当为其设备持续提供检修服务。")
    asked = analyse("设备经营者可以随时停止提供检修服务吗？")
    assert yesno.decide(asked, cited, ["设备", "经营者", "检修", "服务"]) == ("否", 1)
    monkeypatch.setattr(yesno, "OMIT_ADVERB", False)
    assert yesno.decide(asked, cited, ["设备", "经营者", "检修", "服务"]) == ("是", 1)


def test_going_around_a_body_the_clause_requires_is_answered_no(monkeypatch):
    from rag.answer import yesno

    required = _cited("样品的复检，应当通过检验中心向总站申请办理；样品的退回，也可以直接向总站申请办理。")
    terms = ["样品", "复检", "检验中心", "总站", "申请"]
    asked = analyse("样品的复检可以绕过检验中心直接向总站申请吗？")
    assert yesno.decide(asked, required, terms) == ("否", 1)
    assert yesno._bypass_verdict("可以不经过检验中心直接向总站申请吗", "也可以直接向总站申请办理") == "是"
    assert yesno._bypass_verdict("可以直接向总站申请吗", "应当通过检验中心向总站申请办理") is None  # (no bypass asked)
    monkeypatch.setattr(yesno, "BYPASS_ASKED", False)
    assert yesno.decide(asked, required, terms) != ("否", 1)


def test_a_figure_said_not_to_bind_answers_no(monkeypatch):
    from rag.answer import yesno

    cited = _cited("对伪造证明的，权利人申请撤销不受3年的时间限制。")
    asked = analyse("伪造证明的情形下，权利人申请撤销受3年期限限制吗？")
    assert yesno.decide(asked, cited, ["伪造", "证明", "权利人", "撤销", "期限", "限制"]) == ("否", 1)
    monkeypatch.setattr(yesno, "VALUE_NOT_BINDING", False)
    assert yesno.decide(asked, cited, ["伪造", "证明", "权利人", "撤销", "期限", "限制"]) == ("是", 1)


def test_a_permission_a_cited_sentence_bars_is_answered_no(monkeypatch):
    from rag.answer import yesno

    cited = _cited("观测站可以向本级主管机构报告观测结果。",
                   "任何单位和个人不得擅自向社会发布观测结果。")
    terms = ["观测", "结果", "社会", "发布"]
    asked = analyse("我自己的观测结果能不能直接向社会发布？")
    assert yesno.decide(asked, cited, terms) == ("否", 2)
    # a prohibition of something else leaves the permission
    other = _cited("观测站可以向社会发布观测结果。", "任何单位不得损毁观测设施。")
    assert yesno.decide(asked, other, terms) == ("是", 1)
    # another clause's prohibition is another rule's
    apart = _cited("观测站可以向本级主管机构报告观测结果。", "任何单位和个人不得擅自向社会发布观测结果。", clauses=("c8", "c9"))
    assert yesno.decide(asked, apart, terms) == ("是", 1)
    monkeypatch.setattr(yesno, "PROHIBITION_WINS", False)
    assert yesno.decide(asked, cited, terms) == ("是", 1)

