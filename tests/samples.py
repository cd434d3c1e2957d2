"""Documents as users have them, made by the tests (nothing downloaded): a PDF with a text layer
(running header, page numbers, a sentence wrapped across lines, optionally a table), a Word file
numbered by Word itself, and a scanned page as an image."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")

PAGES = [
    ["某某市科技局关于支持企业研发的通知",
     "一、对新认定的高新技术企业给予一次性奖励",  # wrapped: the sentence goes on in the next line
     "20万元。",
     "二、对企业研发投入按实际发生额的10%给予补助，单个企业每年最高补助",
     "375万元。"],
    ["三、对新认定的市级工程技术研究中心给予一次性奖励10万元。",
     "（一）申报条件：在本市注册的企业。"],
    ["四、本通知自发布之日起施行。"],
]
TABLE = [["项目", "奖励标准"], ["孵化器", "50万元"], ["众创空间", "20万元"]]


def make_pdf(pages=PAGES, table=None, encrypt: str | None = None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))  # built into reportlab: no font file
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    for number, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 10)
        c.drawString(72, 800, "某某市科学技术局文件")  # running header
        c.drawString(290, 30, f"- {number} -")  # page number
        c.setFont("STSong-Light", 12)
        y = 740
        for line in lines:
            c.drawString(72, y, line)
            y -= 22
        if table and number == 2:
            y -= 10
            for r, row in enumerate(table):
                for k, cell in enumerate(row):
                    c.drawString(80 + k * 150, y - r * 24 - 16, cell)
            xs = [72 + k * 150 for k in range(len(table[0]) + 1)]
            ys = [y - r * 24 for r in range(len(table) + 1)]
            c.grid(xs, ys)
        c.showPage()
    c.save()
    return buf.getvalue()


def make_docx() -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    # a list numbered by Word itself: 一、 二、 at level 0, （一） at level 1
    numbering = document.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {w} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    document.add_paragraph("某某区促进科技创新若干措施")
    numbered("支持企业研发", 0)
    numbered("对研发投入给予最高200万元补助。", 1)
    numbered("对新认定的创新平台给予奖励。", 1)
    numbered("支持人才引进", 0)
    numbered("对高层次人才给予安家补贴。", 1)
    table = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["平台", "奖励"], ["重点实验室", "100万元"]]):
        for k, value in enumerate(row):
            table.cell(r, k).text = value
    document.add_paragraph("本措施自印发之日起施行。")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def scanned_image(lines: list[str]):
    from PIL import Image, ImageDraw, ImageFont

    if not FONT.is_file():
        pytest.skip(f"{FONT} missing (make browser-deps installs fonts-noto-cjk)")
    font = ImageFont.truetype(str(FONT), 30)
    image = Image.new("RGB", (1240, 120 + 60 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 60 + 60 * i), line, font=font, fill="black")
    return image


def scanned_pdf(lines: list[str]) -> bytes:
    """A PDF whose one page is an image of `lines` (no text layer): read by OCR."""
    buf = io.BytesIO()
    scanned_image(lines).save(buf, "PDF", resolution=150)
    return buf.getvalue()
