"""Evaluation machinery on hand-built inputs (no index, no model): composer switches and the
margins they record, the ablation report, near-threshold items, the run digest, splits."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from rag.ablation import ablate, metrics, outcomes
from rag.answer.features import Featurizer
from rag.answer.gates import COVERAGE_FLOOR, GATE_NAMES
from rag.answer.policy import AnswerPolicy
from rag.compose import SWITCHES, ExtractiveComposer
from rag.evaluate import GoldItem, items_digest, load_gold, near_threshold
from rag.expand import Expander
from rag.keyword import KeywordIndex
from rag.models import Hit
from rag.normalize import normalize
from rag.question import analyse

TEXTS = [
    "对科技成果转化的奖励比例不低于70%。",
    "市科技局负责组织实施科技金融试点。",
    "建设一批人才公寓，解决青年人才住房困难。",
    "支持企业建设研发中心，提升自主创新能力。",
]


@pytest.fixture(scope="module")
def index():
    keyword = KeywordIndex.build([normalize(t) for t in TEXTS])
    return SimpleNamespace(keyword=keyword, expander=Expander({}), documents={})


def hit(n: int, text: str | None = None) -> Hit:
    text = TEXTS[n] if text is None else text
    return Hit(clause_id=f"c{n}", doc_id="d", doc_title="测试文件", section_path=[f"{n + 1}.条款"],
               text=text, start=0, end=len(text), score=1.0)


def composer(index, off=()):
    return ExtractiveComposer(index.keyword, index.expander, index.documents, off=frozenset(off))


def policy(index, off=()):
    return AnswerPolicy(Featurizer(index.keyword, index.expander, index.documents), None, off=frozenset(off))


def answer(index, question: str, hits: list[Hit], off=()):
    """Compose and judge, as the assistant does (without the fitted model)."""
    q = analyse(question)
    return policy(index, set(off) & set(GATE_NAMES)).judge(
        q, composer(index, set(off) - set(GATE_NAMES)).compose(q, hits), hits)


def test_an_unknown_switch_is_refused(index):
    with pytest.raises(ValueError, match="unknown composer switch"):
        composer(index, ["feat:nonsense"])
    with pytest.raises(ValueError, match="unknown gate"):
        policy(index, ["gate:nonsense"])


def test_every_switch_can_be_turned_off_alone(index):
    for switch in (*SWITCHES, *GATE_NAMES):
        draft = answer(index, "科技成果转化的奖励比例是多少", [hit(0), hit(1)], [switch])
        assert draft.answered, switch  # every rule on or off, the 70% clause answers


def test_the_coverage_gate_abstains_and_records_its_margin(index):
    draft = answer(index, "人才公寓的租金减免期限是多久", [hit(2)])  # 人才公寓 covered; 租金, 减免, 期限 not
    margin = draft.meta["margins"]["coverage_floor"]
    assert margin == pytest.approx(draft.meta["features"]["coverage"] - COVERAGE_FLOOR, abs=1e-3)
    assert not draft.answered and draft.meta["reason"] in ("coverage", "fact")
    assert draft.meta["gates"]["gate:coverage"] is (margin >= 0)


def test_switching_a_gate_off_lets_the_answer_through(index):
    # the clause speaks of the topic but states no figure: the fact gate refuses it
    no_figure = hit(0, "对科技成果转化的奖励比例由单位自主确定。")
    assert answer(index, "奖励比例是多少", [no_figure]).meta.get("gate") == "gate:fact"
    assert answer(index, "奖励比例是多少", [no_figure], ["gate:fact"]).answered


def test_near_threshold_lists_only_close_margins():
    rows = [{"id": "a", "answered": True, "margins": {"coverage_floor": 0.009, "fact_ratio": 0.3}},
            {"id": "b", "answered": False, "margins": {"coverage_floor": -0.15}},
            {"id": "c", "answered": True}]
    assert near_threshold(rows, within=0.02) == [{"id": "a", "answered": True, "margins": {"coverage_floor": 0.009}}]


def test_the_digest_changes_with_any_outcome():
    rows = [{"id": "a", "rank": 1, "answered": True, "correct": True, "answer": "x"}]
    flipped = [dict(rows[0], answered=False)]
    assert items_digest(rows) == items_digest([dict(rows[0])])
    assert items_digest(rows) != items_digest(flipped)


def _item(id_: str, question: str, answerable: bool, **extra) -> GoldItem:
    return GoldItem(id=id_, question=question, lang="zh-Hans", answerable=answerable,
                    seed="f.txt" if answerable else None, evidence=["奖励比例不低于70%"] if answerable else [],
                    answer_any=["70%"] if answerable else [], kind="number" if answerable else "unanswerable", **extra)


def test_outcomes_and_metrics_score_drafts(index):
    answerable = _item("g1", "科技成果转化的奖励比例是多少", True)
    trap = _item("g2", "人才公寓的租金减免期限", False)
    rows = [outcomes(answer(index, i.question, [hit(0), hit(2)]), i) for i in (answerable, trap)]
    assert rows[0] == {"answered": True, "correct": True, "supported": True}
    m = metrics([answerable, trap], rows)
    assert m["answer_acc"] == 1.0 and m["answered_rate"] == 1.0
    assert m["abstain_acc"] == (0.0 if rows[1]["answered"] else 1.0)


def test_ablation_reports_what_each_switch_changes(index):
    items = [_item("g1", "科技成果转化的奖励比例是多少", True), _item("g2", "奖励比例是多少", False)]
    hits = {items[0].question: [hit(0)], items[1].question: [hit(0, "对科技成果转化的奖励比例由单位自主确定。")]}
    assistant = SimpleNamespace(
        index=index, policy=policy(index),
        retrieve_for_answer=lambda q, k: (analyse(q), SimpleNamespace(hits=hits[q])))
    report = ablate(assistant, items, switches=["gate:fact", "rule:second_doc"])
    assert report["baseline"]["abstain_acc"] == 1.0
    fact = report["switches"]["gate:fact"]
    assert fact["changed"] == ["g2"] and fact["delta"]["abstain_acc"] == -1.0
    assert report["switches"]["rule:second_doc"]["changed"] == []


def test_load_gold_filters_by_split(tmp_path):
    rows = [_item("g1", "问题一", True, split="dev"), _item("g2", "问题二", True, split="test"), _item("g3", "问题三", False)]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(r.model_dump_json(exclude_none=True) + "\n" for r in rows), encoding="utf-8")
    assert [i.id for i in load_gold(path)] == ["g1", "g2", "g3"]
    assert [i.id for i in load_gold(path, "dev")] == ["g1"]
    assert [i.id for i in load_gold(path, "test")] == ["g2", "g3"]  # no split: a test-only set's item
    with pytest.raises(ValueError, match="unknown split"):
        load_gold(path, "train")


def test_split_assignment_is_stratified_and_deterministic():
    from evals.split import assign

    items = [{"id": f"g{n:03d}", "lang": lang, "kind": kind, "seed": None}
             for n, (lang, kind) in enumerate([(lang, kind) for lang in ("zh-Hans", "en") for kind in ("fact", "list")] * 10)]
    first, again = assign(items, 0.45), assign(list(reversed(items)), 0.45)
    assert first == again  # depends on the ids only, not on file order
    for lang in ("zh-Hans", "en"):
        for kind in ("fact", "list"):
            group = [i["id"] for i in items if i["lang"] == lang and i["kind"] == kind]
            assert abs(sum(first[i] == "test" for i in group) - 0.45 * len(group)) <= 1
    assert json.dumps(first)  # plain strings


LISTED = ("第九条 申请人可以采用下列方式提交材料：\n（一）通过网上平台提交；\n（二）到服务窗口提交；\n"
          "（三）以邮寄方式提交；\n（四）委托代理机构提交；\n（五）以传真方式提交。\n其他事项另行规定。")
SHARES = ("第七条 单位应当奖励完成人。未约定的，按照下列标准给予奖励：\n"
          "（一）转让成果的，从净收入中提取不低于百分之六十的比例；\n（二）自行实施的，每年提取百分之五。")


def test_a_list_question_gets_the_items_after_the_lead_in_in_order(index):
    h = hit(0, LISTED)
    drafted = composer(index).compose(analyse("申请人可以用哪些方式提交材料?"), [h])
    quotes = [c.quote for c in drafted.citations]
    assert quotes[0].endswith("提交材料：") and [q[:3] for q in quotes[1:]] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert "其他事项另行规定。" not in quotes  # the list ends where the items end
    off = composer(index, ["rule:lead_in_items"]).compose(analyse("申请人可以用哪些方式提交材料?"), [h])
    assert len(off.citations) < len(quotes)


PENALTIES = ("第十条 工作人员有下列情形之一的，由所在单位依法给予处分；构成犯罪的，依法追究刑事责任：\n"
             "（一）阻碍成果转化的；\n（二）泄露国家秘密的；\n（三）挪用专项资金的。\n"
             "第二款 单位应当建立内部监督制度。")


def test_a_list_or_count_question_gets_the_whole_list_its_best_clause_holds(index):
    h = hit(0, PENALTIES)
    for question in ("工作人员有哪些情形会被处分？", "工作人员在几种情形下会被处分？"):
        quotes = [c.quote for c in composer(index).compose(analyse(question), [h]).citations]
        assert [q[:3] for q in quotes[1:]] == ["（一）", "（二）", "（三）"], question
        assert "内部监督制度" not in "".join(quotes)
    judged = answer(index, "工作人员在几种情形下会被处分？", [h])
    assert judged.answered and judged.short.text == "三"  # no sentence says 三种: the list has three items
    assert not answer(index, "工作人员在几种情形下会被处分？", [h], off=["rule:lead_in_items"]).answered


def test_an_item_is_read_with_its_lead_in(index):
    # the share is in an item; the words of the question are in the lead-in before it
    drafted = composer(index).compose(analyse("完成人能得到多少奖励?"), [hit(0, SHARES)])
    assert any("百分之六十" in c.quote for c in drafted.citations)
    off = composer(index, ["feat:lead_in", "rule:lead_in_items"]).compose(analyse("完成人能得到多少奖励?"),
                                                                          [hit(0, SHARES)])
    assert not any("百分之六十" in c.quote for c in off.citations)


def test_the_lead_line_names_the_document_once_and_no_markdown_heading_is_quoted(index):
    text = "# 测试条例\n2020年5月1日 某市人民代表大会常务委员会第九次会议通过"
    h = Hit(clause_id="t", doc_id="d", doc_title="测试条例", section_path=["测试条例"], text=text,
            start=0, end=len(text), score=1.0)
    drafted = composer(index).compose(analyse("When was it adopted by the standing committee?"), [h])
    assert drafted.answer.startswith("According to 《测试条例》:")  # no ", section “测试条例”"
    assert all(not c.quote.startswith("#") for c in drafted.citations)
