"""The CLI refuses bad input with one clear line on stderr and exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import CORPUS, TEST_ROOT


def rag(*args: str | bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "RAG_ROOT": str(TEST_ROOT)}
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], env=env, input=stdin, capture_output=True,
                          timeout=300)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", ""], "the question is empty"),
        (["ask", " \t\n "], "the question is empty"),
        (["ask", "x" * 100_000], "the question is 100,000 characters long"),
        (["ask", "\x01\x02\x03"], "the question is empty"),
        (["ask", b"\xff\xfe\xfa"], "invalid characters"),
        (["search", "科技", "--top-k", "0"], "top_k must be between 1 and"),
        (["search", "科技", "--top-k", "-3"], "top_k must be between 1 and"),
        (["search", "科技", "--top-k", "100000"], "top_k must be between 1 and"),
        (["search", "科技", "--top-k", "five"], "invalid int value"),
        (["chunks", "no-such-doc"], "unknown document"),
        (["eval", "--gold", "/nonexistent/gold.jsonl"], "gold file not found"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    out = rag(*args)
    err = out.stderr.decode("utf-8", "replace")
    assert out.returncode == 2, err
    assert err.startswith("rag: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_100k_character_question_on_stdin_is_refused():
    out = rag("ask", "-", stdin=("问" * 100_000).encode())
    err = out.stderr.decode()
    assert out.returncode == 2 and "100,000 characters long; the limit is 2,000" in err


def test_a_question_on_stdin_is_answered():
    out = rag("ask", "-", "--json", stdin="科研人员转化成果能拿多少奖励".encode())
    assert out.returncode == 0 and '"answered": true' in out.stdout.decode()


def test_a_broken_gold_file_names_the_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "question": "x"}\n', encoding="utf-8")
    out = rag("eval", "--gold", str(gold), "--no-baselines")
    err = out.stderr.decode()
    assert out.returncode == 2 and f"{gold}:1: not a gold item" in err and "Traceback" not in err


def test_rag_add_converts_gb18030_and_refuses_bad_files(tmp_path):
    import json
    import shutil

    project = tmp_path / "p"
    (project / "corpus").mkdir(parents=True)
    shutil.copy(CORPUS / "000_571a2a0449ec3df3.txt", project / "corpus")
    (project / "corpus" / "manifest.json").write_text('{"documents": []}', encoding="utf-8")
    gbk = tmp_path / "gbk_policy.txt"
    gbk.write_bytes("一、总体要求\n加快推进科技成果转化，对技术转移机构给予奖励。\n".encode("gb18030"))
    env = {**os.environ, "RAG_ROOT": str(project)}
    run = lambda *a: subprocess.run([sys.executable, "-m", "rag.cli", *a], env=env, capture_output=True, timeout=300)  # noqa: E731
    out = run("add", str(gbk), "--title", "测试文件", "--no-index")
    assert out.returncode == 0, out.stderr.decode()
    assert "converted from gb18030" in out.stdout.decode()
    stored = (project / "corpus" / "gbk_policy.txt").read_bytes().decode("utf-8")
    assert "加快推进科技成果转化" in stored
    assert json.loads((project / "corpus" / "manifest.json").read_text())["documents"][0]["title"] == "测试文件"
    again = run("add", str(gbk), "--no-index")
    assert again.returncode == 2 and "already in the corpus" in again.stderr.decode()
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    bad = run("add", str(binary), "--no-index")
    assert bad.returncode == 2 and bad.stderr.decode().startswith("rag: ")


def test_ask_with_a_history_file(tmp_path):
    history = tmp_path / "chat.json"
    history.write_text('[{"role": "user", "content": "海淀区的创新基金规模是多少？"}, '
                       '{"role": "assistant", "content": "1000亿"}]', encoding="utf-8")
    out = rag("ask", "那廊坊呢？", "--history", str(history))
    text = out.stdout.decode("utf-8")
    assert out.returncode == 0 and text.startswith("理解为：廊坊") and "200亿" in text
    for content, message in [("{oops", "not JSON"), ('[{"role": "robot", "content": "x"}]', "message 1 needs a role")]:
        history.write_text(content, encoding="utf-8")
        out = rag("ask", "那廊坊呢？", "--history", str(history))
        assert out.returncode == 2 and message in out.stderr.decode("utf-8")
    out = rag("ask", "那廊坊呢？", "--history", str(tmp_path / "missing.json"))
    assert out.returncode == 2 and "No such file" in out.stderr.decode("utf-8")
