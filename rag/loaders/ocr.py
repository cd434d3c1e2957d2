"""Scans and photos → text by OCR: RapidOCR on onnxruntime (Apache-2.0; its PP-OCR detection and
recognition models ship inside the `rapidocr-onnxruntime` wheel, so nothing is downloaded). It is the
optional `ocr` extra; without it a scanned page is refused with a message naming the extra.

Pages of a PDF are rendered by pypdfium2 (installed with pdfplumber) at RENDER_SCALE; the boxes the
engine finds are put back into lines (boxes whose vertical centres lie within half a line height)
and the lines read top to bottom, each left to right.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache

from . import OCR_EXTRA, Extracted, LoaderError
from .layout import assemble

RENDER_SCALE = 2.0  # 144 dpi: PP-OCR reads body text of a printed A4 page reliably from here on
MAX_PIXELS = 40_000_000  # an image larger than this (a decompression bomb) is refused
MIN_SCORE = 0.5  # boxes the recogniser is less sure of are left out (noise, stamps)
_lock = threading.Lock()  # one recognition at a time: the engine is not documented as thread-safe


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        raise LoaderError(f"this document is a scan (no text layer) and OCR is not installed; install the "
                          f"ocr extra ({OCR_EXTRA}) or upload a PDF with text") from None
    return RapidOCR()


def lines_of(result) -> list[str]:
    """RapidOCR's [(box, text, score)] → lines of text in reading order."""
    boxes = []
    for box, text, score in result or ():
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        ys = [p[1] for p in box]
        xs = [p[0] for p in box]
        boxes.append(((min(ys) + max(ys)) / 2, max(ys) - min(ys), min(xs), str(text).strip()))
    boxes.sort()
    lines: list[list[tuple[float, str]]] = []
    centre = height = 0.0
    for cy, h, x, text in boxes:
        if lines and abs(cy - centre) <= max(height, h) / 2:
            lines[-1].append((x, text))
        else:
            lines.append([(x, text)])
            centre, height = cy, h
    return ["".join(t for _, t in sorted(line)) for line in lines]


def read_image(image) -> list[str]:
    import numpy as np

    engine = _engine()
    with _lock:
        result, _ = engine(np.asarray(image.convert("RGB")))
    return lines_of(result)


def extract_image(data: bytes) -> Extracted:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # larger raises DecompressionBombError
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            return assemble([read_image(image)], [1])
    except LoaderError:
        raise
    except Exception as e:
        raise LoaderError(f"the image cannot be read ({type(e).__name__}: {e})") from None


def ocr_pdf_pages(data: bytes, numbers: list[int]) -> dict[int, list[str]]:
    """The lines of the given 1-based pages of a PDF, read by OCR."""
    _engine()  # the clear message before any rendering
    import pypdfium2 as pdfium

    out = {}
    document = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                out[number] = read_image(page.render(scale=RENDER_SCALE).to_pil())
            finally:
                page.close()
    finally:
        document.close()
    return out
