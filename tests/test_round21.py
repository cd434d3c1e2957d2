"""Rules of the twenty-first round, each on hand-built text (no index): a place's regulation the documents are not,
频率 named rather than asked, a fine stated as a multiple of a sum, a verb between a period and 一次, the fine of a
duty's article answering for the duty, and a revision asked by its year."""

from rag.question import analyse, fact_kinds
from rag.sentences import facts

from .composing import clause_hits, composer_over


def _featurizer(titles: list[str]):
    from rag.models import DocumentMeta

    featurizer = composer_over(["第一条 为了加强管理，制定本条例。"]).features
    featurizer.documents = {f"d{i}": DocumentMeta(doc_id=f"d{i}", title=t, path=f"d{i}.md") for i, t in enumerate(titles)}
    featurizer._normalised_titles = None
    return featurizer


def test_a_place_regulation_none_of_the_documents_is_is_named_as_absent(monkeypatch):
    from rag.answer import features as features_module

    featurizer = _featurizer(["四川省计量监督管理条例", "天津市气象条例"])
    # the place of one document with the subject of another, or another place's regulation
    assert featurizer.absent_law(analyse("天津市计量监督管理条例里，出租车计价器怎么管？")) == "天津市计量监督管理条例"
    assert featurizer.absent_law(analyse("根据湖南省气象条例，人工增雨由谁组织？")) == "湖南省气象条例"
    # the documents themselves, whole or abridged, and names that are no title
    assert featurizer.absent_law(analyse("按照四川省计量监督管理条例，出租车计价器怎么管？")) is None
    assert featurizer.absent_law(analyse("天津气象条例对人工增雨怎么规定？")) is None
    assert featurizer.absent_law(analyse("四川这两部条例都提到检定吗？")) is None
    assert featurizer.absent_law(analyse("天津市地方条例里有没有讲到雷电防护？")) is None
    assert featurizer.absent_law(analyse("天津市有什么规定管人工增雨？")) is None  # 规定 as a verb's object
    monkeypatch.setattr(features_module, "PLACE_REGULATION", False)
    assert featurizer.absent_law(analyse("天津市计量监督管理条例里，出租车计价器怎么管？")) is None


def test_a_frequency_named_is_not_a_frequency_asked(monkeypatch):
    from rag import question as question_module

    assert "often" not in analyse("挤占无线电台专用频率，哪个单位来处理？").intents
    assert "often" in analyse("水质监测的频率是多少？").intents
    assert "often" in analyse("按什么频次开展抽查？").intents
    assert "often" in analyse("专用频率多久一次复核？").intents  # how often asked in other words
    monkeypatch.setattr(question_module, "FREQUENCY_ASKED", False)
    assert "often" in analyse("挤占无线电台专用频率，哪个单位来处理？").intents


def test_a_fine_asked_as_a_sum_is_stated_by_a_multiple_too(monkeypatch):
    from rag import question as question_module

    assert "multiple" in fact_kinds(analyse("无证开展测量会被罚多少钱？"))
    assert "multiple" in fact_kinds(analyse("What is the fine for working without a licence?"))
    assert "multiple" not in fact_kinds(analyse("新建实验室能拿到多少钱补助？"))  # a grant is no fine
    monkeypatch.setattr(question_module, "FINE_MULTIPLE", False)
    assert "multiple" not in fact_kinds(analyse("无证开展测量会被罚多少钱？"))


def test_a_verb_between_a_period_and_once_states_a_frequency(monkeypatch):
    from rag import sentences

    assert ("frequency", "3年复查一次") in facts("地形图至少3年复查一次。")
    assert [k for k, _ in facts("名录每两年评估一次。") if k == "frequency"] == ["frequency"]  # found once
    assert not any(k == "frequency" for k, _ in facts("2019年开展一次普查。"))  # a year is no period
    monkeypatch.setitem(sentences.FACT_PATTERNS, "frequency", sentences.FREQUENCY_WITHOUT_VERB)  # the switch off
    assert not any(k == "frequency" for k, _ in facts("地形图至少3年复查一次。"))


def test_the_fine_of_a_duty_s_article_answers_for_the_duty():
    texts = ["第六条 观测场的仪器、设施和标志，任何单位不得擅自移动、占用或者损毁。",
             "第九条 观测资料应当按时汇交。",
             "（一）违反第六条规定的，责令改正，可并处二千元以上五千元以下罚款；",
             "（二）违反第九条规定的，给予警告，可并处五百元以上二千元以下罚款；"]
    hits = clause_hits(texts, "某县气象设施保护办法")
    for hit, path in zip(hits, (["第六条"], ["第九条"], ["第二十条"], ["第二十条"]), strict=True):
        hit.section_path = path
    question = analyse("擅自占用观测场的仪器设施要罚多少钱？")

    def first(off: frozenset[str] = frozenset()) -> str:
        return composer_over(texts, off).candidates(question, hits)[0].span.text[:4]

    assert first() == "（一）违"  # the fine of 第六条, not 第九条's
    assert first(frozenset({"rule:fine_of_duty"})) == "第六条 "
    # no amount asked: the duty itself answers what it says
    assert composer_over(texts).candidates(analyse("观测场的仪器设施可以擅自移动吗？"), hits)[0].span.text[:4] == "第六条 "


HEAD = """# 某市气象条例

1999年7月29日 某市第一届人民代表大会常务委员会第十八次会议通过

2005年5月27日 某市第二届人民代表大会常务委员会第十七次会议《关于修改〈某市气象条例〉的决定》第一次修正

2018年7月26日 某市第五届人民代表大会常务委员会第四次会议《关于修改〈某市城市管理条例〉等二十件地方性法规的决定》第二次修正

第一条 为了发展气象事业，制定本条例。
"""


