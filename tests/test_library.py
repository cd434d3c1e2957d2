"""Removing documents (into a trash kept for a while) and editing their metadata: in the corpus, through
the API (with its permissions) and the CLI; queries keep being answered meanwhile."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rag.api.app import create_app
from rag.assistant import Assistant
from rag.cli import main
from rag.config import Settings
from rag.errors import BadInput, Conflict, NotFound
from rag.index import build_index
from rag.library import ENTRY_FILE, TRASH_DIR, edit_metadata, purge_trash, remove_document

A = "某某市孵化器支持办法\n一、对新认定的孵化器给予一次性奖励50万元。\n"
B = "某某区人才措施\n一、对新引进的高层次人才给予安家补贴100万元。\n"


def project(root: Path, **settings) -> Settings:
    corpus = root / "corpus"
    (corpus / ".derived").mkdir(parents=True)
    (corpus / "a.txt").write_text(A, encoding="utf-8")
    (corpus / "b.html").write_text(f"<p>{B}</p>", encoding="utf-8")
    manifest = {"documents": [{"file": "a.txt", "doc_id": "incubators", "title": "孵化器支持办法"}]}
    (corpus / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return Settings(root=root, **settings)


def manifest_of(settings: Settings) -> dict:
    return json.loads((settings.resolved_corpus_dir() / "manifest.json").read_text(encoding="utf-8"))


def test_removal_moves_the_file_its_entry_and_its_derived_text_into_the_trash(tmp_path):
    settings = project(tmp_path)
    build_index(settings)  # derives b.html's text
    corpus = settings.resolved_corpus_dir()
    assert (corpus / ".derived" / "b.html.txt").is_file()
    removed = remove_document("incubators", settings)
    item = corpus / removed["trash"]
    assert not (corpus / "a.txt").exists() and (item / "a.txt").read_text(encoding="utf-8") == A
    assert json.loads((item / ENTRY_FILE).read_text(encoding="utf-8"))["title"] == "孵化器支持办法"
    assert manifest_of(settings)["documents"] == []
    (corpus / "c.txt").write_text("某某通知\n一、本通知自发布之日起施行。\n", encoding="utf-8")
    gone = remove_document("b", settings)  # no manifest entry: its id is its file's stem
    assert (corpus / gone["trash"] / "b.html.txt").is_file() and not (corpus / ".derived" / "b.html.txt").exists()
    with pytest.raises(NotFound, match="no document 'incubators'"):
        remove_document("incubators", settings)
    with pytest.raises(Conflict, match="the only document"):  # an index needs one
        remove_document("c", settings)
    assert build_index(settings).documents == 1


def test_old_trash_is_purged(tmp_path):
    settings = project(tmp_path)
    removed = remove_document("incubators", settings)
    item = settings.resolved_corpus_dir() / removed["trash"]
    assert purge_trash(settings.resolved_corpus_dir(), 30) == 0 and item.is_dir()
    old = time.time() - 31 * 86_400
    os.utime(item, (old, old))
    assert purge_trash(settings.resolved_corpus_dir(), 30) == 1 and not item.exists()


def test_metadata_edits_set_and_clear_fields_and_are_checked(tmp_path):
    settings = project(tmp_path)
    entry = edit_metadata("incubators", {"issuer": "某某市科技局", "date": "2024-05-01", "title": ""}, settings)
    assert entry["issuer"] == "某某市科技局" and entry["date"] == "2024-05-01" and "title" not in entry
    assert edit_metadata("b", {"title": "人才措施"}, settings)["file"] == "b.html"  # an entry is made
    [doc] = [d for d in manifest_of(settings)["documents"] if d["file"] == "b.html"]
    assert doc["doc_id"] == "b" and doc["title"] == "人才措施"
    with pytest.raises(BadInput, match="date must be YYYY-MM-DD"):
        edit_metadata("b", {"date": "May 2024"}, settings)
    with pytest.raises(BadInput, match="unknown metadata field"):
        edit_metadata("b", {"colour": "red"}, settings)
    with pytest.raises(NotFound):
        edit_metadata("nope", {"title": "x"}, settings)


def test_delete_and_patch_through_the_api_need_the_key(tmp_path):
    settings = project(tmp_path, api_key="k-library-test")
    build_index(settings)
    assistant = Assistant.open(settings)
    key = {"Authorization": "Bearer k-library-test"}
    with TestClient(create_app(settings, assistant, ui=False), raise_server_exceptions=False) as client:
        assert client.delete("/v1/documents/incubators").status_code == 401
        assert client.patch("/v1/documents/incubators", json={"title": "x"}).status_code == 401
        assert client.delete("/v1/documents/nope", headers=key).status_code == 404
        assert client.patch("/v1/documents/b", json={"colour": "red"}, headers=key).status_code == 422
        r = client.patch("/v1/documents/b", json={"title": "人才措施", "issuer": "某某区人民政府"}, headers=key)
        assert r.status_code == 202 and r.json()["metadata"] == {"title": "人才措施", "issuer": "某某区人民政府"}
        assert assistant.keeper.wait_for_index(120)
        docs = {d["doc_id"]: d for d in client.get("/v1/documents", headers=key).json()}
        assert docs["b"]["title"] == "人才措施" and docs["b"]["issuer"] == "某某区人民政府"
        # the short title is what answers lead with
        r = client.patch("/v1/documents/incubators", json={"short_title": "孵化器办法"}, headers=key)
        assert r.status_code == 202 and r.json()["metadata"]["short_title"] == "孵化器办法"
        assert assistant.keeper.wait_for_index(120)
        led = client.post("/v1/ask", json={"question": "孵化器奖励多少?"}, headers=key).json()
        assert led["answered"] and "根据《孵化器办法》" in led["answer"], led["answer"]
        assert all(c["doc_title"] == "孵化器支持办法" for c in led["citations"])  # the citation keeps the title
        r = client.delete("/v1/documents/incubators", headers=key)
        assert r.status_code == 202 and r.json()["trash"].startswith(f"{TRASH_DIR}/")
        assert assistant.keeper.wait_for_index(120)
        assert [d["doc_id"] for d in client.get("/v1/documents", headers=key).json()] == ["b"]
        answer = client.post("/v1/ask", json={"question": "孵化器奖励多少?"}, headers=key).json()
        assert not any(c["doc_id"] == "incubators" for c in answer["citations"])


def test_without_a_key_writes_are_off_unless_allowed(tmp_path):
    settings = project(tmp_path)
    build_index(settings)
    with TestClient(create_app(settings, Assistant.open(settings), ui=False), raise_server_exceptions=False) as client:
        assert client.delete("/v1/documents/incubators").status_code == 403
        assert client.patch("/v1/documents/incubators", json={"title": "x"}).status_code == 403
    assert (settings.resolved_corpus_dir() / "a.txt").is_file()


def test_cli_remove_and_edit(tmp_path, capsys):
    project(tmp_path)
    assert main(["--root", str(tmp_path), "edit", "b", "--title", "人才措施", "--short-title", "人才", "--no-index"]) == 0
    out = capsys.readouterr().out
    assert "title='人才措施'" in out and "short_title='人才'" in out
    assert main(["--root", str(tmp_path), "edit", "b"]) == 2
    assert main(["--root", str(tmp_path), "remove", "incubators"]) == 0
    out = capsys.readouterr().out
    assert "removed a.txt (incubators)" in out and "indexed 1 documents" in out
    assert main(["--root", str(tmp_path), "remove", "incubators"]) == 2
    assert "no document 'incubators'" in capsys.readouterr().err


def test_a_corpus_without_documents_is_a_clear_error(tmp_path):
    from rag.corpus import CorpusError

    (tmp_path / "corpus").mkdir()
    with pytest.raises(CorpusError, match="holds no document with text"):
        build_index(Settings(root=tmp_path))
