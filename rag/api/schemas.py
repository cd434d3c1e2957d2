"""Request and response bodies of the HTTP API (Answer, Hit, Citation come from rag.models).

Request fields are strict: top_k must be a JSON integer (not "5", not true), the
question a JSON string. Range and length limits come from Settings and are checked
by the Assistant, so the CLI, the API and the UI refuse the same things. Strings the
API itself echoes or looks up (doc_ids, the chat `model`) are checked here: bounded
in count and length, and never holding a lone surrogate (which cannot be encoded).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from ..config import Settings
from ..conversation import Turn, turns
from ..errors import NotFound
from ..filters import DocFilter, select
from ..models import Clause, Document, DocumentMeta, Hit
from .errors import quote_list


def _json_integer(value: object) -> object:
    """A JSON integer: 5 or 5.0 (JSON Schema counts both as integers); never "5", true or 5.5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a JSON integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("must be a JSON integer")
        return int(value)
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]


def _encodable(value: str) -> str:
    """No lone surrogates (JSON allows "\\ud800"; UTF-8 cannot carry it) and no control characters."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains a lone surrogate (invalid Unicode)") from None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ValueError("contains control characters")
    return value


MAX_DOC_IDS = 100
MAX_ID_CHARS = 200
# a short printable string: a document id, a model name
ShortStr = Annotated[StrictStr, Field(min_length=1, max_length=MAX_ID_CHARS), AfterValidator(_encodable)]
DocIds = Annotated[list[ShortStr], Field(max_length=MAX_DOC_IDS)]

TOP_K_DOC = "passages to retrieve, 1..max_top_k (RAG_MAX_TOP_K, default 50); default 5"
# The published schema states the limits of the default settings, so clients (and fuzzers)
# know what is accepted; the Assistant enforces the configured ones.
_DEFAULTS = Settings.model_fields
TOP_K_LIMITS = {"minimum": 1, "maximum": _DEFAULTS["max_top_k"].default}
TEXT_LIMITS = {"minLength": 1, "maxLength": _DEFAULTS["max_question_chars"].default, "pattern": r"\S"}
DOC_IDS_DOC = (f"only search these documents (see GET /v1/documents; at most {MAX_DOC_IDS} ids); "
               "omitted or empty = all")


def _no_lone_surrogate(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("contains a lone surrogate (invalid Unicode)") from None
    return value


# A chat's earlier turns: only the latest few are read (rag.conversation.MAX_TURNS), but a client may
# send its whole history; these bound what it costs to parse.
MAX_HISTORY = 100
MAX_HISTORY_CHARS = 20_000


class HistoryMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: Annotated[StrictStr, Field(max_length=MAX_HISTORY_CHARS), AfterValidator(_no_lone_surrogate)]
    clause_ids: Annotated[list[ShortStr], Field(max_length=MAX_DOC_IDS)] = Field(
        default_factory=list, description="extension: the clause ids an earlier answer cited (its citations)")


IsoDate = Annotated[StrictStr, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", max_length=10)]


class DocumentFilters(BaseModel):
    """Which documents to answer from besides `doc_ids` (all must hold; rag.filters)."""

    issuers: DocIds | None = Field(None, description="documents issued by any of these (a part of the issuer's name, "
                                                     "e.g. 科学技术局; a title naming its issuer counts)")
    doc_type: ShortStr | None = Field(None, description="the kind of document, read from its title: 通知, 意见, "
                                                        "办法, 条例, 规划, 方案 … (extension; see GET /v1/documents)")
    date_from: IsoDate | None = Field(None, description="issued on or after (YYYY-MM-DD; extension); undated "
                                                        "documents never match a date filter")
    date_to: IsoDate | None = Field(None, description="issued on or before (YYYY-MM-DD; extension)")

    def doc_filter(self) -> DocFilter:
        return DocFilter(tuple(self.issuers or ()), self.doc_type, self.date_from, self.date_to)


class AskRequest(DocumentFilters):
    question: StrictStr = Field(description="the question, in Chinese or English",
                                examples=["科研人员转化成果能拿多少奖励"], json_schema_extra=TEXT_LIMITS)
    top_k: JsonInt | None = Field(None, description=TOP_K_DOC, examples=[5], json_schema_extra=TOP_K_LIMITS)
    doc_ids: DocIds | None = Field(None, description=DOC_IDS_DOC)
    history: Annotated[list[HistoryMessage], Field(max_length=MAX_HISTORY)] | None = Field(
        None, description="the chat's earlier turns, oldest first: a follow-up (\"那廊坊呢？\", \"And the deadline?\") "
                          "is answered as the standalone question it means, returned as `resolved_question`; a system "
                          "message asking for a language (English, 简体, 繁體) sets the answer's language")

    def turns(self) -> list[Turn]:
        return turns([(m.role, m.content, m.clause_ids) for m in self.history or ()])


class SearchRequest(DocumentFilters):
    query: StrictStr = Field(examples=["科技成果转化 奖励 比例"], json_schema_extra=TEXT_LIMITS)
    top_k: JsonInt | None = Field(None, description=TOP_K_DOC, examples=[5], json_schema_extra=TOP_K_LIMITS)
    doc_ids: DocIds | None = Field(None, description=DOC_IDS_DOC)
    mode: Literal["hybrid", "dense", "keyword"] = Field("hybrid", description="retrieval mode (extension)")


class SearchResponse(BaseModel):
    query: str
    hits: list[Hit]
    timings_ms: dict[str, float]


class DocumentSummary(DocumentMeta):
    clauses: int = Field(description="number of clauses in the index")
    doc_type: str | None = Field(None, description="the kind of document, read from its title (通知, 条例 …)")


class DocumentDetail(Document):
    clause_ids: list[str] = Field(description="the document's clauses, in document order")


class ClauseDetail(Clause):
    doc_title: str


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    clauses: int
    build: str
    embedder: str


def doc_filter(doc_ids: list[str] | None, known: Mapping[str, DocumentMeta],
               filters: DocumentFilters | None = None) -> set[str] | None:
    """The ids as a filter, narrowed by `filters` (issuer, kind, dates); an empty list means none (as an
    empty multiselect does in the UI). Unknown ids, and filters no document passes, are refused here."""
    wanted = set(doc_ids) if doc_ids else None
    unknown = sorted((wanted or set()).difference(known))
    if unknown:
        raise NotFound(f"unknown document(s): {quote_list(unknown)} (see GET /v1/documents)")
    return select(known, wanted, filters.doc_filter()) if filters is not None else wanted


class UploadAccepted(BaseModel):
    """POST /v1/documents: the file is in corpus/ and a re-index is scheduled (poll GET /v1/index)."""

    doc_id: str = Field(description="the document's id once indexed (kept when a file is replaced)")
    file: str = Field(description="the file name in corpus/")
    status: Literal["indexing"] = "indexing"
    replaced: bool = Field(description="true when a file of the same name was replaced")
    encoding: str = Field(description="the upload's encoding: utf-8, utf-8-sig or gb18030 (stored as UTF-8)")
    bytes: int = Field(description="size of the stored UTF-8 file")


class DocumentRemoved(BaseModel):
    """DELETE /v1/documents/{doc_id}: the file is in the corpus trash and a re-index is scheduled."""

    doc_id: str
    file: str = Field(description="the file name it had in corpus/")
    trash: str = Field(description="where it is kept, relative to corpus/ (deleted after trash_days)")
    status: Literal["indexing"] = "indexing"


class MetadataEdit(BaseModel):
    """PATCH /v1/documents/{doc_id}: the fields to set; "" clears one, an absent field is left as it is."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, max_length=300)
    issuer: str | None = Field(None, max_length=200)
    number: str | None = Field(None, max_length=100)
    date: str | None = Field(None, description="YYYY-MM-DD (or YYYY-MM, YYYY)", max_length=10)
    script: str | None = Field(None, description="zh-Hans or zh-Hant", max_length=7)
    short_title: str | None = Field(None, description="the name answers lead with, e.g. 北京市促进科技成果转移转化行动方案",
                                    max_length=100)


