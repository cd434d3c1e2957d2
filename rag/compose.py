"""Composers turn retrieved clauses into a short answer with numbered citations.

The extractive composer (the default) needs no LLM. It picks the sentences that
answer the question — not whole clauses — and quotes them verbatim:

1. Candidates are the sentences of the top hits (`sentences.split_sentences`).
2. Each sentence is scored by how much of the question it covers, weighted by
   idf (a rare word such as 休学 matters more than 科技), on its own (`local`) and
   together with its heading path and document title (`context`); by the rank of
   its clause in retrieval; and by whether it states the kind of fact asked for
   (a percentage for "多少", a date for "什么时候", a 牵头单位 for "谁负责").
3. Whether the documents answer at all is not decided here: every composer's draft
   goes through the same abstention gates and fitted answerability model
   (`rag.answer.policy`).
4. Selected sentences that are adjacent in one clause are merged into one quote;
   sentences that state the asked-for fact come first. A question that compares
   or names two places draws its best sentence from a second document too.

English questions get a one-line English lead naming the document and clause, then
the Chinese quotes; numbers and dates are always quoted as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from . import definitions
from .answer import condition, enumerated, messages, named, options, penalty, yesno
from .answer.features import Concepts, Featurizer, governs
from .answer.premise import thing_level_conflict, tiers
from .answer.short import ShortAnswer, counts_another_document
from .articles import BASIS_STATED_RE, article_of, asked_articles, basis_asked, of_implemented_law
from .docrecord import states_in_force
from .models import MARKER_RE, Citation, Hit
from .normalize import aligned_simplified, match_key, normalize
from .question import NAMED_COUNT_RE, Question, count_statement, fact_kinds, place_mentions
from .sentences import Span, facts, split_sentences

RANK_PRIOR = (0.3, 0.15, 0.1, 0.05, 0.05)
# Retrieval ranks of English questions are less sure (the answering clause is first for 66% of
# English gold questions, 92% of Simplified Chinese ones), so sentence coverage decides more.
ENGLISH_RANK_PRIOR = (0.15, 0.1, 0.075, 0.05, 0.05)
MAX_QUOTES = 4
# what a sentence stating the very count a how-many asks (10个方面 for 几个方面) adds to its score
COUNT_STATEMENT_BONUS = 0.2
# a sentence of a clause naming the programme asked about (rag.answer.named) over a sibling clause's: the
# first rank's prior over the third's
NAMED_BONUS = 0.2
# "「1234」布局，「4」指的是什么": a sentence naming the very token the question quotes ("4"项任务) over one naming
# another of the set ("1"个基地) — a one- or two-character token quoted, which no other feature reads (conversations
# dev 27, 29 and 38: the "1" sentence quoted for "4") (feat:quoted_token)
QUOTED_TOKEN_BONUS = 0.2
_QUOTED_TOKEN_RE = re.compile(r"[“「『\"]([0-9一二三四五六七八九十A-Za-z]{1,2})[”」』\"]")
# (the token asked: the question ends with it and the words asking what it is — "「2」种材料的3条主线是哪三条" asks the
# 3, whose quotation marks the follow-up dropped: conversations dev 18 and 23 lost with any quoted token)
_ASKED_TOKEN_RE = re.compile(_QUOTED_TOKEN_RE.pattern + r"\s*(?:具体)?(?:指的是|讲的是|说的是|是指|代表|指|是)?(?:什么|啥)?"
                             r"(?:内容|意思)?(?:呢)?\s*[？?。！!]*\s*$")
# a sentence opening with the condition the question names (情节严重的，…): rag.answer.condition
CONDITION_BONUS = 0.2
# how far below the sentence of the case named a sentence of another case of its clause scores (rule:other_case)
OTHER_CASE_MARGIN = 0.01
# list answers: a clause whose items each open with a short lead sentence
MAX_ITEMS = 8
MAX_LIST_ITEMS = 20  # a whole list asked for: every item (devdocs 2 dev: lists of 9 and 10 items)
ITEM_LEAD_MAX_CHARS = 24
ITEMS_HEADING_COVERAGE = 0.5
SECOND_SENTENCE_RATIO = 0.7
SECOND_CLAUSE_RATIO = 0.8
SECOND_DOC_RATIO = 0.6
CANDIDATE_HITS = 5
EARMARK_BONUS = 0.35  # (feat:earmark: the earmarking sentence over one granting the money; devdocs 7 dev)
# (feat:definition: rag.definitions — the sentence defining the term asked about, over ones using it)
DEFINITION_BONUS = 0.2
# (feat:asked_term: and the sentence defining the very term the question names over one defining another — the
# sentences using it cover the question as well; devdocs 17 dev)
ASKED_TERM_BONUS = 0.1
# a clause of another place's document (or of a part of the place) asked what holds in one place: its
# value is not the place's, so it ranks as if it stated none (the fact bonus, taken off every sentence of it)
# (feat:other_place_fact)
OTHER_PLACE_PENALTY = 0.15
# A sentence giving the thing asked another level than the question's (省级…档案馆 for a question on 县级…档案馆)
# states that level's rule: it goes after its sibling giving the asked one, or the tier gate, reading the first
# quote, refuses (devdocs 31 dev: item (一) on 省辖市级 archives led item (二) on 县（市、区）级 ones). It is demoted as
# another place's document is (OTHER_PLACE_PENALTY). (ablation switch)
ASKED_LEVEL = True
# a Chinese yes/no question ends with what it asks (…能否自行对外发布): when no quote says yes or no to that
# predicate, the best sentence that does (任何单位和个人不得擅自公布…) is quoted too, if it scores this share of the
# best one — a list item naming the question's words (岛礁数量和面积) decides nothing (devdocs 16 dev)
# (rule:verdict_quote)
VERDICT_QUOTE_RATIO = 0.3

# rule:item_lead_in for an either-or question too (归员工还是归公司 answered by an item of 有下列情形之一的，该软件
# 著作权由该法人享有：, whose lead-in says which — devdocs 15 dev) (ablation switch)
ITEM_LEAD_IN_OPTIONS = True
# and for a who-question: a duty listed as an item (（三）负责全省的…工作；) is the lead-in's actor's (…主管部门
# 履行下列职责：; devdocs 16 dev: the item alone named no one) (ablation switch)
WHO_LEAD_IN = True
# rule:fact_lead_in for any quoted item, not only the best sentence (ablation switch)
FACT_LEAD_IN_ANY = True
# and a lead-in cut at "；" into several parts, the figure in an earlier one (有下列行为之一的，给予警告，…可以并处
# 二十万元以下的罚款；对…依法给予处分；…依法追究刑事责任：): every part is read back to the one opening it, for
# the best item too (devdocs 23 dev: two fines asked of an item refused as "states no figure") (ablation switch)
LEAD_IN_PARTS = True
LEAD_IN_PARTS_MAX = 6
WHOLE_LEAD_IN = True  # (a quoted lead-in quoted whole: see ExtractiveComposer.compose; ablation switch)
LIST_PARTS = True  # (a list cut at "；" quoted to its end: see ExtractiveComposer.compose; ablation switch)
# rule:aggravated_case for a penalty quoted second too (…拖延提供…资料的，予以警告； after another article: 情节
# 严重的，没收…设备 left out — devdocs 20 dev) (ablation switch)
AGGRAVATED_ANY = True
# and a case opening with a time (…提出避震撤离的劝告；情况紧急时，应当有组织地进行避震疏散: devdocs 21 dev, the
# urgent case left out) (ablation switch)
AGGRAVATED_WHEN = True
_WHEN_CASE_RE = re.compile(r"^\s*[^，,。；;：:、（）()]{2,10}?时[，,]")

# Every rule and gate has a name, so `rag eval --ablate` can switch it off and measure what it does.
# Removed after a dev ablation showed that each changed no dev item: the bonus for a sentence stating
# the asked count, partial bigram credit for near-synonyms, dropping the measure word after a question
# word (gold dev, evals/reports/baseline/), and promoting a fact-stating sentence over a better one
# without the asked fact (gold dev + dev_blind). Gates live in rag.answer.gates.
RULES = ("feat:local", "feat:context", "feat:rank_prior", "feat:english_prior", "feat:has_fact", "feat:count_statement",
         "feat:own_count", "feat:oov_weight", "feat:latin_tokens", "rule:skip_headings", "rule:skip_units",
         "feat:lead_in", "rule:second_sentence", "rule:second_clause", "rule:list_items", "rule:lead_in_items",
         "rule:second_doc", "rule:parallel_items", "rule:article_only", "rule:whole_article",
         "rule:list_in_order", "rule:skip_record_lines", "feat:named", "rule:list_count", "feat:place_fact",
         "feat:condition", "feat:penalty", "rule:aggravated_case", "rule:item_lead_in",
         "feat:earmark", "rule:quoted_lead_in", "feat:definition", "feat:other_place_fact", "rule:fact_lead_in",
         "feat:default_case", "rule:verdict_quote", "rule:penalty_amount",
         "rule:after_list", "feat:asked_term", "rule:fine_of_duty", "rule:proviso", "rule:legal_basis",
         "rule:other_case", "rule:inline_list", "feat:lead_noun_list", "rule:case_states_figure",
         "rule:proviso_sentence", "rule:repealed", "rule:who_subject", "feat:quoted_token")
SWITCHES = RULES


# A heading line that ends as a sentence ends ("（一）对高层次人才给予安家补贴。") is an item stated in one
# sentence, which the chunker also takes for its clause's heading: it is quoted like any sentence.
_STATES_RE = re.compile(r"[。；;！!？?]\s*$")
# A regulation's header line ("1986年1月23日 国务院发布") is its record: the answer to when and by whom it was
# adopted only (rule:skip_record_lines)
_RECORD_LINE_RE = re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日[^。；\n]{0,80}?(?:通过|发布|批准|修正|修订|公布|印发)")
_RECORD_ASKED_RE = re.compile(r"通过|发布|颁布|批准|修正|修订|修改|公布|施行|生效|印发|制定|哪[一]?[天年]|何时|什么时候|日期|时间|"
                              r"\b(?:adopt|issue|approv|amend|revis|promulgat|publish|enact|pass|when|date|effect|force)",
                              re.IGNORECASE)
# "国务院发布的规定": a record verb naming the document (attributive, 的 and more words after it) asks nothing
_NAMING_VERB_RE = re.compile(r"(?:通过|发布|颁布|批准|修正|修订|公布|印发|制定)的(?=[\u4e00-\u9fff])")
# a sentence listing at least this many things inline, separated by 、 (rule:inline_list)
INLINE_LIST_ITEMS = 3
# a paragraph speaking of the list before it (前款…, 有第一款（二）项行为之一的) (rule:after_list)
_REFERS_BACK_RE = re.compile(r"前款|前项|第[一二三四五六七八九十]+款|上述|前述|所列|[（(][一二三四五六七八九十]+[)）]|本条")
_FINE_KINDS = ("money", "percent", "multiple")  # what a fine is stated in (rule:penalty_amount)
# a proviso opening a sentence after "；": 但是…, 确需…, 因特殊原因需…, or an exception (…的除外) (rule:proviso)
_PROVISO_OPENS_RE = re.compile(r"^\s*但是[，,]")  # (a sentence of its own: only 但是 opens an exception)
_PROVISO_RE = re.compile(r"^\s*(?:但是|但(?![\u4e00-\u9fff]{0,2}(?:不得|应当))|确需|确有必要|因[^，,。；;]{1,12}需|特殊情况)|除外[。；;]?\s*$")
FINE_OF_DUTY_MARGIN = 0.01  # how far a duty's fine scores above the duty (rule:fine_of_duty): any margin ranks it first
# a sentence stating the law a regulation is made under, that law asked (rule:legal_basis; 0.2 left the opening
# article below a duty naming 法定: devdocs 17 dev)
BASIS_BONUS = 0.4
# the sentence repealing an earlier text (《…》同时废止), that text asked ("which earlier regulation was repealed
# when … took effect", 施行后废止了哪部旧条例): the document's last article, which other sentences sharing the
# title's words outranked (devdocs 12, 27 and 32 dev: quoted from other articles) (rule:repealed)
REPEAL_BONUS = 0.4
_REPEAL_ASKED_RE = re.compile(r"废止|废除|取代|替代了?|\brepeal|\breplac|\bsupersed", re.IGNORECASE)
_REPEALS_RE = re.compile(r"同时废止|即行废止|予以废止|同时废除")
# (and the sentence putting the text in force before it, in the same article — docrecord.states_in_force:
# "什么时候施行？同时废止了哪部？" asks both; devdocs 22 dev, the date's sentence was left out once the repealing one alone
# was lifted)
# A measure's responsibility line (牵头单位:…责任单位:…) answers who leads it, nothing else: quoted for
# a who-question only (dev: it was quoted as one of a measure's "contents").
_UNITS_LINE_RE = re.compile(r"^\s*(?:牵头单位|责任单位|牵头部门|责任部门|配合单位)\s*[:：]")


@dataclass
class Draft:
    """A composer's output before verification."""

    answer: str
    citations: list[Citation]
    answered: bool
    meta: dict[str, object] = field(default_factory=dict)
    short: ShortAnswer | None = None  # the asked-for value, set by the policy once the draft is judged


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
    conditioned: bool = False  # opens with the condition the question names (feat:condition)
    elsewhere: bool = False  # another place's document, the question asking what holds in one (feat:other_place_fact)


