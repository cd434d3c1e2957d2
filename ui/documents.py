"""The Documents tab: the library as a table, uploads (drag and drop; the status says when the document
is searchable) and removal with a confirmation step. Writes need what the API's write routes need: an
API key on the server (the UI then asks for a login) or RAG_ALLOW_UPLOADS=1."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import gradio as gr

from rag.assistant import Assistant
from rag.errors import NotReady, RagError
from rag.filters import doc_type
from rag.ingest import ACCEPTED_SUFFIXES, prepare_upload
from rag.keeper import IndexKeeper

log = logging.getLogger("rag.ui")
HEADERS = ["doc_id", "title", "issuer", "number", "date", "type", "tier", "clauses"]
INDEX_WAIT_S = 600


def rows(assistant: Assistant) -> list[list[object]]:
    index = assistant.index
    counts = Counter(c.doc_id for c in index.clauses)
    return [[d.doc_id, d.title, d.issuer or "", d.number or "", d.date or "", doc_type(d.title) or "", d.tier,
             counts[d.doc_id]] for d in index.documents.values()]


def _writable(assistant: Assistant) -> str | None:
    s = assistant.settings
    if s.api_key or s.allow_uploads:
        return None
    return ("Changes are off on this server: start it with an API key (RAG_API_KEY) or RAG_ALLOW_UPLOADS=1. "
            "此服务器未开放上传和删除。")


def documents_tab(get: Callable[[], Assistant]) -> tuple[gr.Dataframe, Callable]:
    """The tab's components and events (call inside a gr.Tab of the Blocks); returns the table and the
    function that fills it, for the page-load event."""

    def table():
        try:
            return gr.update(value=rows(get()))
        except NotReady:
            return gr.update(value=[])

    def wait_searchable(keeper: IndexKeeper) -> str:
        if not keeper.wait_for_index(INDEX_WAIT_S):
            return "still indexing; the table updates when you reload it"
        error = keeper.status().get("last_error")
        return f"indexing failed: {error}" if error else "searchable"

    def upload(path: str | None) -> Iterator[tuple]:
        if not path:
            yield gr.update(), gr.update(), gr.update()
            return
        assistant = get()
        refusal = _writable(assistant)
        if refusal:
            yield refusal, gr.update(), None
            return
        name = Path(path).name
        try:
            prepared = prepare_upload(name, Path(path).read_bytes(), assistant.settings)
            added = assistant.keeper.add_document(prepared)
        except RagError as e:
            yield f"{name}: {e.message}", gr.update(), None
            return
        yield f"{name} added as {added['doc_id']}; indexing… 正在建立索引", gr.update(), gr.update()
        # the file box is emptied for the next upload
        yield f"{name} ({added['doc_id']}): {wait_searchable(assistant.keeper)}", table(), None

    def ask_confirm(doc_id: str):
        doc_id = (doc_id or "").strip()
        if not doc_id:
            return "Type the id of the document to remove.", gr.update(visible=False)
        return (f"Remove {doc_id}? It moves to corpus/.trash/ and leaves the answers once re-indexed. "
                "Press Confirm. 确认删除？"), gr.update(visible=True)

    def remove(doc_id: str) -> Iterator[tuple]:
        assistant = get()
        refusal = _writable(assistant)
        if refusal:
            yield refusal, gr.update(visible=False), gr.update()
            return
        try:
            removed = assistant.keeper.remove_document((doc_id or "").strip())
        except RagError as e:
            yield e.message, gr.update(visible=False), gr.update()
            return
        yield f"removed {removed['doc_id']}; re-indexing…", gr.update(visible=False), gr.update()
        yield f"removed {removed['doc_id']} (kept in corpus/{removed['trash']}): {wait_searchable(assistant.keeper)}", \
            gr.update(visible=False), table()

    gr.Markdown("Documents the answers come from. Upload .txt, .md, .html, .pdf, .docx or a scan (.png, .jpg); "
                "removed documents are kept in `corpus/.trash/` for a while. · 文件库")
    listing = gr.Dataframe(headers=HEADERS, value=[], interactive=False, wrap=True, elem_id="doc-table")
    with gr.Row(equal_height=False):
        with gr.Column():
            file = gr.File(label="Upload · 上传", file_types=list(ACCEPTED_SUFFIXES), type="filepath",
                           elem_id="doc-upload")
            upload_status = gr.Markdown(elem_id="doc-upload-status")
        with gr.Column():
            target = gr.Textbox(label="Remove document (its doc_id) · 删除文件", elem_id="doc-remove-id")
            remove_btn = gr.Button("Remove…", elem_id="doc-remove")
            confirm = gr.Button("Confirm remove · 确认删除", variant="stop", visible=False, elem_id="doc-remove-confirm")
            remove_status = gr.Markdown(elem_id="doc-remove-status")
    file.upload(upload, [file], [upload_status, listing, file], concurrency_limit=1)
    remove_btn.click(ask_confirm, [target], [remove_status, confirm])
    confirm.click(remove, [target], [remove_status, confirm, listing], concurrency_limit=1)
    refresh = gr.Button("Reload list", size="sm", elem_id="doc-reload")
    refresh.click(table, None, listing)
    return listing, table
