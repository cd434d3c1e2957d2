"""The llama-index layer on the real index and the real model: node round trip, retriever, baseline, no OpenAI."""

from __future__ import annotations

import importlib
import subprocess
import sys

import numpy as np
import pytest

from .conftest import TEST_ROOT

pytestmark = pytest.mark.slow

QUESTION = "科研人员转化成果能拿多少奖励"
EXPECTED_CLAUSE = "bj-sti-transfer-action-plan:C4.P3.N10"
EXPECTED_TEXT = "70%及以上"


@pytest.fixture(scope="module")
def tripwire():
    """Make every route to an OpenAI model record itself and fail, for the whole module.

    llama-index reaches OpenAI only by resolving "default" when an unset Settings.llm / embed_model
    is read (llama_index/core/settings.py); that resolution is watched here, the slots are emptied so
    a read would really resolve, IS_TESTING is removed so it would not quietly yield a MockLLM, and
    the OpenAI client classes themselves refuse to be built.
    """
    import openai
    from llama_index.core import Settings
    from llama_index.core import settings as settings_module

    calls: list[str] = []

    def refuse(name):
        def __init__(self, *args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} was instantiated")

        return __init__

    def watch(name, real):
        def resolve(value=None, *args, **kwargs):
            if isinstance(value, str) and value == "default":
                calls.append(f"{name}('default')")
            return real(value, *args, **kwargs)

        return resolve

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("OPENAI_API_KEY", raising=False)
        mp.delenv("IS_TESTING", raising=False)
        mp.setattr(Settings, "_llm", None)
        mp.setattr(Settings, "_embed_model", None)
        mp.setattr(settings_module, "resolve_llm", watch("resolve_llm", settings_module.resolve_llm))
        mp.setattr(settings_module, "resolve_embed_model",
                   watch("resolve_embed_model", settings_module.resolve_embed_model))
        mp.setattr(openai.OpenAI, "__init__", refuse("openai.OpenAI"))
        mp.setattr(openai.AsyncOpenAI, "__init__", refuse("openai.AsyncOpenAI"))
        for module, cls in (("llama_index.llms.openai", "OpenAI"), ("llama_index.embeddings.openai", "OpenAIEmbedding")):
            try:
                mp.setattr(getattr(importlib.import_module(module), cls), "__init__", refuse(f"{module}.{cls}"))
            except ImportError:
                pass  # not installed (the usual case): llama-index's default resolution would raise instead
        yield calls


@pytest.fixture(scope="module")
def assistant():
    from rag.assistant import Assistant
    from rag.config import Settings

    return Assistant.open(Settings(root=TEST_ROOT))


@pytest.fixture(scope="module")
def baseline(tripwire, assistant):
    from rag.llamaindex import llamaindex_default_baseline

    documents = [assistant.document(doc_id) for doc_id in assistant.index.documents]
    return llamaindex_default_baseline(documents, assistant.embedder)


@pytest.fixture(scope="module")
def query_engine(tripwire, assistant):
    from rag.llamaindex import policy_query_engine

    return policy_query_engine(assistant, top_k=5)


# -- Clause <-> TextNode -----------------------------------------------------------------------------


def test_every_clause_round_trips_through_a_text_node(assistant):
    from llama_index.core.schema import MetadataMode, NodeRelationship, ObjectType, TextNode

    from rag.llamaindex import clause_to_node, node_to_clause

    index = assistant.index
    assert index.clauses
    ids = {c.clause_id for c in index.clauses}
    for clause, title in zip(index.clauses, index.doc_titles, strict=True):
        node = clause_to_node(clause, title)
        doc = assistant.document(clause.doc_id)

        assert node.node_id == clause.clause_id
        assert doc.text[node.start_char_idx : node.end_char_idx] == node.text == clause.text
        assert node.metadata["doc_title"] == title
        source = node.relationships[NodeRelationship.SOURCE]
        assert source.node_id == clause.doc_id and source.node_type == ObjectType.DOCUMENT
        if clause.parent is None:
            assert NodeRelationship.PARENT not in node.relationships
        else:
            assert node.parent_node.node_id == clause.parent and clause.parent in ids

        assert node_to_clause(node) == clause
        # Also through llama-index's own serialisation (what a docstore or vector store keeps).
        assert node_to_clause(TextNode.from_json(node.to_json())) == clause

        embedded = node.get_content(metadata_mode=MetadataMode.EMBED)
        assert clause.text in embedded and "section_path" not in embedded and "level:" not in embedded