def _lift_fines_of_duties(cands: list[_Candidate]) -> None:
    """A fine asked of a duty (…损毁设施罚多少): the sentence fining the breach of an article by its number
    (违反第六条规定的，…处一千元以上一万元以下罚款) answers for that article's sentences, which state the duty
    and no sum — it scores just above the best of them. The duty's words cover the question better, and it
    was quoted and refused as "no sum stated" (devdocs 18 dev; rule:fine_of_duty). (Any penalty asked, not
    only a sum, changed no item: left out.)"""
    dutiful: dict[tuple[str, int], float] = {}
    for c in cands:
        if (n := article_of(c.hit)) is not None and not facts(aligned_simplified(c.span.text), _FINE_KINDS):
            dutiful[(c.hit.doc_id, n)] = max(dutiful.get((c.hit.doc_id, n), 0.0), c.score)
    for c in cands:
        view = aligned_simplified(c.span.text)
        if not penalty.states_penalty(view) or not facts(view, _FINE_KINDS):
            continue
        duty = max((dutiful.get((c.hit.doc_id, n), 0.0) for n in asked_articles(view) if n != article_of(c.hit)),
                   default=0.0)
        if duty > c.score:
            c.score = duty + FINE_OF_DUTY_MARGIN


def _below_the_case_named(cands: list[_Candidate], figure_asked: bool = False) -> None:
    """A sentence opening with another case (违法所得10万元以上的，…) than the one the question names, in the
    clause of a sentence opening with the named one (没有违法所得或者…不足10万元的，…), scores below it: it shares
    the question's words, and its fine was given for "没有违法所得的话罚多少" (devdocs 19 dev;
    rule:other_case). `figure_asked`: a named case stating none of the figure asked names no case
    (rule:case_states_figure)."""
    named: dict[str, _Candidate] = {}
    for c in cands:
        if (c.conditioned and (c.has_fact or not figure_asked)
                and (c.hit.clause_id not in named or c.score > named[c.hit.clause_id].score)):
            named[c.hit.clause_id] = c
    for c in cands:
        best = named.get(c.hit.clause_id)
        if best is not None and not c.conditioned and c.score >= best.score and condition.sibling_cases(
                aligned_simplified(best.span.text), aligned_simplified(c.span.text)):
            c.score = best.score - OTHER_CASE_MARGIN


