"""Log lines a user can act on, and no others: libraries' chatter is raised to WARNING.

faiss logs at INFO which CPU instructions it tried ("Could not load library with AVX512 support …"
on every start of a machine without them, read as an error), bm25s logs each index build at DEBUG, and
httpx each request the Gradio client makes at INFO. None says anything about the product."""

from __future__ import annotations

import logging

CHATTY = ("faiss", "faiss.loader", "bm25s", "httpx", "httpcore", "jieba", "matplotlib", "PIL", "pdfminer",
          "rapidocr_onnxruntime", "RapidOCR")


def quiet_libraries(level: int = logging.WARNING) -> None:
    for name in CHATTY:
        logging.getLogger(name).setLevel(level)
