"""A document's own record lines: the labelled header fields a published copy carries
(发文机关：…, 发文字号：…, 成文日期：…, 发布时间：…, 施行日期：…), read from the text with their offsets.

They are the document-level facts (issue #14 item 3) that no clause states: who issued it, its
number, when it was written, posted or takes effect. `header_fields` finds them; the loader proposes
them for a document whose manifest entry leaves a field empty (an uploaded notice), and the
document-fact answers (rag.answer.docfacts) cite them at their offsets.

Only labelled lines count: a document number quoted in the body (implementing another plan's
廊字〔2016〕29号) is not this document's number, so bare patterns are never taken as fields. Two
unlabelled forms are as unambiguous and are read too (`stated_fields`): a regulation's adoption line
at the top ("2020年7月31日 河南省第十三届人民代表大会常务委员会第十九次会议通过": when and by which
meeting it was adopted) and its closing provision ("本条例自2020年9月1日起施行": when it takes effect);
and the text's own structure: how many chapters (第X章) and articles (第X条) it has (`structure`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .normalize import aligned_simplified, match_key
from .sentences import CN_DATE

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
    field: str  # issuer | number | date | posted | effective (| adopted | meeting | chapters | articles)
    value: str  # as written in the text
    start: int
    end: int
    label: str = ""  # the record line's label, in Simplified (成文日期), when read from one


def _labelled(text: str) -> Iterator[HeaderField]:
    """Every labelled value in the top of `text`, in order, with its offsets in `text`."""
    head = aligned_simplified(text[:HEAD_CHARS])
    for m in _LABEL_RE.finditer(head):
        name = _FIELD_OF[m.group(1)]
        line_end = head.find("\n", m.end())
        value = _VALUE[name].match(head, m.end(), len(head) if line_end < 0 else line_end)
        if value is not None:
            yield HeaderField(name, text[value.start():value.end()], value.start(), value.end(), m.group(1))


def header_fields(text: str) -> dict[str, HeaderField]:
    """The first labelled value of each field in the top of `text`, with its offsets in `text`."""
    found: dict[str, HeaderField] = {}
    for line in _labelled(text):
        found.setdefault(line.field, line)
    return found


def labelled_line(text: str, question: str) -> HeaderField | None:
    """The record line of `text` whose label the question names verbatim (成文日期 asked, 成文日期：2016-11-02
    read), else None: a user asking for what a copy labels so wants that line, even where the curated
    record gives the field another date (the date of issue). `question`: Simplified."""
    asked = next((lab for lab in sorted(_FIELD_OF, key=len, reverse=True) if lab in question), None)
    return next((line for line in _labelled(text) if line.label == asked), None) if asked else None


# "2020年7月31日 河南省第十三届人民代表大会常务委员会第十九次会议通过" (also in brackets, or 修订/修正);
# the first such line that says 通过 is the adoption (later lines amend it or are another body's 批准)
# (a national law numbers its revisions: "…第三十二次会议第二次修订" — devdocs 7 dev)
_NTH = r"(?:第[一二三四五六七八九十]+次)?"
NTH_REVISION_RE = re.compile(r"第([一二三四五六七八九十]+)次(?:修订|修正)$")  # a revision line's own number
# (a ministry's rules are passed at its 室务/部务会议 "审议通过": devdocs 35 dev, "哪一天审议通过的" refused as unstated;
# ablation switch DELIBERATED, read at import)
DELIBERATED = True
_ADOPTION_RE = re.compile(rf"({_DATE})\s*[（(]?\s*([^\n，。；;（()）]{{4,60}}?会议)\s*{_NTH}" + ("(?:审议)?" if DELIBERATED else "")
                          + "(通过|修订|修正|批准)")
# "2010年7月23日 …第十八次会议《关于修改部分地方性法规的决定》修正": an amendment (the last one is `amended`;
# a pattern of its own: the adoption pattern widened so read "…会议批准的《…决定》修正" as no approval)
# (also a State Council decision's revision, "2016年2月6日 《国务院关于修改部分行政法规的决定》第一次修订", which no
# meeting makes, and a meeting's decision named without brackets, "…会议关于修改《…》等十一件地方性法规的决定第一次
# 修正": a third of LawRefBook's revision lines were read as none — devdocs 14 dev, "修订过几次" refused and the
# first revision given as the last. No date inside: a bracketed history runs several on one line.)
_AMENDMENT_RE = re.compile(rf"({_DATE})\s*[（(]?\s*(?:(?!{_DATE})[^\n，。；;（()）]){{4,160}}?{_NTH}(?:修订|修正)")
_MEETING_AMENDMENT_RE = re.compile(
    rf"({_DATE})\s*[（(]?\s*[^\n，。；;（()）]{{4,60}}?会议(?:[^\n。]{{0,60}}?》)?\s*{_NTH}(?:修订|修正)")
AMENDMENT_LINES = True  # (ablation switch: False reads a meeting's lines only)


def _amendments(text: str) -> list[re.Match[str]]:
    return list((_AMENDMENT_RE if AMENDMENT_LINES else _MEETING_AMENDMENT_RE).finditer(text))


# "2003年12月2日 中华人民共和国国务院令第395号公布": the line that first published a regulation (a later
# version's date is the manifest's; "first promulgated" asks this one — devdocs 13 dev)
_PROMULGATION_RE = re.compile(rf"^[ \t\u3000]*({_DATE})[^\n。]{{0,60}}?(?:公布|发布|颁布)[ \t\u3000]*$", re.MULTILINE)
# "1987年1月19日 国务院批准": an approval no meeting gives (a State Council regulation issued by a ministry);
# the approver is the body named (devdocs 14 dev: "哪一天经国务院批准" refused as no date). (ablation switch)
APPROVAL_LINES = True
_APPROVAL_RE = re.compile(rf"^[ \t\u3000]*({_DATE})[ \t\u3000]*((?:(?!{_DATE})[^\n。，；;]){{2,40}}?)[ \t\u3000]*批准[ \t\u3000]*$",
                          re.MULTILINE)
# "本条例自2020年9月1日起施行" / "本措施自印发之日起实施": the closing provision, anywhere in the text
# (本法 too — a national law's, devdocs 7 dev — but not one quoted from another text: “本法自…施行”)
# (本解释: a court's interpretation says so of itself — devdocs 29 dev, once its record was asked: COURT_INTERPRETATION)
COURT_INTERPRETATION = True
# "本条例自一九九三年一月一日起施行": an older regulation writes its date in Chinese numerals (devdocs 32 dev: its
# effective date asked, the record said none was stated). (ablation switch, read at import)
CN_IN_FORCE = True
_IN_FORCE_RE = re.compile(r"(?<![“\"「『])本(?:条例|办法|规定|细则|决定|措施|方案|意见|通知|规划|计划|实施意见|实施细则|法"
                          + (r"|解释" if COURT_INTERPRETATION else "") + ")"
                          rf"(?:自|从)({_DATE}|(?:印发|发布|公布|颁布)之日" + (f"|{CN_DATE}" if CN_IN_FORCE else "")
                          + ")起(?:施行|实施|生效|执行)")


def states_in_force(sentence: str) -> bool:
    """Whether a (Simplified) sentence puts its own text in force: 本条例自…起施行."""
    return bool(_IN_FORCE_RE.search(sentence))


def revisions(quote: str) -> int:
    """How many revision lines `quote` holds, or the last one's own number (…第二次修订) when it gives one:
    the count a revisions record citation supports."""
    lines = _amendments(aligned_simplified(quote))
    if not lines:
        return 0
    nth = NTH_REVISION_RE.search(lines[-1].group(0))
    if nth:
        from .chunker import cn_to_int

        return cn_to_int(nth.group(1))
    return len(lines)


def nth_amendment(lines: list[re.Match[str]], nth: int) -> re.Match[str] | None:
    """The revision line of the `nth` revision: the one numbering itself so (…第三次修正), else the nth line;
    None when the record lists fewer."""
    from .chunker import cn_to_int

    own = [m for m in lines if (n := NTH_REVISION_RE.search(m.group(0))) and cn_to_int(n.group(1)) == nth]
    return own[0] if own else (lines[nth - 1] if 0 < nth <= len(lines) else None)


AMENDMENT_OF_YEAR = True  # a revision asked by its year is that year's line (ablation switch)
ADOPTION_OF_YEAR = True  # a version adopted in a year asked is that year's 通过 line (ablation switch)


def stated_fields(text: str, years: tuple[int, ...] = (), nth: int | None = None) -> dict[str, HeaderField]:
    """The adoption date and meeting (`adopted`, `meeting`) from the adoption line at the top, the
    approval date and approving meeting (`approved`, `approver`) from the first line saying 批准 — or the
    first of a year in `years` (郑州…2010年那次修正…哪天批准) — and the date it takes effect (`effective`)
    from its closing provision, with their offsets in `text`."""
    found: dict[str, HeaderField] = {}
    head = aligned_simplified(text[:HEAD_CHARS])
    lines = list(_ADOPTION_RE.finditer(head))
    passed = [m for m in lines if m.group(3) == "通过"]
    # a text adopted twice (a court's interpretation re-adopted as amended: 2004年…通过 / 2020年…通过), asked by
    # the year of one version, is read from that year's line (devdocs 29 dev: "2020年那一版…第几次会议通过" answered
    # with the 2004 meeting) (ablation switch ADOPTION_OF_YEAR)
    adoption = next((m for m in passed if ADOPTION_OF_YEAR and int(m.group(1)[:4]) in years),
                    passed[0] if passed else None)
    approvals = [m for m in lines if m.group(3) == "批准"]
    if APPROVAL_LINES:
        dates = {m.start(1) for m in approvals}  # (a meeting's approval is read once)
        approvals = sorted(approvals + [m for m in _APPROVAL_RE.finditer(head) if m.start(1) not in dates],
                           key=lambda m: m.start(1))
    approval = next((m for m in approvals if int(m.group(1)[:4]) in years), approvals[0] if approvals else None)
    for line, names in ((adoption, ("adopted", "meeting")), (approval, ("approved", "approver"))):
        if line is None:
            continue
        for name, group in zip(names, (1, 2), strict=True):
            found[name] = HeaderField(name, text[line.start(group):line.end(group)], line.start(group), line.end(group))
    promulgation = _PROMULGATION_RE.search(head)
    if promulgation is not None:  # the first line that publishes it (2003年12月2日 …令第395号公布)
        found["promulgated"] = HeaderField("promulgated", text[promulgation.start(1):promulgation.end(1)],
                                           promulgation.start(1), promulgation.end(1))
    amendments = _amendments(head)
    if amendments and nth is not None:  # "第三次修正是哪天": that revision's line, if the record lists it
        asked = nth_amendment(amendments, nth)
        amendments = amendments[: amendments.index(asked) + 1] if asked is not None else []
    elif amendments and years and AMENDMENT_OF_YEAR:
        # a revision asked by its year: that year's line, as an approval is picked (devdocs 18 dev)
        of_year = next((m for m in amendments if int(m.group(1)[:4]) in years), None)
        amendments = amendments[: amendments.index(of_year) + 1] if of_year is not None else amendments
    if amendments:
        m = amendments[-1]
        found["amended"] = HeaderField("amended", text[m.start(1):m.end(1)], m.start(1), m.end(1))
        # the meeting that made it: after the line's last date, up to its last 会议 before a decision's title
        # (…第三十三次会议修订; …批准的2011年11月15日…第三十三次会议《关于修改…的决定》修正)
        line = head[m.start():m.end()].split("《")[0]
        dates = list(re.finditer(_DATE, line))
        begin, end = dates[-1].end() if dates else 0, line.rfind("会议") + 2
        while begin < end and line[begin] in " \t\u3000（(":
            begin += 1
        if end - begin >= 4:
            at = m.start()
            found["amended_meeting"] = HeaderField("amended_meeting", text[at + begin:at + end], at + begin, at + end)
        # how many times it was revised: its revision lines, quoted from the first to the last
        first = amendments[0]
        found["revisions"] = HeaderField("revisions", text[first.start():m.end()], first.start(), m.end())
    in_force = list(_IN_FORCE_RE.finditer(aligned_simplified(text)))
    if in_force:  # the last one: an earlier one may be quoted from another document
        m = in_force[-1]
        whole = m.group(1).endswith("之日")
        start, end = (m.start(), m.end()) if whole else (m.start(1), m.end(1))
        found["effective"] = HeaderField("effective", text[start:end], start, end)
    return found


_PART_RE = {"chapters": re.compile(r"^[ \t\u3000#]*第([一二三四五六七八九十百零〇]+)章", re.MULTILINE),
            # (or run into the line before after its full stop: "…的继续教育。 第十八条继续教育实行…" in a copy —
            # devdocs 17 dev, its article count not read for the gap)
            "articles": re.compile(r"(?:^[ \t\u3000#]*|(?<=。)[ \t\u3000]+)第([一二三四五六七八九十百零〇]+)条", re.MULTILINE)}


# A copy that lost one chapter's heading line inside the text (第一章, 种类和内容 with no 第二章, 第三章 … 第六章) still
# ends on its last chapter: the count is read from it (devdocs 29 dev: "分几章" refused as unstated). Only chapters,
# only one heading, never the first or the last: a gap in articles is more often a copy cut short or articles of
# another text quoted. (ablation switch)
CHAPTER_LINE_LOST = True


def _one_heading_lost(numbers: list[int]) -> bool:
    """1, 3, 4 …: rising from 第一 with exactly one number missing between two headings."""
    steps = [b - a for a, b in itertools.pairwise(numbers)]
    return numbers[0] == 1 and all(step in (1, 2) for step in steps) and steps.count(2) == 1


def structure(text: str, part: str) -> HeaderField | None:
    """How many chapters or articles the text has: the last one's heading (第十章, 第六十八条) with its
    offsets, when they run 第一, 第二 … without a gap (else the count is not read: a copy cut short, or
    articles quoted from another text) — or, for chapters, with one heading lost inside (CHAPTER_LINE_LOST)."""
    from .chunker import cn_to_int

    view = aligned_simplified(text)
    numbers, last = [], None
    for m in _PART_RE[part].finditer(view):
        n = cn_to_int(m.group(1))
        if not numbers or n != numbers[-1]:
            numbers.append(n)
            last = m
    if last is None or len(numbers) < 2:
        return None
    if numbers != list(range(1, len(numbers) + 1)) and not (
            CHAPTER_LINE_LOST and part == "chapters" and _one_heading_lost(numbers)):
        return None
    start = last.start(1) - 1  # from 第
    end = last.end()
    return HeaderField(part, text[start:end], start, end)


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_CN_DATE_RE = re.compile(CN_DATE)


def arabic_date(written: str) -> str:
    """一九八三年九月一日 → 1983年9月1日 (a date older texts write in Chinese numerals); other text unchanged."""
    m = _CN_DATE_RE.fullmatch(written.strip())
    if not m:
        return written
    from .chunker import cn_to_int

    year, month, day = m.groups()
    return f"{year.translate(_CN_DIGITS)}年" + (f"{cn_to_int(month)}月" if month else "") + (f"{cn_to_int(day)}日" if day else "")


def iso_date(written: str) -> str | None:
    """2016年11月29日 / 2016-11-29 / 2016.11.29 / 二〇一六年十一月二十九日 → '2016-11-29'; None when it is not a
    whole date."""
    m = re.fullmatch(r"((?:19|20)\d\d)(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})日?", arabic_date(match_key(written)))
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
