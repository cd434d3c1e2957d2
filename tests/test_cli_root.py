"""The CLI from anywhere (--root, RAG_ROOT), its messages while a build runs, and its output in a log
file: one line per stage instead of a progress bar."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from rag.cli import main
from rag.config import Settings
from rag.index import LOCK_NAME, IndexMissing, load_index
from rag.locks import folder_lock, is_held
from rag.logs import CHATTY, quiet_libraries

NOTICE = "某某市科技创新若干措施\n一、对新认定的孵化器给予一次性奖励50万元。\n二、本措施自发布之日起施行。\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "notice.txt").write_text(NOTICE, encoding="utf-8")
    return tmp_path


def test_root_option_and_stage_lines_in_a_log(root, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")  # no corpus/ above it: only --root finds the project
    done = subprocess.run([sys.executable, "-m", "rag.cli", "--root", str(root), "index"], cwd=elsewhere,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "indexed 1 documents" in done.stdout and (root / "index").is_dir()
    lines = done.stderr.splitlines()
    assert any(line.startswith("rag: embed: ") and "clauses" in line for line in lines), done.stderr
    assert any(line.startswith("rag: embed: done in") for line in lines), done.stderr
    assert "%|" not in done.stderr and "\r" not in done.stderr  # no progress bar in a log file
    assert "Could not load library" not in done.stderr and "bm25s" not in done.stderr
    env_run = subprocess.run([sys.executable, "-m", "rag.cli", "docs"], cwd=elsewhere, capture_output=True, text=True,
                             timeout=120, env={"RAG_ROOT": str(root), "PATH": "/usr/bin:/bin", "HOME": str(root)})
    assert env_run.returncode == 0 and "notice" in env_run.stdout, env_run.stderr


def test_a_missing_root_is_one_line(capsys):
    assert main(["--root", "/no/such/folder", "docs"]) == 2
    assert "--root /no/such/folder: no such folder" in capsys.readouterr().err


def test_while_a_build_runs_the_advice_is_to_wait(root):
    settings = Settings(root=root)
    index_dir = settings.resolved_index_dir()
    with pytest.raises(IndexMissing, match="run `rag index`"):
        load_index(settings)
    with folder_lock(index_dir, LOCK_NAME):  # as a server re-indexing holds it
        assert is_held(index_dir, LOCK_NAME)
        with pytest.raises(IndexMissing, match="a build is running now"):
            load_index(settings)
    assert not is_held(index_dir, LOCK_NAME)


def test_library_chatter_is_raised_to_warning():
    quiet_libraries()
    assert not any(logging.getLogger(name).isEnabledFor(logging.INFO) for name in CHATTY)
    assert logging.getLogger("rag.api").getEffectiveLevel() <= logging.WARNING  # ours stay as configured


def test_each_gold_file_has_its_own_report_name():
    from rag.cli import _report_stem

    names = [_report_stem(Path(p)) for p in ("evals/gold.jsonl", "evals/devdocs3/gold.jsonl", "evals/blind.jsonl",
                                              "evals/devdocs/gold2.jsonl", "evals/devdocs4/gold2.jsonl")]
    assert names == ["eval", "eval-devdocs3", "eval-blind", "eval-devdocs-gold2", "eval-devdocs4-gold2"]
