"""Composers turn retrieved clauses into a short answer with numbered citations.

The extractive composer (the default) needs no LLM. It picks the sentences that
answer the question — not whole clauses — and quotes them verbatim:

1. Candidates are the sentences of the top hits (`sentences.split_sentences`).
2. Each sentence is scored by how much of the question it covers, weighted by
   idf (a rare word such as 休学 matters more than 科技), on its own (`local`) and
   together with its heading path and document title (`context`); by the rank of
   its clause in retrieval; and by whether it states the kind of fact asked for
   (a percentage for "多少", a date for "什么时候", a 牵头单位 for "谁负责").
3. When the question asks for a figure or a date and the best sentence states
   none, the best sentence that does state one is put first if it scores at
   least FACT_RATIO of the best ("what share …" → "可按70%及以上比例").
4. Abstention — the documents do not answer — when any of these gates fails (each
   is named in `GATES`; `rag eval --ablate` switches them off one at a time):
   - gate:coverage — the best sentence's context coverage is below COVERAGE_FLOOR;
   - gate:fact — the question asks for a figure, sum, document number or date and no
     selected sentence states one;
   - gate:place_scope — the question names places (上海, 天津 …) and some named place has
     no answering clause that speaks for it (its document's title or issuer, its
     heading path or the quote);
   - gate:oov — the question uses a long term (OOV_MIN characters or more, e.g.
     个人所得税) that occurs nowhere in the corpus and not even in part in the answer;
   - gate:role — a "…的组长是谁" question, when the answer does not name that role;
   - gate:ordinal — the question cites an ordinal (第十二项, "the sixteenth measure") or
     a year that the answering clauses do not carry.
   The constants were calibrated on evals/gold.jsonl before it was split; since then
   only its dev split may be studied. Every rule and gate must earn its place in the
   dev ablation (evals/reports/ablation-dev.md): one that changes no dev item goes.
5. Selected sentences that are adjacent in one clause are merged into one quote;
   sentences that state the asked-for fact come first. A question that compares
   or names two places draws its best sentence from a second document too.

English questions get a one-line English lead naming the document and clause, then
the Chinese quotes; numbers and dates are always quoted as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from .models import MARKER_RE, Citation, Hit
from .normalize import aligned_simplified, match_key, normalize
from .question import (
    FACT_KINDS_FOR_INTENT,
    INTERROGATIVE_RE,
    NAMED_COUNT_RE,
    PLACE_ALIASES,
    PLACE_PARENT,
    PLACES,
    REQUIRED_FACT_INTENTS,
    Question,
)
from .sentences import Span, facts, split_sentences

COVERAGE_FLOOR = 0.3
OOV_WEIGHT = 0.5
RANK_PRIOR = (0.3, 0.15, 0.1, 0.05, 0.05)
# Retrieval ranks of English questions are less sure (the answering clause is first for 66% of
# English gold questions, 92% of Simplified Chinese ones), so sentence coverage decides more.
ENGLISH_RANK_PRIOR = (0.15, 0.1, 0.075, 0.05, 0.05)
MAX_QUOTES = 4
# list answers: a clause whose items each open with a short lead sentence
MAX_ITEMS = 8
ITEM_LEAD_MAX_CHARS = 24
ITEMS_HEADING_COVERAGE = 0.5
OOV_MIN = 5  # a term this long that the corpus never uses is a subject the documents do not cover
FACT_RATIO = 0.7
SECOND_SENTENCE_RATIO = 0.7
SECOND_CLAUSE_RATIO = 0.8
SECOND_DOC_RATIO = 0.6
CANDIDATE_HITS = 5
# A decision whose deciding value lies this close to its threshold is reported by `rag eval` as fragile.
NEAR_THRESHOLD = 0.02

# Every rule and gate has a name, so `rag eval --ablate` can switch it off and measure what it does.
# Removed after the dev ablation of 2026-12-02 showed that each changed no dev item: the unknown-place
# gate (the place-scope gate already refuses those), the English absent-term gate, the 牵头单位 gate,
# the bonus and coverage exemption for a sentence stating the asked count, partial bigram credit
# for near-synonyms, and dropping the measure word after a question word (evals/reports/baseline/).
GATES = ("gate:coverage", "gate:fact", "gate:place_scope", "gate:oov", "gate:role", "gate:ordinal")
RULES = ("feat:local", "feat:context", "feat:rank_prior", "feat:english_prior", "feat:has_fact",
         "feat:oov_weight", "feat:latin_tokens", "rule:skip_headings", "rule:fact_promotion",
         "rule:second_sentence", "rule:second_clause", "rule:list_items", "rule:second_doc")
SWITCHES = GATES + RULES


@dataclass
class Draft:
    """A composer's output before verification."""

    answer: str
    citations: list[Citation]
    answered: bool
    meta: dict[str, object] = field(default_factory=dict)


