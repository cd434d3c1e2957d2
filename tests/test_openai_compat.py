"""The official `openai` client against a live server: /v1/models and /v1/chat/completions, streaming and not."""

from __future__ import annotations

import httpx
import pytest

from rag.api import create_app
from rag.models import MARKER_RE

from .live import live_server, open_assistant

openai = pytest.importorskip("openai", reason="the `openai` package is needed for the compatibility tests")

pytestmark = pytest.mark.slow

QUESTION = "科研人员转化成果能拿多少奖励"
UNANSWERABLE = "火星移民的住房补贴标准是多少？"
KEY = "chat-test-key"


@pytest.fixture(scope="module")
def assistant():
    a = open_assistant()
    if not hasattr(a, "ask"):
        pytest.skip("Assistant.ask does not exist yet: the chat endpoint cannot answer")
    return a


@pytest.fixture(scope="module")
def base_url(assistant):
    with live_server(create_app(assistant.settings, assistant, ui=False)) as base:
        yield base


@pytest.fixture(scope="module")
def client(base_url):
    return openai.OpenAI(base_url=f"{base_url}/v1", api_key="unused", max_retries=0, timeout=60)


def test_models(client):
    ids = [m.id for m in client.models.list()]
    assert ids == ["policy-rag"]
    assert client.models.retrieve("policy-rag").id == "policy-rag"


def test_completion(client, assistant):
    resp = client.chat.completions.create(
        model="policy-rag", temperature=0.2, max_tokens=500,
        messages=[{"role": "system", "content": "Answer from the documents."}, {"role": "user", "content": QUESTION}],
    )
    assert resp.object == "chat.completion" and resp.id and resp.created > 0 and resp.model == "policy-rag"
    choice = resp.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    content = choice.message.content
    assert "[1]" in content and "\n\nSources:\n[1] " in content
    extra = resp.model_extra
    assert extra["answered"] is True and extra["citations"]
    prose = content.split("\n\nSources:\n")[0]
    assert {int(n) for n in MARKER_RE.findall(prose)} == {c["n"] for c in extra["citations"]}
    for c in extra["citations"]:
        assert f"[{c['n']}] {c['doc_title']} — " in content and f"“{c['quote']}”" in content
        assert assistant.document(c["doc_id"]).text[c["start"] : c["end"]] == c["quote"]
    u = resp.usage
    assert all(isinstance(x, int) for x in (u.prompt_tokens, u.completion_tokens, u.total_tokens))
    assert u.total_tokens == u.prompt_tokens + u.completion_tokens > 0


def test_streaming_matches_non_streaming(client):
    messages = [{"role": "user", "content": "科研人员转化成果能拿多少奖励"}]
    whole = client.chat.completions.create(model="policy-rag", messages=messages).choices[0].message.content
    chunks = list(client.chat.completions.create(model="policy-rag", messages=messages, stream=True,
                                                 stream_options={"include_usage": True}))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    content = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert content == whole and "[1]" in content and "Sources:" in content
    assert len([c for c in chunks if c.choices and c.choices[0].delta.content]) > 1  # really streamed in pieces
    finals = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert len(finals) == 1 and finals[0].choices[0].finish_reason == "stop"
    assert finals[0].model_extra["answered"] is True and finals[0].model_extra["citations"]
    short = finals[0].model_extra["short_answer"]  # the asked-for value rides along, with its citation
    assert short["text"] in next(c["quote"] for c in finals[0].model_extra["citations"] if c["n"] == short["citation"])
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0


def test_stream_wire_format(base_url):
    body = {"model": "policy-rag", "stream": True, "messages": [{"role": "user", "content": "科研人员转化成果能拿多少奖励"}]}
    with httpx.stream("POST", f"{base_url}/v1/chat/completions", json=body, timeout=60) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
        events = [line for line in r.iter_lines() if line]
    assert all(e.startswith("data: ") for e in events)
    assert events[-1] == "data: [DONE]"


