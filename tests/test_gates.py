"""The abstention gates on hand-built drafts (no index, no model): each gate refuses what it is
for, and a draft from any composer (here one written by hand, as an LLM would) is judged alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from rag.answer.features import Featurizer
from rag.answer.gates import GATE_NAMES
from rag.answer.policy import AnswerPolicy
from rag.compose import Draft, citation_for
from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import DocumentMeta, Hit
from rag.normalize import normalize
from rag.question import analyse
from rag.sentences import Span

TEXTS = {
    "reward": "对科技成果转化的奖励比例不低于70%。",
    "reward_vague": "对科技成果转化的奖励比例由单位自主确定。",
    "group": "成立领导小组，统筹推进示范区建设。",
    "measures": "实施十六项重点措施，建设科学城。",
    "housing": "建设一批人才公寓，解决青年人才住房困难。",
}


@pytest.fixture(scope="module")
def featurizer():
    keyword = KeywordIndex.build([normalize(t) for t in TEXTS.values()])
    documents = {"bj": DocumentMeta(doc_id="bj", title="北京市测试方案", path="x.txt", issuer="北京市人民政府",
                                    number=None, date=None, script="zh-Hans")}
    return Featurizer(keyword, Expander({}), documents)


def hit(key: str) -> Hit:
    text = TEXTS[key]
    return Hit(clause_id=key, doc_id="bj", doc_title="北京市测试方案", section_path=["一、测试"], text=text,
               start=0, end=len(text), score=0.5)


def draft_quoting(*keys: str) -> tuple[Draft, list[Hit]]:
    """An answered draft that quotes whole clauses, as any composer might return it."""
    hits = [hit(k) for k in keys]
    citations = [citation_for(n, h, Span(h.start, h.end, h.text)) for n, h in enumerate(hits, start=1)]
    return Draft("".join(f"{h.text}[{n}]" for n, h in enumerate(hits, start=1)), citations, True,
                 {"composer": "hand"}), hits


def judge(featurizer, question: str, *keys: str, off=()):
    draft, hits = draft_quoting(*keys)
    return AnswerPolicy(featurizer, None, frozenset(off)).judge(analyse(question), draft, hits)


@pytest.mark.parametrize(("question", "keys", "gate"), [
    ("科技成果转化的奖励比例是多少", ("reward_vague",), "gate:fact"),
    ("上海对科技成果转化的奖励比例是多少", ("reward",), "gate:place_scope"),
    ("第十二项重点措施是什么", ("measures",), "gate:ordinal"),
    ("领导小组的组长是谁", ("group",), "gate:role"),
    ("人才公寓的个人所得税怎样减免", ("housing",), "gate:oov"),
    ("停车位的收费标准是什么", ("measures",), "gate:coverage"),
])
def test_each_gate_refuses_what_it_is_for(featurizer, question, keys, gate):
    refused = judge(featurizer, question, *keys)
    assert not refused.answered and refused.citations == []
    assert refused.meta["gate"] == gate and refused.meta["gates"][gate] is False
    assert refused.answer.startswith("这些文件没有回答这个问题")
    # switched off, that gate no longer refuses (another may: the verdict then names it)
    assert judge(featurizer, question, *keys, off=[gate]).meta.get("gate") != gate


def test_an_answer_that_passes_every_gate_stands_with_its_verdicts(featurizer):
    answered = judge(featurizer, "北京对科技成果转化的奖励比例是多少", "reward")
    assert answered.answered and answered.citations
    assert set(answered.meta["gates"]) == set(GATE_NAMES) - {"gate:answerable"}  # no model loaded here
    assert all(answered.meta["gates"].values())
    assert answered.meta["features"]["slot_filled"] == 1.0


def test_the_fitted_model_gate_uses_its_threshold(featurizer):
    model = SimpleNamespace(threshold=0.6, probability=lambda features: 0.55)
    draft, hits = draft_quoting("reward")
    refused = AnswerPolicy(featurizer, model).judge(analyse("科技成果转化的奖励比例是多少"), draft, hits)
    assert not refused.answered and refused.meta["gate"] == "gate:answerable"
    assert refused.meta["margins"]["answerable"] == pytest.approx(-0.05)
    model.threshold = 0.5
    draft, hits = draft_quoting("reward")
    assert AnswerPolicy(featurizer, model).judge(analyse("科技成果转化的奖励比例是多少"), draft, hits).answered


def test_an_abstaining_draft_is_left_as_it_is(featurizer):
    draft = Draft("这些文件没有回答这个问题。", [], False, {"reason": "llm_abstained"})
    assert AnswerPolicy(featurizer).judge(analyse("奖励比例是多少"), draft, []) is draft
