"""Yes/no rules of the thirty-second round, on hand-built text (no index): the asked modal governs only the words
after it; a clause saying a contract is void answers whether it is still valid."""

from rag.answer import yesno
from rag.models import Citation
from rag.question import analyse


def cite(n: int, quote: str) -> Citation:
    return Citation(n=n, clause_id=f"c{n}", doc_id="d", doc_title="t", section_path=[], quote=quote, start=0,
                    end=len(quote))


def test_the_asked_modal_governs_only_the_words_after_it(monkeypatch):
    q = analyse("样例调查中能识别出单位身份的记录，可以拿去做广告吗？")
    cited = [cite(1, "样例调查中获得的能够识别单位身份的记录，任何人不得用于样例以外的目的。")]
    terms = ["样例", "调查", "识别", "单位", "身份", "记录", "广告"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    # the modal before the word it asks still decides
    assert yesno.decide(analyse("样例单位可以识别身份吗？"), [cite(1, "样例单位可以识别用户身份。")],
                        ["样例", "单位", "识别", "身份"]) == ("是", 1)
    monkeypatch.setattr(yesno, "MODAL_OBJECT", False)
    assert yesno.decide(q, cited, terms) == ("是", 1)


def test_a_void_contract_answers_whether_it_is_still_valid(monkeypatch):
    q = analyse("样例组织超出范围签的合同还有效吗？")
    cited = [cite(1, "样例组织超出业务范围的，其订立的合同无效。")]
    terms = ["样例", "组织", "超出", "范围", "合同"]
    assert yesno.decide(q, cited, terms) == ("否", 1)
    monkeypatch.setattr(yesno, "ANTONYMS", False)  # (the pair is antonyms.json's)
    assert yesno.decide(q, cited, terms) is None
