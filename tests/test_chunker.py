"""The clause chunker on the real corpus, and on generated documents."""

from __future__ import annotations

import itertools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.chunker import chunk, cn_to_int
from rag.furniture import find_furniture
from rag.normalize import to_simplified

from .conftest import doc_by_file

FURNITURE_STRINGS = [
    "保护视力色", "打印本页", "关闭本页", "Produced By", "浏览次数", "企业服务 >>",
    "相關詞條", "熱門詞條", "聯絡我們", "方案全文,內容解讀,",
    "内容来源", "内容编辑", "续前节", "发布时间:2016-10-01",
    "斯坦福大学鲍哲南教授", "2019-06-03", "-10-",
]
FALSE_HEADINGS = ["2.6万亿元", "1.2万家", "2.3万件", "(2016—2035)", "〔2016〕50號", "3×100", "(G20)", "PM2.5", "3—5项",
                  "3-4个", "1-2个", "5G", "(2016—2018年)", "〔2016〕29号"]


def test_offsets_round_trip_for_every_clause(docs, clauses):
    for doc_id, cs in clauses.items():
        text = docs[doc_id].text
        assert cs, doc_id
        for c in cs:
            assert text[c.start : c.end] == c.text, c.clause_id
            assert c.text == c.text.strip(), c.clause_id


def test_clauses_are_ordered_and_never_overlap(clauses):
    for cs in clauses.values():
        for a, b in itertools.pairwise(cs):
            assert a.end <= b.start, (a.clause_id, b.clause_id)


def test_every_character_outside_furniture_is_in_exactly_one_clause(docs, clauses):
    for doc_id, cs in clauses.items():
        text = docs[doc_id].text
        owner = [0] * len(text)
        for c in cs:
            for i in range(c.start, c.end):
                owner[i] += 1
        furniture = [False] * len(text)
        for f in find_furniture(text):
            for i in range(f.start, f.end):
                furniture[i] = True
        for i, ch in enumerate(text):
            if ch.isspace() or ch == "\ufeff":
                continue
            expected = 0 if furniture[i] else 1
            assert owner[i] == expected, (doc_id, i, text[max(0, i - 10) : i + 10])


def test_clause_ids_are_unique_and_stable(docs, clauses):
    all_ids = [c.clause_id for cs in clauses.values() for c in cs]
    assert len(all_ids) == len(set(all_ids))
    for doc_id, d in docs.items():
        again = chunk(doc_id, d.text)
        assert [c.clause_id for c in again] == [c.clause_id for c in clauses[doc_id]]
        assert all(c.clause_id.startswith(doc_id + ":") for c in again)


def test_002_has_the_36_key_tasks_with_their_paths(docs, clauses):
    doc = doc_by_file(docs, "002_")
    numbered = {}
    for c in clauses[doc.doc_id]:
        m = re.match(r"(\d+)\.", c.section_path[-1]) if c.section_path else None
        if m and c.part <= 1 and to_simplified(c.section_path[0]) == "四、重点任务":
            numbered[int(m.group(1))] = c
    assert sorted(numbered) == list(range(1, 37))
    ten = numbered[10]
    assert [to_simplified(s) for s in ten.section_path] == [
        "四、重点任务", "(三)激发科技人员科技成果转移转化动力", "10.健全科技成果转移转化激励机制",
    ]
    assert "70%及以上比例" in ten.text
    assert all(len(c.section_path) == 3 for c in numbered.values())


def test_003_inline_measures_1_to_10(docs, clauses):
    doc = doc_by_file(docs, "003_")
    measures = [c for c in clauses[doc.doc_id] if len(c.section_path) == 2 and c.part <= 1]
    assert [c.section_path[0] for c in measures] == ["二、重点措施"] * 10
    titles = [c.section_path[1] for c in measures]
    assert [int(t.split(".")[0]) for t in titles] == list(range(1, 11))
    assert titles[0] == "1.实施原始创新能力跃升计划"
    assert titles[2] == "3.实施创新型企业“3×100”计划"
    # the responsibility line glued to the next number stays with its own measure
    assert measures[0].text.endswith("中海投、海国投")
    heads = [c.section_path for c in clauses[doc.doc_id] if len(c.section_path) == 1]
    assert {p[0] for p in heads} == {"一、总体目标", "二、重点措施"}


