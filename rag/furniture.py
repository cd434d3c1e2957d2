"""Web-page furniture: text that came with a page, not with the document.

Documents arrive as web copies. Site menus, breadcrumbs, widgets ("保护视力色",
"【打印本页】"), footers ("Produced By …", "相关词条"), credits ("内容来源:"),
related-news link lists and stray page numbers ("创-10-新") must never become
clauses or be quoted. They are found by rule, never by per-file offsets:

Line rules (the whole line is furniture), tested on the line's normalised text:
  nav         a breadcrumb or menu line: "首页", ">> 企业服务 >> 政策法规", "当前位置:…"
  widget      page widgets: 保护视力色, 字号, 浏览次数, 打印本页, 关闭本页/窗口, 分享到, 返回顶部
  footer      footer labels alone on a line: 相关词条, 热门词条, 联络我们, 相关链接 …; "Produced By …"
  credit      "内容来源:", "内容编辑:", "责任编辑:", "来源:" lines
  pagemeta    "发布时间:"/"发布日期:" page header lines (the date lives in the manifest)
  continued   "续前节……" continuation notes of a paginated copy
  comment     a markup comment alone on a line ("<!-- INFO END -->", which closes the header of every
              LawRefBook copy): a reader never sees it, and quoted it was an answer's only text
  related     a list item ending in a date: "- 某新闻标题 2016-05-11"
  toc         an in-page table of contents: a line of short comma-separated items that
              each recur later as a line of their own ("方案全文,內容解讀,")
Inline rule:
  pagenum     a page number like "-10-" standing between two ideographs, or alone on a line
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import to_simplified

# Rules test NFKC-normalised Simplified text, so ASCII punctuation covers full-width forms.
_WIDGET_RE = re.compile(
    r"保护视力色|浏览次数|打印本页|关闭本页|关闭窗口|分享到|返回顶部|(?<![文发])字号\s*:?\s*[\[【大中小]"
)
_FOOTER_LABELS = {
    "相关词条", "热门词条", "联络我们", "联系我们", "相关链接", "相关新闻", "相关文章", "相关阅读",
    "网站地图", "版权声明", "免责声明", "扫一扫", "上一篇", "下一篇",
}
_NAV_RE = re.compile(r"^(首页|网站首页|当前位置[::]|您的位置[::]|>>|»)|\s(>>|»|>)\s")
_CREDIT_RE = re.compile(r"^(内容来源|内容编辑|责任编辑|信息来源|来源|编辑|作者)\s*[::]")
_PAGEMETA_RE = re.compile(r"^(发布时间|发布日期|发文日期|更新时间|日期)\s*[::]\s*\d{4}")
_PRODUCED_RE = re.compile(r"^(Produced By|Powered By|Copyright|版权所有|©)", re.IGNORECASE)
_CONTINUED_RE = re.compile(r"^(续前节|续上页|接上页|上接)[。.…]*$")
_COMMENT_RE = re.compile(r"^<!--.*-->$")
_RELATED_RE = re.compile(r"^[-•·*●▪]\s*\S.{2,120}\s\d{4}-\d{1,2}-\d{1,2}$")
_TOC_ITEM_MAX = 12
_WIDGET_MAX = 100
_PAGENUM_INLINE_RE = re.compile(r"(?<=[\u4e00-\u9fff,。、;:])-\d{1,3}-(?=[\u4e00-\u9fff])")
_PAGENUM_LINE_RE = re.compile(r"^[-—]\s*\d{1,3}\s*[-—]$")


@dataclass(frozen=True)
class FurnitureSpan:
    start: int
    end: int
    rule: str
    text: str


def _line_rule(line: str) -> str | None:
    s = to_simplified(line).strip()
    if not s:
        return None
    if _NAV_RE.search(s) and len(s) <= 60:
        return "nav"
    # A widget line is short; a sentence (or a whole one-line document) that mentions 浏览次数 is text.
    if _WIDGET_RE.search(s) and len(s) <= _WIDGET_MAX and not s.endswith(("。", ";", "!", "?")):
        return "widget"
    if s in _FOOTER_LABELS or _PRODUCED_RE.match(s):
        return "footer"
    if _CREDIT_RE.match(s) and len(s) <= 60:
        return "credit"
    if _PAGEMETA_RE.match(s) and len(s) <= 80:
        return "pagemeta"
    if _CONTINUED_RE.match(s):
        return "continued"
    if _COMMENT_RE.match(s):
        return "comment"
    if _RELATED_RE.match(s):
        return "related"
    if _PAGENUM_LINE_RE.match(s):
        return "pagenum"
    return None


def _is_toc_line(line: str, later_lines: set[str]) -> bool:
    if not re.search(r"[,\uff0c、|]", line):
        return False
    items = [i.strip() for i in re.split(r"[,\uff0c、|]", line.strip()) if i.strip()]
    return (
        len(items) >= 2
        and all(len(i) <= _TOC_ITEM_MAX for i in items)
        and all(i in later_lines for i in items)
    )


def find_furniture(text: str) -> list[FurnitureSpan]:
    """All furniture spans of a document, sorted, non-overlapping."""
    spans: list[FurnitureSpan] = []
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append((pos, pos + len(body), body))
        pos += len(raw)
    stripped = [body.strip() for _, _, body in lines]
    for i, (start, _end, body) in enumerate(lines):
        rule = _line_rule(body)
        if rule is None and _is_toc_line(body, set(stripped[i + 1 :])):
            rule = "toc"
        if rule:
            lead = len(body) - len(body.lstrip())
            trail = len(body.rstrip())
            spans.append(FurnitureSpan(start + lead, start + trail, rule, body.strip()))
    taken = [(s.start, s.end) for s in spans]
    for m in _PAGENUM_INLINE_RE.finditer(text):
        if "-" in text[max(0, m.start() - 4) : m.start()]:
            continue  # a hyphen chain such as 3-氧-2-苯基丁腈 (a chemical name), not a page number
        if not any(a <= m.start() < b for a, b in taken):
            spans.append(FurnitureSpan(m.start(), m.end(), "pagenum", m.group(0)))
    return sorted(spans, key=lambda s: s.start)
