"""OpenAI-compatible chat completions: the official `openai` client works against /v1.

The last user message is answered with Assistant.ask, with the messages before it as the chat's
history: a follow-up ("那廊坊呢？", "And the deadline?") is answered as the standalone question it
means, shown on the reply's first line ("理解为：…" / "Understood as: …") and returned in the extra
field `resolved_question`; a system message asking for a language sets the reply's. The reply is the
answer's prose followed by a numbered "Sources:" list; the structured citations ride along in the
extra top-level fields `citations`, `answered` and `short_answer`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from ...conversation import Turn, turns, understood_as
from ...errors import BadInput, NotFound
from ...models import Answer
from ..deps import AssistantDep
from ..errors import ERROR_RESPONSES, quote_input
from ..openai_types import MODEL_ID, ChatCompletion, ChatRequest, Choice, Model, ModelList, ResponseMessage, Usage
from ..schemas import doc_filter

router = APIRouter(tags=["openai"])

_TOKEN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
_PIECE_RE = re.compile(r"[^。；;！？!?\n]{0,40}[。；;！？!?\n]|[^。；;！？!?\n]{1,40}")


def count_tokens(text: str) -> int:
    """A rough token count (one per CJK character, one per other word) for the `usage` field."""
    return len(_TOKEN_RE.findall(text))


def reply_text(answer: Answer) -> str:
    """The answer prose (after the resolved question, for a follow-up), then `Sources:` with one line per
    citation: [n] title — section path — “quote”."""
    head = []
    if answer.resolved_question:
        lang = answer.meta.get("lang")
        head = [understood_as(answer.resolved_question, lang if isinstance(lang, str) else None), ""]
    if not answer.citations:
        return "\n".join([*head, answer.answer])
    lines = [*head, answer.answer, "", "Sources:"]
    for c in answer.citations:
        path = " > ".join(c.section_path) or "(preamble)"
        lines.append(f"[{c.n}] {c.doc_title} — {path} — “{c.quote}”")
    return "\n".join(lines)


def stream_pieces(text: str) -> list[str]:
    """Cut a reply into sentence-sized deltas that join back to exactly the text."""
    pieces = _PIECE_RE.findall(text)
    return pieces if "".join(pieces) == text else [text]


def _question(body: ChatRequest) -> tuple[str, list[Turn]]:
    """The last user message, and the messages before it as the chat's history."""
    for i in range(len(body.messages) - 1, -1, -1):
        if body.messages[i].role == "user":
            return body.messages[i].text(), turns([(m.role, m.text()) for m in body.messages[:i]])
    raise BadInput("messages contain no user message to answer")


def _sse(obj: dict) -> bytes:
    return b"data: " + json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n\n"


def _stream(completion: ChatCompletion, include_usage: bool) -> list[bytes]:
    """Every SSE event of the reply, encoded before the response starts: a failure is a clean error
    status, never a 200 followed by a cut stream."""
    return list(_events(completion, include_usage))


def _events(completion: ChatCompletion, include_usage: bool) -> Iterator[bytes]:
    head = {"id": completion.id, "object": "chat.completion.chunk", "created": completion.created,
            "model": completion.model, "system_fingerprint": None}

    def chunk(delta: dict, finish: str | None = None, **extra) -> bytes:
        return _sse({**head, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
                     **extra})

    yield chunk({"role": "assistant", "content": ""})
    for piece in stream_pieces(completion.choices[0].message.content):
        yield chunk({"content": piece})
    extra = {"answered": completion.answered, "citations": [c.model_dump() for c in completion.citations],
             "short_answer": completion.short_answer.model_dump() if completion.short_answer else None,
             "resolved_question": completion.resolved_question}
    yield chunk({}, "stop", **extra)
    if include_usage:
        yield _sse({**head, "choices": [], "usage": completion.usage.model_dump()})
    yield b"data: [DONE]\n\n"


@router.post(
    "/v1/chat/completions",
    response_model=ChatCompletion,
    responses={**ERROR_RESPONSES, 200: {"content": {"text/event-stream": {}},
                                        "description": "a chat.completion, or SSE chunks when stream=true"}},
)
def chat_completions(body: ChatRequest, assistant: AssistantDep):
    """Answer the last user message in the light of the earlier ones; `stream: true` sends
    `chat.completion.chunk` events, then `[DONE]`."""
    question, history = _question(body)
    answer = assistant.ask(question, body.top_k, doc_ids=doc_filter(body.doc_ids, assistant.index.documents, body),
                           history=history)
    content = reply_text(answer)
    prompt_tokens = sum(count_tokens(m.text()) for m in body.messages)
    completion_tokens = count_tokens(content)
    completion = ChatCompletion(
        id=f"chatcmpl-{answer.id}",  # POST /v1/feedback takes it as the answer id
        created=int(time.time()),
        model=body.model,
        choices=[Choice(message=ResponseMessage(content=content))],
        usage=Usage(prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
                    total_tokens=prompt_tokens + completion_tokens),
        answered=answer.answered,
        citations=answer.citations,
        short_answer=answer.short_answer,
        resolved_question=answer.resolved_question,
    )
    if not body.stream:
        return completion
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(iter(_stream(completion, include_usage)), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get("/v1/models", response_model=ModelList, responses={401: ERROR_RESPONSES[401]})
def list_models() -> ModelList:
    """The one model this server offers (clients list models before chatting)."""
    return ModelList(data=[Model(id=MODEL_ID, created=0)])


@router.get("/v1/models/{model_id}", response_model=Model, responses=ERROR_RESPONSES)
def get_model(model_id: str) -> Model:
    if model_id != MODEL_ID:
        raise NotFound(f"unknown model '{quote_input(model_id)}'; this server offers '{MODEL_ID}'")
    return Model(id=MODEL_ID, created=0)