class MetadataEdited(BaseModel):
    doc_id: str
    file: str
    status: Literal["indexing"] = "indexing"
    metadata: dict[str, str]


class IndexStatus(BaseModel):
    """The build being served and the background re-index worker's state."""

    build: str = Field(description="name of the build being served")
    built_at: str | None = None
    documents: int
    clauses: int
    building: bool = Field(description="a re-index is running (queries are answered from `build` meanwhile)")
    pending: bool = Field(description="another re-index will run after the current one (uploads coalesce)")
    requests: int = Field(description="re-index requests since the server started")
    builds: int = Field(description="re-index runs since the server started")
    last_result: Literal["swapped", "up to date", "superseded", "failed"] | None = None
    last_error: str | None = Field(None, description="why the last re-index failed; the previous build is served")
    last_error_at: str | None = None
    last_build_seconds: float | None = None
    last_finished_at: str | None = None


def _rating(value: int) -> int:
    if value not in (1, -1):
        raise ValueError("must be 1 (helpful) or -1 (not helpful)")
    return value


class FeedbackRequest(BaseModel):
    answer_id: ShortStr | None = Field(None, description="the `id` of an Answer, or of a chat completion")
    question: StrictStr | None = Field(None, description="the question rated, when there is no answer_id",
                                       json_schema_extra=TEXT_LIMITS)
    rating: Annotated[StrictInt, AfterValidator(_rating)] = Field(description="1: helpful, -1: not helpful",
                                                                  json_schema_extra={"enum": [1, -1]})
    reason: Annotated[StrictStr, Field(max_length=2000), AfterValidator(_no_lone_surrogate)] = Field(
        "", description="optional: what was wrong (wrong value, wrong source, should not answer …)")


class FeedbackResponse(BaseModel):
    recorded: bool
    answer_id: str | None
    time: str