def test_abstention_and_content_parts(client):
    resp = client.chat.completions.create(
        model="policy-rag",
        messages=[{"role": "user", "content": "科研人员转化成果能拿多少奖励"},
                  {"role": "assistant", "content": "…"},
                  {"role": "user", "content": [{"type": "text", "text": UNANSWERABLE}]}],
    )
    assert resp.model_extra["answered"] is False and resp.model_extra["citations"] == []
    assert "Sources:" not in resp.choices[0].message.content and resp.choices[0].finish_reason == "stop"


@pytest.mark.parametrize(
    "messages",
    [
        [{"role": "user", "content": "   "}],
        [{"role": "system", "content": "no user message here"}],
        [{"role": "user", "content": "科" * 5000}],
    ],
)
def test_bad_input_is_a_4xx_envelope(client, messages):
    with pytest.raises(openai.UnprocessableEntityError) as e:
        client.chat.completions.create(model="policy-rag", messages=messages)
    assert e.value.status_code == 422 and set(e.value.body) == {"code", "message"}


@pytest.mark.parametrize(
    "body",
    [{"model": "policy-rag", "messages": []}, {"model": "policy-rag"}, {"messages": "hi"},
     {"model": "policy-rag", "messages": [{"role": "user", "content": 5}]},
     {"model": "policy-rag", "messages": [{"role": "wizard", "content": "hi"}]},
     {"model": "policy-rag", "stream": "yes", "messages": [{"role": "user", "content": "hi"}]}],
)
def test_malformed_requests(base_url, body):
    r = httpx.post(f"{base_url}/v1/chat/completions", json=body, timeout=30)
    assert r.status_code == 422 and r.json()["error"]["code"] == "bad_request", r.text


def test_api_key(assistant):
    settings = assistant.settings.model_copy(update={"api_key": KEY})
    with live_server(create_app(settings, assistant, ui=False)) as base:
        wrong = openai.OpenAI(base_url=f"{base}/v1", api_key="nope", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            wrong.chat.completions.create(model="policy-rag", messages=[{"role": "user", "content": QUESTION}])
        with pytest.raises(openai.AuthenticationError):
            wrong.models.list()
        right = openai.OpenAI(base_url=f"{base}/v1", api_key=KEY, max_retries=0)
        stream = right.chat.completions.create(model="policy-rag", stream=True,
                                               messages=[{"role": "user", "content": QUESTION}])
        assert "[1]" in "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert httpx.get(f"{base}/healthz").status_code == 200


def test_two_turn_conversation(client):
    """The second question leans on the first: the reply says how it was understood and answers that."""
    first = "海淀区的创新基金规模是多少？"
    messages = [{"role": "user", "content": first}]
    resp = client.chat.completions.create(model="policy-rag", messages=messages)
    assert "1000亿" in resp.choices[0].message.content and resp.model_extra["resolved_question"] is None
    messages += [{"role": "assistant", "content": resp.choices[0].message.content},
                 {"role": "user", "content": "那廊坊呢？"}]
    resp = client.chat.completions.create(model="policy-rag", messages=messages)
    content = resp.choices[0].message.content
    resolved = resp.model_extra["resolved_question"]
    assert "廊坊" in resolved and "创新基金" in resolved
    assert content.startswith(f"理解为：{resolved}\n") and "200亿" in content.split("Sources:")[0]
    # streamed, the same reply and the resolved question in the last chunk
    chunks = list(client.chat.completions.create(model="policy-rag", messages=messages, stream=True))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == content
    assert chunks[-1].model_extra.get("resolved_question") == resolved or any(
        (c.model_extra or {}).get("resolved_question") == resolved for c in chunks)


def test_system_message_sets_the_reply_language(client):
    resp = client.chat.completions.create(model="policy-rag", messages=[
        {"role": "system", "content": "Answer in English."},
        {"role": "user", "content": "廊坊的创新基金规模是多少？"}])
    assert resp.choices[0].message.content.startswith(("Answer", "According", "Note"))
