"""Documents chosen by issuer, kind and date of issue (rag.filters), in /v1/ask, /v1/search and the
OpenAI endpoint."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from rag.api.app import create_app
from rag.assistant import Assistant
from rag.config import Settings
from rag.errors import NotFound
from rag.filters import DocFilter, doc_type, select
from rag.index import build_index
from rag.models import DocumentMeta


@pytest.mark.parametrize(("title", "kind"), [
    ("某某市人民政府关于印发《某某市科技创新规划》的通知(下)", "通知"),  # a notice issuing a plan is a notice
    ("关于加快建设某某示范区的意见(节选:(四)提高能力)", "意见"),
    ("某某市科学技术进步条例", "条例"),
    ("某某市孵化器支持办法", "办法"),  # not 法
    ("某某行动计划(2016—2018年)", "计划"),
    ("科技创新", None),
])
def test_the_kind_of_a_document_is_read_from_the_end_of_its_title(title, kind):
    assert doc_type(title) == kind


DOCS = {
    "a": DocumentMeta(doc_id="a", title="某某市孵化器支持办法", path="a", issuer="某某市科学技术局", date="2023-05-01"),
    "b": DocumentMeta(doc_id="b", title="某某区人民政府关于人才引进的若干措施", path="b", date="2021-01-10"),
    "c": DocumentMeta(doc_id="c", title="某某市科技进步条例", path="c", issuer="某某市人大常委会"),
}


def test_filters_combine_and_undated_documents_never_match_a_date():
    assert select(DOCS, None, DocFilter()) is None  # no filter: every document
    assert select(DOCS, None, DocFilter(issuers=("科学技术局",))) == {"a"}
    assert select(DOCS, None, DocFilter(issuers=("区人民政府", "国务院"))) == {"b"}  # named in the title only
    assert select(DOCS, None, DocFilter(doc_type="条例")) == {"c"}
    assert select(DOCS, None, DocFilter(date_from="2022-01-01")) == {"a"}
    assert select(DOCS, None, DocFilter(date_to="2021")) == {"b"}  # a year: through its end
    assert select(DOCS, {"a", "b"}, DocFilter(date_from="2020-01-01")) == {"a", "b"}
    with pytest.raises(NotFound, match=r"no document matches the filters \(doc_type=条例, date_from=2000"):
        select(DOCS, None, DocFilter(doc_type="条例", date_from="2000-01-01"))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("filters")
    (root / "corpus").mkdir()
    (root / "corpus" / "a.txt").write_text("某某市孵化器支持办法\n一、对新认定的孵化器给予一次性奖励50万元。\n", encoding="utf-8")
    (root / "corpus" / "b.txt").write_text("某某区孵化器若干措施\n一、对新认定的孵化器给予一次性奖励30万元。\n", encoding="utf-8")
    manifest = {"documents": [
        {"file": "a.txt", "doc_id": "a", "title": "某某市孵化器支持办法", "issuer": "某某市科学技术局", "date": "2023-05-01"},
        {"file": "b.txt", "doc_id": "b", "title": "某某区孵化器若干措施", "issuer": "某某区人民政府", "date": "2021-01-10"}]}
    (root / "corpus" / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    settings = Settings(root=root)
    build_index(settings)
    with TestClient(create_app(settings, Assistant.open(settings), ui=False), raise_server_exceptions=False) as c:
        yield c


def test_ask_search_and_chat_answer_from_the_chosen_documents(client):
    docs = {d["doc_id"]: d for d in client.get("/v1/documents").json()}
    assert (docs["a"]["doc_type"], docs["b"]["doc_type"]) == ("办法", "措施")
    question = "对新认定的孵化器奖励多少?"
    by_issuer = client.post("/v1/ask", json={"question": question, "issuers": ["区人民政府"]}).json()
    assert {c["doc_id"] for c in by_issuer["citations"]} == {"b"} and "30万元" in by_issuer["answer"]
    by_date = client.post("/v1/search", json={"query": "孵化器 奖励", "date_from": "2023-01-01"}).json()
    assert {h["doc_id"] for h in by_date["hits"]} == {"a"}
    by_kind = client.post("/v1/chat/completions", json={"messages": [{"role": "user", "content": question}],
                                                        "doc_type": "办法"}).json()
    assert "50万元" in by_kind["choices"][0]["message"]["content"]
    none = client.post("/v1/ask", json={"question": question, "issuers": ["国务院"]})
    assert none.status_code == 404 and "no document matches the filters" in none.json()["error"]["message"]
    bad = client.post("/v1/ask", json={"question": question, "date_from": "May 2023"})
    assert bad.status_code == 422
