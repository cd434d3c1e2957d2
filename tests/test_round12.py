"""Rules of the twelfth round, each on hand-built text (no index): a how-many question counting the noun
after its measure word (几项原则, 几个社会团体), a level and a thing swapped for a level and a thing, and short
Chinese follow-ups that open by asking a manner, a place or a day."""

from rag.answer import enumerated
from rag.answer.enumerated import counted_nouns, inline_lists
from rag.conversation import Turn, markers, resolve, swaps

PRINCIPLES = "第二条 标准化工作应当坚持政府引导、市场驱动、社会参与、协同推进的原则。"
GROUPS = "第九条 科协、侨联、残联等人民团体应当结合各自特点开展宣传。"
NOT_A_LIST = "第五条 支持智能网联汽车测试、示范运营建设及新能源汽车推广应用。"


def _count(question: str, text: str) -> list[int]:
    return [f.count for f in inline_lists(text, counted_nouns(question))]


def test_the_noun_after_a_measure_word_is_counted_in_a_list_closing_with_it():
    assert _count("标准化工作要坚持几项原则？", PRINCIPLES) == [4]
    assert _count("条例点了几个人民团体的名？", GROUPS) == [3]
    # a list that does not close with 等 or 的 before the noun is not what is counted
    assert _count("要推广多少个新能源汽车？", NOT_A_LIST) == []
    # 哪几项 asks which, not how many
    assert _count("要坚持哪几项原则？", PRINCIPLES) == []


def test_the_measured_noun_has_its_switch(monkeypatch):
    monkeypatch.setattr(enumerated, "ASKED_NOUN_COUNTS", False)
    assert _count("标准化工作要坚持几项原则？", PRINCIPLES) == []


def _after(previous: str, message: str) -> str:
    return resolve(message, [Turn("user", previous), Turn("assistant", "（上一轮的回答）")]).question


def test_a_level_and_a_thing_replace_a_level_and_a_thing():
    previous = "保定对新认定的省级技术转移中心补助多少？"
    assert _after(previous, "国家级重点实验室呢？") == "保定对新认定的国家级重点实验室补助多少？"
    # a level alone still keeps the thing
    assert _after(previous, "国家级的呢？") == "保定对新认定的国家级技术转移中心补助多少？"


def test_the_level_and_thing_swap_has_its_switch(monkeypatch):
    monkeypatch.setattr(swaps, "TIER_THING", False)
    r = resolve("国家级重点实验室呢？", [Turn("user", "保定对新认定的省级技术转移中心补助多少？"), Turn("assistant", "…")])
    assert r.how == "standalone"


def test_a_short_message_asking_a_manner_place_or_day_first_leans_on_the_history(monkeypatch):
    history = [Turn("user", "市财政给科技创新券安排多少钱？"), Turn("assistant", "每年安排5000万元。")]
    for message in ("按什么标准发？", "在哪里申领？", "哪天开始受理？"):
        r = resolve(message, history)
        assert r.how != "standalone", message
        assert "创新券" in r.question, (message, r.question)
    # a complete question with its own subject stays as typed
    assert resolve("按照专利条例，专利代理机构设立要哪些条件？", history).how == "standalone"
    monkeypatch.setattr(markers, "WHEN_WHERE_FIRST", False)
    assert resolve("哪天开始受理？", history).how == "standalone"


def test_a_thing_submitted_for_approval_is_no_question_about_the_record(monkeypatch):
    from rag.answer import docfacts
    from rag.question import analyse

    assert docfacts.asked_field(analyse("全市科普规划制定后要报谁批准？")) is None
    assert docfacts.asked_field(analyse("这部条例由哪个会议批准？")) == "approver"
    monkeypatch.setattr(docfacts, "SUBMITTED", False)
    assert docfacts.asked_field(analyse("全市科普规划制定后要报谁批准？")) == "approver"


def test_procedure_words_reach_the_clauses_words():
    from rag.expand import build_table

    table = build_table({"主管部门", "部门", "不予", "认证", "场馆", "自行"}, entries=[])
    assert table["authority"] == ["主管部门", "部门"]  # (机关 is not in this vocabulary: left out)
    assert table["refused"] == ["不予"]
    assert table["certification"] == ["认证"]
    assert table["venues"] == ["场馆"]
    assert table["discretion"] == ["自行"]


def test_english_how_many_of_the_things_a_numbered_list_names():
    from rag.answer.enumerated import COUNT_OF_ITEMS_RE

    for q in ("How many documents must an applicant hand in?", "How many uses may the fund be put to?",
              "How many principles does the work follow?"):
        assert COUNT_OF_ITEMS_RE.search(q), q
    assert not COUNT_OF_ITEMS_RE.search("How many yuan does the fund hold?")
