"""A document's own record lines: the labelled header fields a published copy carries
(发文机关：…, 发文字号：…, 成文日期：…, 发布时间：…, 施行日期：…), read from the text with their offsets.

They are the document-level facts (issue #14 item 3) that no clause states: who issued it, its
number, when it was written, posted or takes effect. `header_fields` finds them; the loader proposes
them for a document whose manifest entry leaves a field empty (an uploaded notice), and the
document-fact answers (rag.answer.docfacts) cite them at their offsets.

Only labelled lines count: a document number quoted in the body (implementing another plan's
廊字〔2016〕29号) is not this document's number, so bare patterns are never taken as fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import aligned_simplified, match_key

# field → labels, in Simplified (the text is read through aligned_simplified, so 發文字號 matches 发文字号);
# longer labels first so 发布日期 is not read as 发布 + 日期
LABELS: dict[str, tuple[str, ...]] = {
    "issuer": ("发文机关", "发文单位", "发布单位", "发布机构", "发布机关", "印发机关", "颁布机关", "制定机关"),
    "number": ("发文字号", "发文编号", "文件编号", "文号"),
    "date": ("成文日期", "成文时间", "印发日期", "发文日期", "签发日期"),
    "posted": ("发布时间", "发布日期", "公布日期", "公布时间"),
    "effective": ("施行日期", "生效日期", "实施日期"),
}
HEAD_CHARS = 3000  # record lines sit at the top of a copy; a label deep in the body is prose, not a record
_DATE = r"(?:19|20)\d\d\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-./]\d{1,2}[-./]\d{1,2})"
_VALUE = {
    "date": re.compile(_DATE), "posted": re.compile(_DATE), "effective": re.compile(_DATE),
    "number": re.compile(r"[^\s:：]{1,20}[〔\[(（【]\s*(?:19|20)\d\d\s*[〕\])）】]\s*\d{1,5}\s*号"),
    # up to white space, a full stop or the next label; at most 40 characters
    "issuer": re.compile(r"[^\s:：,，。;；|/]{2,40}"),
}
_LABEL_RE = re.compile(
    "(" + "|".join(sorted({lab for labs in LABELS.values() for lab in labs}, key=len, reverse=True)) + r")\s*[:：]?\s*")
_FIELD_OF = {lab: f for f, labs in LABELS.items() for lab in labs}


@dataclass(frozen=True)
class HeaderField:
    field: str  # issuer | number | date | posted | effective
    value: str  # as written in the text
    start: int
    end: int


def header_fields(text: str) -> dict[str, HeaderField]:
    """The first labelled value of each field in the top of `text`, with its offsets in `text`."""
    head = aligned_simplified(text[:HEAD_CHARS])
    found: dict[str, HeaderField] = {}
    for m in _LABEL_RE.finditer(head):
        name = _FIELD_OF[m.group(1)]
        if name in found:
            continue
        line_end = head.find("\n", m.end())
        line_end = len(head) if line_end < 0 else line_end
        value = _VALUE[name].match(head, m.end(), line_end)
        if value is None:
            continue
        found[name] = HeaderField(name, text[value.start():value.end()], value.start(), value.end())
    return found


def iso_date(written: str) -> str | None:
    """2016年11月29日 / 2016-11-29 / 2016.11.29 → '2016-11-29'; None when it is not a whole date."""
    m = re.fullmatch(r"((?:19|20)\d\d)(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})日?", match_key(written))
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def proposed_metadata(text: str) -> dict[str, str]:
    """Manifest fields (issuer, number, date as ISO) the text's record lines propose."""
    fields = header_fields(text)
    out: dict[str, str] = {}
    if "issuer" in fields:
        out["issuer"] = fields["issuer"].value
    if "number" in fields:
        out["number"] = fields["number"].value
    if "date" in fields and (iso := iso_date(fields["date"].value)):
        out["date"] = iso
    return out
