"""Rules of the twenty-fourth round, each on hand-built text (no index): a stated cycle and every half year as
frequencies, a calendar year as a period, the adoption of an amendment, the articles of the law a regulation
implements, a named case that states no figure, and hours, lengths and areas asked in their units."""

from rag.question import analyse, fact_kinds

from .composing import clause_hits, composer_over, first_quote


def test_a_cycle_and_every_half_year_state_how_often():
    from rag.sentences import facts

    assert facts("航测影像的更新周期不超过三年，其余资料另定。", ("frequency",)) == [("frequency", "周期不超过三年")]
    assert facts("运营单位每半年向区里报送一次巡检记录。", ("frequency",)) != []
    assert facts("运营单位每半年向区里报送巡检记录。", ("frequency",)) == [("frequency", "每半年")]
    assert facts("本年度上半年度完成验收。", ("frequency",)) == []  # no 每, no cycle


def test_a_calendar_year_is_a_period_not_one_of_something():
    from rag.sentences import facts

    found = facts("迁站后须连续做满一个自然年的平行观测。", ("duration", "count"))
    assert found == [("duration", "一个自然年")]


def test_the_adoption_of_an_amendment_asks_the_amendment_s_date_and_meeting(monkeypatch):
    from rag.answer import docfacts

    q = analyse("When was the most recent revision of the Forest Law in this copy passed, and by which meeting?")
    first = docfacts.asked_field(q)
    assert first == "amended_meeting" and docfacts.second_field(q, first) == "amended"
    assert docfacts.asked_field(analyse("When was the Forest Law first passed?")) == "adopted"
    monkeypatch.setattr(docfacts, "AMENDMENT_ADOPTED", False)
    assert docfacts.asked_field(q) == "meeting"  # the first adoption's meeting, as before


def test_an_article_of_the_law_a_regulation_implements_is_not_the_regulation_s(monkeypatch):
    from rag import articles

    question = "森林法第三十条所说的重点林区，在实施条例里怎么界定？"
    assert articles.implemented_law("中华人民共和国森林法实施条例") == "森林法"
    assert articles.of_implemented_law(question, "中华人民共和国森林法实施条例") == {30}
    assert articles.of_implemented_law(question, "中华人民共和国森林法") == set()  # the law itself: its own article
    assert articles.of_implemented_law("实施条例第三十条讲什么？", "中华人民共和国森林法实施条例") == set()
    monkeypatch.setattr(articles, "IMPLEMENTED_LAW", False)
    assert articles.of_implemented_law(question, "中华人民共和国森林法实施条例") == set()


def test_the_regulation_s_own_article_of_that_number_is_not_put_first():
    from rag import articles
    from rag.models import Clause, Hit

    title = "中华人民共和国森林法实施条例"
    own = Clause(clause_id="r30", doc_id="reg", section_path=["第三十条"], text="第三十条 护林员由县级林业主管部门聘用。",
                 start=0, end=20)
    top = Hit(clause_id="r12", doc_id="reg", doc_title=title, section_path=["第十二条"],
              text="第十二条 下列区域属于森林法第三十条规定的重点林区：（一）…", start=100, end=130, score=0.9)
    question = "森林法第三十条所说的重点林区，在实施条例里怎么界定？"
    moved = articles.articles_first([30], [top], lambda d: [own], lambda d: title, None, question)
    assert [h.clause_id for h in moved] == ["r12"]
    moved = articles.articles_first([30], [top], lambda d: [own], lambda d: title, None, "实施条例第三十条讲什么？")
    assert [h.clause_id for h in moved] == ["r30", "r12"]


DAMAGES = ["第八十条 赔偿数额按照实际损失确定；实际损失或者违法收益难以计算的，参照合理使用费的倍数确定。"
           "实际损失、违法收益和合理使用费都难以计算的，由人民法院酌定一万元以上一百万元以下的赔偿。"]


def test_a_named_case_stating_no_figure_does_not_outrank_the_case_that_states_it():
    def first(off: frozenset[str] = frozenset()) -> str:
        return first_quote(DAMAGES, "某省著作权保护条例", "实际损失、违法收益和使用费全都难以计算的话，法院判赔多少钱？", off)

    assert "一万元以上一百万元以下" in first()
    assert "一万元以上一百万元以下" not in first(frozenset({"rule:case_states_figure"}))


def test_hours_lengths_and_areas_are_asked_and_stated_in_their_units():
    from rag.answer import short
    from rag.answer.slots import Slot, fills
    from rag.question import asked_measure
    from rag.sentences import facts

    assert fact_kinds(analyse("出事后指挥部要在几小时内上报？")) == ("duration",)
    assert asked_measure("烟花仓库离居民楼至少多少米？") == "米" and asked_measure("试验田最多几亩？") == "亩"
    assert facts("仓库与居民楼间距不少于三百米，试验田不超过二十亩。", ("measure",)) == [
        ("measure", "三百米"), ("measure", "二十亩")]
    assert facts("至少一个自然年", ("count",)) == []  # 个 before 自然年 counts nothing
    # a length asked is not filled by a count of another measure, nor a count by a length
    assert not fills(Slot(measure="米"), "count", "一个", "至少一个")
    assert fills(Slot(measure="米"), "measure", "三百米以内", "三百米以内")
    assert not fills(Slot(measure="项"), "measure", "三百米", "三百米")
    assert short.english("三百米范围内", "measure") == "300 m"
    assert short.english("二十亩以上", "measure") == "20 mu or more"


