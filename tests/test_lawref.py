"""The chunker on real LawRefBook files (../shared/external/lawrefbook; skipped when absent).

Each file is also split by an independent, line-based reference: a `#` line opens a heading
(replacing those of the same or deeper depth), a line starting `第N条 ` opens an article, and
every other non-empty line belongs to the open article. For these files the chunker must give
exactly the same articles, with the same section paths and the same text.
"""

from __future__ import annotations

import csv
import re

import pytest

from evals.lawref import (
    ARTICLE_LINE_RE,
    SUBSETS,
    LawFile,
    article_label,
    article_lines,
    available,
    chunk_file,
    lawref_dir,
    manifest,
    reserved,
)
from rag.chunker import chunk

pytestmark = pytest.mark.skipif(not available(), reason="LawRefBook copy not found in ../shared/external")

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_INVISIBLE = re.compile(r"[\s\u200b\ufeff]")


def reference_articles(text: str) -> list[tuple[list[str], str]]:
    """[(section path, text without white space)] of every line-start article."""
    out: list[tuple[list[str], list[str]]] = []
    stack: list[tuple[int, str]] = []
    current = None
    for line in text.splitlines():
        s = line.strip()
        heading = _HEADING.match(s)
        article = None if heading else ARTICLE_LINE_RE.match(s + " ")
        if heading or article:
            current = None
        if heading:
            depth = len(heading.group(1))
            stack = [*(h for h in stack if h[0] < depth), (depth, heading.group(2).strip())]  # without the marks
        elif article:
            current = ([h[1] for h in stack] + [article.group(1)], [s])
            out.append(current)
        elif current and s:
            current[1].append(s)
    return [(path, _INVISIBLE.sub("", "".join(lines))) for path, lines in out]


def chunker_articles(f) -> list[tuple[list[str], str]]:
    """The chunker's article clauses (the file's own paths: no law title added), parts of a long
    article joined, text without white space."""
    arts: dict[tuple, list[str]] = {}
    for c in chunk(f.doc_id, f.read()):
        if article_label(c):
            arts.setdefault(tuple(c.section_path), []).append(_INVISIBLE.sub("", c.text))
    return [(list(path), "".join(parts)) for path, parts in arts.items()]


@pytest.fixture(scope="module")
def files():
    return {f.path: f for f in manifest("all")}


CASES = {
    # path: what the file exercises
    "行政法/公共图书馆法(2018-10-26).md": "the plain case: H1, history, INFO END, ## 第N章, 55 articles",
    "民法典/合同编.md": "two H1s (code, book), ## 分编, ### 第N章, （一）items inside articles",
    "刑法/刑法.md": "第十七条之一 etc.: inserted articles are articles of their own",
    "行政法/文物保护法(2017-11-04).md": "a history line broken at '第三十一条的决定》' is front matter, not an article",
    "DLC/北京地方法规/地方性法规/北京/北京中轴线文化遗产保护条例(2022-05-25).md": "a contents list of ## 第N章 before the text",
    "司法解释/最高人民法院关于审理买卖合同纠纷案件适用法律问题的解释(2020-12-29).md": "## 一、… sections holding articles",
    "宪法/宪法.md": "## 序言 before ## 第一章",
    "DLC/北京地方法规/地方性法规/北京/北京市信访条例.md": "unmarked short lines do not reset the section path",
    "DLC/北京地方法规/地方性法规/北京/北京市专利保护和促进条例.md": "a Beijing regulation",
    "司法解释/最高人民法院、最高人民检察院关于办理利用信息网络实施诽谤等刑事案件适用法律若干问题的解释(2013-09-06).md":
        "an item mentioning 浏览次数 is text, not a web widget",
}


@pytest.mark.parametrize("path", list(CASES))
def test_one_clause_per_article_with_the_files_own_paths_and_text(files, path):
    f = files[path]
    text = f.read()
    clauses = chunk_file(f)
    for c in clauses:
        assert text[c.start : c.end] == c.text
    assert len({c.clause_id for c in clauses}) == len(clauses)
    labels = list(dict.fromkeys(label for c in clauses if (label := article_label(c))))
    assert labels == article_lines(text), "one article per 第N条 line, in file order"
    assert len(labels) == f.n_articles
    assert chunker_articles(f) == reference_articles(text)


@pytest.mark.parametrize("path", list(CASES))
def test_front_matter_is_not_an_article(files, path):
    f = files[path]
    text = f.read()
    info_end = text.index("<!-- INFO END -->")
    clauses = chunk_file(f)
    assert not [c for c in clauses if article_label(c) and c.start < info_end]
    first = clauses[0]
    assert first.text.startswith("# ") and first.start < info_end, "history stays with the H1"


