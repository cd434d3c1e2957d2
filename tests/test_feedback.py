"""The feedback log (rag.feedback) and `rag feedback export`, on hand-built answers."""

from __future__ import annotations

import json
import threading

import pytest

from rag.errors import BadInput, NotFound
from rag.feedback import FeedbackLog, candidates, read
from rag.models import Answer, Citation, ShortAnswer


def answer(question="奖励比例是多少？", answered=True, resolved=None) -> Answer:
    quote = "奖励比例不低于70%。"
    cites = [Citation(n=1, clause_id="d:C1", doc_id="d", doc_title="T", section_path=[], quote=quote, start=0,
                      end=len(quote))] if answered else []
    return Answer(question=question, answer="奖励比例不低于70%。[1]" if answered else "文件没有回答。", answered=answered,
                  citations=cites, resolved_question=resolved,
                  short_answer=ShortAnswer(text="70%", citation=1) if answered else None)


def test_answers_have_distinct_ids():
    assert answer().id != answer().id and answer().id.startswith("ans-")


def test_record_by_id_keeps_what_is_needed_to_judge_later(tmp_path):
    log = FeedbackLog(tmp_path / "fb" / "log.jsonl")
    a = answer("那廊坊呢？", resolved="廊坊的奖励比例是多少？")
    log.remember(a)
    entry = log.record(-1, " wrong value ", answer_id=a.id)
    assert entry["reason"] == "wrong value" and entry["resolved_question"] == "廊坊的奖励比例是多少？"
    assert read(log.path) == [entry]
    assert entry["clause_ids"] == ["d:C1"] and entry["short_answer"] == "70%"


def test_bad_ratings_and_unknown_ids(tmp_path):
    log = FeedbackLog(tmp_path / "log.jsonl", recent=1)
    first, second = answer(), answer()
    log.remember(first)
    log.remember(second)  # only the latest is remembered
    with pytest.raises(NotFound):
        log.record(1, answer_id=first.id)
    for rating in (0, 2, True, "1"):
        with pytest.raises(BadInput):
            log.record(rating, answer_id=second.id)  # type: ignore[arg-type]
    with pytest.raises(BadInput):
        log.record(1)  # neither an answer nor a question
    assert not log.path.exists()


def test_concurrent_ratings_never_interleave(tmp_path):
    log = FeedbackLog(tmp_path / "log.jsonl")
    threads = [threading.Thread(target=lambda i=i: [log.record(1, "x" * 500, question=f"问题{i}-{k}") for k in range(20)])
               for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(read(log.path)) == 160


def test_a_damaged_line_is_skipped(tmp_path):
    path = tmp_path / "log.jsonl"
    path.write_text('{"question": "q1", "rating": 1}\n{"question": "q2", "rat\n', encoding="utf-8")
    assert [e["question"] for e in read(path)] == ["q1"]
    assert read(tmp_path / "missing.jsonl") == []


def test_candidates_for_the_dev_split():
    log_entries = [
        {"question": "那廊坊呢？", "resolved_question": "廊坊的奖励比例是多少？", "rating": 1, "answered": True,
         "quotes": ["奖励比例不低于70%。"], "short_answer": "70%"},
        {"question": "火星补贴多少？", "rating": 1, "answered": False},
        {"question": "月球补贴多少？", "rating": -1, "reason": "Should not answer · 不该回答", "answered": True},
        {"question": "奖金怎么算？", "rating": -1, "reason": "wrong value", "answered": True},
        {"question": "奖金怎么算？", "rating": 1, "answered": True, "quotes": ["按70%计算。"]},  # the latest rating wins
    ]
    items = candidates(log_entries)
    assert [i["question"] for i in items] == ["廊坊的奖励比例是多少？", "火星补贴多少？", "月球补贴多少？", "奖金怎么算？"]
    assert all(i["split"] == "dev" and i["needs_review"] for i in items)
    assert items[0]["answerable"] and items[0]["evidence"] == ["奖励比例不低于70%。"] and items[0]["answer_any"] == ["70%"]
    assert items[1]["answerable"] is False and items[2]["answerable"] is False
    assert items[3]["evidence"] == ["按70%计算。"] and items[3]["id"] == "fb0004"
    assert len({i["id"] for i in items}) == len(items)


def test_cli_export(tmp_path, capsys):
    from rag.cli import main

    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"question": "q", "rating": 1, "answered": False}) + "\n", encoding="utf-8")
    out = tmp_path / "cand.jsonl"
    assert main(["feedback", "export", "--log", str(log), "--out", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["answerable"] is False
    assert main(["feedback", "export", "--log", str(log)]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "q"
