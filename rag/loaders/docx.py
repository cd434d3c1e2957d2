"""Word .docx → text by python-docx (MIT): paragraphs and tables in document order, each table row as
its cells joined by " | ", and the numbers Word draws itself (automatic numbering: 一、 （一） 1.)
written out, since the chunker finds clauses by them and python-docx gives only the typed text.

A .docx is a zip: it is checked before parsing (the document part present, the unpacked size
bounded: a zip bomb is refused without being unpacked).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict

from ..chunker import chinese_number
from . import Extracted, LoaderError
from .layout import assemble

MAX_UNPACKED_BYTES = 200_000_000
MAX_RATIO = 200  # unpacked/packed: Office files are ~3-10, a zip bomb thousands
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CELL_SEPARATOR = " | "
def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out += letters * count
    return out


def render_number(n: int, fmt: str) -> str:
    if fmt.startswith(("chinese", "ideograph", "japaneseCounting", "taiwanese")):
        return chinese_number(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).upper() if fmt == "upperRoman" else _roman(n)
    return str(n)


class Numbering:
    """The labels of Word's automatic numbering, counted paragraph by paragraph."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → ilvl → (numFmt, lvlText, start)
        self.counts: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iter(f"{_W}abstractNum"):
            lvls = {}
            for lvl in a.iter(f"{_W}lvl"):
                fmt, text, start = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText"), lvl.find(f"{_W}start")
                lvls[int(lvl.get(f"{_W}ilvl", 0))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", 1)) if start is not None else 1)
            abstract[a.get(f"{_W}abstractNumId")] = lvls
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, paragraph) -> str:
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_el.get(f"{_W}val", "") if num_id_el is not None else ""
        ilvl = int(ilvl_el.get(f"{_W}val", 0)) if ilvl_el is not None else 0
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counts = self.counts[num_id]
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]  # a new 一、 restarts its （一）
        fmt, text, _ = levels[ilvl]
        if fmt == "bullet" or fmt == "none":
            return ""

        def level_value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lfmt, _, lstart = levels.get(k, ("decimal", "", 1))
            return render_number(counts.get(k, lstart), lfmt)

        return re.sub(r"%(\d)", level_value, text)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        raise LoaderError("the .docx file is damaged (not a readable zip archive)") from None
    if "word/document.xml" not in names:
        raise LoaderError("the file is not a Word .docx document (it has no word/document.xml); "
                          "old .doc files must be saved as .docx first")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise LoaderError(f"the .docx unpacks to {unpacked:,} bytes from {len(data):,}: refused as a zip bomb")


def extract(data: bytes) -> Extracted:
    _check_zip(data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise LoaderError(f"the .docx file cannot be read ({type(e).__name__})") from None
    numbering = Numbering(document)
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            text = Paragraph(block, document).text
            if text.strip():
                lines.append(numbering.label(block) + text.strip())
        elif block.tag == f"{_W}tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # a merged cell is repeated by python-docx: written once
                    value = " ".join(cell.text.split())
                    if not cells or value != cells[-1]:
                        cells.append(value)
                if any(cells):
                    lines.append(CELL_SEPARATOR.join(cells))
    return Extracted(assemble([lines], join=False).text)  # Word lays out pages when printing: none recorded