class Composer(Protocol):
    name: str

    def compose(self, question: Question, hits: list[Hit]) -> Draft: ...


@dataclass
class _Candidate:
    hit: Hit
    rank: int
    span: Span
    local: float
    context: float
    has_fact: bool
    score: float = 0.0


# "中关村部际协调小组的组长是谁": the word before 是谁 names the role asked about. (Not 由谁: in
# "计划由谁督导" the word before it is the thing done, not a role.)
WHO_ROLE_RE = re.compile(r"([^,，。?？!！\s]{2,12}?)(?:是谁|为谁|是哪位)")

MESSAGES = {
    "zh-Hans": {
        "lead": "根据《{title}》{path}：",
        "none": "这些文件没有回答这个问题。",
        "why_coverage": "检索到的条款都没有直接说明这一点。",
        "why_fact": "相关条款提到了这一主题，但没有给出所问的{what}。",
        "why_place": "这些文件没有涉及{places}。",
        "why_place_scope": "找到的条款不是针对{places}的规定。",
        "why_role": "相关条款提到了这一主题，但没有说明{role}是谁。",
        "what": {"number": "具体数字", "money": "具体金额", "docnum": "发文字号", "when": "具体日期或期限", "who": "负责单位"},
        "closest": "最接近的条款是《{title}》{path}。",
    },
    "zh-Hant": {
        "lead": "根據《{title}》{path}：",
        "none": "這些文件沒有回答這個問題。",
        "why_coverage": "檢索到的條款都沒有直接說明這一點。",
        "why_fact": "相關條款提到了這一主題，但沒有給出所問的{what}。",
        "why_place": "這些文件沒有涉及{places}。",
        "why_place_scope": "找到的條款不是針對{places}的規定。",
        "why_role": "相關條款提到了這一主題，但沒有說明{role}是誰。",
        "what": {"number": "具體數字", "money": "具體金額", "docnum": "發文字號", "when": "具體日期或期限", "who": "負責單位"},
        "closest": "最接近的條款是《{title}》{path}。",
    },
    "en": {
        "lead": "According to 《{title}》, {path}:",
        "none": "These documents do not answer this question.",
        "why_coverage": "None of the retrieved clauses addresses it directly.",
        "why_fact": "The closest clauses discuss the topic but state no {what}.",
        "why_place": "The documents do not cover {places}.",
        "why_place_scope": "The clauses found do not speak for {places}.",
        "why_role": "The closest clauses discuss the topic but do not say who the {role} is.",
        "what": {"number": "figure", "money": "sum of money", "docnum": "document number", "when": "date or deadline", "who": "responsible unit"},
        "closest": "The closest clause is 《{title}》, {path}.",
    },
}


def _path(hit: Hit, lang: str) -> str:
    if not hit.section_path:
        return ""
    joined = " > ".join(hit.section_path)
    return f"section “{joined}”" if lang == "en" else f"“{joined}”"


def citation_for(n: int, hit: Hit, span: Span) -> Citation:
    return Citation(n=n, clause_id=hit.clause_id, doc_id=hit.doc_id, doc_title=hit.doc_title,
                    section_path=hit.section_path, quote=span.text, start=span.start, end=span.end)


