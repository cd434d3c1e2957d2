"""corpus/ on disk: symbolic links are never followed, an upload's file and manifest entry are
committed as one step (a crash between them loses nothing), costly uploads (repetitive filler,
too many clauses) are refused, and document paths are never absolute."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rag.config import Settings
from rag.corpus import CorpusError, corpus_files, fingerprint, load_corpus, read_regular_file
from rag.errors import BadInput, TooLarge
from rag.ingest import STAGED_KEY, check_cost, prepare_upload, recover_uploads, write_document

from .conftest import CORPUS, ROOT, TEST_ROOT, copy_corpus

SEED = "000_571a2a0449ec3df3.txt"
NEW_TEXT = "关于开展星火燎原示范工程的通知\n\n一、支持政策\n对认定的示范工程给予一次性补助50万元。\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    return copy_corpus(CORPUS, (SEED,), tmp_path / "corpus")


# -- symbolic links ----------------------------------------------------------------------------


def test_a_symlink_in_the_corpus_is_skipped_with_a_warning(corpus, tmp_path, caplog):
    outside = tmp_path / "outside.txt"
    outside.write_text("一、秘密\n服务器之外的文件内容。\n", encoding="utf-8")
    before = fingerprint(corpus)
    (corpus / "leak.txt").symlink_to(outside)
    (corpus / "leak-dir.md").symlink_to(tmp_path)
    with caplog.at_level(logging.WARNING, logger="rag.corpus"):
        docs = load_corpus(corpus, tmp_path)
    assert [d.doc_id for d in docs] == [load_corpus(CORPUS, ROOT)[0].doc_id]
    assert all("秘密" not in d.text for d in docs)
    assert [p.name for p in corpus_files(corpus)] == [SEED]
    assert fingerprint(corpus) == before  # a link changes nothing that is indexed
    assert "leak.txt" in caplog.text and "symbolic link" in caplog.text
    assert str(tmp_path) not in caplog.text


def test_a_planted_derived_folder_link_is_refused_and_nothing_is_written_outside(corpus, tmp_path):
    (corpus / "page.html").write_text("<p>一、总则</p><p>正文。</p>", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (corpus / ".derived").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CorpusError, match=r"\.derived is a symbolic link") as e:
        load_corpus(corpus, tmp_path)
    assert list(elsewhere.iterdir()) == [] and str(tmp_path) not in str(e.value)


def test_a_planted_derived_file_link_is_refused_and_its_target_untouched(corpus, tmp_path):
    (corpus / "page.html").write_text("<p>一、总则</p><p>正文。</p>", encoding="utf-8")
    (corpus / ".derived").mkdir()
    target = tmp_path / "victim.txt"
    target.write_text("原样保留\n", encoding="utf-8")
    (corpus / ".derived" / "page.html.txt").symlink_to(target)
    with pytest.raises(CorpusError, match="symbolic link"):
        load_corpus(corpus, tmp_path)
    assert target.read_text(encoding="utf-8") == "原样保留\n"
    # once the link is gone the derived file is written as a regular file inside corpus/
    (corpus / ".derived" / "page.html.txt").unlink()
    docs = {d.doc_id: d for d in load_corpus(corpus, tmp_path)}
    derived = corpus / ".derived" / "page.html.txt"
    assert not derived.is_symlink() and derived.read_text(encoding="utf-8") == docs["page"].text


def test_reading_a_document_never_follows_a_link(corpus, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("秘密\n", encoding="utf-8")
    link = corpus / "swapped.txt"
    link.symlink_to(outside)
    with pytest.raises(CorpusError, match="symbolic link"):
        read_regular_file(link)


def test_served_document_texts_are_not_read_through_a_link_planted_after_the_build(tmp_path):
    """The index records a file; replacing that file by a link to an outside file must not serve it."""
    from rag.index import LoadedIndex, load_documents
    from rag.models import DocumentMeta

    corpus = copy_corpus(CORPUS, (SEED,), tmp_path / "corpus")
    doc = load_corpus(corpus, tmp_path)[0]
    meta = DocumentMeta(**doc.model_dump(exclude={"text"}))
    index = LoadedIndex(tmp_path, {}, [], [], {meta.doc_id: meta}, None, None, None)
    settings = Settings(root=tmp_path)
    assert load_documents(index, settings)[meta.doc_id].text == doc.text
    outside = tmp_path / "outside.txt"
    outside.write_text("秘密\n", encoding="utf-8")
    (corpus / SEED).unlink()
    (corpus / SEED).symlink_to(outside)
    with pytest.raises(CorpusError, match="symbolic link"):
        load_documents(index, settings)


# -- document paths ------------------------------------------------------------------------------


def test_document_paths_are_relative_even_for_a_corpus_outside_the_root(tmp_path):
    from rag.index import LoadedIndex, load_documents
    from rag.models import DocumentMeta

    corpus = copy_corpus(CORPUS, (SEED,), tmp_path / "data" / "policies")
    (corpus / "page.html").write_text("<p>一、总则</p><p>正文。</p>", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    docs = load_corpus(corpus, root)
    assert sorted(d.path for d in docs) == ["policies/.derived/page.html.txt", f"policies/{SEED}"]
    settings = Settings(root=root, corpus_dir=corpus)
    metas = {d.doc_id: DocumentMeta(**d.model_dump(exclude={"text"})) for d in docs}
    texts = load_documents(LoadedIndex(root, {}, [], [], metas, None, None, None), settings)
    assert {k: v.text for k, v in texts.items()} == {d.doc_id: d.text for d in docs}


def test_loader_messages_carry_no_server_path(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.json").write_text("{broken", encoding="utf-8")
    (corpus / "a.txt").write_text("一、总则\n", encoding="utf-8")
    with pytest.raises(CorpusError) as e:
        load_corpus(corpus, tmp_path)
    assert str(e.value).startswith("corpus/manifest.json: not a valid manifest") and str(tmp_path) not in str(e.value)


# -- costly uploads --------------------------------------------------------------------------------


def test_repetitive_filler_is_refused_quickly(tmp_path):
    settings = Settings(root=tmp_path, corpus_dir=tmp_path / "corpus")
    filler = ("第一条 为了促进科技成果转化，科研人员奖励比例为99%。\n" * 60_000).encode()
    assert 4_000_000 < len(filler) < settings.max_upload_bytes
    t0 = time.perf_counter()
    with pytest.raises(BadInput, match=r"mostly repetition \(it compresses to 0\.\d%"):
        prepare_upload("filler.txt", filler, settings)
    assert time.perf_counter() - t0 < 5  # before: accepted, then ~20 minutes of re-indexing
    markup = "<html><body>" + "<p>第一条 奖励比例为99%。</p>" * 20_000 + "</body></html>"
    with pytest.raises(BadInput, match="mostly repetition"):
        prepare_upload("filler.html", markup.encode(), settings)
    # a block longer than zlib's 32 KB window, repeated: caught by its sentences
    block = (CORPUS / "001_4f30f2466e06189e.txt").read_text(encoding="utf-8")
    assert len(block.encode()) > 32_768
    with pytest.raises(BadInput, match=r"only 25% of its [0-9,]+ sentences are distinct"):
        prepare_upload("copies.txt", (block * 4).encode(), settings)


def test_the_clause_cap_refuses_large_uploads_before_chunking_them(tmp_path):
    settings = Settings(root=tmp_path, corpus_dir=tmp_path / "corpus", max_clauses_per_document=50)
    articles = "".join(f"第{i}条 本办法第{i * 7919 % 10007}项规定自公布之日起施行，编号{i * 104729 % 1000003}。\n"
                       for i in range(1, 121))
    with pytest.raises(TooLarge, match=r"makes 120 clauses; the limit is 50 per document"):
        prepare_upload("many.txt", articles.encode(), settings)
    t0 = time.perf_counter()
    many_lines = "".join(f"第{i}条 编号{i * 104729 % 1000003}。\n" for i in range(1, 60_001))
    with pytest.raises(TooLarge, match=r"more than 2,000 clauses.*\(it has 60,000 lines\)"):
        prepare_upload("huge.txt", many_lines.encode(), settings.model_copy(update={"max_clauses_per_document": 2000}))
    assert time.perf_counter() - t0 < 5  # refused from a count of lines; chunking it takes minutes
    assert prepare_upload("ok.txt", NEW_TEXT.encode(), settings).file_name == "ok.txt"


def test_no_corpus_document_is_refused_by_the_cost_checks():
    settings = Settings(root=TEST_ROOT)
    for doc in load_corpus(CORPUS, ROOT):
        check_cost(doc.path, doc.text, settings)


# -- an upload's file and manifest entry are committed as one step -----------------------------------

CRASH_SCRIPT = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    import rag.ingest as ingest
    from rag.config import Settings

    root, name, step, replace = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "1"
    settings = Settings(root=root)
    calls = {"manifest": 0}
    real_write_manifest, real_commit = ingest._write_manifest, ingest._commit_file

    def write_manifest(corpus_dir, manifest):
        calls["manifest"] += 1
        if step == "before-commit" or (step == "before-unmark" and calls["manifest"] == 2):
            os._exit(9)  # killed: no clean-up runs
        real_write_manifest(corpus_dir, manifest)

    def commit(staged, target):
        if step == "after-commit":
            os._exit(9)
        real_commit(staged, target)

    ingest._write_manifest, ingest._commit_file = write_manifest, commit
    text = "关于开展星火燎原示范工程的通知(修订)\\n\\n一、支持政策\\n补助80万元。\\n"
    prepared = ingest.prepare_upload(name, text.encode(), settings, replace=replace)
    ingest.write_document(prepared, {"title": "星火燎原示范工程通知"}, settings)
    os._exit(0)
""")


