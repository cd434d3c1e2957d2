"""Documents that are not plain text — PDF, Word (.docx), scans and photos — read as text with pages.

One module per format, one function each: `extract(data: bytes) -> Extracted`. The text is what
gets chunked and quoted (it is written to `corpus/.derived/<file>.txt`, like HTML's), `pages` the
offset in it where each page begins, so a citation can say "p. 3". A file that cannot be read —
damaged, encrypted, not what its name says, a zip bomb — raises `LoaderError` with a message a
user can act on; nothing is written for it.
"""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Bumped whenever an extractor gives different text for the same file: part of the index key and of
# each derived file's record, so old extractions are redone.
EXTRACT_VERSION = 1
PDF_SUFFIXES = {".pdf"}
DOCX_SUFFIXES = {".docx"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
BINARY_SUFFIXES = PDF_SUFFIXES | DOCX_SUFFIXES | IMAGE_SUFFIXES
OCR_EXTRA = "pip install 'policy-rag[ocr]'"


class LoaderError(ValueError):
    """The file cannot be read as the format its name says; the message says why."""


@dataclass(frozen=True)
class Extracted:
    text: str
    pages: list[int] = field(default_factory=list)  # offset of each page's first character; [] = no pages
    ocr_pages: list[int] = field(default_factory=list)  # 1-based pages read by OCR


def page_at(pages: Sequence[int], offset: int) -> int | None:
    """The 1-based page holding `offset`, or None for a document without pages."""
    return bisect_right(pages, offset) if pages else None


def check_signature(suffix: str, data: bytes) -> None:
    """LoaderError unless `data` starts like a file of `suffix` (a renamed program or text is refused
    before any parser sees it)."""
    expected: dict[str, tuple[bytes, ...]] = {
        ".pdf": (b"%PDF-",), ".docx": (b"PK\x03\x04",), ".png": (b"\x89PNG\r\n\x1a\n",),
        ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
    }
    head = data[:1024].lstrip(b"\x00\t\r\n ") if suffix == ".pdf" else data
    if not any(head.startswith(sig) for sig in expected[suffix]):
        kind = {".pdf": "a PDF", ".docx": "a Word .docx file", ".png": "a PNG image"}.get(suffix, "a JPEG image")
        raise LoaderError(f"the file is not {kind} (its first bytes do not match); check the file and its name")


def extractor(suffix: str) -> Callable[[bytes], Extracted]:
    suffix = suffix.lower()
    if suffix in PDF_SUFFIXES:
        from .pdf import extract
    elif suffix in DOCX_SUFFIXES:
        from .docx import extract
    elif suffix in IMAGE_SUFFIXES:
        from .ocr import extract_image as extract
    else:
        raise LoaderError(f"no reader for '{suffix}' files")
    return extract


# The latest extractions by content: an upload is read when it is checked and again by the build that
# follows in the same process; OCR costs seconds a page, so the second read is this look-up.
_RECENT: OrderedDict[tuple[str, str], Extracted] = OrderedDict()
_RECENT_MAX = 8
_recent_lock = threading.Lock()


def extract(suffix: str, data: bytes) -> Extracted:
    """The text and pages of a file of type `suffix`; LoaderError when it cannot be read."""
    suffix = suffix.lower()
    key = (suffix, hashlib.sha256(data).hexdigest())
    with _recent_lock:
        if key in _RECENT:
            _RECENT.move_to_end(key)
            return _RECENT[key]
    check_signature(suffix, data)
    found = extractor(suffix)(data)
    if not found.text.strip():
        raise LoaderError("no text could be read from the file (an empty or image-only document)")
    with _recent_lock:
        _RECENT[key] = found
        while len(_RECENT) > _RECENT_MAX:
            _RECENT.popitem(last=False)
    return found