def test_a_revision_asked_by_its_year_is_that_year_s_line(monkeypatch):
    from rag import docrecord
    from rag.answer import docfacts

    question = analyse("某市气象条例在2005年修正的那一次，由哪次会议通过？")
    assert docfacts._as_asked(question, "meeting") == "amended_meeting"
    assert docfacts._as_asked(analyse("某市气象条例是哪次会议通过的？"), "meeting") == "meeting"
    assert docrecord.stated_fields(HEAD, (2005,))["amended_meeting"].value == "某市第二届人民代表大会常务委员会第十七次会议"
    assert docrecord.stated_fields(HEAD)["amended_meeting"].value == "某市第五届人民代表大会常务委员会第四次会议"
    assert docrecord.stated_fields(HEAD, (2005,))["amended"].value == "2005年5月27日"
    monkeypatch.setattr(docrecord, "AMENDMENT_OF_YEAR", False)
    assert docrecord.stated_fields(HEAD, (2005,))["amended_meeting"].value == "某市第五届人民代表大会常务委员会第四次会议"
    monkeypatch.setattr(docfacts, "YEAR_REVISION", False)
    assert docfacts._as_asked(question, "meeting") == "meeting"


def test_a_verdict_cut_at_a_semicolon_keeps_its_proviso():
    texts = ["第八条 禁止在观测场内新建建筑物；但是，经省人民政府批准的除外。",
             "第九条 观测场的围栏由气象台站维护；维护费用列入年度预算。"]
    hits = clause_hits(texts, "某县气象设施保护办法")

    def quoted(question: str, off: frozenset[str] = frozenset()) -> str:
        return " ".join(c.quote for c in composer_over(texts, off).compose(analyse(question), hits).citations)

    assert "经省人民政府批准的除外" in quoted("观测场内可以新建建筑物吗？")
    assert "经省人民政府批准的除外" not in quoted("观测场内可以新建建筑物吗？", frozenset({"rule:proviso"}))
    assert "维护费用列入年度预算" not in quoted("观测场的围栏能不能由台站维护？")  # no proviso: not added


def test_which_came_first_asked_with_de_is_a_record_question():
    from rag.answer import docfacts

    question = analyse("某省档案条例和某市气象办法，哪个通过得早？")
    assert docfacts.asked_field(question) == "adopted" and docfacts._ORDER_ASKED_RE.search(question.normalised)
    assert docfacts.asked_field(analyse("这两部条例哪部施行得更晚？")) == "effective"
    assert docfacts.asked_field(analyse("档案馆开放得早不早？")) is None  # no record verb


def test_a_fine_s_bound_asked_asks_the_penalty(monkeypatch):
    from rag.answer import penalty

    assert penalty.penalty_asked("两部办法的罚款上限哪个高？") and penalty.penalty_asked("无证经营最多能罚几万？")
    assert not penalty.penalty_asked("申报人最高学历有什么要求？")
    monkeypatch.setattr(penalty, "FINE_BOUND", False)
    assert not penalty.penalty_asked("两部办法的罚款上限哪个高？")


def test_the_law_a_regulation_is_made_under_is_its_opening_article_s(monkeypatch):
    from rag import articles

    assert articles.basis_asked("Which statute is the metrology regulation based on?")
    assert articles.basis_asked("What laws does the rule cite as its basis?")
    assert articles.basis_asked("某县档案办法的上位法是哪部？")
    assert not articles.basis_asked("Are the grants based on performance?")
    texts = ["第四条 档案工作实行法定的统一管理制度，依据有关法律、法规和规章开展。",
             "第一条 为了加强档案管理，根据《中华人民共和国档案法》，结合本县实际，制定本办法。"]
    hits = clause_hits(texts, "某县档案管理办法")
    question = analyse("Which statute is the archives regulation based on?")

    def first(off: frozenset[str] = frozenset()) -> str:
        return composer_over(texts, off).candidates(question, hits)[0].span.text[:3]

    assert first() == "第一条"
    assert first(frozenset({"rule:legal_basis"})) == "第四条"
    monkeypatch.setattr(articles, "LEGAL_BASIS", False)
    assert not articles.basis_asked("Which statute is the metrology regulation based on?")


def test_which_came_first_of_two_english_titles_compares_them():
    from rag.answer import docfacts

    assert docfacts._COMPARED_RE.search("Which took effect first: the Archives Measures or the Weather Rules?")
    assert docfacts._COMPARED_RE.search("which of the two was adopted last?")
    assert not docfacts._COMPARED_RE.search("Which department reviews the application?")


def test_a_keyword_query_naming_another_kind_of_document_is_not_the_record_s(monkeypatch):
    from rag.answer import docfacts
    from rag.models import DocumentMeta

    doc = DocumentMeta(doc_id="d", title="某市防雷减灾条例", path="d.md")
    assert docfacts.names_another_kind(analyse("某市 雷电灾害 防御 规划 谁制定"), doc)
    assert not docfacts.names_another_kind(analyse("某市防雷减灾条例 谁制定"), doc)
    assert docfacts.names_another_kind(analyse("某市防雷 具体管理细则 制定机关"), doc)  # read as typed too
    monkeypatch.setattr(docfacts, "KEYWORD_KINDS", False)
    assert not docfacts.names_another_kind(analyse("某市 雷电灾害 防御 规划 谁制定"), doc)
