"""Question answering: the object the CLI, the API, the UI and the evaluation ask.

It validates input and answers each request from one Snapshot, taken once at the request's start
from its IndexKeeper (rag.keeper, which owns loading, uploads, removals and the swap of a rebuilt
index), so a request in flight finishes on the build it started on. It knows nothing of HTTP.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from . import definitions
from .answer.options import asks_options
from .answer.penalty import penalty_asked, states_penalty
from .answer.policy import without_short_answer
from .answer.premise import echoes
from .answer.scope import place_scoped
from .articles import articles_first, asked_articles, basis_asked, with_penalties_citing
from .compose import CANDIDATE_HITS
from .config import Settings
from .conversation import Turn
from .errors import BadInput, Busy, NotFound
from .feedback import FeedbackLog
from .index import LoadedIndex
from .keeper import IndexKeeper
from .loaders import page_at
from .models import Answer, Citation, Clause, Document, DocumentMeta, Hit, ShortAnswer
from .normalize import question_words
from .retriever import Mode
from .snapshot import Snapshot

log = logging.getLogger("rag.assistant")
# a question naming more places than this is searched per place for the first ones only
MAX_PLACES_SEARCHED = 4
# Questions longer than this (characters; the longest gold question has ~60) take the long lane:
# one at a time, whoever sends them, so clients sending maximum-length questions queue behind each
# other instead of crowding out normal questions. (Measured with evals/load.py --scenario long.)
LONG_QUESTION_CHARS = 200
LONG_LANE_WAIT_S = 10.0  # a long question waits at most this long for the lane, then gets 503 "busy"


_QUOTED_NAME_RE = re.compile(r"[“\"「『]([^”\"」』]{2,20})[”\"」』]")


def named_first(q, hits: list[Hit]) -> list[Hit]:
    """A question naming something in quotation marks ("“某某计划”由谁牵头") is answered from a clause
    that names it: when some but not all hits do, they go first, in their order. (Retrieval ranks the
    document's preamble first when the question's other words are its title's.)"""
    from .normalize import normalize

    for name in dict.fromkeys(_QUOTED_NAME_RE.findall(q.normalised)):
        having = [h for h in hits if name in normalize(" ".join([*h.section_path, h.text]))]
        if 0 < len(having) < len(hits):
            hits = having + [h for h in hits if h not in having]
    return hits


def _named_document(snap: Snapshot, q, hits: list[Hit]) -> str | None:
    """The document a question names by its title or its place (rag.answer.docfacts.choose_document),
    or None when it names none."""
    from .answer import docfacts

    concepts = snap.index.expander.concepts(q.text) if q.is_english else None
    doc = docfacts.choose_document(q, hits, snap.index.documents, concepts)
    if doc is None or not docfacts.names_only(q, doc, snap.index.documents, concepts):
        return None
    return doc.doc_id


def _documents_of_place(snap: Snapshot, place: str) -> set[str]:
    """The documents a place issued or names in its title (its rules: 廊坊 → the 廊坊 plan)."""
    return {d.doc_id for d in snap.index.documents.values() if place in f"{d.title}{d.issuer or ''}"}


def _asks_a_part(q) -> bool:
    """A question asking a value (not whether it is one, nor which of two) may ask a part of a figure it
    states; its answer must not be that figure (rag.answer.premise.echoes)."""
    return ECHO_REFUSAL and "yesno" not in q.intents and not asks_options(q)


ECHO_REFUSAL = True  # (ablation switch)
PENALTY_OF_NAMED = True  # (ablation switch; see Assistant._penalties_of_named)
_COMPARED_RE = re.compile(r"哪个|哪一个|哪部|哪份|分别|各是|各自|\bwhich (?:has|is|one|of)\b|\bcompare|\bversus\b|\bvs\b",
                          re.IGNORECASE)
TWO_ASKS_LEAD = True  # (ablation switch; see Assistant._two_asks)
_LEAD_STRETCH_RE = re.compile(r"^\s*([\u4e00-\u9fff《》“”]{2,16})[，,]")
_ASKING_RE = re.compile(r"多少|几|哪|什么|谁|怎么|如何|是否|吗")
# "X条例修订过几次？最近一次是哪一天？": the second ask, naming no document, is asked of the one the first opens with
# (devdocs 30 dev: answered with another document's date, twice). (ablation switch)
TWO_ASKS_DOCUMENT = True
_KIND = r"(?:条例|條例|办法|辦法|规定|規定|细则|細則|方案|规划|規劃|意见|意見|措施|决定|決定|通知|纲要|綱要|法)"
_DOCUMENT_OPENING_RE = re.compile(rf"^\s*(?:在|按照|根据|根據|依据|依據)?\s*([^，,。？?！!\s]{{2,30}}?{_KIND})(?![律规規人])")
# (a second ask about another document — the one repealed, the basis — is not the first's: 同时废止了哪部规定, devdocs
# 22 dev, was asked of the first's and refused)
_ANOTHER_DOCUMENT_RE = re.compile(r"废止|廢止|废除|依据|依據|根据哪|根據哪|上位")
_KIND_NAMED_RE = re.compile(r"(?<!哪个)(?<!哪個)(?<!哪部)(?<!哪份)(?<!什么)(?<!什麼)" + _KIND + r"(?![律规規人])")  # (哪个决定: asked)
LEAD_IN_HITS = 20  # how many hits a how-many question's list lead-in is looked for among
ARTICLES_FIRST = True  # a question naming an article is answered from it (rag.articles) (ablation switch)


def _second_ask(first: str, second: str, resolved: str) -> str:
    """The second question of a two-question message as asked: `resolved` against the first, or, when that
    left it as typed, under the first's opening stretch ("样例复核案件，…几个月内给出结论？遇到例外可以再延几个
    月？": the second names no case of its own, the first's opening names it — devdocs 28 dev, the extension
    answered from another article). (ablation switch TWO_ASKS_LEAD)"""
    lead = _LEAD_STRETCH_RE.match(first) if TWO_ASKS_LEAD else None
    if resolved == second and lead and not _ASKING_RE.search(lead.group(1)) and lead.group(1) not in second:
        return f"{lead.group(1)}，{second}"
    document = _DOCUMENT_OPENING_RE.match(first) if TWO_ASKS_DOCUMENT else None
    if resolved == second and document and not _KIND_NAMED_RE.search(second) and not _ANOTHER_DOCUMENT_RE.search(second):
        return f"{document.group(1)}，{second}"
    return resolved


def _holds(short, citations) -> bool:
    """The short answer still occurs in the quote it cites (the trust step may renumber citations)."""
    return any(c.n == short.n and (short.kind == "yesno" or short.text in c.quote) for c in citations)


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    timings_ms: dict[str, float]


def _paged(snap: Snapshot, citations: list[Citation]) -> list[Citation]:
    """Each quote of a document with pages (PDF, scans) with the page it begins on."""
    out = []
    for c in citations:
        doc = snap.index.documents.get(c.doc_id)
        page = page_at(doc.pages, c.start) if doc is not None and c.kind == "clause" else None
        out.append(c.model_copy(update={"page": page}) if page is not None else c)
    return out


def _clean(text: object, settings: Settings, what: str = "question") -> str:
    if not isinstance(text, str):
        raise BadInput(f"the {what} must be a string")
    if "\x00" in text:
        raise BadInput(f"the {what} contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"the {what} contains invalid characters (lone surrogates)") from None
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable() or ch == "\u3000").strip()
    if not text:
        raise BadInput(f"the {what} is empty")
    limit = settings.max_question_chars
    if len(text) > limit:
        raise BadInput(f"the {what} is {len(text):,} characters long; the limit is {limit:,}")
    # NFKC can expand a character many times (U+FDFA becomes 18 characters): what is searched
    # and embedded is the normalised text, so its length is bounded too.
    expanded = len(unicodedata.normalize("NFKC", text))
    if expanded > limit:
        raise BadInput(f"the {what} is {expanded:,} characters long once normalised (NFKC); the limit is {limit:,}")
    return text


class Assistant:
    """Answers questions and searches from the snapshot its IndexKeeper serves (rag.keeper owns the
    index lifecycle: loading, uploads, removals, re-indexing and the swap)."""

    def __init__(self, settings: Settings | None = None, index: LoadedIndex | None = None, embedder=None,
                 keeper: IndexKeeper | None = None) -> None:
        self.settings = settings or (keeper.settings if keeper is not None else Settings())
        self.keeper = keeper or IndexKeeper(self.settings, index, embedder)
        self._long_lane = threading.BoundedSemaphore(1)
        self.feedback_log = FeedbackLog(self.settings.resolved_feedback_path())

    @classmethod
    def open(cls, settings: Settings | None = None, build_if_needed: bool = False) -> Assistant:
        """An Assistant over a freshly opened IndexKeeper (see IndexKeeper.open)."""
        keeper = IndexKeeper.open(settings, build_if_needed)
        return cls(keeper.settings, keeper=keeper)

    def snapshot(self) -> Snapshot:
        """The snapshot to answer one request from: take it once, at the request's start."""
        return self.keeper.snapshot()

    @property
    def index(self) -> LoadedIndex:
        return self.snapshot().index

    @property
    def embedder(self):
        return self.snapshot().embedder

    @property
    def retriever(self):
        return self.snapshot().retriever

    @property
    def extractive(self):
        return self.snapshot().extractive

    @property
    def policy(self):
        return self.snapshot().policy

    @property
    def composer(self):
        return self.snapshot().composer

    def warm_up(self) -> None:
        """Load models and caches now rather than on the first request."""
        snap = self.snapshot()
        snap.retriever.retrieve("科技成果转化", top_k=1)
        snap.policy  # noqa: B018 - the answerability model is read now
        getattr(snap.composer, "warm_up", lambda: None)()
        from .conversation import warm_up as conversation_warm_up

        conversation_warm_up()  # its word lists and the Traditional converter: ~70 ms on first use

    # -- queries --------------------------------------------------------------

    def _top_k(self, top_k: object) -> int:
        if isinstance(top_k, bool) or not isinstance(top_k, int):
            raise BadInput("top_k must be an integer")
        if not 1 <= top_k <= self.settings.max_top_k:
            raise BadInput(f"top_k must be between 1 and {self.settings.max_top_k}")
        return top_k

    def search(
        self, query: str, top_k: int | None = None, mode: Mode = "hybrid", doc_ids: set[str] | None = None
    ) -> SearchResult:
        with self._lane(query):
            return self._search(self.snapshot(), query, top_k, mode, doc_ids)

    @contextmanager
    def _lane(self, text: object) -> Iterator[None]:
        """Long questions are answered one at a time (see LONG_QUESTION_CHARS); others at once."""
        if not (isinstance(text, str) and len(text) > LONG_QUESTION_CHARS):
            yield
            return
        if not self._long_lane.acquire(timeout=LONG_LANE_WAIT_S):
            raise Busy(f"the server is answering other long questions; try again in a few seconds, or ask "
                       f"in fewer than {LONG_QUESTION_CHARS} characters")
        try:
            yield
        finally:
            self._long_lane.release()

    def _search(self, snap: Snapshot, query: str, top_k: int | None = None, mode: Mode = "hybrid",
                doc_ids: set[str] | None = None) -> SearchResult:
        t0 = time.perf_counter()
        query = _clean(query, self.settings, "query")
        top_k = self._top_k(self.settings.default_top_k if top_k is None else top_k)
        if doc_ids is not None:
            unknown = doc_ids - set(snap.index.documents)
            if unknown:
                raise NotFound(f"unknown document(s): {', '.join(sorted(unknown))}")
        result = snap.retriever.retrieve(query, top_k, mode=mode, doc_ids=doc_ids)
        timings = {k: round(v, 2) for k, v in result.timings_ms.items()}
        timings["total"] = round((time.perf_counter() - t0) * 1000, 2)
        return SearchResult(query, result.hits, timings)

    def ask(self, question: str, top_k: int | None = None, doc_ids: set[str] | None = None,
            history: Sequence[Turn] = (), lang: str | None = None) -> Answer:
        """Answer from the documents with verified citations, or say plainly that they do not answer.

        `history` holds the earlier turns of a chat (oldest first): a follow-up ("那廊坊呢？") is
        answered as the standalone question it means (rag.conversation), returned as
        `resolved_question`. The reply's language is `lang`, else what a system message asks for,
        else the language the user typed in."""
        from .conversation import language_of, repeats_previous, reply_language, resolve
        from .focus import asked_part, two_asks, two_options, two_subjects

        t0 = time.perf_counter()
        with self._lane(question):
            snap = self.snapshot()
            typed = _clean(question, self.settings, "question")
            resolution = resolve(typed, history, self._document_of(snap))
            resolve_ms = (time.perf_counter() - t0) * 1000
            resolution, rewrite_meta = self._llm_rewrite(snap, resolution)
            lang = lang or reply_language(history) or (language_of(typed, history) if resolution.rewritten else None)
            # (The previous question's hits fused in as a prior for same-topic follow-ups changed no
            # follow-up of the conversations' dev split at weights 0.25-1 and cost one refusal: not used.
            # A refused message read as standalone, asked again as a follow-up within the previous answer's
            # document: conversations dev 6 +2, the other dev sets -5 (unanswerable follow-ups answered,
            # standalone ones rewritten): not used either.)
            t1 = time.perf_counter()
            q, found, draft = self._draft(snap, resolution.question, top_k, doc_ids, lang)
            if not draft.answered and resolution.how == "standalone" and (ask := asked_part(typed)) is not None:
                # a long message refused as a whole: its question, without the story around it (rag.focus)
                focused = self._draft(snap, ask, top_k, doc_ids, lang)
                if focused[2].answered:
                    q, found, draft = focused
                    resolution = replace(resolution, question=ask, how="focus")
            if resolution.how == "standalone" and not doc_ids and (pair := two_asks(typed)) is not None:
                # two questions in one message: each answered, the second as a follow-up of the first (rag.focus)
                draft = self._two_asks(snap, q, pair, top_k, lang) or draft
            elif resolution.how == "standalone" and not doc_ids and (
                    sides := two_subjects(typed) or two_options(typed)) is not None:
                # two things of one document compared (…和…，期限各是多久; "which is longer: A, or B?"): each side
                # asked on its own (rag.focus)
                draft = self._side_by_side(snap, q, [(sides[0], sides[2]), (sides[1], sides[3])], top_k, lang) or draft
            if draft.short is not None and ("disagreement" in draft.meta or not _holds(draft.short, draft.citations)):
                draft = without_short_answer(q, draft)  # documents disagree on the value: no one value first
            if draft.short is not None and repeats_previous(draft.short.text, resolution, history,
                                                            [c.quote for c in draft.citations]):
                draft = self._repeat_refusal(snap, q, draft, found.hits)
            elif draft.short is not None and _asks_a_part(q) and echoes(draft.short.text, q.normalised,
                                                                       [c.quote for c in draft.citations]):
                draft = self._repeat_refusal(snap, q, draft, found.hits, "echo")
        timings = {"resolve": round(resolve_ms, 2), **found.timings_ms}
        # (what the answer took beyond its (last) search)
        timings["compose"] = round((time.perf_counter() - t1) * 1000 - found.timings_ms.get("retrieve", 0.0), 2)
        timings["total"] = round((time.perf_counter() - t0) * 1000, 2)
        short = draft.short
        meta = ({**draft.meta, "followup": resolution.how, "lang": q.lang, **rewrite_meta} if resolution.rewritten
                else draft.meta)
        answer = Answer(question=typed, answer=draft.answer, answered=draft.answered,
                      citations=_paged(snap, draft.citations), hits=found.hits, timings_ms=timings, meta=meta,
                      short_answer=ShortAnswer(text=short.text, text_en=short.english, citation=short.n) if short else None,
                      resolved_question=resolution.question if resolution.rewritten else None)
        self.feedback_log.remember(answer)
        return answer

    def _two_asks(self, snap: Snapshot, q, pair: tuple[str, str], top_k: int | None, lang: str | None):
        """Both questions of a two-question message answered, side by side (rag.answer.compare.merge), the
        second resolved against the first ("特殊情况最多还能延多久？" after "…多久内作出决定？"); None unless
        both are answered and the joined answer checks out (the whole message's answer then stands)."""
        from .conversation import resolve

        first, second = pair
        follow = _second_ask(first, second, resolve(second, [Turn("user", first)], self._document_of(snap)).question)
        return self._side_by_side(snap, q, [(first.rstrip("？?"), first), (second.rstrip("？?"), follow)], top_k, lang)

    def _side_by_side(self, snap: Snapshot, q, asks: list[tuple[str, str]], top_k: int | None, lang: str | None):
        """Each (label, question) answered on its own, merged side by side (rag.answer.compare.merge); None
        unless every one is answered and the joined answer checks out."""
        from .answer import compare

        drafts = [(label, self._draft(snap, question, top_k, None, lang)[2]) for label, question in asks]
        if not all(d.answered for _, d in drafts):
            return None
        merged = compare.merge(q, drafts)
        if self._problems(snap, merged.answer, merged.citations):
            return None
        return merged

    def _draft(self, snap: Snapshot, question: str, top_k: int | None, doc_ids: set[str] | None, lang: str | None):
        """The analysed question, its hits and the judged draft answering it."""
        q, found = self._retrieve_for_answer(snap, question, top_k, doc_ids, lang)
        draft = None if doc_ids else self._per_side(snap, q, top_k, lang)
        if draft is None:
            draft = self._document_fact(snap, q, found.hits) or self._compose_verified(snap, q, found.hits)
            draft = self._section_items(snap, q, draft)
            draft = self._trust(snap, q, draft, found.hits, doc_ids)
        return q, found, draft

    def _per_side(self, snap: Snapshot, q, top_k: int | None, lang: str | None):
        """A question comparing places ("海淀和廊坊…分别是多少") answered side by side
        (rag.answer.compare): each side's question from that side's documents, through the same
        composers and gates, then merged and checked; None when it compares nothing, when no side is
        answered (the whole question is then answered, or refused, as usual) or should the merge fail
        its check (a bug)."""
        from .answer import compare

        sides = compare.sides(q)
        if not sides:
            return self._per_document(snap, q, top_k, lang)
        drafts: list = []
        for side in sides:
            docs = _documents_of_place(snap, side)
            if not docs:
                drafts.append((side, None))
                continue
            sq, found = self._retrieve_for_answer(snap, compare.side_question(q.normalised, side, sides), top_k, docs,
                                                  lang or q.lang)
            draft = self._document_fact(snap, sq, found.hits) or self._compose_verified(snap, sq, found.hits)
            draft = self._trust(snap, sq, self._section_items(snap, sq, draft), found.hits, docs)
            drafts.append((side, draft if draft.answered else None))
        return self._merged(snap, q, drafts, "per-side")

    def _per_document(self, snap: Snapshot, q, top_k: int | None, lang: str | None):
        """A question comparing two documents by name answered side by side, each from its own document
        (rag.answer.compare.document_sides), as `_per_side` answers places; None as there."""
        from .answer import compare
        from .answer.messages import side_name
        from .normalize import aligned_simplified

        documents = compare.document_sides(q, snap.index.documents,
                                           snap.index.expander.concepts(q.text) if q.is_english else None)
        if not documents:
            return None
        drafts: list = []
        for doc in documents:
            docs = {doc.doc_id}
            other = next((d for d in documents if d.doc_id != doc.doc_id), doc)
            own = (compare.document_phrase(aligned_simplified(q.normalised), aligned_simplified(doc.title),
                                           aligned_simplified(other.title)) if not q.is_english else None)
            sq, found = self._retrieve_for_answer(snap, own or q.text, top_k, docs, lang or q.lang)
            # one document's side: the places only the other's title names are not asked of it (a national law
            # does not speak for 河南, which names the other side), nor is a second document
            record = f"{doc.title}{doc.issuer or ''}"
            sq = replace(sq, places=[p for p in sq.places if p in record], multi_doc=False)
            draft = self._compose_verified(snap, sq, found.hits)
            draft = self._trust(snap, sq, self._section_items(snap, sq, draft), found.hits, docs)
            drafts.append((side_name(doc.title, doc.short_title), draft if draft.answered else None))
        return self._merged(snap, q, drafts, "per-document")

    def _merged(self, snap: Snapshot, q, drafts: list, what: str):
        """The sides' drafts (None: a side not answered) merged and checked (rag.answer.compare.merge); None
        when no side is answered or should the merge fail its check (a bug)."""
        from .answer import compare

        if not any(d is not None for _, d in drafts):
            return None
        merged = compare.merge(q, drafts)
        problems = self._problems(snap, merged.answer, merged.citations)
        if problems:
            log.error("%s answer failed verification: %s", what, problems)
            return None
        return merged

    def _section_items(self, snap: Snapshot, q, draft):
        """A list question whose answer's first clause is (or sits under) a heading whose items are
        clauses of their own is answered with those items' headings (rag.answer.sections), checked
        like any answer; else the draft as it was."""
        from .answer import docfacts, sections
        from .compose import Draft
        from .normalize import normalize

        if not draft.answered or not draft.citations or draft.citations[0].kind != "clause" or not sections.asks_list(q):
            return draft
        first = snap.clause_or_none(draft.citations[0].clause_id)
        doc = snap.index.documents.get(first.doc_id) if first is not None else None
        if first is None or doc is None:
            return draft
        clauses = snap.clauses_of(first.doc_id)
        featurizer = snap.policy.featurizer
        groups = sections.list_concepts(featurizer.concepts(q))
        def covers(text: str) -> float:
            return featurizer.coverage(groups, normalize(text))

        text = snap.document(doc.doc_id).text
        found = sections.section_for(q, first, clauses, covers, doc.title)
        if found is not None:
            section, items = found
            answer, citations = sections.listed(q, section, items, text, doc, docfacts.incomplete(doc) is not None)
        elif (dashed := sections.dash_items(first, clauses, text, covers, doc.title)) is not None:
            answer, citations = sections.dashed(q, first, dashed, text, doc)
        else:
            return draft
        problems = self._problems(snap, answer, citations)
        if problems:  # a bug: the items are quoted verbatim
            log.error("section-items answer failed verification: %s", problems)
            return draft
        return Draft(answer, citations, True, {**draft.meta, "composer": "section-items", "section": first.clause_id
                                               if found is None else found[0].clause_id})

    @staticmethod
    def _document_of(snap: Snapshot):
        """For "这份措施…" after a question naming no document: the name of the document the previous
        answer cited (its clause ids, when the history carries them), else of the previous question's
        best passage — the one that answer came from. Called only for such a pronoun: one search."""
        from .answer.messages import short_name

        def document_of(previous: str, clause_ids: tuple[str, ...]) -> str | None:
            doc_id = next((c.doc_id for cid in clause_ids if (c := snap.clause_or_none(cid)) is not None), None)
            if doc_id is None:
                hits = snap.retriever.retrieve(previous, 1).hits
                doc_id = hits[0].doc_id if hits else None
            doc = snap.index.documents.get(doc_id) if doc_id else None
            return (doc.short_title or short_name(doc.title)) if doc is not None else None

        return document_of

    @staticmethod
    def _repeat_refusal(snap: Snapshot, q, draft, hits: list[Hit], reason: str = "repeat"):
        """A follow-up answered only with the previous answer's value (rag.conversation.repeats_previous),
        or a question only with a figure it states itself (rag.answer.premise.echoes): refused, saying
        which value the documents do give."""
        from .answer import messages
        from .answer.features import evidence_of

        evidence = evidence_of(draft.citations, hits)
        text = messages.abstention(q, reason, evidence, snap.policy.featurizer, value=draft.short.text)
        gate = "followup:repeat" if reason == "repeat" else "premise:echo"
        return type(draft)(text, [], False, {**draft.meta, "reason": reason, "gate": gate})

    def feedback(self, answer_id: str | None, rating: int, reason: str = "", question: str | None = None) -> dict:
        """Record 👍 (1) or 👎 (-1) on an answer (by its id, or on a question), with an optional reason."""
        return self.feedback_log.record(rating, reason, answer_id, question)

    @staticmethod
    def _llm_rewrite(snap: Snapshot, resolution):
        """With an LLM configured, it may word a follow-up's standalone question; its rewrite is used only
        when conversation.check_rewrite finds it keeps the rules' entities and adds none (else, or when
        the model is unreachable, the rules' resolution stands, and `meta.rewrite` says why)."""
        from dataclasses import replace

        from .conversation import check_rewrite
        from .llm import LLMUnavailable

        rewrite = getattr(snap.composer, "rewrite", None)
        if rewrite is None or not resolution.rewritten or resolution.previous is None:
            return resolution, {}
        try:
            candidate = rewrite(resolution.typed, resolution.previous).strip().strip("\"'“”")
        except LLMUnavailable as e:
            return resolution, {"rewrite": "rules", "rewrite_error": str(e)}
        problem = check_rewrite(candidate, resolution)
        if problem:
            return resolution, {"rewrite": "rules", "llm_rewrite": candidate, "llm_rewrite_refused": problem}
        return replace(resolution, question=candidate), {"rewrite": "llm", "rules_rewrite": resolution.question}

    def retrieve_for_answer(self, question: str, top_k: int | None = None, doc_ids: set[str] | None = None):
        """The analysed question and the hits an answer is composed from (what `ask` composes on;
        `rag eval --ablate` composes on them many times)."""
        return self._retrieve_for_answer(self.snapshot(), question, top_k, doc_ids)

    def _retrieve_for_answer(self, snap: Snapshot, question: str, top_k: int | None, doc_ids: set[str] | None,
                             lang: str | None = None):
        from .answer.instructions import screen
        from .question import analyse

        question = question_words(_clean(question, self.settings, "question"))
        found = self._search(snap, question, top_k, doc_ids=doc_ids)
        q = analyse(found.query)
        if lang in ("zh-Hans", "zh-Hant", "en"):  # the reply's language (the answer's messages), not the text's
            q.lang = lang
        if len(q.places) >= 2 and doc_ids is None:
            found = self._search_per_place(snap, q, found)
        # instruction-like sentences never reach a composer (rag.answer.instructions)
        hits = named_first(q, [h for h in map(screen, found.hits) if h is not None])
        # "第五条讲了什么": that article first; the law it is made under: its opening article (rag.articles)
        asked = (asked_articles(q.normalised) if ARTICLES_FIRST else []) or ([1] if basis_asked(q.normalised) else [])
        if asked:
            hits = articles_first(asked, hits, snap.clauses_of, lambda d: snap.index.documents[d].title,
                                  _named_document(snap, q, hits), q.normalised)
        if penalty_asked(q.normalised):  # the article setting the penalty of a duty retrieved (rag.articles)
            hits = with_penalties_citing(hits, snap.clauses_of, states_penalty)
            hits = self._penalties_of_named(snap, q, hits)
        # a one-place question is answered from that place's clauses (rag.answer.scope)
        hits = place_scoped(q, hits, snap.policy.featurizer)
        hits = self._list_named(snap, q, found.query, hits, doc_ids)
        if definitions.needs_search(q.normalised, q.is_english, hits, CANDIDATE_HITS):
            # what a term means: the clause defining it, among more hits (rag.definitions)
            more = self._search(snap, found.query, LEAD_IN_HITS, doc_ids=doc_ids).hits
            hits = definitions.with_defining_clause(q.normalised, hits, more, CANDIDATE_HITS)
        return q, SearchResult(found.query, hits, found.timings_ms)

    @staticmethod
    def _penalties_of_named(snap: Snapshot, q, hits: list[Hit]) -> list[Hit]:
        """A fine asked of one document's subject (单位破坏气象设施…罚多少) is that document's: another
        regulation's fine for its own duty answers nothing (devdocs 29 dev: two near misses answered with a
        network-data regulation's 1万元以上10万元以下). Its hits only, when the question names one document and
        it has two or more; else as they are. (ablation switch PENALTY_OF_NAMED)"""
        if (not PENALTY_OF_NAMED or q.multi_doc or not q.intents & {"number", "money"}
                or _COMPARED_RE.search(q.normalised)):  # (two fines compared: each its own document's)
            return hits
        named = _named_document(snap, q, hits)
        own = [h for h in hits if h.doc_id == named]
        # (one hit alone is too thin a list to answer from: the answer model reads the gap to the next hit, and
        # a comparison's patent-rules half, whose one hit stated the fine, was refused — devdocs 27 dev)
        return own if named is not None and len(own) >= 2 else hits

    def _list_named(self, snap: Snapshot, q, query: str, hits: list[Hit], doc_ids: set[str] | None) -> list[Hit]:
        """For a question asking how many things (几项职责), a clause among more hits whose list's lead-in
        names them (科协的职责：…), when none of the first hits has one (rag.answer.enumerated: such clauses
        are long and rank low)."""
        from .answer import enumerated

        if q.is_english:
            from .normalize import normalize

            if not (enumerated.EN_LEAD_IN_SEARCH and hits and enumerated.COUNT_OF_ITEMS_RE.search(q.normalised)):
                return hits
            concepts = snap.policy.featurizer.concepts(q)
            more = self._search(snap, query, LEAD_IN_HITS, doc_ids=doc_ids).hits
            return enumerated.with_list_covering(hits, more, concepts, CANDIDATE_HITS,
                                                 lambda h: normalize(h.doc_title))
        nouns = enumerated.asked_item_nouns(q.normalised)
        if not enumerated.needs_list_search(nouns, hits[:CANDIDATE_HITS]):
            return hits
        more = self._search(snap, query, LEAD_IN_HITS, doc_ids=doc_ids).hits
        return enumerated.with_list_named(hits, more, nouns, CANDIDATE_HITS)

    def _search_per_place(self, snap: Snapshot, q, found: SearchResult) -> SearchResult:
        """A question naming several places ("北京和廊坊分别…") is answered from each place's own
        documents: retrieve within each, then interleave, so no place crowds the others out.
        (Only the first few places: a question listing fifty places must not cost fifty searches.)"""
        per_place: list[list[Hit]] = []
        for place in q.places[:MAX_PLACES_SEARCHED]:
            docs = _documents_of_place(snap, place)
            if docs:
                per_place.append(self._search(snap, found.query, len(found.hits), doc_ids=docs).hits)
        if len(per_place) < 2:
            return found
        merged: list[Hit] = []
        for group in zip(*per_place, strict=False):
            merged.extend(h for h in group if h.clause_id not in {m.clause_id for m in merged})
        return SearchResult(found.query, merged[: len(found.hits)], found.timings_ms)

    def _document_fact(self, snap: Snapshot, q, hits: list[Hit]):
        """A document fact (issuer, number, date of issue …) answered from the document record
        (rag.answer.docfacts), checked like any answer; None when the question asks none or the record
        is silent (the composers then look in the clauses)."""
        from .answer import docfacts

        if docfacts.asked_field(q) is None:  # most questions: no English concepts to look up for them
            return None
        draft = docfacts.answer(q, hits, snap.index.documents, lambda d: snap.document(d).text,
                                snap.clauses_of,
                                snap.index.expander.concepts(q.text) if q.is_english else None)
        if draft is None or not draft.answered:
            return draft
        problems = self._problems(snap, draft.answer, draft.citations)
        if problems:  # a bug: the record answer quotes the record verbatim
            log.error("document-fact answer failed verification: %s", problems)
            return None
        return draft

    def _compose_verified(self, snap: Snapshot, q, hits: list[Hit], judge: bool = True):
        """Compose, check, repair, then judge: an LLM draft that cannot be repaired (or an unreachable
        model) gives way to the extractive one, which is checked like any other; whichever draft
        stands goes through the same abstention gates (rag.answer.policy; not with `judge=False`).
        Never returns unverified."""
        from .llm import LLMUnavailable
        from .verify import repair

        composer = snap.composer
        fallback: dict[str, object] = {}
        while True:
            try:
                draft = composer.compose(q, hits)
            except LLMUnavailable as e:
                fallback = {"fallback": "extractive", "llm_error": str(e)}
                composer = snap.extractive
                continue
            draft.meta = {**draft.meta, **fallback}
            if not draft.answered:
                return draft
            problems = self._problems(snap, draft.answer, draft.citations)
            if not problems:
                return snap.policy.judge(q, draft, hits) if judge else draft
            draft.meta["checker"] = [p.detail for p in problems]
            text, citations = repair(draft.answer, draft.citations, problems)
            if citations and not self._problems(snap, text, citations):
                draft.answer, draft.citations = text, citations
                draft.meta["repaired"] = True
                return snap.policy.judge(q, draft, hits) if judge else draft
            if composer is snap.extractive:  # it quotes verbatim: failing here is a bug, never shown as an answer
                raise RuntimeError(f"extractive answer failed verification: {problems}")
            fallback = {"fallback": "extractive", "checker": draft.meta["checker"]}
            composer = snap.extractive

    @staticmethod
    def _problems(snap: Snapshot, text: str, citations):
        from .verify import check

        return check(text, citations, lambda d: snap.document(d).text, snap.clause_or_none,
                     snap.index.documents.get)

    def _official_answer(self, snap: Snapshot, q, hits: list[Hit], doc_ids: set[str] | None):
        """The hits and the verified, not yet judged draft the official documents alone give (retrieved
        again without the uploaded ones, so ranks and scores are as if they had never been uploaded;
        not judged, because the gates' word weights come from the whole index, uploads included: an
        upload using the question's words would otherwise make the official answer look weak)."""
        from .answer.instructions import screen

        official = {d.doc_id for d in snap.index.documents.values() if d.tier == "official"}
        if doc_ids is not None:
            official &= doc_ids
        if not official:
            return [], None
        found = self._search(snap, q.text, len(hits) or None, doc_ids=official)
        official_hits = [h for h in map(screen, found.hits) if h is not None]
        return official_hits, self._compose_verified(snap, q, official_hits, judge=False)

    def _trust(self, snap: Snapshot, q, draft, hits: list[Hit], doc_ids: set[str] | None = None):
        """After composing: each citation carries its document's tier, and uploaded sources are
        labelled in the text. An uploaded document never takes away what the official ones answer:
        when the draft quotes an uploaded source (or abstains) and an uploaded document was among the
        hits, the official hits alone are composed too; when documents disagree on the figure asked
        for, the answer says so and shows each, official first (rag.answer.conflicts). The result is
        checked again; should that fail (a bug), the draft is kept as composed."""
        from .answer import conflicts
        from .answer.features import Featurizer, governs
        from .normalize import normalize

        tier_of = {d.doc_id: d.tier for d in snap.index.documents.values()}
        anchors: list = []
        if any(h.tier == "uploaded" for h in hits) and (
                not draft.answered or any(tier_of.get(c.doc_id) == "uploaded" for c in draft.citations)):
            official_hits, alone = self._official_answer(snap, q, hits, doc_ids)
            if alone is not None and alone.answered:
                anchors = alone.citations
                if not draft.answered:  # the official documents may answer what the mixture did not
                    judged = snap.policy.judge(q, alone, official_hits)
                    if judged.answered:
                        draft = judged
                        draft.meta = {**draft.meta, "official_only": True}
            seen = {h.clause_id for h in hits}
            hits = [*hits, *(h for h in official_hits if h.clause_id not in seen)]
        if not draft.answered:
            return draft
        citations = [c.model_copy(update={"tier": tier_of.get(c.doc_id, "official")}) for c in draft.citations]
        answer = draft.answer
        kinds = tuple(dict.fromkeys(k for i in sorted(q.intents) for k in conflicts.KINDS_FOR_INTENT.get(i, ())))
        if kinds and not q.multi_doc:
            featurizer = snap.policy.featurizer
            concepts = featurizer.concepts(q)
            if q.places:  # only documents that speak for the place asked about can disagree on its figure
                strict = governs(q, q.places[0])
                hits = [h for h in hits
                        if featurizer.speaks_for(h, h.text, q.places[0], subject=True, asked=q.places, strict=strict)]
            found = conflicts.find_disagreement(kinds, hits, citations,
                                                lambda text: Featurizer.coverage(concepts, normalize(text)), anchors)
            if found is not None:
                answer, citations = conflicts.show_disagreement(answer, citations, found, q.lang)
                draft.meta = {**draft.meta, "disagreement": [
                    {"doc_id": s.hit.doc_id, "tier": s.hit.tier, "values": list(s.values)} for s in found.statements]}
        answer = conflicts.label_uploaded(answer, citations, q.lang)
        problems = self._problems(snap, answer, citations)
        if problems:
            log.error("answer failed verification after the trust step; kept as composed: %s", problems)
            draft.citations = [c.model_copy(update={"tier": tier_of.get(c.doc_id, "official")})
                               for c in draft.citations]
            return draft
        draft.answer, draft.citations = answer, citations
        return draft

    # -- the served documents, read-only (a route that needs several of these takes one snapshot() itself) --

    def documents(self) -> list[DocumentMeta]:
        return self.keeper.documents()

    def document(self, doc_id: str) -> Document:
        return self.keeper.document(doc_id)

    def clause(self, clause_id: str) -> Clause:
        return self.keeper.clause(clause_id)

    def _clause_or_none(self, clause_id: str) -> Clause | None:
        return self.snapshot().clause_or_none(clause_id)
