"""The full-document view: a document's whole text with one clause highlighted, reached from every
source card ("Open in document") or picked from a list. Pure functions, so escaping and the
highlight are unit-testable; the text shown is the indexed text itself (what citations' offsets
refer to), with page marks for documents that have pages."""

from __future__ import annotations

from rag.loaders import page_at
from rag.models import Clause, Document

from .render import FOCUS_ID, Source, esc


def _record(doc: Document) -> str:
    parts = [doc.issuer, doc.number, doc.date, f"{len(doc.pages)} pages" if doc.pages else None,
             "uploaded, not official · 上传文件，非官方" if doc.tier == "uploaded" else None]
    return " · ".join(esc(p) for p in parts if p)


def _with_pages(text: str, lo: int, pages: list[int]) -> str:
    """Escaped text from offset lo, a page mark before each page that begins inside it."""
    out, pos = [], lo
    for n, start in enumerate(pages, 1):
        if lo < start < lo + len(text):
            out.append(esc(text[pos - lo:start - lo]))
            out.append(f'<span class="doc-page">— p. {n} —</span>')
            pos = start
    out.append(esc(text[pos - lo:]))
    return "".join(out)


def document_html(doc: Document, clause: Clause | None = None) -> str:
    """The document's text, the clause (if given, and of this document) in <mark id="clause-focus">."""
    text = doc.text
    head = (f'<div class="doc-head"><div class="doc-title">{esc(doc.title)}</div>'
            f'<div class="doc-record">{_record(doc)}</div>')
    if clause is not None and clause.doc_id == doc.doc_id and 0 <= clause.start <= clause.end <= len(text):
        page = page_at(doc.pages, clause.start)
        where = " &gt; ".join(esc(s) for s in clause.section_path) or esc(clause.clause_id)
        head += (f'<div class="doc-where">Highlighted · 所引条款: {f"p. {page} · " if page else ""}{where} '
                 f'<a href="#{FOCUS_ID}">↓</a></div></div>')
        body = (_with_pages(text[:clause.start], 0, doc.pages)
                + f'<mark id="{FOCUS_ID}" class="doc-focus">{_with_pages(text[clause.start:clause.end], clause.start, doc.pages)}</mark>'
                + _with_pages(text[clause.end:], clause.end, doc.pages))
    else:
        head += "</div>"
        body = _with_pages(text, 0, doc.pages)
    return f'<div class="doc-view">{head}<div class="doc-text">{body}</div></div>'


def view(source: Source, doc_id: str | None, clause_id: str | None = None) -> tuple[str | None, str]:
    """(doc_id shown, HTML) for a clause id (its document, the clause highlighted) or a doc_id; a
    message instead when neither is known (an old link after the document was removed)."""
    clause = None
    if clause_id:
        try:
            clause = source.clause(clause_id)
        except Exception:  # removed or re-chunked since the link was made
            return None, _message(f"The clause {clause_id} is not in the current index (the document may have "
                                  "been removed or changed). 该条款已不在索引中。")
        doc_id = clause.doc_id
    if not doc_id:
        return None, _message("Pick a document above, or open one from a source card. 请选择文件。")
    try:
        doc = source.document(doc_id)
    except Exception:
        return None, _message(f"No document {doc_id} in the current index. 没有该文件。")
    return doc_id, document_html(doc, clause)


def _message(text: str) -> str:
    return f'<div class="doc-view doc-missing">{esc(text)}</div>'