def citation_for(n: int, hit: Hit, span: Span) -> Citation:
    return Citation(n=n, clause_id=hit.clause_id, doc_id=hit.doc_id, doc_title=hit.doc_title,
                    section_path=hit.section_path, quote=span.text, start=span.start, end=span.end)


class ExtractiveComposer:
    name = "extractive"

    def __init__(self, keyword_index, expander, documents: dict | None = None, off: frozenset[str] = frozenset()
                 ) -> None:
        unknown = set(off) - set(SWITCHES)
        if unknown:
            raise ValueError(f"unknown composer switch(es): {', '.join(sorted(unknown))}")
        self.off = frozenset(off)  # rules switched off (ablation only; the product runs them all)
        self.features = Featurizer(keyword_index, expander, documents)

    def _on(self, switch: str) -> bool:
        return switch not in self.off

    def _groups(self, q: Question) -> Concepts:
        return self.features.concepts(q, oov_discount=self._on("feat:oov_weight"),
                                      latin_tokens=self._on("feat:latin_tokens"))

    # -- composing ----------------------------------------------------------------

    def candidates(self, q: Question, hits: list[Hit], groups: list[tuple[list[str], float]] | None = None
                   ) -> list[_Candidate]:
        groups = self._groups(q) if groups is None else groups
        coverage = self.features.coverage
        wanted = fact_kinds(q)
        # a how-many naming what it counts (几个方面, 几项重点任务): only a sentence stating that count has the fact
        statement = count_statement(q.normalised) if "count" in wanted else None
        if statement is not None and not any(statement.search(aligned_simplified(h.text)) for h in hits[:CANDIDATE_HITS]):
            statement = None
        priors = ENGLISH_RANK_PRIOR if q.is_english and self._on("feat:english_prior") else RANK_PRIOR
        # (once per question: whether it asks when or by whom a document was adopted — "国务院发布的规定" names it)
        skip_records = (self._on("rule:skip_record_lines")
                        and not _RECORD_ASKED_RE.search(_NAMING_VERB_RE.sub("", q.normalised)))
        # where something is (feat:place_fact; conversations dev 6 and 9: "which district … nanomaterials" quoted
        # a sentence about a nanomaterials institute, not 推动怀柔区纳米材料…产业发展)
        where_asked = "where" in q.intents and self._on("feat:place_fact")
        asked_places = set(q.places)
        # a count of a list's items that no sentence states (rule:list_count)
        items_asked = (statement is None and "count" in wanted and self._on("rule:list_count")
                       and bool(enumerated.COUNT_OF_ITEMS_RE.search(q.normalised)))
        conditions_asked = not q.is_english and self._on("feat:condition")
        # the noun a which-question asks a list of, named by an inline list's lead-in (feat:lead_noun_list)
        list_nouns = (enumerated.asked_list_nouns(q.normalised)
                      if "list" in q.intents and not q.is_english and self._on("feat:lead_noun_list") else [])
        default_asked = self._on("feat:default_case") and condition.silence_asked(q.normalised)
        # what happens to one who breaks it (feat:penalty, rag.answer.penalty): a sentence stating a penalty has it
        penalty_asked = self._on("feat:penalty") and penalty.penalty_asked(q.normalised)
        # …罚多少钱 asks an amount: a sentence forbidding the act (禁止损坏…) states a sanction but no amount, and
        # was quoted before the article fining it (rule:penalty_amount; devdocs 17 dev); a fine may be a share or
        # a multiple of the gains (违法所得10%至50%的罚款)
        amount_asked = self._on("rule:penalty_amount") and "money" in wanted
        basis_wanted = self._on("rule:legal_basis") and basis_asked(q.normalised)
        repeal_asked = self._on("rule:repealed") and bool(_REPEAL_ASKED_RE.search(q.normalised))
        # "may the money serve another use?": the sentence earmarking it (专款专用，不得挪作他用) decides it, though
        # it covers fewer of the question's words than one granting the money (devdocs 7 dev)
        definition_asked = self._on("feat:definition") and definitions.asked(q.normalised, q.is_english)
        earmark_asked = ("yesno" in q.intents and self._on("feat:earmark")
                         and bool(yesno.OTHER_USE_ASKED_RE.search(q.normalised)))
        # a question about what holds in one place (河南企业…提取百分之多少): another place's document states no
        # value of its (devdocs 11 dev: 山东's 不低于百分之十 led the answer, 河南's clause, which states no
        # share, second) (feat:other_place_fact, OTHER_PLACE_PENALTY)
        place = (q.places[0] if len(q.places) == 1 and not q.multi_doc and self._on("feat:other_place_fact")
                 and governs(q, q.places[0]) else None)
        levels_asked = ASKED_LEVEL and not q.is_english and bool(tiers(q.normalised))
        out: list[_Candidate] = []
        # the clauses naming the programme the question names (some, not all: otherwise it tells none apart)
        naming: set[int] = set()
        siblings: set[int] = set()
        if self._on("feat:named") and not q.is_english:
            texts = [aligned_simplified(" ".join(h.section_path) + " " + h.text) for h in hits[:CANDIDATE_HITS]]
            titles = [aligned_simplified(h.doc_title) for h in hits[:CANDIDATE_HITS]]
            naming = named.naming_clauses(q.normalised, texts, titles)
            if len(naming) == len(texts):
                naming = set()
            # (another station's clause answers nothing of the one asked: its ranges are its own — STATIONS)
            siblings = named.sibling_stations(q.normalised, texts)
        asked_token = _ASKED_TOKEN_RE.search(q.normalised)
        quoted_tokens = {asked_token.group(1)} if asked_token else set()
        for rank, hit in enumerate(hits[:CANDIDATE_HITS], start=1):
            if rank - 1 in siblings:
                continue
            heading = normalize(" ".join(hit.section_path) + " " + hit.doc_title)
            elsewhere = place is not None and self.features.of_another_place(hit, place)
            repeals_here = repeal_asked and bool(_REPEALS_RE.search(aligned_simplified(hit.text)))
            lead_in = ""
            previous = ""  # the sentence before, which a condition's sentence qualifies (feat:condition)
            for span in split_sentences(hit.text, base=hit.start):
                if self._on("rule:skip_headings") and not _STATES_RE.search(span.text) and _names_heading(span, hit):
                    continue  # a bare heading or title line says nothing by itself
                if self._on("rule:skip_units") and "who" not in q.intents and _UNITS_LINE_RE.match(span.text):
                    continue
                view = aligned_simplified(span.text)
                if skip_records and _RECORD_LINE_RE.match(view):
                    # it matched "1986年国务院发布的规定由哪个机关负责解释" by the words naming the document
                    # (devdocs 4 dev)
                    continue
                sentence = normalize(span.text)
                # An item of a list ("（一）…提取不低于百分之七十的比例；") means what its lead-in says
                # ("按照下列标准…给予奖励和报酬："): it is read with it.
                own = sentence + " " + lead_in if self._on("feat:lead_in") else sentence
                conditioned = ((conditions_asked and condition.names_condition(q.normalised, view))
                               or (default_asked and condition.states_default_case(view)))
                if conditioned:
                    own += " " + previous
                previous = sentence
                local = coverage(groups, own)
                context = coverage(groups, own + " " + heading)
                if _opens_list(span.text):
                    lead_in = sentence
                elif not _is_item(hit, span):
                    lead_in = ""
                has_fact = bool(wanted) and bool(facts(view, wanted))
                if where_asked and not has_fact:
                    # "which district …": a sentence naming a place the question does not (推动怀柔区纳米材料…)
                    has_fact = any(p not in asked_places for _, p in place_mentions(view))
                # "职责一共有几项" stated nowhere: the list's lead-in (…的职责：) answers it with its items (devdocs 5
                # dev: the article before it, 第七条, was quoted and refused)
                listed = (items_asked and _opens_list(span.text) and not _is_item(hit, span)
                          and self._item_follows(hit, span))
                earmarked = earmark_asked and bool(yesno.EARMARKED_RE.search(view))
                fined = (penalty_asked and penalty.states_penalty(view)
                         and (not amount_asked or bool(facts(view, _FINE_KINDS))))
                # "要调查哪些内容": a sentence listing them after a lead-in naming 内容 (…内容包括：A、B、C) is the
                # list asked; the clause's other sentence shared more words (采用抽样调查的…特定内容) and was quoted
                # (devdocs 20 dev)
                listed_inline = bool(list_nouns) and (
                    bool(enumerated.lead_noun_lists(view, list_nouns, closed=False))
                    or (_opens_list(span.text) and not _is_item(hit, span) and enumerated.announces(view, list_nouns)
                        and self._item_follows(hit, span)))
                has_fact = has_fact or listed or fined or earmarked or listed_inline
                if has_fact and statement is not None and not any(
                        not (self._on("feat:own_count") and counts_another_document(view[:m.start()], hit.doc_title))
                        for m in statement.finditer(view)):
                    # "几个方面": 10个方面 states the count asked, 五大部分 another; 国家《行动方案》涉及的26项
                    # 重点任务 is another plan's count, not this one's 36项 (forms dev 1 and 2, dev_blind)
                    has_fact = False
                prior = priors[rank - 1]
                score = (0.5 * local * self._on("feat:local") + 0.25 * context * self._on("feat:context")
                         + prior * self._on("feat:rank_prior") + (0.15 if has_fact and self._on("feat:has_fact") else 0.0))
                if listed or listed_inline:
                    score += COUNT_STATEMENT_BONUS
                if statement is not None and has_fact and self._on("feat:count_statement"):
                    score += COUNT_STATEMENT_BONUS
                if rank - 1 in naming:
                    score += NAMED_BONUS
                if quoted_tokens and self._on("feat:quoted_token"):
                    found = set(_QUOTED_TOKEN_RE.findall(view))
                    score += QUOTED_TOKEN_BONUS * (bool(found & quoted_tokens) - bool(found - quoted_tokens))
                if conditioned and (has_fact or not wanted or not self._on("rule:case_states_figure")):
                    # (a case named that states none of the figure asked is not the answer: "…都难以确定的话，判赔多少"
                    # named 损失或者利益难以确定的 by one alternative, whose sentence gives no sum, over the sentence of
                    # all three 均难以确定的 stating 三万元以上五百万元以下 — devdocs 22 dev) (rule:case_states_figure)
                    score += CONDITION_BONUS
                if earmarked:
                    score += EARMARK_BONUS
                if basis_wanted and BASIS_STATED_RE.search(view):
                    score += BASIS_BONUS  # (the law it is made under: rule:legal_basis, rag.articles)
                if repeals_here and (_REPEALS_RE.search(view) or states_in_force(view)):
                    score += REPEAL_BONUS
                if definition_asked and local > 0 and definitions.defines(view):
                    score += DEFINITION_BONUS
                    if self._on("feat:asked_term") and definitions.defines_term_in(q.normalised, view):
                        score += ASKED_TERM_BONUS
                if elsewhere:
                    score -= OTHER_PLACE_PENALTY
                if levels_asked and thing_level_conflict(q.normalised, sentence):
                    score -= OTHER_PLACE_PENALTY
                out.append(_Candidate(hit, rank, span, local, context, has_fact, score, conditioned, elsewhere))
        if penalty_asked and amount_asked and self._on("rule:fine_of_duty"):
            _lift_fines_of_duties(out)
        if conditions_asked and self._on("rule:other_case"):
            _below_the_case_named(out, bool(wanted) and self._on("rule:case_states_figure"))
        out.sort(key=lambda c: (-c.score, c.rank, c.span.start))
        return out

    def compose(self, q: Question, hits: list[Hit]) -> Draft:
        groups = self._groups(q)
        cands = self.candidates(q, hits, groups)
        articles = asked_articles(q.normalised)
        if articles and self._on("rule:article_only"):
            # "What does Article 5 of the 1986 provisions say?": the article's sentences only, when it was
            # found (rag.articles puts it first); the title's date line covered "1986" better (devdocs 4 dev)
            # (not an article of the law the document implements: rag.articles.of_implemented_law; read per title)
            cited_law = {t: of_implemented_law(q.normalised, t) for t in {c.hit.doc_title for c in cands}}
            cands = [c for c in cands if (n := article_of(c.hit)) in articles and n not in cited_law[c.hit.doc_title]
                     ] or cands
        if not cands:
            return Draft(messages.no_candidates(q), [], False, {"reason": "no_candidates"})
        margins: dict[str, float] = {}  # deciding value minus its threshold, for every threshold consulted
        best = cands[0]
        chosen = [best]
        second_clause = None
        for c in cands[1:]:
            if len(chosen) >= MAX_QUOTES:
                break
            if c.hit.clause_id == best.hit.clause_id:
                if (best.conditioned and not c.conditioned and self._on("rule:other_case")
                        and condition.sibling_cases(aligned_simplified(best.span.text), aligned_simplified(c.span.text))):
                    continue  # (another case than the one named, whose figure would be read as the answer)
                if self._on("rule:second_sentence"):
                    _margin(margins, "second_sentence_ratio", _ratio(c.score, best.score) - SECOND_SENTENCE_RATIO)
                    if c.score >= SECOND_SENTENCE_RATIO * best.score:
                        chosen.append(c)
            elif c.elsewhere and not best.elsewhere:
                continue  # (its value would be taken for the place's: feat:other_place_fact)
            elif second_clause is None and self._on("rule:second_clause"):
                _margin(margins, "second_clause_ratio", _ratio(c.score, best.score) - SECOND_CLAUSE_RATIO)
                if c.score < SECOND_CLAUSE_RATIO * best.score:
                    continue
                # Two clauses nearly tie: quote both rather than guess.
                second_clause = c
                chosen.append(c)
        neighbour = None
        if best.conditioned:
            # the sentence a condition qualifies is quoted with it (情节严重的，… says of what)
            neighbour = _next_to(cands, best, before=True)
            if (neighbour is not None and self._on("rule:other_case")
                    and condition.sibling_cases(aligned_simplified(best.span.text), aligned_simplified(neighbour.span.text))):
                neighbour = None  # (another case: it qualifies nothing of this one — rule:other_case)
        elif self._on("rule:aggravated_case"):
            # the best sentence ends in "；" and the next opens with a condition (情节严重的，…): what follows in
            # the aggravated case is part of the answer to what happens (devdocs 5 dev: 撤销其荣誉称号… quoted,
            # 情节严重的，…给予行政处分 left out)
            neighbour = _aggravated_case(cands, best)
        if (neighbour is None and self._on("rule:item_lead_in") and _is_item(best.hit, best.span)
                and ("yesno" in q.intents or (ITEM_LEAD_IN_OPTIONS and options.asks_options(q))
                     or (WHO_LEAD_IN and "who" in q.intents))):
            # an item asked yes or no of means what its lead-in says (不得从事下列行为： … （四）…歧视用户；):
            # quoted with it, so the verdict reads both (rag.answer.yesno; devdocs 7 dev); after the item: shown
            # first, the gates read the lead-in as the answer's quote (dev −3)
            neighbour = _lead_in_of(cands, best)
        if (neighbour is None and self._on("rule:fact_lead_in") and (kinds := fact_kinds(q, required=True))
                and _is_item(best.hit, best.span) and not facts(best.span.text, kinds)):
            # an item asked a figure of states none: its lead-in may (在申请日之前6个月内，有下列情形之一的，不丧失
            # 新颖性： … （一）…首次展出的；), and is quoted with it (devdocs 14 dev: "how long before filing" refused)
            lead = _stating_lead_in(cands, best, kinds) if LEAD_IN_PARTS else _lead_in_of(cands, best)
            if lead is not None and facts(lead.span.text, kinds):
                neighbour = lead
        if (neighbour is None and FACT_LEAD_IN_ANY and self._on("rule:fact_lead_in")
                and (kinds := fact_kinds(q, required=True)) and not any(facts(c.span.text, kinds) for c in chosen)):
            # so too an item quoted second (净含量偏差不符合…的 under 有下列情形之一的，…可并处一千元以上二万元以下
            # 罚款：), the best sentence stating no figure either (devdocs 15 dev: refused as "states no figure")
            leads = (_stating_lead_in(cands, c, kinds) for c in chosen[1:] if _is_item(c.hit, c.span))
            neighbour = next((lead for lead in leads if lead is not None), None)
        if neighbour is not None and neighbour not in chosen:
            chosen.append(neighbour)
        if LIST_PARTS and "list" in q.intents and not _is_item(best.hit, best.span):
            # a list written as one sentence cut at "；" (制定…方案；执行…标准；管理、组织…作业。): its later parts
            # are its later items (devdocs 23 dev: the first part alone quoted) (ablation switch)
            at = best
            while at.span.text.rstrip().endswith(("；", ";")) and (after := _next_to(cands, at, before=False)) is not None:
                if _ITEM_MARK_RE.match(after.span.text) or after in chosen:
                    break
                chosen.insert(chosen.index(at) + 1, after)
                at = after
        if "who" in q.intents and self._on("rule:who_subject") and not _BODY_RE.search(aligned_simplified(best.span.text)):
            # a sentence cut at "；" whose part quoted names no body (…；制定…政策和审批…方案。): its first part
            # names the one who acts (国务院指定的部门依据…划分合作区块；) and is quoted before it (devdocs 34 dev:
            # "归谁审批" answered with the last part alone)
            parts = _lead_in_parts(cands, best)
            if (len(parts) > 1 and (first := parts[-1]) not in chosen
                    and _BODY_RE.search(aligned_simplified(first.span.text))):
                chosen.insert(chosen.index(best), first)
        if AGGRAVATED_ANY and self._on("rule:aggravated_case"):
            for c in chosen[1:]:
                if (penalty.states_penalty(aligned_simplified(c.span.text))
                        and (after := _aggravated_case(cands, c)) is not None and after not in chosen):
                    chosen.append(after)
        # (the predicate as rag.answer.yesno reads it, from the same terms the policy gives it)
        predicate = (yesno.asked_predicate(q, [f for forms, _ in groups for f in forms if len(f) >= 2])
                     if self._on("rule:verdict_quote") and "yesno" in q.intents else None)
        if predicate and not any(yesno.states_verdict_on(aligned_simplified(c.span.text), predicate) for c in chosen):
            verdict = next((c for c in cands if c.local > 0 and c.score >= VERDICT_QUOTE_RATIO * best.score
                            and yesno.states_verdict_on(aligned_simplified(c.span.text), predicate)), None)
            if verdict is not None:
                chosen.append(verdict)
        if "yesno" in q.intents and self._on("rule:proviso"):
            # a quote cut at "；" before its proviso (不得向国(境)外提出…；但是，…学术交流的除外 / 禁止…；因特殊原因
            # 需…的，须征得…同意): the exception is part of what it decides (devdocs 18 dev: two verdicts quoted
            # without it)
            for c in list(chosen):
                cut = c.span.text.rstrip().endswith(("；", ";"))
                # (or its own sentence after a full stop, opening 但是: …应当报送审核。但是，…等内容简单的地图除外。
                # — devdocs 22 dev: the duty quoted alone, the exception asked about left out) (rule:proviso_sentence)
                after = (_next_to(cands, c, before=False)
                         if cut or (self._on("rule:proviso_sentence") and c.span.text.rstrip().endswith(("。", "."))) else None)
                if after is not None and after not in chosen and (
                        _PROVISO_RE.search(aligned_simplified(after.span.text)) if cut
                        else _PROVISO_OPENS_RE.match(aligned_simplified(after.span.text))):
                    chosen.insert(chosen.index(c) + 1, after)
        items = self._enumerated_items(q, best, groups) if self._on("rule:list_items") else []
        if not items and self._on("rule:lead_in_items"):
            items = self._items_after_lead_in(q, best)
        if not items and self._on("rule:parallel_items"):
            items = self._parallel_items(q, best)
        if not items and "list" in q.intents and self._on("rule:quoted_lead_in"):
            # the best sentence lists nothing, but another clause quoted beside it opens a list
            # ("知识城重点发展下列产业：" second to an article naming 重点产业项目: devdocs 8 dev): its items answer
            lead = next((c for c in chosen[1:] if c.hit.clause_id != best.hit.clause_id
                         and enumerated.opens_list(c.span.text)), None)
            items = self._items_after_lead_in(q, lead) if lead is not None else []
        if (not items and articles and self._on("rule:whole_article") and article_of(best.hit) in articles
                and (_ASKS_CONTENT_RE.search(q.normalised) or "count" in fact_kinds(q))):
            items = self._whole_article(best, hits)
        if items:
            chosen = items
        if WHOLE_LEAD_IN:
            # a lead-in quoted whose earlier parts, cut at "；", say who acts and what follows (由…责令改正；构成违反
            # 治安管理行为的，由公安机关…处罚；构成犯罪的，依法追究刑事责任：): the whole of it is quoted (devdocs 23 dev:
            # its last part alone answered what happens) (ablation switch)
            for c in [c for c in chosen if _opens_list(c.span.text)]:
                for part in _lead_in_parts(cands, c)[1:]:
                    if part not in chosen:
                        chosen.insert(chosen.index(c), part)
        if q.multi_doc and (not items or len(q.places) >= 2) and self._on("rule:second_doc"):
            # (a whole list answers "分别是什么" by itself)
            other = next((c for c in cands if c.hit.doc_id not in {x.hit.doc_id for x in chosen}), None)
            if other:
                _margin(margins, "second_doc_ratio", _ratio(other.score, best.score) - SECOND_DOC_RATIO)
            if other and other.score >= SECOND_DOC_RATIO * best.score:
                chosen.append(other)

        meta: dict[str, object] = {
            "composer": self.name,
            "margin": round(best.score - _runner_up(cands, best), 3),
            "margins": {k: round(v, 4) for k, v in sorted(margins.items())},
        }
        return Draft(*self._render(q, chosen), True, meta)

    @staticmethod
    def _item_follows(hit: Hit, span: Span) -> bool:
        """Whether the clause's text after `span` opens with a numbered item ((一), 1.)."""
        rest = hit.text[span.end - hit.start:].lstrip()
        return bool(_ITEM_MARK_RE.match(rest))

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
        if not heading or self.features.coverage(groups, heading) < ITEMS_HEADING_COVERAGE:
            return []
        leads = [span for span in split_sentences(hit.text, base=hit.start)
                 if len(span.text) <= ITEM_LEAD_MAX_CHARS and span.text.endswith("。")
                 and hit.text[: span.start - hit.start].rstrip(" \t\u3000\xa0").endswith("\n")]
        if not 2 <= len(leads) <= MAX_ITEMS:
            return []
        return [_Candidate(hit, best.rank, span, best.local, best.context, False, best.score - i * 1e-3)
                for i, span in enumerate(leads)]

    def _parallel_items(self, q: Question, best: _Candidate) -> list[_Candidate]:
        """"成立了哪些工作组?": when the best clause names the asked thing in several parallel sentences
        (成立科技金融工作组,… 成立人才工作组,… 成立规划建设工作组,…), each is an item of the list: all of
        them, in order (dev: the quote cap cut such a list after three or four of its five items)."""
        if "list" not in q.intents or q.is_english:
            return []
        asked = _ASKED_THING_RE.search(q.normalised)
        if asked is None:
            return []
        thing = asked.group(1)
        hit = best.hit
        # parallel: each opens as the best sentence does (成立…), so a clause naming the thing in sentences
        # of other kinds (与广东…领域; 与西部…领域) is not taken for a list (dev: it led with another region)
        spans = split_sentences(hit.text, base=hit.start)
        named = [span for span in spans if thing in normalize(span.text)]
        # (the best sentence may name something else the clause also set up — a 联席会 before its
        # 工作组, a dev question asking for the 工作组 — then the first sentence naming the thing leads)
        lead = best.span if best.span in named else (named[0] if named else best.span)
        opening = normalize(lead.text.lstrip())[:2]
        naming = [span for span in named if normalize(span.text.lstrip())[:2] == opening]
        if not 2 <= len(naming) <= MAX_ITEMS:
            return []
        return [_Candidate(hit, best.rank, span, best.local, best.context, False, best.score - i * 1e-3)
                for i, span in enumerate(naming)]

    def _items_after_lead_in(self, q: Question, best: _Candidate) -> list[_Candidate]:
        """A quote that opens a list ("可以采用下列方式进行科技成果转化：") answers with its items, in
        order, not alone: the lead-in says that there are ways, the items say which. A question asking
        which items or how many (几类事项, how many categories) whose best sentence is in a clause with
        one such list gets the whole list with its lead-in (rag.answer.enumerated: a lead-in may also end
        in "；" when it says 下列/以下; devdocs 2 dev: lists and counts of a regulation's items)."""
        hit = best.hit
        spans = split_sentences(hit.text, base=hit.start)
        asks = "list" in q.intents or bool(enumerated.COUNT_OF_ITEMS_RE.search(q.normalised))

        def items(lead: Span) -> list[enumerated.Item]:
            return enumerated.items_after(hit.text, lead.end - hit.start)

        if _opens_list(best.span.text) or (asks and enumerated.opens_list(best.span.text) and items(best.span)):
            lead = best.span
        elif asks:
            leads = [sp for sp in spans if enumerated.opens_list(sp.text) and items(sp)]
            before = [sp for sp in leads if sp.end <= best.span.start] if _is_item(hit, best.span) else []
            if before:
                lead = before[-1]  # the best sentence is an item: its own list
            elif (len(leads) == 1 and leads[0].start >= best.span.end and self._on("rule:inline_list")
                  and not q.is_english and best.span.text.count("、") >= INLINE_LIST_ITEMS - 1
                  and not ((thing := _asked_thing(q.normalised)) and thing in normalize(leads[0].text))):
                # the best sentence lists things itself (电话计时计费装置、出租汽车里程计价表、售气机…等计量器具)
                # before the clause's list of another thing (水表、电能表…按以下规定实行首次强制检定：): its own
                # list answers (devdocs 19 dev: the later list's three rules were quoted instead) — unless the
                # later list's lead-in names the thing asked (发布哪些信息 / 应当发布以下…信息：; dev: lost so)
                return []
            elif len(leads) == 1:
                lead = leads[0]  # the clause has one list: the one asked for
            else:
                return []
        else:
            return []
        found = items(lead)
        if not found:
            return []
        last = hit.start + found[-1].end
        if (lead is not best.span and best.span.start >= last and self._on("rule:after_list")
                and not _REFERS_BACK_RE.search(best.span.text)):
            # a paragraph after the list says a thing of its own (…应当扶持山区及贫困地区的继续教育。 after the ways
            # funds are raised): the list does not answer for it (rule:after_list; devdocs 17 dev) — unless it
            # speaks of the list's items (有第一款（二）、（五）项行为之一的: devdocs 13 dev)
            return []
        if len(found) > MAX_LIST_ITEMS:
            return []
        chosen = [_Candidate(hit, best.rank, lead, best.local, best.context, False, best.score)]
        for span in spans:
            if lead.end <= span.start and span.end <= last:
                # (in order: a stated fact first would break the list — (三) quoted before the lead-in and (一),
                # and its count read as 二; devdocs 4 dev) (ablation switch)
                fact_first = best.has_fact and span == best.span and not self._on("rule:list_in_order")
                chosen.append(_Candidate(hit, best.rank, span, best.local, best.context,
                                         fact_first, best.score - len(chosen) * 1e-3))
        return chosen

    def _whole_article(self, best: _Candidate, hits: list[Hit]) -> list[_Candidate]:
        """"第五条讲了什么": every sentence of the article (its clause and its sub-clauses among the hits), in
        order; nothing when it is longer than a list is quoted whole."""
        number = article_of(best.hit)
        clauses = sorted({h.clause_id: h for h in hits if h.doc_id == best.hit.doc_id and article_of(h) == number}.values(),
                         key=lambda h: h.start)
        spans = [(h, span) for h in clauses for span in split_sentences(h.text, base=h.start)
                 if not (self._on("rule:skip_headings") and _names_heading(span, h))]
        if not spans or len(spans) > MAX_LIST_ITEMS + 1:
            return []
        return [_Candidate(h, best.rank, span, best.local, best.context, best.has_fact and span == best.span,
                           best.score - i * 1e-3) for i, (h, span) in enumerate(spans)]

    def _render(self, q: Question, chosen: list[_Candidate]) -> tuple[str, list[Citation]]:
        # Key facts first, then by score; sentences of one clause merge when adjacent.
        chosen = sorted(chosen, key=lambda c: (not c.has_fact, -c.score))
        quotes: list[tuple[Hit, Span]] = []
        for c in chosen:
            merged = False
            for i, (hit, span) in enumerate(quotes):
                if hit.clause_id == c.hit.clause_id and _adjacent(hit, span, c.span) and not _item_joins(span, c.span):
                    a, b = min(span.start, c.span.start), max(span.end, c.span.end)
                    quotes[i] = (hit, Span(a, b, hit.text[a - hit.start : b - hit.start]))
                    merged = True
                    break
            if not merged:
                quotes.append((c.hit, c.span))
        lines, citations = [], []
        last_clause = None
        for n, (hit, span) in enumerate(quotes, start=1):
            citations.append(citation_for(n, hit, span))
            if hit.clause_id != last_clause:
                meta = (self.features.documents or {}).get(hit.doc_id)
                lines.append(messages.lead(hit, q.lang, getattr(meta, "short_title", None)))
                last_clause = hit.clause_id
            shown = prose_safe(span.text)
            lines.append(f"“{shown}” [{n}]" if q.lang == "en" else f"{shown}[{n}]")
        return "\n".join(lines), citations


