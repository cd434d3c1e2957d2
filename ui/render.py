"""HTML/Markdown for the chat UI, as pure functions (no Gradio), so escaping is unit-testable.

Every piece of document or user text passes through `esc` (HTML) or `md_text`
(HTML + Markdown) before it reaches the page: a `<script>` inside a clause renders
as text, never as markup.
"""

from __future__ import annotations

import html
import re
from typing import Protocol
from urllib.parse import quote

from rag.conversation import understood_as
from rag.models import Answer, Citation, Clause, Document, Hit

MARKER_SPLIT = re.compile(r"(\[\d+\])")
_PIECE_RE = re.compile(r"[^。；;！？!?，,\n]{0,24}[。；;！？!?，,\n]|[^。；;！？!?，,\n]{1,24}")
# ASCII punctuation that Markdown could read as syntax; '&', '<', '>', '"', "'" are HTML-escaped instead
_MD_PUNCT = set("\\`*_{}[]()#+-.!|~=$:")

FOCUS_ID = "clause-focus"  # the document view's highlighted clause (ui.viewer); the page script scrolls to it
ABSTAIN_BADGE = "Not in the documents · 文件中没有答案"


class Source(Protocol):
    def clause(self, clause_id: str) -> Clause: ...
    def document(self, doc_id: str) -> Document: ...


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def md_text(text: str) -> str:
    """Text that a Markdown renderer shows literally: HTML-escaped, Markdown punctuation backslash-escaped."""
    out = []
    for ch in text:
        if ch in "&<>\"'":
            out.append(html.escape(ch, quote=True))
        elif ch in _MD_PUNCT:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out).replace("\n", "  \n")


def view_link(clause_id: str) -> str:
    """A link to the view of a clause's document, the clause highlighted. Relative (?clause=…), so it
    opens the same /ui page, behind the same login, wherever the UI is mounted."""
    return (f'<a class="src-open" href="?clause={quote(clause_id, safe="")}" target="_blank" rel="noopener">'
            "Open in document · 查看原文</a>")