SIGNS = ["第二十条 户外广告牌设置前，应当报城市管理部门审批。但是，临时性的节庆彩旗、小型门头招牌除外。"
         "设置单位应当定期检查广告牌的安全状况。"]


def test_a_proviso_after_the_deciding_sentence_is_quoted_and_undecides_what_it_excepts(monkeypatch):
    from rag.answer import yesno
    from rag.models import Citation

    question = analyse("门头上的户外广告牌设置前要报城市管理部门审批吗？")
    hits = clause_hits(SIGNS, "某市户外广告管理办法")
    draft = composer_over(SIGNS).compose(question, hits)
    assert any("门头招牌除外" in c.quote for c in draft.citations)
    off = composer_over(SIGNS, frozenset({"rule:proviso_sentence"})).compose(question, hits)
    assert not any("门头招牌除外" in c.quote for c in off.citations)

    duty, proviso = "户外广告牌设置前，应当报城市管理部门审批。", "但是，临时性的节庆彩旗、小型门头招牌除外。"
    cited = [Citation(n=1, clause_id="c", doc_id="d", doc_title="某市户外广告管理办法", section_path=["第二十条"],
                      quote=duty + proviso, start=0, end=len(duty + proviso))]
    assert yesno.decide(question, cited, ["门头", "户外广告牌", "审批"]) is None  # the exception names the sign asked
    plain = analyse("户外广告牌设置前需要报城管审批吗？")
    assert yesno.decide(plain, cited, ["户外广告牌", "审批"]) == ("是", 1)  # the rule itself is asked
    monkeypatch.setattr(yesno, "EXCEPTION_NAMED", False)
    assert yesno.decide(question, cited, ["门头", "户外广告牌", "审批"]) == ("是", 1)


SHELTER = ["第十四条 在台风预警期间，区人民政府应当根据实际情况，向沿海的住户以及其他人员发出转移避险的提示；"
           "情况紧急时，应当组织人员转移到安置点。"]


def test_an_urgent_case_after_a_semicolon_is_quoted_with_the_duty_it_follows(monkeypatch):
    from rag import compose

    question = analyse("台风预警期间，区政府怎么安排沿海住户转移避险？")
    hits = clause_hits(SHELTER, "某市防台风办法")

    def quoted() -> str:
        return " ".join(c.quote for c in composer_over(SHELTER).compose(question, hits).citations)

    assert "组织人员转移到安置点" in quoted()
    monkeypatch.setattr(compose, "AGGRAVATED_WHEN", False)
    assert "组织人员转移到安置点" not in quoted()


def test_a_map_scale_asked_is_a_scale_not_a_share():
    from rag.sentences import facts

    q = analyse("县级部门负责更新哪一种比例尺的地形图？")
    assert "scale" in q.intents and "number" not in q.intents and "scale" in fact_kinds(q)
    assert "number" in analyse("奖励比例是多少？").intents
    assert facts("县级负责1∶5000至1∶1000比例尺地形图的更新。", ("scale",)) == [("scale", "1∶5000至1∶1000")]


def test_an_adjective_the_glossary_lacks_is_read_as_its_noun(monkeypatch):
    from rag import expand

    table = {"statistics": ["统计"], "meteorology": ["气象"], "province": ["省"], "leg": ["腿"], "survey": ["调查"]}
    ex = expand.Expander(table)
    assert ex.expand_grouped("statistical survey") == [["统计"], ["调查"]]
    assert ex.expand("meteorological provincial") == ["气象", "省"]
    assert ex.expand("legal") == []  # (a stem under five letters is not guessed)
    monkeypatch.setattr(expand, "ADJECTIVE_NOUNS", False)
    assert ex.expand_grouped("statistical survey") == [["调查"]]


def test_how_many_grounds_or_tiers_asks_the_items_of_a_list_counted():
    from rag.answer import enumerated, short
    from rag.models import Citation

    assert enumerated.COUNT_OF_ITEMS_RE.search("On how many grounds may the registry turn down a filing?")
    assert enumerated.COUNT_OF_ITEMS_RE.search("How many reasons may the registry give for a refusal?")
    assert not enumerated.COUNT_OF_ITEMS_RE.search("How many yuan does the registry charge?")
    quotes = ["有下列情形之一的，登记机关不予登记：", "（一）材料不齐全的；", "（二）名称重复的；", "（三）逾期提交的。"]
    cited, at = [], 0
    for n, quote in enumerate(quotes, 1):
        cited.append(Citation(n=n, clause_id="c", doc_id="d", doc_title="某市登记办法", section_path=["第九条"], quote=quote,
                              start=at, end=at + len(quote)))
        at += len(quote)
    found = short.find(analyse("On how many grounds may the registry turn down a filing?"), cited)
    assert found is not None and found.kind == "count" and found.english == "3"