# the thing a list question asks for: 哪些工作组, 哪几个平台, 有哪些措施 (two to six characters, then the end)
_ASKED_THING_RE = re.compile(r"(?:哪些|哪几[个项类种条家所]|哪[两二三四五六七八九十][个项类种条家所])([\u4e00-\u9fff]{2,6}?)"
                             r"[的呢吗啊]*[?？。!！]*\s*$")


# "哪些文书即使…也不能…": the thing asked opening the question, its conditions after it, names the list asked for as
# the thing at the end does (devdocs 24 dev: a sentence naming two things was taken for the list, the clause's
# "不适用下列文书：" left without its items) (ablation switch)
THING_OPENS = True
_THING_OPENS_RE = re.compile(r"^(?:请问)?(?:有)?哪些([\u4e00-\u9fff]{2,4}?)(?=即使|虽然|不[得能可]|可以|能|需要|要|应当|必须|会|在|被|属于|适用|[，,])")


def _asked_thing(question: str) -> str | None:
    m = _ASKED_THING_RE.search(question) or (_THING_OPENS_RE.search(question) if THING_OPENS else None)
    return m.group(1) if m else None


# a question asking what an article says, not one value of it (第五条讲了什么, "What does Article 5 … say?")
_ASKS_CONTENT_RE = re.compile(r"讲了?什么|讲的是什么|规定了?什么|说了?什么|写了?什么|怎么规定|如何规定|有何规定|有什么规定|"
                              r"(?:主要)?内容(?:是什么|有哪些|为何)|\bwhat does\b.*\b(?:say|provide|stipulate|set out|lay down|"
                              r"cover|state)\b|\bwhat is in\b|\bcontents? of\b|\bwhat do(?:es)? .{0,40}\barticle\b",
                              re.IGNORECASE)
