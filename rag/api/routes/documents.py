from __future__ import annotations

from collections import Counter
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from ...errors import Forbidden
from ...filters import doc_type
from ...ingest import ACCEPTED_SUFFIXES, prepare_upload
from ..deps import KeeperDep, SnapshotDep
from ..errors import ERROR_RESPONSES, error_docs
from ..schemas import (
    ClauseDetail,
    DocumentDetail,
    DocumentRemoved,
    DocumentSummary,
    MetadataEdit,
    MetadataEdited,
    UploadAccepted,
)

router = APIRouter(tags=["documents"])

UPLOAD_PATH = "/v1/documents"
MULTIPART_ALLOWANCE = 64 * 1024  # boundary, part headers and metadata fields around the file (see app.py)
UPLOAD_ERRORS = error_docs({
    400: "the body is not valid multipart/form-data (a broken boundary or part header)",
    401: "missing or wrong API key",
    403: "uploads are off: the server has no API key and RAG_ALLOW_UPLOADS=1 was not given",
    409: "a file of that name is already in the corpus (send replace=true), or its doc_id is taken",
    413: "the file is larger than max_upload_bytes (RAG_MAX_UPLOAD_BYTES, default 5,000,000)",
    422: "not a plain file name, unsupported type, empty, binary, not UTF-8/GB18030 text, bad metadata",
    503: "the index is not loaded yet",
})


@router.get("/v1/documents", response_model=list[DocumentSummary], responses=ERROR_RESPONSES)
def list_documents(snap: SnapshotDep) -> list[DocumentSummary]:
    """The indexed documents' metadata (no text); `tier` is `official` or `uploaded` (through this API)."""
    counts = Counter(c.doc_id for c in snap.index.clauses)
    return [DocumentSummary(**d.model_dump(), clauses=counts[d.doc_id], doc_type=doc_type(d.title))
            for d in snap.index.documents.values()]


@router.get("/v1/documents/{doc_id}", response_model=DocumentDetail, responses=ERROR_RESPONSES)
def get_document(doc_id: str, snap: SnapshotDep) -> DocumentDetail:
    """One document: metadata and its full text (offsets in citations refer to this text)."""
    doc = snap.document(doc_id)
    ids = [c.clause_id for c in snap.clauses_of(doc_id)]
    return DocumentDetail(**doc.model_dump(), clause_ids=ids)


@router.get("/v1/clauses/{clause_id:path}", response_model=ClauseDetail, responses=ERROR_RESPONSES)
def get_clause(clause_id: str, snap: SnapshotDep) -> ClauseDetail:
    """One clause by id (ids contain ':' '.' and brackets; percent-encode them or not)."""
    clause = snap.clause(clause_id)
    row = snap.index.row_of(clause_id)
    return ClauseDetail(**clause.model_dump(), doc_title=snap.index.doc_titles[row])


def uploads_allowed(request: Request) -> None:
    """Uploads are off (403) unless the server has an API key or RAG_ALLOW_UPLOADS=1: without a key,
    anyone who reaches the port could add documents that answers then quote."""
    settings = request.app.state.settings
    if not (settings.api_key or settings.allow_uploads):
        raise Forbidden("uploads are off on this server: set an API key (RAG_API_KEY) or start it with "
                        "RAG_ALLOW_UPLOADS=1 to accept documents through the API")


@router.post(UPLOAD_PATH, status_code=202, response_model=UploadAccepted, responses=UPLOAD_ERRORS,
             dependencies=[Depends(uploads_allowed)])
def upload_document(
    keeper: KeeperDep,
    file: Annotated[UploadFile, File(description=f"the document ({', '.join(ACCEPTED_SUFFIXES)}); text "
                                                 "UTF-8 or GB18030/GBK; stored as UTF-8")],
    title: Annotated[str | None, Form(description="title (default: the first line of the text)")] = None,
    issuer: Annotated[str | None, Form(description="issuing body, e.g. 北京市人民政府")] = None,
    number: Annotated[str | None, Form(description="document number, e.g. 京政发〔2016〕44号")] = None,
    date: Annotated[str | None, Form(description="date of issue, YYYY-MM-DD")] = None,
    script: Annotated[str | None, Form(description="zh-Hans or zh-Hant (default: detected)")] = None,
    short_title: Annotated[str | None, Form(description="the name answers lead with (default: from the title)")] = None,
    replace: Annotated[bool, Form(description="replace a file of the same name (its doc_id, and metadata "
                                                    "not sent again, are kept)")] = False,
) -> UploadAccepted:
    """Add a document to the corpus and re-index in the background (202). Queries keep being answered
    from the current index until the new one is ready; poll `GET /v1/index` until `building` and
    `pending` are both false. Several uploads during one build lead to a single further build.
    Uploaded documents are tier `uploaded`: answers quoting them label them "(uploaded, not official)".
    Off (403) unless the server has an API key or RAG_ALLOW_UPLOADS=1."""
    data = file.file.read()  # bounded: the body limit for this route is max_upload_bytes + framing
    prepared = prepare_upload(file.filename or "", data, keeper.settings, replace=replace)
    metadata = {"title": title, "issuer": issuer, "number": number, "date": date, "script": script,
                "short_title": short_title}
    result = keeper.add_document(prepared, metadata)
    return UploadAccepted(**result, bytes=len(prepared.data))


WRITE_ERRORS = error_docs({
    401: "missing or wrong API key",
    403: "writes are off: the server has no API key and RAG_ALLOW_UPLOADS=1 was not given",
    404: "no document with that id in the corpus",
    409: "the document is the only one (an index needs one)",
    422: "bad metadata (unknown field, too long, a date not YYYY-MM-DD)",
    503: "the index is not loaded yet",
})


@router.delete("/v1/documents/{doc_id}", status_code=202, response_model=DocumentRemoved, responses=WRITE_ERRORS,
               dependencies=[Depends(uploads_allowed)])
def delete_document(doc_id: str, keeper: KeeperDep) -> DocumentRemoved:
    """Take a document out of the corpus and re-index in the background (202). Its file is moved to
    `corpus/.trash/` (kept `trash_days`, default 30), not destroyed; answers keep coming from the current
    build until the one without it is swapped in (poll `GET /v1/index`). Same permission as uploads."""
    return DocumentRemoved(**keeper.remove_document(doc_id))


@router.patch("/v1/documents/{doc_id}", status_code=202, response_model=MetadataEdited, responses=WRITE_ERRORS,
              dependencies=[Depends(uploads_allowed)])
def edit_document(doc_id: str, edit: MetadataEdit, keeper: KeeperDep) -> MetadataEdited:
    """Set a document's title, issuer, document number, date or script (an empty string clears one) and
    re-index in the background (202); nothing is embedded again. Same permission as uploads."""
    return MetadataEdited(**keeper.edit_document(doc_id, edit.model_dump(exclude_unset=True)))