# -- PolicyRetriever in a query engine ---------------------------------------------------------------


def test_policy_retriever_in_a_no_llm_query_engine(query_engine):
    from llama_index.core.query_engine import RetrieverQueryEngine
    from llama_index.core.response_synthesizers.no_text import NoText

    from rag.llamaindex import PolicyRetriever, _no_openai, node_to_clause

    assert isinstance(query_engine, RetrieverQueryEngine)
    assert isinstance(query_engine.retriever, PolicyRetriever)
    assert isinstance(query_engine._response_synthesizer, NoText)

    with _no_openai():
        response = query_engine.query(QUESTION)
    nodes = response.source_nodes
    assert len(nodes) == 5
    assert not response.response  # NO_TEXT: retrieval only
    first = nodes[0]
    assert first.node.node_id == EXPECTED_CLAUSE
    assert EXPECTED_TEXT in first.node.text
    assert [n.score for n in nodes] == sorted((n.score for n in nodes), reverse=True)
    assert node_to_clause(first).clause_id == EXPECTED_CLAUSE


def test_policy_retriever_matches_assistant_search(assistant):
    from rag.llamaindex import PolicyRetriever

    for mode in ("hybrid", "dense", "keyword"):
        hits = assistant.search(QUESTION, 3, mode=mode).hits
        nodes = PolicyRetriever(assistant, top_k=3, mode=mode).retrieve(QUESTION)
        assert [(n.node.node_id, n.score) for n in nodes] == [(h.clause_id, h.score) for h in hits]

    only = {"bj-sti-transfer-action-plan"}
    nodes = PolicyRetriever(assistant, top_k=5, doc_ids=only).retrieve(QUESTION)
    assert nodes and {n.node.metadata["doc_id"] for n in nodes} == only


# -- embedding adapter -------------------------------------------------------------------------------


def test_embedding_adapter_uses_query_and_passage_encoders(assistant):
    from llama_index.core.base.embeddings.base import BaseEmbedding

    from rag.llamaindex import as_llamaindex_embedding

    embedder = assistant.embedder
    model = as_llamaindex_embedding(embedder)
    assert isinstance(model, BaseEmbedding) and model.model_name == embedder.name
    text = "科技成果转化收益"
    q = np.asarray(model.get_query_embedding(text), dtype=np.float32)
    p = np.asarray(model.get_text_embedding(text), dtype=np.float32)
    assert np.allclose(q, embedder.encode_queries([text])[0], atol=1e-6)
    assert np.allclose(p, embedder.encode_passages([text])[0], atol=1e-6)
    assert not np.allclose(q, p, atol=1e-4)  # "query: " and "passage: " prefixes differ
    batch = np.asarray(model.get_text_embedding_batch([text, "奖励"]), dtype=np.float32)
    assert batch.shape == (2, embedder.dim) and np.allclose(batch[0], p, atol=1e-6)


# -- the llama-index default pipeline, as a baseline -------------------------------------------------


def test_baseline_finds_the_answer_in_its_top_5(baseline):
    texts = baseline.retrieve(QUESTION, 5)
    assert len(texts) == 5 and all(isinstance(t, str) and t for t in texts)
    assert any(EXPECTED_TEXT in t for t in texts)
    print(f"\nbaseline: {baseline.chunks} chunks, built in {baseline.build_seconds:.1f} s")


def test_baseline_chunks_are_whole_document_text(baseline, assistant):
    texts = {doc_id: assistant.document(doc_id).text for doc_id in assistant.index.documents}
    for node_with_score in baseline.retrieve_nodes(QUESTION, 5):
        node = node_with_score.node
        doc_text = texts[node.ref_doc_id]
        assert doc_text[node.start_char_idx : node.end_char_idx] == node.get_content()


def test_nothing_reaches_for_openai(tripwire, baseline, query_engine):
    from llama_index.core import Settings

    from rag.llamaindex import _no_openai

    baseline.retrieve(QUESTION, 3)
    query_engine.query(QUESTION)
    assert tripwire == []
    assert Settings._llm is None and Settings._embed_model is None

    # The guard is a real check: a default resolved inside it is reported.
    with pytest.raises(RuntimeError, match="global default model"), _no_openai():
        Settings._embed_model = baseline.embed_model
    Settings._embed_model = None


def test_importing_the_package_does_not_import_llama_index():
    code = "import sys, rag, rag.assistant; print(sorted(m for m in sys.modules if m.startswith('llama_index')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