# a body named as one who acts (rule:who_subject): a department, an organ, a government, a company — 出版单位 and
# 公司 too, which the organ gate's reading (rag.answer.gates._ORGAN_NAMED_RE) does not count as organs
_BODY_RE = re.compile(r"部门|机关|机构|政府|委员会|人民代表大会|[局厅署委院]|公司|单位|协会|组织")
_ITEM_MARK_RE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、]|[一二三四五六七八九十]+、)")


def _names_heading(span: Span, hit: Hit) -> bool:
    """The sentence is only its clause's heading or its document's title, written again (the title without
    its bracketed years or status: 行动计划(2016—2018年) opens its text as …行动计划)."""
    names = [*hit.section_path, hit.doc_title]
    if TITLE_WITHOUT_BRACKETS:
        names.append(_TITLE_BRACKETS_RE.sub("", hit.doc_title))
    return match_key(span.text.lstrip("# ")).rstrip("。.;；:：") in {match_key(h) for h in names}


# (conversations dev 23: the title line, without the title's "(2016—2018年)", was quoted as the answer to who
# leads the plan) (ablation switch)
TITLE_WITHOUT_BRACKETS = True
_TITLE_BRACKETS_RE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def _opens_list(sentence: str) -> bool:
    return sentence.rstrip().endswith(("：", ":"))