def _crash_upload(root: Path, name: str, step: str, replace: bool = False) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    return subprocess.run([sys.executable, "-c", CRASH_SCRIPT, str(root), name, step, "1" if replace else "0"],
                          env=env, timeout=120).returncode


def _manifest(corpus: Path) -> dict[str, dict]:
    return {e["file"]: e for e in json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))["documents"]}


@pytest.mark.parametrize("step", ["before-commit", "after-commit", "before-unmark"])
def test_a_crash_during_an_upload_leaves_a_consistent_corpus(corpus, step):
    root = corpus.parent
    before_files = sorted(p.name for p in corpus.iterdir())
    assert _crash_upload(root, "beacon.txt", step) == 9
    recover_uploads(corpus)  # what the next upload or index build does first
    docs = {d.doc_id: d for d in load_corpus(corpus, root)}
    entries = _manifest(corpus)
    assert not list(corpus.glob(".upload-*")), "no staged file is left behind"
    assert all(STAGED_KEY not in e for e in entries.values())
    if step == "before-commit":  # not committed: as if it never happened
        assert sorted(p.name for p in corpus.iterdir() if p.name != ".upload.lock") == before_files
        assert "beacon.txt" not in entries and "beacon" not in docs
    else:  # committed: the file and its metadata, together (before: the metadata could be lost)
        assert entries["beacon.txt"]["title"] == "星火燎原示范工程通知"
        assert docs["beacon"].title == "星火燎原示范工程通知" and "80万元" in docs["beacon"].text


