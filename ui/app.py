"""The Gradio chat UI, mounted by the API server at /ui. It calls the Assistant directly (no HTTP hop).

Layout: the conversation on the left (answers stream in; [n] markers link to the
sources), the sources on the right (document title, section path, the clause with the
quote highlighted): the latest answer's open at the top, earlier answers' folded below, so
every marker in the chat still leads to its quote. Follow-up questions ("那廊坊呢？") are
answered in the light of the conversation (rag.conversation), shown as "理解为：…". On a
phone the columns stack; each answer links to its own sources. A Documents tab lists the library,
takes uploads and removes documents (ui/documents.py). 👍/👎 (and a reason under the
flag) go to the feedback log (rag.feedback). Example questions, a document filter.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Callable, Iterator

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr

from rag.assistant import Assistant
from rag.conversation import Turn
from rag.errors import BadInput, NotReady, RagError
from rag.filters import DocFilter, doc_type, select

from . import render
from .documents import documents_tab
from .viewer import view

log = logging.getLogger("rag.ui")

EXAMPLES = [
    "科研人员转化成果能拿多少奖励",
    "What is the reward share for researchers?",
    "廊坊给新认定的市级协同创新基地多少奖励",
    "上海的科技成果转化奖励比例是多少",
]

SYSTEM_FONTS = ["system-ui", "-apple-system", "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei",
                "Noto Sans CJK SC", "sans-serif"]
THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=SYSTEM_FONTS,
                       font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "monospace"])

CSS = """
.gradio-container { max-width: 1320px !important; margin: 0 auto; }
#title h1 { font-size: 1.45rem; margin: 0.2rem 0 0; }
#title p { margin: 0.15rem 0 0.4rem; color: var(--body-text-color-subdued); }
#chat a.fn { text-decoration: none; font-weight: 600; font-size: 0.85em; vertical-align: super;
  color: var(--color-accent); padding: 0 1px; cursor: pointer; }
#chat a.fn:hover { text-decoration: underline; }
.abstain-badge { display: inline-block; background: #fff4e5; color: #8a4b00; border: 1px solid #f5b971;
  border-radius: 6px; padding: 2px 8px; font-weight: 600; }
#sources { max-height: 74vh; overflow-y: auto; padding-right: 4px; }
#sources .src-count { font-size: 0.85rem; color: var(--body-text-color-subdued); margin: 0 0 6px; }
#sources .src-card { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 10px 12px;
  margin-bottom: 10px; background: var(--background-fill-primary); }
#sources .src-card.near { opacity: 0.85; border-style: dashed; }
#sources .src-card.near .src-text { display: -webkit-box; -webkit-line-clamp: 5; -webkit-box-orient: vertical;
  overflow: hidden; }
#sources .src-head { display: flex; align-items: baseline; gap: 6px; flex-wrap: wrap; }
#sources .src-title { font-weight: 650; }
#sources .src-tier { font-size: 0.75rem; font-weight: 600; color: #8a4b00; background: #fff3e0;
  border: 1px solid #f5b971; border-radius: 999px; padding: 0 7px; }
#sources .badge { display: inline-block; min-width: 1.4em; text-align: center; border-radius: 999px;
  background: var(--color-accent); color: white; font-size: 0.75rem; font-weight: 700; padding: 1px 6px;
  text-decoration: none; }
#sources .src-path { font-size: 0.82rem; color: var(--body-text-color-subdued); margin: 3px 0 6px; }
#sources .src-text { white-space: pre-wrap; line-height: 1.65; font-size: 0.92rem; }
#sources mark.quote { background: #fff3a3; color: inherit; border-radius: 3px; padding: 1px 0;
  box-shadow: 0 0 0 1px #f0d95c; transition: box-shadow .3s; scroll-margin: 80px; }
#sources mark.quote .qn { font-size: 0.7em; font-weight: 700; vertical-align: super; color: #7a5d00;
  margin-right: 2px; }
#sources mark.flash { box-shadow: 0 0 0 3px var(--color-accent); }
#sources .src-meta { font-size: 0.75rem; color: var(--body-text-color-subdued); margin-top: 6px;
  font-family: var(--font-mono); }
#sources .src-empty { color: var(--body-text-color-subdued); padding: 8px 2px; line-height: 1.6; }
#sources .abstain { border: 2px solid #f5b971; background: #fff8ef; border-radius: 10px; padding: 12px 14px;
  margin-bottom: 12px; color: #5c3300; }
