"""PDF, Word and scanned documents (rag.loaders) on files the tests make: text in reading order, running
headers, footers and page numbers gone, wrapped lines joined, tables as rows, Word's own numbering
written out, pages in citations, and damaged or hostile files refused before anything is written."""

from __future__ import annotations

import io
import sys
import time
import zipfile

import pytest
from fastapi.testclient import TestClient

from rag.api.app import create_app
from rag.assistant import Assistant
from rag.config import Settings
from rag.corpus import load_corpus
from rag.index import build_index
from rag.loaders import LoaderError, extract, page_at
from rag.loaders.docx import chinese_number
from rag.loaders.layout import assemble

from .samples import TABLE, make_docx, make_pdf, scanned_image, scanned_pdf

# -- layout rules --------------------------------------------------------------------------


def test_running_lines_and_page_numbers_go_and_wrapped_lines_join():
    pages = [["市科技局文件", "一、对企业给予补助的标准为研发投入", "的10%。", "第1页"],
             ["市科技局文件", "二、本办法自发布之日起施行。", "第2页"]]
    found = assemble(pages)
    assert found.text == "一、对企业给予补助的标准为研发投入的10%。\n二、本办法自发布之日起施行。\n"
    assert [page_at(found.pages, found.text.index(s)) for s in ("一、", "二、")] == [1, 2]
    # a clause marker never joins the line before it, a short title is not a wrapped sentence
    assert assemble([["某某通知", "一、总体要求", "（一）目标"]]).text == "某某通知\n一、总体要求\n（一）目标\n"
    assert assemble([["一、对企业给予补助的标准为研发投入", "的10%。"]], join=False).text.count("\n") == 2


def test_chinese_numbers_as_word_draws_them():
    assert [chinese_number(n) for n in (1, 10, 12, 20, 35, 105)] == ["一", "十", "十二", "二十", "三十五", "一百零五"]


# -- formats -------------------------------------------------------------------------------


def test_pdf_text_in_order_without_furniture_with_pages_and_table_rows():
    found = extract(".pdf", make_pdf(table=TABLE))
    text = found.text
    assert "某某市科学技术局文件" not in text and "- 2 -" not in text
    assert "一、对新认定的高新技术企业给予一次性奖励20万元。" in text  # joined across the wrap
    assert "单个企业每年最高补助375万元。" in text
    assert "孵化器 | 50万元" in text and "众创空间 | 20万元" in text
    assert text.index("三、") < text.index("孵化器") < text.index("四、")
    assert [page_at(found.pages, text.index(s)) for s in ("一、", "三、", "孵化器", "四、")] == [1, 2, 2, 3]


def test_docx_paragraphs_numbering_and_tables():
    text = extract(".docx", make_docx()).text
    assert text.splitlines() == [
        "某某区促进科技创新若干措施", "一、支持企业研发", "（一）对研发投入给予最高200万元补助。",
        "（二）对新认定的创新平台给予奖励。", "二、支持人才引进", "（一）对高层次人才给予安家补贴。",
        "平台 | 奖励", "重点实验室 | 100万元", "本措施自印发之日起施行。"]


def test_a_scanned_pdf_and_a_photo_are_read_by_ocr():
    pytest.importorskip("rapidocr_onnxruntime")
    lines = ["一、对新认定的孵化器给予一次性奖励50万元。", "二、本办法自发布之日起施行。"]
    image = scanned_image(lines)
    scan = io.BytesIO()
    image.save(scan, "PDF", resolution=150)
    t0 = time.perf_counter()
    found = extract(".pdf", scan.getvalue())
    print(f"OCR of one scanned page: {time.perf_counter() - t0:.1f} s")
    assert found.text.splitlines() == lines and found.ocr_pages == [1] and found.pages == [0]
    photo = io.BytesIO()
    image.save(photo, "PNG")
    assert extract(".png", photo.getvalue()).text.splitlines() == lines


def test_without_the_ocr_extra_a_scan_is_refused_naming_it(monkeypatch):
    from rag.loaders import ocr

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as if not installed
    ocr._engine.cache_clear()
    try:
        with pytest.raises(LoaderError, match=r"policy-rag\[ocr\]"):
            ocr.ocr_pdf_pages(make_pdf(), [1])
    finally:
        ocr._engine.cache_clear()


def _zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * 30_000_000)
    return buf.getvalue()