def test_001_boxes_5_to_10(docs, clauses):
    doc = doc_by_file(docs, "001_")
    boxes = sorted({int(re.match(r"专栏(\d+)", c.section_path[-1]).group(1))
                    for c in clauses[doc.doc_id] if c.section_path and c.section_path[-1].startswith("专栏")})
    assert boxes == [5, 6, 7, 8, 9, 10]


def test_false_positive_numbers_never_start_a_clause(docs, clauses):
    for doc_id, cs in clauses.items():
        text = docs[doc_id].text
        starts = {c.start for c in cs if c.part <= 1}
        for s in FALSE_HEADINGS:
            for m in re.finditer(re.escape(s), text):
                for pos in range(m.start(), m.end()):
                    assert pos not in starts, (doc_id, s)


def test_no_furniture_in_any_clause(clauses):
    for cs in clauses.values():
        for c in cs:
            for s in FURNITURE_STRINGS:
                assert s not in c.text, (c.clause_id, s)


def test_furniture_rules_fire_on_each_page_type(docs):
    rules = {doc_id: {f.rule for f in find_furniture(d.text)} for doc_id, d in docs.items()}
    found = set().union(*rules.values())
    assert {"nav", "widget", "footer", "credit", "pagemeta", "continued", "related", "toc", "pagenum"} <= found


def test_long_clauses_split_into_parts_with_the_same_path(docs):
    doc = doc_by_file(docs, "003_")
    cs = chunk(doc.doc_id, doc.text, max_chars=200)
    assert max(len(c.text) for c in cs) <= 250
    parts = [c for c in cs if c.part]
    assert parts and all(c.section_path for c in parts if c.clause_id.split(":")[1] != "preamble")
    by_path = {}
    for c in parts:
        by_path.setdefault((tuple(c.section_path), c.clause_id.split("@")[0]), []).append(c.part)
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in by_path.values())


def test_law_markdown_keeps_items_inside_articles():
    md = (
        "# 中华人民共和国公共图书馆法\n\n## 第一章 总则\n\n第一条 为了促进公共图书馆事业发展，制定本法。\n\n"
        "第二条 本法所称文献信息，包括：\n（一）图书报刊和音像制品；\n（二）具有保存价值的数字资源。\n\n"
        "## 第二章 组织实施\n\n第三条 依照本法第二条的规定实施。\n"
    )
    cs = chunk("law", md)
    paths = [c.section_path for c in cs]
    assert ["中华人民共和国公共图书馆法", "第一章 总则", "第一条"] in paths  # no Markdown "#" marks
    art2 = next(c for c in cs if c.section_path[-1] == "第二条")
    assert "（二）具有保存价值的数字资源。" in art2.text
    assert any(p[-1] == "第三条" and p[-2] == "第二章 组织实施" for p in paths)
    assert not any(p[-1].startswith("第二条的") for p in paths)


def test_cn_numerals():
    assert [cn_to_int(s) for s in ["一", "十", "十二", "二十", "三十六", "一百零五"]] == [1, 10, 12, 20, 36, 105]


# --- generated documents ----------------------------------------------------

CN = "一二三四五六七八九十"
WORDS = ["加强", "科技", "创新", "成果", "转化", "平台", "建设", "人才", "政策", "机制", "服务", "企业", "推进", "完善"]
DISTRACTORS = ["增加值2.6万亿元", "(2016—2035)", "按第(三)项办理", "形成3—5项标准", "建设5G网络", "实施“3×100”计划",
               "生物医药(G20)工程", "京政办发〔2016〕50号", "1-2个基地", "PM2.5治理"]
KINDS = [
    lambda n: f"{CN[n - 1]}、",
    lambda n: f"({CN[n - 1]})",
    lambda n: f"{n}.",
    lambda n: f"({n})",
]