def test_a_crash_during_a_replace_keeps_old_or_new_never_a_mixture(corpus):
    root = corpus.parent
    settings = Settings(root=root)
    write_document(prepare_upload("beacon.txt", NEW_TEXT.encode(), settings), {"title": "旧标题"}, settings)
    assert _crash_upload(root, "beacon.txt", "before-commit", replace=True) == 9
    recover_uploads(corpus)
    doc = {d.doc_id: d for d in load_corpus(corpus, root)}["beacon"]
    assert doc.title == "旧标题" and "50万元" in doc.text
    assert _crash_upload(root, "beacon.txt", "after-commit", replace=True) == 9
    recover_uploads(corpus)
    doc = {d.doc_id: d for d in load_corpus(corpus, root)}["beacon"]
    assert doc.title == "星火燎原示范工程通知" and "80万元" in doc.text


def test_an_index_build_recovers_an_interrupted_upload_first(corpus, monkeypatch):
    """The server's own (re)build runs the recovery: no upload stays half done across a restart."""
    import rag.index as index_module

    root = corpus.parent
    assert _crash_upload(root, "beacon.txt", "after-commit") == 9
    assert STAGED_KEY in _manifest(corpus)["beacon.txt"]
    seen = {}

    def stop_before_building(settings, force, progress, batch_size):
        seen["entry"] = _manifest(corpus)["beacon.txt"]
        seen["file"] = (corpus / "beacon.txt").is_file()
        raise RuntimeError("stop here: the build itself is tested elsewhere")

    monkeypatch.setattr(index_module, "_build_index_locked", stop_before_building)
    with pytest.raises(RuntimeError, match="stop here"):
        index_module.build_index(Settings(root=root))
    assert seen["file"] and STAGED_KEY not in seen["entry"]
