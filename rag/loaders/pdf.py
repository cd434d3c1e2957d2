"""PDF → text by pdfplumber (MIT, pure Python on pdfminer.six): each page's lines in reading order,
tables as rows of cells joined by " | " in their place among the lines; a page without a text layer
(a scan) is read by OCR when the `ocr` extra is installed (rag.loaders.ocr)."""

from __future__ import annotations

import io
import logging

from . import Extracted, LoaderError
from .layout import assemble

log = logging.getLogger(__name__)
MAX_PAGES = 2_000
# a page with fewer visible characters than this has no usable text layer: read it as a scan
MIN_LAYER_CHARS = 5
CELL_SEPARATOR = " | "


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _page_lines(page) -> list[str]:
    """The page's text lines and table rows, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    body = page.filter(lambda obj: not any(_inside(obj, b) for b in boxes)) if boxes else page
    placed: list[tuple[float, str]] = [(line["top"], line["text"]) for line in body.extract_text_lines()]
    for table in tables:
        rows = [row for row in table.extract() if any(cell and cell.strip() for cell in row)]
        for i, row in enumerate(rows):
            cells = [" ".join((cell or "").split()) for cell in row]
            # rows keep their order just below the table's top edge
            placed.append((table.bbox[1] + i * 1e-3, CELL_SEPARATOR.join(cells)))
    return [text for _, text in sorted(placed, key=lambda p: p[0])]


def extract(data: bytes) -> Extracted:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except Exception as e:  # pdfminer raises many kinds for damaged or encrypted files
        reason = "it is encrypted (password protected)" if "password" in repr(e).lower() or "encrypt" in repr(e).lower() \
            else f"it is damaged or not a PDF ({type(e).__name__})"
        raise LoaderError(f"the PDF cannot be read: {reason}") from None
    with pdf:
        if len(pages) > MAX_PAGES:
            raise LoaderError(f"the PDF has {len(pages):,} pages; the limit is {MAX_PAGES:,}")
        lines: list[list[str]] = []
        scanned: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                page_lines = _page_lines(page)
            except Exception as e:
                raise LoaderError(f"page {number} of the PDF cannot be read ({type(e).__name__})") from None
            if sum(len(line.strip()) for line in page_lines) < MIN_LAYER_CHARS and page.images:
                scanned.append(number)  # (a page with neither text nor images is blank)
            lines.append(page_lines)
    if scanned:
        from .ocr import ocr_pdf_pages

        log.info("reading %d scanned page(s) by OCR", len(scanned))
        for number, page_lines in ocr_pdf_pages(data, scanned).items():
            lines[number - 1] = page_lines
    return assemble(lines, scanned)

