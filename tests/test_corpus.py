"""Corpus loading, the manifest, normalisation, the CLI's docs/chunks, and cheap imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import main
from rag.corpus import CorpusError, fingerprint, load_corpus
from rag.normalize import detect_lang, match_key, normalize

from .conftest import CORPUS, ROOT, TEST_ROOT

SEEDS = ROOT.parent / "shared" / "corpus-seeds"


def test_corpus_files_are_the_seeds_byte_for_byte():
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus-seeds not beside the repository")
    for seed in SEEDS.iterdir():
        assert (CORPUS / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_manifest_covers_every_document(docs):
    assert len(docs) == 5
    for d in docs.values():
        assert d.title and d.issuer and d.script in ("zh-Hans", "zh-Hant") and d.notes
    hant = [d for d in docs.values() if d.script == "zh-Hant"]
    assert len(hant) == 1 and hant[0].number == "京政办发〔2016〕50号"


def test_normalisation_converts_taiwan_vocabulary_and_full_width():
    assert normalize("智慧財產權") == "知识产权"
    assert normalize("最佳化") == "优化"
    assert normalize("網際網路") == "互联网"
    assert normalize("成果轉化套用") == "成果转化应用"
    assert normalize("７０％  及以上\n比例") == "70% 及以上 比例"
    assert match_key("科技成果轉化所獲收益 可按70%") == "科技成果转化所获收益可按70%"


def test_language_detection():
    assert detect_lang("what is the reward share for researchers?") == "en"
    assert detect_lang("科研人员转化成果能拿多少奖励") == "zh-Hans"
    assert detect_lang("科研人員轉化成果能拿多少獎勵") == "zh-Hant"


def _write(folder: Path, name: str, data: bytes) -> Path:
    p = folder / name
    p.write_bytes(data)
    return p


def test_loader_reads_bom_markdown_and_html(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "\ufeff一、总则\n内容。\n".encode())
    _write(corpus, "b.md", "# 标题\n\n## 第一章 总则\n\n第一条 内容。\n".encode())
    _write(corpus, "c.html", "<html><head><title>x</title><script>alert(1)</script></head>"
           "<body><p>一、总则</p><p>内容&amp;说明。</p></body></html>".encode())
    docs = {d.doc_id: d for d in load_corpus(corpus, tmp_path)}
    assert set(docs) == {"a", "b", "c"}
    assert docs["a"].text.startswith("\ufeff")  # offsets match a plain UTF-8 decode
    html_doc = docs["c"]
    assert "alert" not in html_doc.text and "内容&说明。" in html_doc.text
    assert (tmp_path / html_doc.path).read_text(encoding="utf-8") == html_doc.text
    from rag.chunker import chunk

    a = chunk("a", docs["a"].text)
    assert a[0].section_path == ["一、总则"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("gbk.txt", "一、总则".encode("gbk"), "gbk.txt: not valid UTF-8"),
        ("x.doc", b"\xd0\xcf\x11\xe0", "x.doc: unsupported file type '.doc'"),
        ("x.pdf", b"%PDF-1.4", "x.pdf: the PDF cannot be read"),
    ],
)
def test_loader_errors_name_the_file(tmp_path, name, data, message):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, name, data)
    with pytest.raises(CorpusError, match=message.replace(".", r"\.").replace("(", r"\(")):
        load_corpus(corpus, tmp_path)


def test_fingerprint_changes_with_content(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "a.txt", "一、总则\n".encode())
    before = fingerprint(corpus)
    _write(corpus, "a.txt", "一、总则。\n".encode())
    assert fingerprint(corpus) != before


def test_cli_docs_and_chunks_json(capsys, monkeypatch):
    monkeypatch.chdir(TEST_ROOT)
    assert main(["docs", "--json"]) == 0
    docs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {"doc_id", "title", "path", "issuer", "number", "date", "script"} <= set(docs[0])
    doc_id = docs[2]["doc_id"]
    assert main(["chunks", doc_id, "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    text = (TEST_ROOT / docs[2]["path"]).read_bytes().decode("utf-8")
    assert rows and all(text[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {"clause_id", "doc_id", "section_path", "text", "start", "end"} <= set(rows[0])


def test_cli_tree_view_and_bad_input(capsys, monkeypatch):
    monkeypatch.chdir(TEST_ROOT)
    assert main(["chunks"]) == 0
    out = capsys.readouterr().out
    assert "10.健全科技成果轉移轉化激勵機制" in out and "专栏5" in out
    assert main(["chunks", "no-such-doc"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("rag: unknown document") and "Traceback" not in err


def test_importing_rag_is_cheap():
    code = (
        "import sys, rag, rag.cli, rag.models, rag.config, rag.chunker, rag.corpus;"
        "heavy = {'torch', 'faiss', 'jieba', 'sentence_transformers', 'llama_index', 'gradio', 'opencc'} & set(sys.modules);"
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