words = st.lists(st.sampled_from(WORDS), min_size=2, max_size=5).map("".join)
body = st.lists(st.one_of(words, st.sampled_from(DISTRACTORS)), min_size=1, max_size=4).map(lambda xs: ",".join(xs) + "。")


@st.composite
def tree(draw, depth=0):
    if depth >= len(KINDS):
        return []
    n = draw(st.integers(min_value=0 if depth else 1, max_value=4))
    return [(draw(words), draw(body), draw(tree(depth + 1))) for _ in range(n)]


def render(nodes, newlines: bool):
    out, expected = [], []

    def walk(ns, depth, path):
        for i, (title, text, kids) in enumerate(ns, start=1):
            heading = KINDS[depth](i) + title
            expected.append([*path, heading])
            out.append(heading + "。" + text + ("\n" if newlines else ""))
            walk(kids, depth + 1, [*path, heading])

    walk(nodes, 0, [])
    return "前言" + ",".join(WORDS[:3]) + "。" + ("\n" if newlines else "") + "".join(out), expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nodes=tree(), newlines=st.booleans())
def test_generated_documents_recover_their_tree(nodes, newlines):
    text, expected = render(nodes, newlines)
    cs = chunk("gen", text, max_chars=10_000)
    for c in cs:
        assert text[c.start : c.end] == c.text
    assert cs[0].clause_id == "gen:preamble"
    assert [c.section_path for c in cs[1:]] == expected


# --- notices whose items are one sentence each (issue #14 item 6) ----------------------------

AMOUNTS = st.integers(min_value=1, max_value=999)
SUBJECTS = ["技术转移机构", "新认定的高新技术企业", "孵化器", "众创空间", "技术合同登记机构", "研发平台"]


@st.composite
def one_sentence_items(draw):
    n = draw(st.integers(min_value=1, max_value=8))
    marker = draw(st.sampled_from(KINDS[1:]))  # (一) / 1. / (1): the forms a notice's items take
    items = []
    for i in range(1, n + 1):
        subject, share, cap = draw(st.sampled_from(SUBJECTS)), draw(st.integers(1, 30)), draw(AMOUNTS)
        sentence = f"对{subject}按技术合同成交额的{share}%给予补助，单个企业每年最高补助{cap}万元。"
        lead = draw(st.booleans())  # some items open with a short lead phrase of their own
        items.append((marker(i), f"{draw(words)}。" if lead else "", sentence, f"{cap}万元"))
    return items


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=one_sentence_items())
def test_one_sentence_items_are_clauses_whose_text_holds_their_figures(items):
    text = "某市科学技术局关于印发若干措施的通知\n各区科技主管部门：\n" + "".join(
        f"{number}{lead}{sentence}\n" for number, lead, sentence, _ in items)
    cs = chunk("n", text)
    clauses = [c for c in cs if c.clause_id != "n:preamble"]
    assert len(clauses) == len(items)
    for c, (number, lead, sentence, cap) in zip(clauses, items, strict=True):
        assert c.text.strip() not in ("。", "") and sentence in c.text and cap in c.text
        heading = c.section_path[-1]
        assert heading == number + lead.rstrip("。")  # the number, or the item's own short lead phrase


def test_a_markup_comment_line_is_furniture_and_in_no_clause():
    """A regulation copied with a header closed by a markup comment (as every LawRefBook copy is): the
    comment is never a clause's text; the header's dates and the articles keep their offsets."""
    text = ("# 某某条例\n\n2001年5月1日 某某令第9号公布\n\n<!-- HEADER END -->\n\n"
            "第一条 为了测试，制定本条例。\n\n第二条 本条例自2001年7月1日起施行。\n")
    spans = find_furniture(text)
    assert [(s.rule, s.text) for s in spans] == [("comment", "<!-- HEADER END -->")]
    clauses = chunk("t", text, 600)
    assert not any("<!--" in c.text or "-->" in c.text for c in clauses)
    assert any("2001年5月1日" in c.text for c in clauses)
    for c in clauses:
        assert text[c.start:c.end] == c.text
    # a comment inside a sentence is the sentence's (only a line that is nothing but a comment goes)
    assert find_furniture("第一条 正文<!-- 注 -->继续。\n") == []