def anchor(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def turn_anchor(turn: int) -> str:
    return f"src-{turn}"


def prose_markdown(prose: str, turn: int) -> str:
    """The answer prose for the chat bubble, its [n] markers turned into links to the sources panel."""
    parts = []
    for piece in MARKER_SPLIT.split(prose):
        m = re.fullmatch(r"\[(\d+)\]", piece)
        if m:
            n = int(m.group(1))
            parts.append(f'<a class="fn" href="#{anchor(turn, n)}" title="source {n}">[{n}]</a>')
        elif piece:
            parts.append(md_text(piece))
    return "".join(parts)


def understood_markdown(answer: Answer) -> str:
    """"理解为：…" above the answer to a follow-up: the standalone question it was answered as."""
    if not answer.resolved_question:
        return ""
    lang = answer.meta.get("lang")
    return f"_{md_text(understood_as(answer.resolved_question, lang if isinstance(lang, str) else None))}_\n\n"


def answer_markdown(answer: Answer, turn: int) -> str:
    body = understood_markdown(answer) + prose_markdown(answer.answer, turn)
    # on a phone the sources panel sits below the chat: this link reaches this answer's sources directly
    n = len(answer.citations)
    link = f'\n\n<a class="to-src" href="#{turn_anchor(turn)}">↓ Sources · 来源 ({n})</a>' if n else ""
    if answer.answered:
        return body + link
    return f'<span class="abstain-badge">⚠ {esc(ABSTAIN_BADGE)}</span>\n\n{body}'


def reveal_steps(prose: str, max_steps: int = 12) -> list[str]:
    """Growing prefixes of the prose for streaming; markers never split, the last step is the whole prose."""
    pieces: list[str] = []
    for part in MARKER_SPLIT.split(prose):
        if MARKER_SPLIT.fullmatch(part):
            pieces.append(part)
        elif part:
            pieces.extend(_PIECE_RE.findall(part))
    step = max(1, -(-len(pieces) // max_steps))
    prefixes = ["".join(pieces[: i + step]) for i in range(0, len(pieces), step)]
    if not prefixes or prefixes[-1] != prose:
        prefixes.append(prose)
    return prefixes


def _path(section_path: list[str]) -> str:
    return " › ".join(esc(p) for p in section_path) or "(preamble)"


def _page(page: int | None) -> str:
    """"p. 3 · " before the section path of a quote from a document with pages (PDF, scans)."""
    return f'<span class="src-page">p. {page}</span> · ' if page else ""


def _highlighted(text: str, lo: int, group: list[Citation], turn: int, start: int, end: int) -> str:
    """text = document text from offset lo; show [start, end) with each citation's quote in <mark>."""
    out, pos = [], start
    for c in sorted(group, key=lambda c: (c.start, c.end)):
        s = max(c.start, pos)
        e = max(c.end, s)
        out.append(esc(text[pos - lo : s - lo]))
        out.append(f'<mark id="{anchor(turn, c.n)}" class="quote"><span class="qn">{c.n}</span>'
                   f"{esc(text[s - lo : e - lo])}</mark>")
        pos = e
    out.append(esc(text[pos - lo : end - lo]))
    return "".join(out)


def _citation_card(group: list[Citation], source: Source, turn: int) -> str:
    first = group[0]
    if first.kind == "document":  # the document record (manifest or a record line), not a clause
        return _record_card(first, turn)
    try:
        clause = source.clause(first.clause_id)
        doc_text = source.document(first.doc_id).text
        lo = min(clause.start, *(c.start for c in group))
        hi = max(clause.end, *(c.end for c in group))
        body = _highlighted(doc_text[lo:hi], lo, group, turn, lo, hi)
    except Exception:  # the clause is gone (index rebuilt since): show the quotes alone
        body = " … ".join(_highlighted(c.quote, c.start, [c], turn, c.start, c.end) for c in group)
    badges = "".join(f'<a class="badge" href="#{anchor(turn, c.n)}">{c.n}</a>' for c in group)
    # a document added through the upload API is not an official source: the card says so
    tier = ('<span class="src-tier">uploaded, not official · 上传文件，非官方</span>'
            if first.tier == "uploaded" else "")
    return (
        f'<div class="src-card">'
        f'<div class="src-head">{badges}<span class="src-title">{esc(first.doc_title)}</span>{tier}</div>'
        f'<div class="src-path">{_page(first.page)}{_path(first.section_path)}</div>'
        f'<div class="src-text">{body}</div>'
        f'<div class="src-meta">{esc(first.clause_id)} · characters {group[0].start}–{group[-1].end} · '
        f'{view_link(first.clause_id)}</div>'
        f"</div>"
    )


def _record_card(c: Citation, turn: int) -> str:
    where = f" · characters {c.start}–{c.end}" if c.end > c.start else " · document manifest"
    return (
        f'<div class="src-card record">'
        f'<div class="src-head"><a class="badge" href="#{anchor(turn, c.n)}">{c.n}</a>'
        f'<span class="src-title">{esc(c.doc_title)}</span></div>'
        f'<div class="src-path">Document record · 文件记录 › {esc(c.field or "")}</div>'
        f'<div class="src-text"><mark id="{anchor(turn, c.n)}" class="quote"><span class="qn">{c.n}</span>'
        f'{esc(c.quote)}</mark></div>'
        f'<div class="src-meta">{esc(c.doc_id)}{where}</div>'
        f"</div>"
    )


def _hit_card(hit: Hit) -> str:
    return (
        f'<div class="src-card near">'
        f'<div class="src-head"><span class="src-title">{esc(hit.doc_title)}</span></div>'
        f'<div class="src-path">{_page(hit.page)}{_path(hit.section_path)}</div>'
        f'<div class="src-text">{esc(hit.text)}</div>'
        f'<div class="src-meta">{esc(hit.clause_id)} · score {hit.score:.3f} · {view_link(hit.clause_id)}</div>'
        f"</div>"
    )


def sources_html(answer: Answer, source: Source, turn: int, near: int = 3) -> str:
    """The sources panel: one card per cited clause with the quotes highlighted, or the abstention state."""
    if not answer.answered:
        closest = "".join(_hit_card(h) for h in answer.hits[:near])
        return (
            f'<div class="abstain"><div class="abstain-title">⚠ {esc(ABSTAIN_BADGE)}</div>'
            f"<p>No passage in the indexed documents answers this question, so the assistant does not "
            f"answer it. 所检索的文件中没有能回答这个问题的条款。</p></div>"
            + (f'<div class="near-head">Closest passages (not an answer)</div>{closest}' if closest else "")
        )
    groups: dict[str, list[Citation]] = {}
    for c in sorted(answer.citations, key=lambda c: c.n):
        groups.setdefault(c.clause_id, []).append(c)
    cards = "".join(_citation_card(g, source, turn) for g in groups.values())
    n = len(answer.citations)
    took = answer.timings_ms.get("total")
    took = f" · answered in {took:.0f} ms" if took is not None else ""
    return f'<div class="src-count">{n} source{"s" if n != 1 else ""} cited{took}</div>{cards}'


def panel_html(panels: list[dict]) -> str:
    """Every answer's sources, the latest open at the top and earlier ones folded below it, so the
    markers of earlier answers still lead to their quotes (the page script unfolds a folded one)."""
    if not panels:
        return placeholder_html()
    out = []
    for i, p in enumerate(reversed(panels)):
        head = f'<span class="turn-n">Q{p["turn"]}</span> {esc(_shorten(p["question"], 80))}'
        out.append(f'<details class="turn" id="{turn_anchor(p["turn"])}"{" open" if i == 0 else ""}>'
                   f"<summary>{head}</summary>{p['html']}</details>")
    return "".join(out)


def _shorten(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def placeholder_html() -> str:
    return ('<div class="src-empty">Sources for the latest answer appear here, each with its quote '
            "<mark>highlighted</mark> in the clause. Click a marker such as <b>[1]</b> in the answer to "
            "jump to it.<br>答案引用的条款会显示在这里。</div>")


def status_html(message: str) -> str:
    return f'<div class="src-empty">{esc(message)}</div>'