def test_plain_law_paths(files):
    f = files["行政法/公共图书馆法(2018-10-26).md"]
    clauses = chunk_file(f)
    arts = [c for c in clauses if article_label(c)]
    assert len(arts) == 55
    assert arts[0].section_path == ["中华人民共和国公共图书馆法", "第一章 总则", "第一条"]
    art15 = next(c for c in arts if c.section_path[-1] == "第十五条")
    assert art15.section_path[1] == "第二章 设立"
    assert "（一）" in art15.text and "（三）" in art15.text, "项 stay inside their article"
    assert "2017年11月4日" in clauses[0].text and clauses[0].section_path == ["中华人民共和国公共图书馆法"]


def test_reserved_regulations_are_in_no_subset():
    """The regulations held out for an outside check never reach a corpus, a benchmark or a test case."""
    with (lawref_dir() / "manifest.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    files = [LawFile(i, r["path"], r["collection"], r["region"], r["title"], r["version_date"], False, 0)
             for i, r in enumerate(rows)]
    held = {f.path for f in files if reserved(f)}
    titles = {f.title for f in files if f.path in held}
    assert "中华人民共和国促进科技成果转化法" in titles or "促进科技成果转化法" in titles
    assert {"北京市促进科技成果转化条例", "上海市促进科技成果转化条例", "浙江省促进科技成果转化条例"} <= titles
    assert not [f for f in files if f.path in held and f.region not in ("北京", "上海", "浙江")
                and "促进科技成果转化法" not in f.title], "other regions' regulations stay usable"
    for subset in SUBSETS:
        assert not held & {f.path for f in manifest(subset)}, subset
    assert not held & set(CASES)


def test_civil_code_book_paths(files):
    arts = [c for c in chunk_file(files["民法典/合同编.md"]) if article_label(c)]
    art470 = next(c for c in arts if c.section_path[-1] == "第四百七十条")
    assert art470.section_path[:2] == ["中华人民共和国民法典", "合同编"]
    assert [p.split()[0] for p in art470.section_path[2:]] == ["第一分编", "第二章", "第四百七十条"]
    assert "（八）解决争议的方法。" in art470.text


def test_inserted_articles(files):
    arts = [c for c in chunk_file(files["刑法/刑法.md"]) if article_label(c) and c.part <= 1]
    labels = [c.section_path[-1] for c in arts]
    i = labels.index("第十七条")
    assert labels[i : i + 3] == ["第十七条", "第十七条之一", "第十八条"]
    assert arts[i + 1].text.startswith("第十七条之一 已满七十五周岁的人故意犯罪的")
    assert arts[i + 1].clause_id.endswith("art17-1")


def test_articles_run_together_on_one_line_are_split(files):
    f = files["行政法规/飞行基本规则(2007-10-18).md"]
    arts = [c for c in chunk_file(f) if article_label(c) and c.part <= 1]
    numbers = [c.clause_id.rsplit(".art", 1)[1] for c in arts]
    assert numbers == [str(n) for n in range(1, len(arts) + 1)] and len(arts) > 100
    assert all(c.text.startswith(c.section_path[-1]) for c in arts)


def test_subsets_by_legal_rank():
    from evals.lawref import manifest

    laws, statutes, national = (manifest(s) for s in ("laws", "statutes", "national"))
    assert {f.path for f in laws} < {f.path for f in statutes} < {f.path for f in national}
    assert not {f.collection for f in laws} & {"司法解释", "行政法规", "部门规章", "案例"}
    assert "司法解释" in {f.collection for f in statutes} and "行政法规" not in {f.collection for f in statutes}
    assert any(f.path == "民法典/合同编.md" for f in laws)


def test_a_hyphenated_chemical_name_is_not_a_page_number(files):
    f = files["司法解释/最高人民法院关于审理毒品犯罪案件适用法律若干问题的解释(2016-04-06).md"]
    text = "".join(c.text for c in chunk_file(f))
    assert "3-氧-2-苯基丁腈" in text and "1-苯基-2-丙酮" in text


def test_a_section_quoted_by_an_amendment_is_not_a_heading(files):
    clauses = chunk_file(files["宪法/宪法修正案（2018年）.md"])
    assert not any("第七节" in p for c in clauses for p in c.section_path)
    art52 = next(c for c in clauses if c.section_path[-1] == "第五十二条")
    assert "第七节 监察委员会" in art52.text
