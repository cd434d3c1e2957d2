"""The subset of the OpenAI chat-completions schema this server speaks.

Unknown request fields (temperature, max_tokens, …) are accepted and ignored.
Responses add top-level fields: `citations`, `answered` and `short_answer`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr

from ..models import Citation, ShortAnswer
from .schemas import DocIds, DocumentFilters, JsonInt, ShortStr

MODEL_ID = "policy-rag"


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: StrictStr
    text: StrictStr | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: StrictStr | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(p.text or "" for p in self.content if p.type in ("text", "input_text"))
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")
    include_usage: StrictBool = False


class ChatRequest(DocumentFilters):
    model_config = ConfigDict(extra="allow")
    model: ShortStr = Field(MODEL_ID, description="echoed in the reply; any name is answered by this server")
    messages: list[ChatMessage] = Field(min_length=1)
    stream: StrictBool | None = False
    stream_options: StreamOptions | None = None
    top_k: JsonInt | None = Field(None, description="extension: passages to retrieve")
    doc_ids: DocIds | None = Field(None, description="extension: only these documents")


class ResponseMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: ResponseMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    system_fingerprint: str | None = None
    answered: bool = Field(description="extension: false when the documents do not answer the question")
    citations: list[Citation] = Field(description="extension: the sources behind the [n] markers")
    short_answer: ShortAnswer | None = Field(
        default=None, description="extension: the asked-for value as written in the source, with its citation")
    resolved_question: str | None = Field(
        default=None, description="extension: the standalone question a follow-up was answered as (null: as typed)")


class Model(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "policy-rag"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[Model]