def _is_item(hit: Hit, span: Span) -> bool:
    """The sentence is an item of a list: it opens a line with an item number ((一), 1., 一、)."""
    before = hit.text[: span.start - hit.start].rstrip(" \t\u3000\xa0")
    return (not before or before.endswith("\n")) and bool(_ITEM_MARK_RE.match(span.text))


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


def _next_to(cands: list[_Candidate], best: _Candidate, before: bool) -> _Candidate | None:
    """The candidate sentence of the best one's clause right before (or after) it, nothing between them."""
    return next((c for c in cands if c.hit.clause_id == best.hit.clause_id
                 and (c.span.end <= best.span.start if before else c.span.start >= best.span.end)
                 and _adjacent(c.hit, c.span, best.span)), None)


def _aggravated_case(cands: list[_Candidate], c: _Candidate) -> _Candidate | None:
    """The sentence right after `c` in its clause when `c` ends in "；" and that sentence opens with a condition
    (情节严重的，…): the aggravated case of what `c` states (rule:aggravated_case)."""
    if not c.span.text.rstrip().endswith(("；", ";")):
        return None
    after = _next_to(cands, c, before=False)
    if after is None:
        return None
    view = aligned_simplified(after.span.text)
    return after if condition.opening_condition(view) or (AGGRAVATED_WHEN and _WHEN_CASE_RE.match(view)) else None


