"""Answer rules of the thirty-sixth round, on made-up questions (no index): document facts asked in other words —
a which counting the issuers (哪两个机关), everyday English verbs of issuing (put out, roll out), and a body
described before its noun (which legislative body)."""

from rag.answer import docfacts
from rag.answer.docfacts import asked_field
from rag.question import analyse


def _field(text: str) -> str | None:
    return asked_field(analyse(text))


def test_a_which_counting_the_issuers_asks_the_issuer():
    # (COUNTED_WHICH is read at import: the issuer pattern is compiled once)
    assert docfacts.COUNTED_WHICH
    assert _field("样例管理办法是哪两个部门联合印发的？") == "issuer"
    assert _field("这份样例规定由哪几个机关发布？") == "issuer"
    assert _field("样例管理办法是哪个部门印发的？") == "issuer"  # (as before)
    assert _field("样例管理办法规定了哪两个部门的职责？") is None  # (a which of departments, not of its issuers)


def test_everyday_english_verbs_of_issuing_ask_the_date_or_the_issuer():
    assert docfacts.PHRASAL_ISSUED
    assert _field("When did the ministry put out its sample measures?") == "date"
    assert _field("When were these sample rules rolled out?") == "date"
    assert _field("When did the sample regulations come out?") == "date"
    assert _field("Who put out the sample measures?") == "issuer"
    assert _field("When did the sample measures take effect?") == "effective"  # (as before)
    assert _field("What must the operator put out on its sample website?") is None  # (no when, no who)


def test_a_body_described_before_its_noun_asks_the_issuer():
    assert docfacts.WHICH_DESCRIBED_BODY
    assert _field("Which legislative body passed the sample province's regulations?") == "issuer"
    assert _field("Which two government departments jointly issued the sample measures?") == "issuer"
    assert _field("Which body issued the sample regulation?") == "issuer"  # (as before)
    assert _field("Which departments must the operator report to under the sample regulations?") is None


def test_the_questions_own_period_is_read_by_its_value(monkeypatch):
    from rag.answer import slots

    asked = slots.slot_of("样例登记要提前10天报送，那样例注销要提前多少天报送？")
    sentence = "样例单位变更登记事项的，应当提前10日报送原登记机关。"
    assert not slots.fills(asked, "duration", "10日", sentence)  # (the asker's own 10天, written 日)
    assert slots.fills(asked, "duration", "20日", "样例单位注销的，应当提前20日报送。")
    assert slots.fills(slots.slot_of("样例登记要提前多少天报送？"), "duration", "10日", sentence)
    monkeypatch.setattr(slots, "PERIOD_BY_VALUE", False)
    assert slots.fills(asked, "duration", "10日", sentence)
    monkeypatch.setattr(slots, "PERIOD_BY_VALUE", True)
    weighed = slots.slot_of("my sample notice gave 45 days: is the period 45 days or a default 10 days?")
    assert slots.fills(weighed, "duration", "10日", sentence)  # (a choice the clause may name)


def test_a_who_question_quotes_the_part_naming_who_acts():
    from .composing import first_quote

    texts = ["第五条 省样例主管部门依据国家确定的样例区域，划定样例区块；制定样例工作的业务规则和审批样例区的总体建设方案。",
             "第六条 样例区的日常管理，由样例区管理处负责。"]
    asked = "样例区的总体建设方案归谁审批？"
    assert first_quote(texts, "某省样例条例", asked).startswith("第五条 省样例主管部门")
    assert first_quote(texts, "某省样例条例", asked, frozenset({"rule:who_subject"})).startswith("制定样例工作")


def test_an_item_numbered_in_digits_is_an_ordinal(monkeypatch):
    from rag import question

    assert analyse("What's the 12th one about in the sample measures?").ordinals == [12]
    assert analyse("what's number 14 of the sample plan?").ordinals == [14]
    # (a plan's name, a congress, an order's number: no item)
    assert analyse("In the sample city's 13th Five-Year plan, what is the target?").ordinals == []
    assert analyse("Which State Council Order No. 64 set up the sample rules?").ordinals == []
    monkeypatch.setattr(question, "EN_DIGIT_ORDINALS", False)
    assert analyse("What's the 12th one about in the sample measures?").ordinals == []