#sources .abstain-title { font-weight: 700; font-size: 1.05rem; color: #8a4b00; }
#sources .abstain p { margin: 6px 0 0; }
#sources .near-head { font-size: 0.85rem; color: var(--body-text-color-subdued); margin: 4px 0 6px; }
#sources details.turn { margin-bottom: 8px; }
#sources details.turn > summary { cursor: pointer; font-size: 0.88rem; padding: 4px 2px;
  color: var(--body-text-color-subdued); list-style-position: inside; }
#sources details.turn[open] > summary { color: var(--body-text-color); font-weight: 600; }
#sources .turn-n { display: inline-block; font-weight: 700; font-size: 0.75rem; border-radius: 6px;
  padding: 0 5px; background: var(--background-fill-secondary); border: 1px solid var(--border-color-primary); }
#chat a.to-src { font-size: 0.85em; text-decoration: none; color: var(--color-accent); }
#ask { white-space: nowrap; }
#sources a.src-open { font-family: var(--font-sans); color: var(--color-accent); text-decoration: none; }
#doc-view .doc-head { position: sticky; top: 0; background: var(--background-fill-primary); padding: 4px 0 8px;
  border-bottom: 1px solid var(--border-color-primary); margin-bottom: 8px; }
#doc-view .doc-title { font-weight: 700; font-size: 1.1rem; }
#doc-view .doc-record, #doc-view .doc-where { font-size: 0.85rem; color: var(--body-text-color-subdued); }
#doc-view .doc-text { white-space: pre-wrap; line-height: 1.75; max-height: 72vh; overflow-y: auto; }
#doc-view mark.doc-focus { background: #fff3a3; color: inherit; box-shadow: 0 0 0 2px #f0d95c; border-radius: 3px;
  scroll-margin: 120px; }
#doc-view .doc-page { display: block; text-align: center; font-size: 0.75rem; color: var(--body-text-color-subdued);
  margin: 6px 0; }