def _lead_in_of(cands: list[_Candidate], best: _Candidate) -> _Candidate | None:
    """The sentence of the best one's clause leading in the list it is an item of (the last one before
    it ending in a colon)."""
    before = [c for c in cands if c.hit.clause_id == best.hit.clause_id and c.span.end <= best.span.start
              and _opens_list(c.span.text)]
    return max(before, key=lambda c: c.span.start, default=None)


def _lead_in_parts(cands: list[_Candidate], lead: _Candidate) -> list[_Candidate]:
    """A list's lead-in (the sentence ending in a colon) and its parts before it, cut at "；", back to the
    one opening it: latest first."""
    before = sorted((c for c in cands if c.hit.clause_id == lead.hit.clause_id and c.span.end <= lead.span.start),
                    key=lambda c: c.span.start, reverse=True)
    parts = [lead]
    for c in before[:LEAD_IN_PARTS_MAX]:
        if not c.span.text.rstrip().endswith(("；", ";")) or _ITEM_MARK_RE.match(c.span.text):
            break  # (the sentence before ends a paragraph or is an item: the lead-in opens after it)
        parts.append(c)
    return parts


def _stating_lead_in(cands: list[_Candidate], item: _Candidate, kinds: tuple[str, ...]) -> _Candidate | None:
    """The sentence of an item's lead-in that states a fact of `kinds`: the lead-in itself or a sentence
    before it, a lead-in cut at "；" (…可并处一千元以上二万元以下罚款；情节严重的，吊销其相应的资格证：) — with
    LEAD_IN_PARTS, any part of it back to the sentence ending a paragraph or an item."""
    lead = _lead_in_of(cands, item)
    if lead is None:
        return None
    previous = max((c for c in cands if c.hit.clause_id == item.hit.clause_id and c.span.end <= lead.span.start),
                   key=lambda c: c.span.start, default=None)
    # (the sentence right before is read as before; the parts further back, cut at "；", with LEAD_IN_PARTS)
    parts = [lead, *([previous] if previous else []), *(_lead_in_parts(cands, lead)[2:] if LEAD_IN_PARTS else [])]
    for c in parts:
        if not _ITEM_MARK_RE.match(c.span.text) and facts(c.span.text, kinds):
            return c
    return None


def _item_joins(a: Span, b: Span) -> bool:
    """The later of two adjacent sentences is a list's item written on the same line ("…的； （二）…"):
    each item is quoted and cited on its own, as items on their own lines are."""
    later = b if a.start <= b.start else a
    return enumerated.INLINE_ITEMS and bool(_ITEM_MARK_RE.match(later.text))


def _adjacent(hit: Hit, a: Span, b: Span) -> bool:
    lo, hi = (a, b) if a.start <= b.start else (b, a)
    gap = hit.text[lo.end - hit.start : hi.start - hit.start]
    return lo.end <= hi.start and not gap.strip(" \t\u3000\xa0")
