"""The full-document view (ui.viewer) and the source cards' links to it, on hand-built documents."""

from __future__ import annotations

from urllib.parse import unquote

from rag.models import Answer, Citation, Clause, Document
from ui import render
from ui.viewer import document_html, view

SCRIPT = "<script>window.__pwned=1</script>"
TEXT = f"某某办法{SCRIPT}\n一、总则。\n二、对孵化器给予50万元奖励。\n三、附则。\n"
START = TEXT.index("二、")
END = TEXT.index("三、")
DOC = Document(doc_id="d1", title=f"某某办法{SCRIPT}", path="corpus/d1.pdf", text=TEXT, issuer="某某市科技局",
               number="某科发〔2020〕1号", date="2020-05-01", pages=[0, TEXT.index("二、"), TEXT.index("三、")])
CLAUSE = Clause(clause_id="d1:C2", doc_id="d1", section_path=["二、对孵化器给予50万元奖励。"], text=TEXT[START:END],
                start=START, end=END, page=2)


class Source:
    def document(self, doc_id: str) -> Document:
        if doc_id != "d1":
            raise KeyError(doc_id)
        return DOC

    def clause(self, clause_id: str) -> Clause:
        if clause_id != CLAUSE.clause_id:
            raise KeyError(clause_id)
        return CLAUSE


def test_the_clause_is_highlighted_at_its_offsets_and_everything_is_escaped():
    html = document_html(DOC, CLAUSE)
    assert SCRIPT not in html and "&lt;script&gt;" in html
    focus = html[html.index('<mark id="clause-focus"'):html.index("</mark>")]
    assert "二、对孵化器给予50万元奖励。" in focus and "一、总则" not in focus and "三、附则" not in focus
    assert html.count("<mark") == 1
    assert "p. 2" in html[:html.index('<div class="doc-text">')]  # the clause's page, in the header
    assert "某科发〔2020〕1号" in html and "3 pages" in html


def test_page_marks_fall_where_pages_begin_and_the_text_is_kept_whole():
    html = document_html(DOC)
    assert "<mark" not in html
    assert html.count('class="doc-page"') == 2  # pages 2 and 3 begin inside the text; page 1 at its start
    assert html.index("— p. 2 —") < html.index("二、对孵化器") < html.index("— p. 3 —") < html.index("三、附则")
    import re
    shown = re.sub(r'<span class="doc-page">[^<]*</span>', "", html.split('<div class="doc-text">', 1)[1])
    assert render.esc(TEXT) in shown


def test_a_clause_of_another_document_or_out_of_range_is_not_highlighted():
    other = CLAUSE.model_copy(update={"doc_id": "d2"})
    assert "<mark" not in document_html(DOC, other)
    beyond = CLAUSE.model_copy(update={"end": len(TEXT) + 5})
    assert "<mark" not in document_html(DOC, beyond)


def test_view_by_clause_by_document_and_for_stale_links():
    doc_id, html = view(Source(), None, "d1:C2")
    assert doc_id == "d1" and 'id="clause-focus"' in html
    assert view(Source(), "d1")[0] == "d1"
    gone, message = view(Source(), None, "d1:C9")
    assert gone is None and "not in the current index" in message
    assert view(Source(), "nope")[0] is None
    assert view(Source(), None)[0] is None


def test_every_source_card_links_to_its_clause_in_the_document_view():
    citation = Citation(n=1, clause_id="d1:C2", doc_id="d1", doc_title=DOC.title, section_path=CLAUSE.section_path,
                        quote="50万元", start=TEXT.index("50万元"), end=TEXT.index("50万元") + 5)
    answer = Answer(question="奖励多少", answer="50万元[1]", answered=True, citations=[citation])
    html = render.sources_html(answer, Source(), 1)
    link = html[html.index('<a class="src-open"'):]
    href = link.split('href="', 1)[1].split('"', 1)[0]
    assert href.startswith("?clause=") and unquote(href.removeprefix("?clause=")) == "d1:C2"
    assert 'target="_blank"' in link