@pytest.mark.parametrize(("suffix", "data", "message"), [
    (".pdf", b"MZ\x90\x00" + b"\x00" * 200, "not a PDF"),
    (".pdf", make_pdf()[:400], "cannot be read"),
    (".pdf", make_pdf(encrypt="secret"), "encrypted"),
    (".docx", b"PK\x03\x04 broken", "damaged"),
    (".docx", _zip_bomb(), "zip bomb"),
    (".png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "cannot be read"),
    (".jpg", b"%PDF-1.4", "not a JPEG"),
])
def test_damaged_mislabelled_and_hostile_files_are_refused(suffix, data, message):
    with pytest.raises(LoaderError, match=message):
        extract(suffix, data)


# -- in the corpus, the index and the API --------------------------------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("formats")
    (root / "corpus").mkdir()
    (root / "corpus" / "notice.pdf").write_bytes(make_pdf(table=TABLE))
    settings = Settings(root=root, allow_uploads=True)
    build_index(settings)
    return settings


def test_a_pdf_in_the_corpus_is_read_once_and_its_quotes_are_its_extracted_text(project):
    corpus = project.resolved_corpus_dir()
    [doc] = load_corpus(corpus, project.root)
    derived = corpus / ".derived" / "notice.pdf.txt"
    assert doc.path.endswith(".derived/notice.pdf.txt") and doc.source == "notice.pdf" and doc.pages[0] == 0
    assert derived.read_text(encoding="utf-8") == doc.text
    stamp = derived.stat().st_mtime_ns
    load_corpus(corpus, project.root)
    assert derived.stat().st_mtime_ns == stamp  # the record says the source is unchanged: not extracted again


def test_answers_cite_the_page_of_a_pdf(project):
    assistant = Assistant.open(project)
    answer = assistant.ask("对新认定的市级工程技术研究中心奖励多少?")
    assert answer.answered and "10万元" in answer.answer
    cited = answer.citations[0]
    assert cited.page == 2 and assistant.document(cited.doc_id).text[cited.start:cited.end] == cited.quote
    assert any(h.page == 2 for h in answer.hits)


def test_pdf_docx_and_scan_uploads_through_the_api_are_answered_with_pages_and_can_be_deleted(project):
    pytest.importorskip("rapidocr_onnxruntime")
    scan = scanned_pdf(["深海探测装备首台套保险补偿办法", "一、对首台套深海探测装备给予保费百分之八十的补偿。"])
    settings = project  # (uploads allowed)
    assistant = Assistant.open(settings)
    with TestClient(create_app(settings, assistant, ui=False), raise_server_exceptions=False) as client:
        for name, data in (("measures.docx", make_docx()), ("copy.pdf", make_pdf()), ("deep-sea.pdf", scan)):
            r = client.post("/v1/documents", files={"file": (name, data, "application/octet-stream")})
            assert r.status_code == 202, r.text
            assert (settings.resolved_corpus_dir() / name).read_bytes() == data  # the original is kept
        bad = client.post("/v1/documents", files={"file": ("fake.pdf", b"MZ" + b"\0" * 100, "application/pdf")})
        assert bad.status_code == 422 and "not a PDF" in bad.json()["error"]["message"]
        assert not (settings.resolved_corpus_dir() / "fake.pdf").exists()
        assert assistant.keeper.wait_for_index(180)
        answer = client.post("/v1/ask", json={"question": "对高层次人才给予什么补贴?"}).json()
        cited = next(c for c in answer["citations"] if "安家补贴" in c["quote"])
        assert cited["doc_id"] == "measures" and cited["page"] is None  # a .docx has no pages
        pdf = client.post("/v1/ask", json={"question": "对新认定的市级工程技术研究中心奖励多少?"}).json()
        assert {c["page"] for c in pdf["citations"]} == {2}
        scanned = client.post("/v1/ask", json={"question": "首台套深海探测装备的保费补偿比例是多少?"}).json()
        assert scanned["answered"], scanned["answer"]
        cited = next(c for c in scanned["citations"] if c["doc_id"] == "deep-sea")
        assert "百分之八十" in cited["quote"] and cited["page"] == 1
        for doc_id in ("measures", "copy", "deep-sea"):
            assert client.delete(f"/v1/documents/{doc_id}").status_code == 202
        assert assistant.keeper.wait_for_index(180)
        listed = {d["doc_id"] for d in client.get("/v1/documents").json()}
        assert not listed & {"measures", "copy", "deep-sea"} and listed
        gone = client.post("/v1/ask", json={"question": "首台套深海探测装备的保费补偿比例是多少?"}).json()
        assert all(c["doc_id"] != "deep-sea" for c in gone["citations"])


def test_the_sources_panel_shows_the_page_of_a_quote():
    from rag.models import Answer, Citation
    from ui import render

    def cite(page):
        return Citation(n=1, clause_id="n#3", doc_id="n", doc_title="通知", section_path=["三、奖励"], quote="奖励10万元",
                        start=0, end=6, page=page)

    class Quotes:  # the clause is looked up for the card; without it the quotes alone are shown
        def clause(self, clause_id):
            raise KeyError(clause_id)

        def document(self, doc_id):
            raise KeyError(doc_id)

    paged = render.sources_html(Answer(question="q", answer="奖励10万元[1]", answered=True, citations=[cite(2)]),
                                Quotes(), 1)
    assert '<span class="src-page">p. 2</span> · 三、奖励' in paged
    plain = render.sources_html(Answer(question="q", answer="奖励10万元[1]", answered=True, citations=[cite(None)]),
                                Quotes(), 1)
    assert "src-page" not in plain