class ExtractiveComposer:
    name = "extractive"

    def __init__(self, keyword_index, expander, documents: dict | None = None, off: frozenset[str] = frozenset()
                 ) -> None:
        self.keyword = keyword_index
        self.expander = expander
        self.documents = documents or {}  # doc_id -> DocumentMeta: whose jurisdiction a document is
        self._places_in_corpus: set[str] | None = None
        unknown = set(off) - set(SWITCHES)
        if unknown:
            raise ValueError(f"unknown composer switch(es): {', '.join(sorted(unknown))}")
        self.off = frozenset(off)  # rules and gates switched off (ablation only; the product runs them all)

    def _on(self, switch: str) -> bool:
        return switch not in self.off

    # -- question terms ---------------------------------------------------------

    def _weight(self, term: str) -> float:
        # A word the corpus never uses is usually colloquial (拿, 钱): it counts, but not as the rarest word.
        idf = self.keyword.idf(term)
        if term in self.keyword.vocabulary_set or not self._on("feat:oov_weight"):
            return idf
        return OOV_WEIGHT * idf

    def _groups(self, q: Question) -> list[tuple[list[str], float]]:
        """Concepts of the question: (alternative Chinese forms, idf weight)."""
        if q.is_english:
            groups = [(terms, max(self._weight(t) for t in terms)) for terms in self.expander.concepts(q.normalised)]
            # A Latin token the Chinese text itself uses (DRC, 5G, G20) is a concept of its own.
            for token in self.keyword.tokenizer(q.normalised) if self._on("feat:latin_tokens") else ():
                if token.isascii() and token in self.keyword.vocabulary_set:
                    groups.append(([token], self._weight(token)))
            return groups
        words = [w for w in self.keyword.tokenizer.words(q.normalised) if not INTERROGATIVE_RE.match(w)]
        return [([w], self._weight(w)) for w in words]

    @staticmethod
    def _coverage(groups: list[tuple[list[str], float]], text: str) -> float:
        """idf-weighted share of the question's concepts found in `text` (any one of a concept's forms)."""
        total = sum(w for _, w in groups)
        if not total:
            return 0.0
        text = text.lower()  # Latin terms are lower-cased like the keyword tokens (DRC → drc)
        got = sum(weight for forms, weight in groups if any(form in text for form in forms))
        return got / total

    # -- composing ----------------------------------------------------------------

    def candidates(self, q: Question, hits: list[Hit], groups: list[tuple[list[str], float]] | None = None
                   ) -> list[_Candidate]:
        groups = self._groups(q) if groups is None else groups
        wanted = tuple(k for i in q.intents for k in FACT_KINDS_FOR_INTENT.get(i, ()))
        out: list[_Candidate] = []
        for rank, hit in enumerate(hits[:CANDIDATE_HITS], start=1):
            heading = normalize(" ".join(hit.section_path) + " " + hit.doc_title)
            for span in split_sentences(hit.text, base=hit.start):
                if self._on("rule:skip_headings") and match_key(span.text).rstrip("。.;；:：") in {
                        match_key(h) for h in [*hit.section_path, hit.doc_title]}:
                    continue  # a bare heading or title line says nothing by itself
                sentence = normalize(span.text)
                local = self._coverage(groups, sentence)
                context = self._coverage(groups, sentence + " " + heading)
                has_fact = bool(wanted) and bool(facts(aligned_simplified(span.text), wanted))
                english_prior = q.is_english and self._on("feat:english_prior")
                prior = (ENGLISH_RANK_PRIOR if english_prior else RANK_PRIOR)[rank - 1]
                score = (0.5 * local * self._on("feat:local") + 0.25 * context * self._on("feat:context")
                         + prior * self._on("feat:rank_prior") + (0.15 if has_fact and self._on("feat:has_fact") else 0.0))
                out.append(_Candidate(hit, rank, span, local, context, has_fact, score))
        out.sort(key=lambda c: (-c.score, c.rank, c.span.start))
        return out

    def compose(self, q: Question, hits: list[Hit]) -> Draft:
        msgs = MESSAGES[q.lang]
        groups = self._groups(q)
        cands = self.candidates(q, hits, groups)
        if not cands:
            return Draft(f"{msgs['none']}{msgs['why_coverage']}", [], False, {"reason": "no_candidates"})
        margins: dict[str, float] = {}  # deciding value minus its threshold, for every threshold consulted
        if (self._on("rule:fact_promotion") and any(i in REQUIRED_FACT_INTENTS for i in q.intents)
                and not cands[0].has_fact):
            # A figure or date is asked for: a close candidate that states one beats one that does not.
            # ... unless it gives up a place the question names ("100亿" for a Haidian fund, asked about 怀柔).
            places = {p for p in q.places if self._covers_place(cands[0], p)}
            stating = next((c for c in cands if c.has_fact and all(self._covers_place(c, p) for p in places)), None)
            if stating is not None:
                _margin(margins, "fact_ratio", _ratio(stating.score, cands[0].score) - FACT_RATIO)
            if stating is not None and stating.score >= FACT_RATIO * cands[0].score:
                cands.remove(stating)
                cands.insert(0, stating)
        best = cands[0]
        chosen = [best]
        second_clause = None
        for c in cands[1:]:
            if len(chosen) >= MAX_QUOTES:
                break
            if c.hit.clause_id == best.hit.clause_id:
                if self._on("rule:second_sentence"):
                    _margin(margins, "second_sentence_ratio", _ratio(c.score, best.score) - SECOND_SENTENCE_RATIO)
                    if c.score >= SECOND_SENTENCE_RATIO * best.score:
                        chosen.append(c)
            elif second_clause is None and self._on("rule:second_clause"):
                _margin(margins, "second_clause_ratio", _ratio(c.score, best.score) - SECOND_CLAUSE_RATIO)
                if c.score < SECOND_CLAUSE_RATIO * best.score:
                    continue
                # Two clauses nearly tie: quote both rather than guess.
                second_clause = c
                chosen.append(c)
        items = self._enumerated_items(q, best, groups) if self._on("rule:list_items") else []
        if items:
            chosen = items
        if q.multi_doc and (not items or len(q.places) >= 2) and self._on("rule:second_doc"):
            # (a whole list answers "分别是什么" by itself)
            other = next((c for c in cands if c.hit.doc_id not in {x.hit.doc_id for x in chosen}), None)
            if other:
                _margin(margins, "second_doc_ratio", _ratio(other.score, best.score) - SECOND_DOC_RATIO)
            if other and other.score >= SECOND_DOC_RATIO * best.score:
                chosen.append(other)

        reason = self._abstain_reason(q, cands, chosen, margins)
        meta: dict[str, object] = {
            "composer": self.name,
            "coverage": round(best.context, 3),
            "margin": round(best.score - _runner_up(cands, best), 3),
            "margins": {k: round(v, 4) for k, v in sorted(margins.items())},
        }
        if reason:
            meta["reason"] = reason
            return Draft(self._abstention(q, reason, chosen), [], False, meta)
        return Draft(*self._render(q, chosen), True, meta)

    def _enumerated_items(self, q: Question, best: _Candidate, groups: list[tuple[list[str], float]]
                          ) -> list[_Candidate]:
        """For a question asking for a list ("三大机制是哪三个", "三类平台"): when the best clause is
        itself that list, its items' lead sentences, in order ("建立政策互动机制。" …).

        An item is a paragraph that opens with a short sentence; the clause is the list asked for
        when its own heading covers most of the question ("2.建立协同创新三大机制")."""
        if not ("list" in q.intents or NAMED_COUNT_RE.search(q.normalised)):
            return []
        hit = best.hit
        heading = normalize(hit.section_path[-1]) if hit.section_path else ""
        if not heading or self._coverage(groups, heading) < ITEMS_HEADING_COVERAGE:  # (margin not tracked: rare)
            return []
        leads = [span for span in split_sentences(hit.text, base=hit.start)
                 if len(span.text) <= ITEM_LEAD_MAX_CHARS and span.text.endswith("。")
                 and hit.text[: span.start - hit.start].rstrip(" \t\u3000\xa0").endswith("\n")]
        if not 2 <= len(leads) <= MAX_ITEMS:
            return []
        return [_Candidate(hit, best.rank, span, best.local, best.context, False, best.score - i * 1e-3)
                for i, span in enumerate(leads)]

    def _abstain_reason(self, q: Question, cands: list[_Candidate], chosen: list[_Candidate],
                        margins: dict[str, float] | None = None) -> str | None:
        """The first gate that fails, by name of its reason; None when the answer stands."""
        margins = {} if margins is None else margins
        best = cands[0]
        if self._on("gate:coverage"):
            _margin(margins, "coverage_floor", best.context - COVERAGE_FLOOR)
            if best.context < COVERAGE_FLOOR:
                return "coverage"
        needs_fact = [i for i in q.intents if i in REQUIRED_FACT_INTENTS]
        if (self._on("gate:fact") and needs_fact and "list" not in q.intents
                and not any(c.has_fact for c in chosen)):
            return "fact"
        if (self._on("gate:place_scope") and q.places
                and not all(any(self._covers_place(c, p) for c in chosen) for p in q.places)):
            return "place"  # every place asked about: 雄安 next to 北京 needs a clause that speaks for 雄安
        if self._on("gate:oov") and not q.is_english:
            context = normalize(" ".join(c.span.text + " " + " ".join(c.hit.section_path) for c in chosen))
            for word in self.keyword.tokenizer.words(q.normalised):
                if len(word) >= OOV_MIN and word not in self.keyword.vocabulary_set:
                    covered = self._coverage([([word], 1.0)], context)
                    _margin(margins, "oov_coverage", covered - 0.5)
                    if covered < 0.5:
                        return "coverage"
        role = self._asked_role(q) if self._on("gate:role") else None
        if role:
            context = normalize(" ".join(c.span.text + " " + " ".join(c.hit.section_path) for c in chosen))
            covered = self._coverage([([role], 1.0)], context)
            _margin(margins, "role_coverage", covered - 0.5)
            if covered < 0.5:
                return "role"
        if self._on("gate:ordinal") and q.ordinals:
            # the whole clause counts: "到2020年" often opens a clause whose later sentences carry the figures
            context = " ".join(c.hit.text + " ".join(c.hit.section_path) for c in chosen)
            numbers = {int(n) for n in re.findall(r"\d+", context)}
            if not all(n in numbers for n in q.ordinals):
                return "ordinal"
        return None

    def _corpus_mentions(self, place: str) -> bool:
        if self._places_in_corpus is None:
            vocabulary = self.keyword.vocabulary_set
            self._places_in_corpus = {
                p for p in PLACES if any(alias in word for alias in PLACE_ALIASES.get(p, (p,)) for word in vocabulary)
            }
        return place in self._places_in_corpus

    def _asked_role(self, q: Question) -> str | None:
        """The role a who-question asks about ("…的组长是谁" → 组长): an answer must name that role."""
        if q.is_english:
            return None
        m = WHO_ROLE_RE.search(q.normalised)
        if not m:
            return None
        words = [w for w in self.keyword.tokenizer.words(m.group(1)) if not INTERROGATIVE_RE.match(w)]
        return words[-1] if words and len(words[-1]) >= 2 else None

    def _covers_place(self, c: _Candidate, place: str) -> bool:
        """The answering clause speaks for the place: its path or the quote names it, or its document's
        title or issuer does and the document is not one of a part of that place (海淀 of 北京)."""
        aliases = PLACE_ALIASES.get(place, (place,))
        if any(alias in normalize(" ".join([*c.hit.section_path, c.span.text])) for alias in aliases):
            return True
        meta = self.documents.get(c.hit.doc_id)
        document = normalize(" ".join([c.hit.doc_title, meta.issuer or "" if meta else ""]))
        return (any(alias in document for alias in aliases)
                and not any(part in document for part, whole in PLACE_PARENT.items() if whole == place))

    def _abstention(self, q: Question, reason: str, chosen: list[_Candidate]) -> str:
        msgs = MESSAGES[q.lang]
        best = chosen[0]
        if reason == "place":
            unknown = [p for p in q.places if not self._corpus_mentions(p)]
            places = unknown or [p for p in q.places if not any(self._covers_place(c, p) for c in chosen)] or q.places
            names = (", ".join(" ".join(w[:1].upper() + w[1:] for w in PLACES[p].split()) for p in places)
                     if q.lang == "en" else "、".join(places))
            why = msgs["why_place" if unknown else "why_place_scope"].format(places=names)
        elif reason == "role":
            why = msgs["why_role"].format(role=self._asked_role(q))
        elif reason == "ordinal":
            why = msgs["why_coverage"]
        elif reason == "fact":
            kind = next((i for i in ("money", "docnum", "number", "when", "who") if i in q.intents), "number")
            why = msgs["why_fact"].format(what=msgs["what"][kind])
        else:
            why = msgs["why_coverage"]
        closest = msgs["closest"].format(title=best.hit.doc_title, path=_path(best.hit, q.lang)).replace(" ,", ",")
        return f"{msgs['none']}{' ' if q.lang == 'en' else ''}{why}{' ' if q.lang == 'en' else ''}{closest}"

    def _render(self, q: Question, chosen: list[_Candidate]) -> tuple[str, list[Citation]]:
        # Key facts first, then by score; sentences of one clause merge when adjacent.
        chosen = sorted(chosen, key=lambda c: (not c.has_fact, -c.score))
        quotes: list[tuple[Hit, Span]] = []
        for c in chosen:
            merged = False
            for i, (hit, span) in enumerate(quotes):
                if hit.clause_id == c.hit.clause_id and _adjacent(hit, span, c.span):
                    a, b = min(span.start, c.span.start), max(span.end, c.span.end)
                    quotes[i] = (hit, Span(a, b, hit.text[a - hit.start : b - hit.start]))
                    merged = True
                    break
            if not merged:
                quotes.append((c.hit, c.span))
        msgs = MESSAGES[q.lang]
        lines, citations = [], []
        last_clause = None
        for n, (hit, span) in enumerate(quotes, start=1):
            citations.append(citation_for(n, hit, span))
            if hit.clause_id != last_clause:
                lines.append(msgs["lead"].format(title=hit.doc_title, path=_path(hit, q.lang)))
                last_clause = hit.clause_id
            shown = prose_safe(span.text)
            lines.append(f"“{shown}” [{n}]" if q.lang == "en" else f"{shown}[{n}]")
        return "\n".join(lines), citations


def prose_safe(quote: str) -> str:
    """A quote as shown in the prose: bracketed numbers from the source ("见[3]") become full-width
    so they can never pose as citation markers. The Citation keeps the verbatim quote."""
    return MARKER_RE.sub(lambda m: f"［{m.group(1)}］", quote)


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else 0.0


def _margin(margins: dict[str, float], name: str, value: float) -> None:
    """Keep, per threshold, the consulted value closest to it (signed: negative = below)."""
    if name not in margins or abs(value) < abs(margins[name]):
        margins[name] = value


def _runner_up(cands: list[_Candidate], best: _Candidate) -> float:
    return next((c.score for c in cands if c.hit.clause_id != best.hit.clause_id), 0.0)


def _adjacent(hit: Hit, a: Span, b: Span) -> bool:
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    gap = hit.text[lo.end - hit.start : hi.start - hit.start]
    return lo.end <= hi.start and not gap.strip(" \t\u3000\xa0")
