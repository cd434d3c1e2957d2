"""Follow-ups and feedback over HTTP: /v1/ask with `history`, /v1/feedback, and the log's export."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from rag.api import create_app
from rag.feedback import FeedbackLog

from .live import open_assistant

FIRST = "海淀区的创新基金规模是多少？"
HISTORY = [{"role": "user", "content": FIRST}, {"role": "assistant", "content": "形成1000亿规模的“海淀创新基金系”。"}]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    a = open_assistant()
    a.feedback_log = FeedbackLog(tmp_path_factory.mktemp("feedback") / "feedback.jsonl")  # never the repository's
    return a


@pytest.fixture(scope="module")
def client(assistant):
    with TestClient(create_app(assistant.settings, assistant, ui=False), raise_server_exceptions=False) as c:
        yield c


def ask(client, question, history=None, **extra):
    body = {"question": question, **({"history": history} if history is not None else {}), **extra}
    r = client.post("/v1/ask", json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_follow_up_is_answered_as_the_question_it_means(client):
    a = ask(client, "那廊坊呢？", HISTORY)
    assert a["question"] == "那廊坊呢？"
    assert "廊坊" in a["resolved_question"] and "创新基金" in a["resolved_question"]
    assert a["answered"] and "200亿" in a["answer"]
    assert a["short_answer"] and "200亿" in a["short_answer"]["text"]
    # the same message without the history is not about the fund
    alone = ask(client, "那廊坊呢？")
    assert alone["resolved_question"] is None and "200亿" not in alone["answer"]


def test_a_complete_question_is_not_rewritten(client):
    a = ask(client, "廊坊给新认定的市级协同创新基地多少奖励", HISTORY)
    assert a["resolved_question"] is None and a["answered"]


def test_a_follow_up_about_a_place_the_documents_do_not_cover_is_refused(client):
    a = ask(client, "那上海呢？", HISTORY)
    assert "上海" in a["resolved_question"] and not a["answered"]
    assert "上海" in a["answer"]  # the refusal names the place


def test_english_follow_up_and_system_language(client):
    a = ask(client, "And Langfang?", HISTORY)
    assert a["answered"] and "200亿" in a["answer"] and a["answer"].startswith(("Answer", "According", "Note"))
    a = ask(client, FIRST.replace("海淀区", "廊坊"), [{"role": "system", "content": "Please answer in English."}])
    assert a["resolved_question"] is None and a["answer"].startswith(("Answer", "According", "Note"))


@pytest.mark.parametrize("history", [
    [{"role": "robot", "content": "x"}],
    [{"role": "user"}],
    [{"role": "user", "content": 5}],
    [{"role": "user", "content": "x" * 20_001}],
    [{"role": "user", "content": "x"}] * 101,
    [{"role": "assistant", "content": "x", "clause_ids": "c1"}],
    "海淀区的创新基金规模是多少？",
])
def test_bad_history_is_a_clear_4xx(client, history):
    r = client.post("/v1/ask", json={"question": "那廊坊呢？", "history": history})
    assert r.status_code == 422 and r.json()["error"]["message"].startswith("history"), r.text


def test_feedback_by_answer_id_is_logged_with_the_answer(client, assistant):
    a = ask(client, "那廊坊呢？", HISTORY)
    r = client.post("/v1/feedback", json={"answer_id": a["id"], "rating": -1, "reason": "wrong source"})
    assert r.status_code == 200 and r.json()["recorded"] and r.json()["answer_id"] == a["id"]
    entry = json.loads(assistant.feedback_log.path.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["rating"] == -1 and entry["reason"] == "wrong source"
    assert entry["question"] == "那廊坊呢？" and entry["resolved_question"] == a["resolved_question"]
    assert entry["clause_ids"] == [c["clause_id"] for c in a["citations"]] and entry["answer"] == a["answer"]


def test_feedback_on_a_chat_completion_id_and_on_a_question(client, assistant):
    r = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": FIRST}]})
    assert r.status_code == 200
    assert client.post("/v1/feedback", json={"answer_id": r.json()["id"], "rating": 1}).status_code == 200
    assert client.post("/v1/feedback", json={"question": "科研人员转化成果能拿多少奖励", "rating": 1}).status_code == 200
    entries = [json.loads(x) for x in assistant.feedback_log.path.read_text(encoding="utf-8").splitlines()]
    assert entries[-2]["question"] == FIRST and entries[-1]["question"] == "科研人员转化成果能拿多少奖励"


@pytest.mark.parametrize(("body", "status"), [
    ({"answer_id": "ans-nope", "rating": 1}, 404),
    ({"rating": 1}, 422),
    ({"question": "x", "rating": 0}, 422),
    ({"question": "x", "rating": True}, 422),
    ({"question": "x", "rating": "1"}, 422),
    ({"question": "x", "rating": 1, "reason": "r" * 2001}, 422),
    ({"question": "x", "rating": 1, "reason": "\ud800"}, 422),
])
def test_bad_feedback_is_a_clear_4xx(client, body, status):
    r = client.post("/v1/feedback", content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code == status and r.json()["error"]["message"], r.text