@media (max-width: 640px) {
  .gradio-container { padding: 6px !important; }
  #chat { height: 58vh !important; }
  #ask { min-width: 72px !important; flex-grow: 0 !important; }
  #sources { max-height: none; }
}
"""

# marker links jump to the quote in the sources panel (and flash it), whatever the chat renderer does to links
HEAD = """
<script>
document.addEventListener("click", function (ev) {
  var a = ev.target && ev.target.closest ? ev.target.closest('a[href^="#src-"]') : null;
  if (!a) return;
  ev.preventDefault();
  ev.stopPropagation();
  var el = document.getElementById(a.getAttribute("href").slice(1));
  if (!el) return;
  var fold = el.closest("details");  // an earlier answer's sources are folded: unfold them first
  if (fold) fold.open = true;
  el.scrollIntoView({behavior: "smooth", block: "center"});
  el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash");
  setTimeout(function () { el.classList.remove("flash"); }, 1600);
}, true);
// the document view (opened from a source card) scrolls to its highlighted clause once it is shown
new MutationObserver(function () {
  var m = document.getElementById("clause-focus");
  if (m && !m.dataset.shown && m.offsetParent !== null) {
    m.dataset.shown = "1";
    m.scrollIntoView({block: "center"});
  }
}).observe(document.documentElement, {childList: true, subtree: true, attributes: true});
</script>
"""

def _titles(docs) -> list[tuple[str, str]]:
    """(label, value) choices of a document dropdown."""
    return [(d.title, d.doc_id) for d in docs]


_DATE_RE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
AssistantSource = Assistant | Callable[[], Assistant]
# 👍/👎, and under the flag the reasons a 👎 most often has
FEEDBACK_OPTIONS = ("Like", "Dislike", "Wrong value · 数值不对", "Wrong source · 出处不对",
                    "Should not answer · 不该回答", "Should have answered · 应该能回答", "Misunderstood · 理解错了")


def build_ui(assistant: AssistantSource) -> gr.Blocks:
    """The chat UI over `assistant` (or a callable returning it, for an app that loads it in the background)."""
    get = assistant if callable(assistant) and not isinstance(assistant, Assistant) else (lambda: assistant)

    def load_documents():
        """The choices of the filters and of the document view, from the served documents."""
        try:
            docs = get().documents()
        except NotReady:
            waiting = gr.update(choices=[], info="The index is still loading; reload the page in a moment.")
            return waiting, gr.update(choices=[]), gr.update(choices=[]), gr.update(choices=[])
        titles = _titles(docs)
        issuers = sorted({d.issuer for d in docs if d.issuer})
        kinds = sorted({k for k in (doc_type(d.title) for d in docs) if k})
        return (gr.update(choices=titles), gr.update(choices=issuers),
                gr.update(choices=[("any · 全部", ""), *kinds], value=""), gr.update(choices=titles))

    def open_view(request: gr.Request):
        """A page opened from a source card's link (?clause=ID, or ?doc=ID) shows that document,
        the clause highlighted, in the Document tab."""
        params = request.query_params if request is not None else {}
        clause_id, doc_id = params.get("clause"), params.get("doc")
        if not (clause_id or doc_id):
            return gr.update(), gr.update(), gr.update()
        try:
            source = get()
            titles = _titles(source.documents())
            shown, page = view(source, doc_id, clause_id)
        except NotReady as e:
            titles, shown, page = [], None, render.status_html(e.message)
        return gr.update(selected="view-tab"), gr.update(choices=titles, value=shown), page

    def pick_view(doc_id: str | None) -> str:
        try:
            return view(get(), doc_id)[1]
        except NotReady as e:
            return render.status_html(e.message)

    def chosen(doc_ids: list[str] | None, issuers: list[str] | None, kind: str | None, date_from: str,
               date_to: str) -> set[str] | None:
        """The documents a question is asked of: the ones picked, narrowed by issuer, kind and date of
        issue (rag.filters, as in the API); BadInput for a malformed date, NotFound when none is left."""
        dates = []
        for label, value in (("from", date_from), ("to", date_to)):
            value = (value or "").strip()
            if value and not _DATE_RE.fullmatch(value):
                raise BadInput(f"the date {label} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
            dates.append(value or None)
        wanted = DocFilter(issuers=tuple(issuers or ()), doc_type=kind or None, date_from=dates[0], date_to=dates[1])
        return select(get().index.documents, set(doc_ids) if doc_ids else None, wanted)

    def respond(message: str, history: list, turns: list, panels: list, doc_ids: list[str] | None,
                top_k: float, issuers: list[str] | None = None, kind: str | None = None, date_from: str = "",
                date_to: str = "") -> Iterator[tuple]:
        """`turns` is the conversation as the assistant reads it (role, content, cited clause ids);
        `panels` each answer's sources. Both live in per-session state, like the chat itself."""
        history, turns, panels = list(history or []), list(turns or []), list(panels or [])
        question = (message or "").strip()
        if not question:
            gr.Warning("Type a question first. 请输入问题。")
            yield history, gr.update(), message, turns, panels
            return
        turn = sum(1 for m in history if m.get("role") == "user") + 1
        history += [{"role": "user", "content": render.md_text(question)},
                    {"role": "assistant", "content": "_Searching the documents…_"}]
        yield history, gr.update(), "", turns, panels
        try:
            answer = get().ask(question, int(top_k), doc_ids=chosen(doc_ids, issuers, kind, date_from, date_to),
                               history=[Turn(t["role"], t["content"], tuple(t.get("clause_ids") or ()))
                                        for t in turns])
        except RagError as e:
            history[-1]["content"] = f"**Could not answer:** {render.md_text(e.message)}"
            yield history, render.status_html(e.message), "", turns, panels
            return
        except Exception:
            log.exception("ask failed")
            history[-1]["content"] = "**Something went wrong on the server.** The error is logged."
            yield history, render.panel_html(panels), "", turns, panels
            return
        steps = render.reveal_steps(answer.answer)
        lead = render.understood_markdown(answer)
        for partial in steps[:-1]:  # stream the prose; the sources arrive with the last step
            history[-1]["content"] = lead + render.prose_markdown(partial, turn) + " ▌"
            yield history, gr.update(), "", turns, panels
            time.sleep(0.03)
        history[-1]["content"] = render.answer_markdown(answer, turn)
        turns += [{"role": "user", "content": question},
                  {"role": "assistant", "content": answer.answer, "clause_ids": [c.clause_id for c in answer.citations],
                   "answer_id": answer.id}]
        panels += [{"turn": turn, "question": answer.resolved_question or question,
                    "html": render.sources_html(answer, get(), turn)}]
        yield history, render.panel_html(panels), "", turns, panels

    def on_feedback(turns: list, data: gr.LikeData) -> None:
        """👍/👎 on an answer (or a reason chosen under the flag) goes to the feedback log."""
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        answers = [t for t in turns or [] if t.get("role") == "assistant"]
        k = int(index) // 2  # the chat alternates question, answer
        if not 0 <= k < len(answers):
            return
        rating, reason = (1, "") if data.liked is True else (-1, "") if data.liked is False else (-1, str(data.liked))
        try:
            get().feedback(answers[k]["answer_id"], rating, reason)
            gr.Info("Thanks — feedback recorded. 感谢反馈。")
        except RagError as e:
            gr.Warning(e.message)

    with gr.Blocks(title="Policy Q&A · 科技政策问答", analytics_enabled=False) as blocks:
        gr.Markdown(
            "# 科技政策问答 · Policy Q&A\n"
            "Answers come only from the indexed S&T policy documents, each claim with a numbered source "
            "quoting the clause verbatim. Ask in Chinese or English. · [API docs](/docs)",
            elem_id="title",
        )
        with gr.Tabs() as tabs:
            with gr.Tab("Chat · 问答", id="chat-tab"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=300):
                        chat = gr.Chatbot(
                            elem_id="chat", height=520, label="Conversation", show_label=False, latex_delimiters=[],
                            sanitize_html=True, render_markdown=True, line_breaks=True, feedback_options=FEEDBACK_OPTIONS,
                            buttons=["copy"], placeholder="Ask about the policies — e.g. reward ratios, subsidies, who is "
                            "responsible. 可以用中文或英文提问。",
                        )
                        with gr.Row(equal_height=True):
                            box = gr.Textbox(elem_id="question", placeholder="Your question · 输入问题…", show_label=False,
                                             lines=1, max_lines=4, scale=5, autofocus=True, submit_btn=False)
                            send = gr.Button("Ask 提问", variant="primary", scale=1, min_width=100, elem_id="ask")
                        gr.Examples(EXAMPLES, inputs=[box], label="Examples · 示例问题")
                        with gr.Accordion("Filter and options · 筛选", open=False):
                            docs = gr.Dropdown(label="Only these documents (all when empty) · 限定文件", multiselect=True,
                                               choices=[], value=[], elem_id="doc-filter")
                            with gr.Row():
                                issuers = gr.Dropdown(label="Issued by · 发文机关", multiselect=True, choices=[],
                                                      value=[], elem_id="issuer-filter")
                                kind = gr.Dropdown(label="Kind · 文件类型", choices=[], value=None,
                                                   elem_id="kind-filter")
                            with gr.Row():
                                date_from = gr.Textbox(label="Issued from · 起始日期", placeholder="YYYY-MM-DD",
                                                       elem_id="date-from")
                                date_to = gr.Textbox(label="Issued to · 截止日期", placeholder="YYYY-MM-DD",
                                                     elem_id="date-to")
                            top_k = gr.Slider(1, 20, value=5, step=1, label="Passages to retrieve (top_k)")
                    with gr.Column(scale=2, min_width=300):
                        gr.Markdown("### Sources · 来源")
                        sources = gr.HTML(render.placeholder_html(), elem_id="sources")

            with gr.Tab("Documents · 文件", id="docs-tab", elem_id="docs-tab"):
                listing, fill_listing = documents_tab(get)

            with gr.Tab("Document · 原文", id="view-tab", elem_id="view-tab"):
                pick = gr.Dropdown(label="Document · 文件", choices=[], value=None, elem_id="doc-view-pick")
                page = gr.HTML(render.status_html("Pick a document, or open one from a source card. 请选择文件。"),
                               elem_id="doc-view")
                pick.input(pick_view, [pick], page)

        turns = gr.State([])  # per browser session: a new tab is a new conversation
        panels = gr.State([])
        inputs = [box, chat, turns, panels, docs, top_k, issuers, kind, date_from, date_to]
        outputs = [chat, sources, box, turns, panels]
        box.submit(respond, inputs, outputs, concurrency_limit=4)
        send.click(respond, inputs, outputs, concurrency_limit=4)
        chat.like(on_feedback, [turns], None)
        # the chat's own trash button starts a new conversation
        chat.clear(lambda: (render.placeholder_html(), [], []), None, [sources, turns, panels])
        # not through the queue: a question asked while this page-load event is still streaming could lose
        # its reply (seen in the browser tests, 3 in 10 first questions hung, before and after follow-ups)
        blocks.load(load_documents, None, [docs, issuers, kind, pick], queue=False)
        blocks.load(open_view, None, [tabs, pick, page], queue=False)
        blocks.load(fill_listing, None, listing, queue=False)
    return blocks
