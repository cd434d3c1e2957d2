"""Named features of a question and the evidence an answer quotes (mechanism, no policy).

Every composer's draft is reduced to the same thing — the question and the cited
sentences with their clauses (`Evidence`) — so the abstention gates and the fitted
answerability model judge the extractive and the LLM composer alike.

Coverage is idf-weighted: a rare word of the question (休学) matters more than a
common one (科技). A concept is covered when any of its forms occurs in the text;
English questions bring their concepts through the dictionary expander
(value added → 增加值).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import definitions
from ..articles import article_of, asked_articles, implemented_law
from ..filters import doc_type, english_kinds
from ..models import Citation, Hit
from ..normalize import aligned_simplified, normalize
from ..question import (
    INTERROGATIVE_RE,
    PLACE_ALIASES,
    PLACE_DISTRICTS,
    PLACE_PARENT,
    PLACES,
    Question,
    fact_kinds,
    place_mentions,
)
from ..sentences import Span
from . import headings
from .enumerated import COUNT_OF_ITEMS_RE, counted_list, counted_nouns, inline_lists
from .slots import filling, slot_of

OOV_WEIGHT = 0.5  # a word the corpus never uses is usually colloquial (拿, 钱): it counts, but less
# "…小组的组长是谁": the word before 是谁 names the role asked about.
WHO_ROLE_RE = re.compile(r"([^,，。?？!！\s]{2,12}?)(?:是谁|为谁|是哪位)")
# "…由谁担任组长", "由哪位市领导担任召集人", "组长由谁来当": the role is named after the verb, or before 由谁
_ROLE_AFTER_RE = re.compile(r"(?:由谁|谁来|由哪(?:位|个|一位)[^,，。?？担当任]{0,8})(?:来)?(?:担任|出任|当|任)"
                            r"([^,，。?？!！\s]{2,8})")
_ROLE_BEFORE_RE = re.compile(r"([^,，。?？!！\s由]{2,8})由谁(?:来)?(?:担任|出任|当|任)")

Concepts = list[tuple[list[str], float]]  # (alternative Chinese forms, idf weight)

# The features of an answer, in the order the answerability model reads them. Each is documented in
# `Featurizer.of_answer`; all lie in [0, 1] except where noted.
ANSWER_FEATURES = (
    "coverage",            # concept weight covered by the first quote with its heading path and title
    "coverage_all",        # … by all quotes with their headings
    "coverage_quote",      # … by the first quote alone
    "coverage_soft",       # as coverage, a concept found only in part earning its share of character bigrams
                           # (科研人员 in a clause that says 科技人员)
    "dense_sim",           # cosine of the question's and the first quote's clause's vectors (0 when the dense
                           # side did not retrieve it); robust to paraphrase, unlike the word features
    "missing_max_idf",     # the largest idf share of a concept no quote or heading covers (0 when none)
    "rarest_covered",      # the question's rarest concept is covered by the quotes and headings
    "oov_share",           # concept weight of words the corpus never uses
    "slot_required",       # a figure, sum, date or document number is asked for
    "slot_filled",         # … and a quote states one of that kind
    "fact_in_quote",       # any quote states a fact of the kind the question's intents want
    "places_named",        # the question names a place
    "places_covered",      # every named place is spoken for by some quoted clause
    "top_score",           # the best hit's fused score over the best possible
    "score_gap",           # its lead over the second hit, over the best possible
    "cited_rank",          # 1 / the retrieval rank of the first quote's clause
    "english",             # the question is English
    "n_concepts",          # number of concepts / 10 (capped at 1)
)

# What the answerability model reads: features of the evidence, not of who asks. Question-level priors
# (english, slot_required, places_named, n_concepts) let it refuse whole classes whatever the evidence:
# fitted with them it refused both README flagship questions in English (p 0.01-0.02), because
# English dev questions are right less often.
MODEL_FEATURES = tuple(f for f in ANSWER_FEATURES if f not in ("english", "slot_required", "places_named", "n_concepts"))


# Where the asker is ("我在上海的一家实验室…", "我们要在新疆建…", "our plant in Beijing") a national document
# holds as anywhere in the country: the question is answered from it, not refused as about a place the documents
# never name (devdocs 19 dev: four such questions refused). A place whose own rules are asked (上海市对…发多少奖金)
# stays uncovered — a national document for every place asked so lost 24 dev items. (ablation switch)
ASKER_PLACE = True
SUBJECT_OPENS = True  # (ablation switch; see speaks_for)
_NATIONAL_ISSUER_RE = re.compile(r"^(?:国务院|全国人民代表大会|中央军事委员会|国家|中国人民银行|中华人民共和国)")
_ASKER_ZH = r"(?:我|我们|我司|本公司|我公司|我单位|咱们)[\u4e00-\u9fff]{0,6}?在"
_ASKER_EN = r"\b(?:i|i'm|we|we're|our|my)\b[^.?!]{0,60}?\b(?:in|at) (?:the )?"


# A place named as where a third party sits (the Beijing office of …, a Shanghai subsidiary, an engineer who lives in
# Beijing) is as the asker's own under a national document (devdocs 14 and 20 dev: such questions refused as about a
# place the documents do not cover). Not a place things come from: "从保定引进多少项目" where the text says 从北京引进
# is a near miss (conversations dev 15 and 24: −2). (ablation switch)
ENTITY_PLACE = True
_SEAT_ZH = r"(?:{p})(?:省|市)?的?(?:分公司|子公司|办事处|分支机构|代表处)"
_SEAT_EN = (r"\b{p}(?:-based)? (?:office|subsidiary|branch|plant|factory|lab|laboratory|representative office)\b"
            r"|\b(?:office|subsidiary|branch|engineer|researcher|resident|citizen|who (?:lives|works))\b[^.?!]{{0,40}}?\b(?:in|at) (?:the )?{p}\b")


def seat_of(q: Question, place: str) -> bool:
    """Whether `place` is named as where a third party sits (上海的子公司, the Beijing office of …)."""
    if q.is_english:
        name = re.escape((PLACES.get(place) or place).lower())
        return bool(re.search(_SEAT_EN.format(p=name), q.normalised.lower()))
    return bool(re.search(_SEAT_ZH.format(p=re.escape(place)), aligned_simplified(q.normalised)))


def asker_in(q: Question, place: str) -> bool:
    """Whether the question places its asker in `place` (我们在广东…, our company … in Beijing)."""
    if q.is_english:
        name = re.escape((PLACES.get(place) or place).lower())
        return bool(re.search(rf"{_ASKER_EN}{name}\b", q.normalised.lower()))
    return bool(re.search(rf"{_ASKER_ZH}{re.escape(place)}", aligned_simplified(q.normalised)))


def governs(q: Question, place: str) -> bool:
    """The question asks what holds in `place` — it opens with it, or names it as the owner or the
    setting ("上海的…", "上海市…", "在上海…", "Shanghai's", "in Shanghai") — rather than naming it as an
    object ("与贵阳合作", "besides Guiyang")."""
    text = q.normalised.strip()
    if q.is_english:
        en = re.escape((PLACES.get(place) or place).lower())
        return bool(re.search(rf"^(?:\W*(?:and |so |what about |how about )?(?:in |for )?(?:the )?){en}\b|\b{en}'s\b"
                              rf"|\b(?:in|for) (?:the )?{en}\b", text.lower()))
    z = re.escape(place)
    return bool(re.search(rf"^(?:请问|那么?|在|对于?|关于)?{z}|{z}[省市区县]?的|在{z}", text))


def _ancestors(place: str) -> set[str]:
    """The places `place` lies in (海淀 → 北京)."""
    out: set[str] = set()
    while (place := PLACE_PARENT.get(place, "")) and place not in out:
        out.add(place)
    return out


@lru_cache(maxsize=1)
def _abbreviations() -> dict[str, list[str]]:
    """Short names of bodies → the full names the documents write (rag/lexicons/abbreviations.json)."""
    path = Path(__file__).parents[1] / "lexicons" / "abbreviations.json"
    return json.loads(path.read_text(encoding="utf-8"))["forms"]


# The words of a chatty message that say who asks and how politely (您好, 请教, 同事, 担心 …) are no concepts of
# the question: no document states them, and as concepts they kept chatty questions whose clause was retrieved
# first below the answer model's threshold (rag/lexicons/chatty.json; dev: devdocs 10, 12, 16 +4, conversations
# dev 12 −1). (ablation switch)
CHATTY_NOT_CONCEPTS = True


@lru_cache(maxsize=1)
def _chatty_words() -> frozenset[str]:
    path = Path(__file__).parents[1] / "lexicons" / "chatty.json"
    return frozenset(json.loads(path.read_text(encoding="utf-8"))["words"])


# "能不能租给别人", "会不会被罚": the tokenizer splits an A-not-A question form into 能 + 不能, 会 + 不会, and the
# negation became a concept no clause answering it has (不得 says no; devdocs 32 dev: "能不能租给别人"
# refused beside 不得转让、出租 at rank 1, 不能 its heaviest concept). (ablation switch)
A_NOT_A = True
_A_NOT_A_RE = re.compile(r"([能会要用让准许])不\1")


# An everyday word is covered by the regulation's word for the same thing: 小区 by 住宅区, 拷贝 by 复制
# (rag/lexicons/everyday.json; devdocs 30 dev: such questions refused beside the clause answering them). (ablation
# switch)
EVERYDAY_FORMS = True


@lru_cache(maxsize=1)
def _everyday() -> dict[str, list[str]]:
    path = Path(__file__).parents[1] / "lexicons" / "everyday.json"
    return json.loads(path.read_text(encoding="utf-8"))["forms"]


def forms_of(word: str) -> list[str]:
    """A question word and its spelled-out forms: 样例市科委 → 样例市科委, 样例市科学技术委员会; 小区 → 小区,
    住宅区, 居住区."""
    everyday = _everyday().get(word, []) if EVERYDAY_FORMS else []
    return [word, *everyday, *(word[: len(word) - len(short)] + full for short, fulls in _abbreviations().items()
                               if word.endswith(short) for full in fulls)]


# the shortest piece of a title (国家自主创新示范区) whose other qualifier makes a name the documents lack
NAME_MIN_CHARS = 6
# words placing the document in time, not naming another one: 现行商标法实施条例 is the regulation at hand, not a
# 现行-named one the documents lack (devdocs 25 dev: its decree number refused as an unknown name) (ablation switch)
CURRENT_QUALIFIER = True
_CURRENT_RE = re.compile(r"(?:现行|最新|当前|目前|现在|新版|新修订|新修正|新修改)$")
# the asking words before a name (请问中关村科学城…, 想问下…) qualify nothing: 请问 was reported as a place the
# documents do not cover (conversations dev 30: a standalone question refused so) (ablation switch)
FILLER_QUALIFIER = True
# a count or pointer before a name (…办了一个样例标本库, 这家…) counts or points at the thing, it does not name
# another one (devdocs 31 dev: 自己建了一个 was reported as a name the documents lack) (ablation switch)
DETERMINER_QUALIFIER = True
_DETERMINER_RE = re.compile(r"(?:[一这那某每各该][个家项批种类所座份])$")


@lru_cache(maxsize=1)
def _chatty_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_chatty_words(), key=len, reverse=True))


def _without_chatty_opening(qualifier: str) -> str:
    """`qualifier` after the chatty words it opens with (请问, 想问问 …)."""
    while (word := next((w for w in _chatty_longest_first() if qualifier.startswith(w)), None)) is not None:
        qualifier = qualifier[len(word):]
    return qualifier


# an article asked of a named law or regulation (Featurizer.absent_law) (ablation switch: also gate:absent_law)
ABSENT_LAW = True
# A law named in book-title marks as the one asked of (《某某法》对…规定的罚款是多少), not an article of it, that no
# document is — nor a word of the texts, which cite it — is absent as well (devdocs 31 dev: three questions on
# another law answered from the regulation at hand). (ablation switch)
NAMED_LAW = True
ABSENT_LAW_SHARE = 0.8  # of the name's characters a title of its kind must have for the name to be that document
_EN_LAW_ARTICLE_RE = re.compile(r"\bArticle \d+ of (?:the )?((?:[A-Z][\w'&-]*\s+){1,6}?(Law|Regulations?|Rules|Provisions))\b")
_LAW_ARTICLE_RE = re.compile(r"《([^《》]{2,40})》\s*第[一二三四五六七八九十百零〇两\d]+条"
                             r"|([\u4e00-\u9fff]{2,24}?(?:法|条例|办法|规定|细则))第[一二三四五六七八九十百零〇两\d]+条")
# A law whose own record is asked (哪天施行, 哪年通过, "When did … Law take effect?") — quoted or not, and cited by
# the texts or not — is asked of that law: the record of the document at hand does not answer (devdocs 32 dev:
# a law's date in force answered with a regulation's). (ablation switch)
RECORD_OF_LAW = True
# the 法 that ends a law's name: not that of 办法, 依法, 违法, 方法 … (rag.answer.docfacts reads law names with it too)
LAW_END = r"(?<![方依合违执立办做说用算司守犯非])法"
_RECORD_LAW_RE = re.compile(rf"《([^《》]{{2,40}}法)》|([\u4e00-\u9fff]{{4,24}}?{LAW_END})"
                            r"(?=是|的|哪|何|什么|由|于|在|有|谁|[？?，,。\s]|$)")
_ASKING_PREFIX_RE = re.compile(r"^(?:请问|那么|那|我想问|想问|根据|依据|关于)")
# (not "the Patent Law Implementing Rules", a regulation named after its law — devdocs 14, 22, 24, 25, 27 dev)
_EN_LAW_NAMED_RE = re.compile(r"\b((?:[A-Z][\w'&-]*\s+){1,6}?Law)\b(?!['’]s\b|\s+(?:[Ii]mplement|[Ee]nforcement|[Dd]etailed"
                              r"|[Rr]egulations?\b|[Rr]ules\b|[Pp]rovisions\b|[Mm]easures\b))")
_EN_NOT_NAME_RE = re.compile(r"^(?:(?:When|What|Which|Who|How|Does|Did|Do|Is|Was|Under|The|This|That|PRC|China's|Chinese)\s+)+")


def english_law_named(text: str) -> str | None:
    """The name of a law an English question names with capitals (the Data Security Law), else None."""
    for m in _EN_LAW_NAMED_RE.finditer(text):
        name = _EN_NOT_NAME_RE.sub("", m.group(1))
        if name != "Law":
            return name
    return None
# A place's regulation named whole (某市气象条例…, 另一省的计量条例…) is a document too, asked
# of or not by article: a place and a subject no title has together is another place's text (devdocs 18 dev: two
# such questions answered from a document sharing only the place or only the subject). Only 条例/办法/细则
# right after a place: 规定 is as often the verb (北京市有什么规定), and the words between hold no question word
# or particle; the name is absent when no title of its kind has ABSENT_LAW_SHARE of its characters. (ablation switch)
PLACE_REGULATION = True
_PLACE_REGULATION_RE = re.compile(r"[省市区县]?((?:(?![的有对在是和与或及])[\u4e00-\u9fff]){2,16}?(条例|办法|细则))")
# (no question word, demonstrative or generic qualifier: 这两部条例, 地方条例 name no title)
_NO_TITLE_RE = re.compile(r"[什哪几怎谁吗呢多这那两各]|^(?:地方|相关|有关|现行|配套)")
_LAW_KIND_RE = re.compile(r"(?:法|条例|办法|规定|细则)$")


@dataclass(frozen=True)
class Evidence:
    """A quoted span and the clause (hit) it comes from."""

    hit: Hit
    span: Span
    rank: int  # 1-based rank of the clause among the hits (0 when it was not retrieved)


def evidence_of(citations: list[Citation], hits: list[Hit]) -> list[Evidence]:
    ranks = {h.clause_id: i for i, h in enumerate(hits, start=1)}
    by_id = {h.clause_id: h for h in hits}
    out = []
    for c in citations:
        hit = by_id.get(c.clause_id) or Hit(clause_id=c.clause_id, doc_id=c.doc_id, doc_title=c.doc_title,
                                            section_path=c.section_path, text=c.quote, start=c.start, end=c.end,
                                            score=0.0)
        out.append(Evidence(hit, Span(c.start, c.end, c.quote), ranks.get(c.clause_id, 0)))
    return out


# Chinese words written inside an English question are concepts of it (CJK_IN_ENGLISH; ablation switch)
CJK_IN_ENGLISH = True
_CJK_TEXT_RE = re.compile(r"[\u3400-\u9fff]+")


class Featurizer:
    def __init__(self, keyword_index, expander, documents: dict | None = None, best_score: float = 1.0) -> None:
        self.keyword = keyword_index
        self.expander = expander
        self.documents = documents or {}  # doc_id -> DocumentMeta: whose jurisdiction a document is
        self.best_score = best_score  # the highest fused score retrieval can give
        self._places_in_corpus: set[str] | None = None
        self._grams: dict[str, list[tuple[str, int]]] | None = None
        self._normalised_titles: list[str] | None = None
        self._implemented_laws: list[str] | None = None
        self._max_idf = keyword_index.idf("\x00never a word\x00")  # a term the corpus lacks has the highest idf

    # -- question concepts -------------------------------------------------------

    def weight(self, term: str, oov_discount: bool = True) -> float:
        idf = self.keyword.idf(term)
        if term in self.keyword.vocabulary_set or not oov_discount:
            return idf
        return OOV_WEIGHT * idf

    def concepts(self, q: Question, oov_discount: bool = True, latin_tokens: bool = True) -> Concepts:
        """The question's concepts with their weights; question words (多少, 哪些) are none."""
        if q.is_english:
            groups = [(terms, max(self.weight(t, oov_discount) for t in terms))
                      for terms in self.expander.concepts(q.normalised)]
            # A Latin token the Chinese text itself uses (DRC, 5G, G20) is a concept of its own.
            for token in self.keyword.tokenizer(q.normalised) if latin_tokens else ():
                if token.isascii() and token in self.keyword.vocabulary_set:
                    groups.append(([token], self.weight(token, oov_discount)))
            if CJK_IN_ENGLISH:
                # a Chinese name the question writes itself ("the host institution (依托单位)") is a concept too
                seen = {t for terms, _ in groups for t in terms}
                for word in self.keyword.tokenizer.words(" ".join(_CJK_TEXT_RE.findall(q.normalised))):
                    if len(word) >= 2 and word not in seen and not INTERROGATIVE_RE.match(word):
                        seen.add(word)
                        groups.append((forms_of(word), self.weight(word, oov_discount)))
            return groups
        text = _A_NOT_A_RE.sub(" ", q.normalised) if A_NOT_A else q.normalised
        words = [w for w in self.keyword.tokenizer.words(text) if not INTERROGATIVE_RE.match(w)]
        if CHATTY_NOT_CONCEPTS:
            words = [w for w in words if w not in _chatty_words()] or words
        if definitions.FRAME_NOT_CONCEPTS and definitions.asked(q.normalised, False):
            words = [w for w in words if w not in definitions.FRAME_WORDS] or words
        return [(forms_of(w), self.weight(w, oov_discount)) for w in words]

    @staticmethod
    def coverage(groups: Concepts, text: str) -> float:
        """idf-weighted share of the concepts found in `text` (any one of a concept's forms)."""
        total = sum(w for _, w in groups)
        if not total:
            return 0.0
        text = text.lower()  # Latin terms are lower-cased like the keyword tokens (DRC → drc)
        return sum(w for forms, w in groups if any(f in text for f in forms)) / total

    @staticmethod
    def soft_coverage(groups: Concepts, text: str) -> float:
        """Like `coverage`, but a concept found only in part earns the share of its bigrams found."""
        total = sum(w for _, w in groups)
        if not total:
            return 0.0
        text = text.lower()
        got = 0.0
        for forms, weight in groups:
            best = 0.0
            for form in forms:
                if form in text:
                    best = 1.0
                    break
                grams = [form[i:i + 2] for i in range(len(form) - 1)]
                if len(grams) >= 2:
                    best = max(best, sum(g in text for g in grams) / len(grams))
            got += weight * best
        return got / total

    @staticmethod
    def context_text(ev: Evidence) -> str:
        """A quote with its clause's heading path and document title: what the quote speaks about."""
        return normalize(ev.span.text + " " + " ".join(ev.hit.section_path) + " " + ev.hit.doc_title)

    # -- places and roles ---------------------------------------------------------

    def covers_place(self, ev: Evidence, place: str, subject: bool = False, asked: Sequence[str] = (),
                     strict: bool = False) -> bool:
        return self.speaks_for(ev.hit, ev.span.text, place, subject, asked, strict)

    def speaks_for(self, hit: Hit, text: str, place: str, subject: bool = False, asked: Sequence[str] = (),
                   strict: bool = False) -> bool:
        """The quoted clause answers for the place. Its document's title or issuer naming the place
        makes it that place's rule, unless the document is one of a part of that place (海淀 of 北京).
        Otherwise the place must be named in the clause's path or the quote: by its name when it is
        the question's subject (the first place it names), or by a compound too (京津 for 北京) when
        it is only mentioned ("tech transfers from Beijing and Tianjin universities")."""
        meta = self.documents.get(hit.doc_id)
        document = normalize(" ".join([hit.doc_title, meta.issuer or "" if meta else ""]))
        if place in document and not any(part in document for part, whole in PLACE_PARENT.items() if whole == place):
            return True
        # A province's rules hold in its cities (河南's regulation for a 郑州 company), unless the document
        # is one of another of its cities. Not a city's plan for its districts: a Beijing-wide target is
        # not 海淀's.
        province = PLACE_PARENT.get(place)
        if (province and province not in PLACE_PARENT and place not in PLACE_DISTRICTS and province in document
                and not any(part in document for part, whole in PLACE_PARENT.items() if whole == province)):
            return True
        if SUBJECT_OPENS and re.match(rf"(?:其中，?)?{re.escape(place)}(?:省|市|区|县)?(?:要|应|重点|主要|着力|以|作为|定位)",
                                      normalize(text)):
            # a sentence opening with the place as its subject (河北省重点强化…, in a Beijing plan's division of
            # roles among three places) states what the place is to do: it answers for it (conversations dev 26:
            # "And Hebei?" after 天津's role, the sentence quoted and refused as not Hebei's)
            return True
        own = set(self.document_places(document)) if strict else set()
        if own and not own & (_ancestors(place) | set(asked)):
            # `strict`: the question asks what holds in the place ("上海的…", "in Shanghai", see `governs`).
            # Another place's document that names it (a Beijing plan's "在上海、深圳证券交易所上市") states
            # nothing that holds there — unless the question names that document's place too, or it is a
            # city's plan naming one of its districts. (Where the place is the object — "cooperation with
            # Guiyang" — the plan that names it does answer.)
            return False
        names = (place,) if subject else (place, *PLACE_ALIASES.get(place, ()))
        return any(name in normalize(" ".join([*hit.section_path, text])) for name in names)

    def of_another_place(self, hit: Hit, place: str) -> bool:
        """The hit's document is another place's: its title or issuer names places, none of them `place` or
        a place it lies in, or names a part of `place` (a district's plan is not its city's). A national
        document is no other place's."""
        meta = self.documents.get(hit.doc_id)
        own = set(self.document_places(normalize(" ".join([hit.doc_title, (meta.issuer or "") if meta else ""]))))
        if any(place in _ancestors(p) for p in own):
            return True
        return bool(own) and not own & (_ancestors(place) | {place})

    @staticmethod
    def document_places(title_and_issuer: str) -> list[str]:
        """The places a document's title and issuer name: whose rules it states (none: national)."""
        return [p for _, p in place_mentions(title_and_issuer)]

    def uncovered_places(self, q: Question, evidence: list[Evidence]) -> list[str]:
        """The places the question names that no quoted clause answers for (the first, its subject,
        strictly)."""
        out = []
        for i, p in enumerate(q.places):
            # (a national text holds where the asker, or a third party the question names, is: read once a place)
            national_holds = (ASKER_PLACE and asker_in(q, p)) or (ENTITY_PLACE and seat_of(q, p))
            if not any(self.covers_place(ev, p, subject=(i == 0), asked=q.places, strict=i == 0 and governs(q, p))
                       or (national_holds and self.national(ev.hit)) for ev in evidence):
                out.append(p)
        return out

    def national(self, hit: Hit) -> bool:
        """Whether the hit's document is national: a State Council, NPC or ministry text naming no place."""
        meta = self.documents.get(hit.doc_id)
        issuer = normalize(meta.issuer or "") if meta else ""
        return (bool(_NATIONAL_ISSUER_RE.match(issuer)) or normalize(hit.doc_title).startswith("中华人民共和国")) and not (
            self.document_places(normalize(f"{hit.doc_title} {issuer}")))

    def corpus_mentions(self, place: str) -> bool:
        if self._places_in_corpus is None:
            # words of the clauses, and the documents' titles and issuers (a place may be named only there)
            names = [*self.keyword.vocabulary_set,
                     *(normalize(f"{d.title} {d.issuer or ''}") for d in self.documents.values())]
            self._places_in_corpus = {p for p in PLACES if any(p in name for name in names)}
        return place in self._places_in_corpus

    def unknown_name(self, q: Question) -> str | None:
        """A named thing the question asks about that the documents do not have: another zone's name on a
        document's own kind of thing — 长株潭|国家自主创新示范区 where a title has 郑洛新|国家自主创新示范区
        (devdocs dev: two other-zone questions answered from the one zone's regulation). The qualifier is
        the run of characters right before at least NAME_MIN_CHARS characters of a title (not its opening),
        two characters or more, none of its words used by the corpus, in no title."""
        if q.is_english or not self.documents:
            return None
        text = q.normalised
        grams, titles = self._title_grams(), self._titles()
        for p in range(2, len(text) - NAME_MIN_CHARS + 1):
            for title, i in grams.get(text[p:p + NAME_MIN_CHARS], ()):
                if text[p - 1] == title[i - 1]:
                    continue  # not where the shared part starts: the question has the title's own name
                n = NAME_MIN_CHARS
                while p + n < len(text) and i + n < len(title) and text[p + n] == title[i + n]:
                    n += 1
                before = re.search(r"[\u4e00-\u9fff]{2,6}$", text[max(0, p - 6):p])
                if before is None:
                    continue
                qualifier = re.split(r"[的在和与及对里之]", before.group(0))[-1]
                if CURRENT_QUALIFIER and _CURRENT_RE.search(qualifier):
                    continue
                if DETERMINER_QUALIFIER and _DETERMINER_RE.search(qualifier):
                    continue
                if FILLER_QUALIFIER:
                    qualifier = _without_chatty_opening(qualifier)
                if (len(qualifier) >= 2 and not any(qualifier in t for t in titles)
                        and not any(w in self.keyword.vocabulary_set for w in self.keyword.tokenizer.words(qualifier))):
                    return qualifier + text[p:p + n]
        return None

    def absent_law(self, q: Question) -> str | None:
        """The law or regulation a question asks an article of (《中华人民共和国计量法》第三十三条, 计量法第五条) when no
        document is it — no title of its kind (法, 条例 …) has most of the name's characters (devdocs 17 dev: another
        regulation's 第三十三条 was quoted for it). A name opening with 本/该/此/这 is the document at hand."""
        if not ABSENT_LAW or not self.documents:
            return None
        if q.is_english:
            # "Article 5 of the PRC Water Law": a law (法) when no document is one — its kind is all an
            # English name tells of a Chinese title
            for m in _EN_LAW_ARTICLE_RE.finditer(q.text):
                kinds = english_kinds(m.group(2))
                if not any(doc_type(d.title) in kinds for d in self.documents.values()):
                    return m.group(1).strip()
            return self._record_of_absent_law(q) if RECORD_OF_LAW else None
        for m in _LAW_ARTICLE_RE.finditer(q.normalised):
            name = m.group(1) or re.sub(r"^(?:根据|依据|依照|按照|对照|关于|按|依|据|在|对)", "", m.group(2))
            core = re.sub(r"^中华人民共和国", "", name)
            if len(core) < (2 if m.group(1) else 3) or core[0] in "本该此这":
                continue
            if any(core.endswith(law) for law in self._laws_implemented()):
                continue  # its implementing regulation is here, citing its articles (rag.articles.IMPLEMENTED_LAW)
            # (an abridged name keeps its characters: 某市科普条例 of 某市科学技术普及条例, 科技进步法 of 科学技术进步法)
            if not self._titled(core, (kind := _LAW_KIND_RE.search(core)) and kind.group(0)):
                return name
        if NAMED_LAW:
            # "《某某法》规定的罚款是多少": the law the question names in book-title marks is the one it asks of
            # (one name only: a question naming two may compare the law with the document at hand)
            named = re.findall(r"《([^《》]{2,40})》", q.normalised)
            core = re.sub(r"^中华人民共和国", "", named[0]) if len(named) == 1 else ""
            kind = _LAW_KIND_RE.search(core)
            if (kind and len(core) >= 3 and core[0] not in "本该此这"
                    and not any(core.endswith(law) for law in self._laws_implemented())
                    and core not in self.keyword.vocabulary_set and not self._titled(core, kind.group(0))):
                return named[0]
        if RECORD_OF_LAW and (name := self._record_of_absent_law(q)):
            return name
        return self._absent_place_regulation(q) if PLACE_REGULATION else None

    def _record_of_absent_law(self, q: Question) -> str | None:
        """A law whose record is asked (某某数据保护法何时施行, "When did the Sample Data Law take effect?")
        that no document is (RECORD_OF_LAW)."""
        from .docfacts import asked_field

        # (the name first: most questions name no law, and asked_field reads a score of patterns)
        name = self._untitled_law(q)
        return name if name is not None and asked_field(q) is not None else None

    def _untitled_law(self, q: Question) -> str | None:
        """A law the question names that no document is, else None."""
        if q.is_english:
            if any(doc_type(d.title) == "法" for d in self.documents.values()):
                return None  # (an English name tells only its kind of a Chinese title)
            return english_law_named(q.text)
        for m in _RECORD_LAW_RE.finditer(q.normalised):
            name = _ASKING_PREFIX_RE.sub("", m.group(1) or m.group(2))
            core = re.sub(r"^中华人民共和国", "", name)
            if len(core) >= 4 and core[0] not in "本该此这" and not self._titled(core, "法"):
                return name
        return None

    def _absent_place_regulation(self, q: Question) -> str | None:
        """A place's regulation the question names whole (某市气象条例) that no document is (PLACE_REGULATION)."""
        text = q.normalised
        for at, place in place_mentions(text):
            m = _PLACE_REGULATION_RE.match(text, at + len(place))
            if m is not None and not _NO_TITLE_RE.search(m.group(1)) and not self._titled(text[at:m.end()], m.group(2)):
                return text[at:m.end()]
        return None

    def _titled(self, name: str, kind: str | None) -> bool:
        """Whether a title of the name's kind (any title when it has none) has ABSENT_LAW_SHARE of its characters."""
        chars = set(name)
        return any((kind is None or kind in t) and len(chars & set(t)) >= ABSENT_LAW_SHARE * len(chars)
                   for t in self._titles())

    def _titles(self) -> list[str]:
        """The documents' titles, normalised (once: they are read for every question)."""
        if self._normalised_titles is None:
            self._normalised_titles = [normalize(d.title) for d in self.documents.values()]
        return self._normalised_titles

    def _laws_implemented(self) -> list[str]:
        """The laws the documents implement (统计法 of 统计法实施条例), read from the titles once."""
        if self._implemented_laws is None:
            self._implemented_laws = [law for d in self.documents.values() if (law := implemented_law(d.title))]
        return self._implemented_laws

    def _title_grams(self) -> dict[str, list[tuple[str, int]]]:
        """Each NAME_MIN_CHARS-character piece of a title after its first two characters → (title, offset)."""
        if self._grams is None:
            grams: dict[str, list[tuple[str, int]]] = {}
            for title in self._titles():
                for i in range(2, len(title) - NAME_MIN_CHARS + 1):
                    grams.setdefault(title[i:i + NAME_MIN_CHARS], []).append((title, i))
            self._grams = grams
        return self._grams

    def asked_role(self, q: Question) -> str | None:
        """The role a who-question asks about ("…的组长是谁" → 组长): an answer must name that role."""
        if q.is_english:
            return None
        m = _ROLE_AFTER_RE.search(q.normalised) or _ROLE_BEFORE_RE.search(q.normalised) or WHO_ROLE_RE.search(q.normalised)
        phrase = m.group(1) if m else None
        if not phrase:
            return None
        words = [w for w in self.keyword.tokenizer.words(phrase) if not INTERROGATIVE_RE.match(w)]
        return words[-1] if words and len(words[-1]) >= 2 else None

    # -- the features of an answer -----------------------------------------------------

    def of_answer(self, q: Question, evidence: list[Evidence], hits: list[Hit],
                  groups: Concepts | None = None) -> dict[str, float]:
        groups = self.concepts(q) if groups is None else groups
        if not evidence:
            return dict.fromkeys(ANSWER_FEATURES, 0.0) | {"english": float(q.is_english)}
        first = evidence[0]
        # (each quote's context with the articles it names, read once: the first quote's is part of both)
        own = [self.context_text(ev) + _referred(ev, hits) for ev in evidence]
        first_context = own[0] + _items_quoted(evidence)
        contexts = " ".join(own).lower()
        missing = [w for forms, w in groups if not any(f in contexts for f in forms)]
        rarest = max(groups, key=lambda g: g[1]) if groups else None
        total = sum(w for _, w in groups) or 1.0
        wanted = fact_kinds(q)
        required = fact_kinds(q, required=True)
        slot = slot_of(q.normalised)
        # facts that fill the asked slot (rag.answer.slots: not a total for a per-unit amount, not a target
        # for the present, not the question's own figure, not a count in another measure)
        # (figures only from the section the question names by its heading, where a quote lies in it)
        away = headings.outside(q.normalised, [ev.hit.section_path for ev in evidence])
        stated = {kind for ev, out in zip(evidence, away, strict=True) if not out
                  for kind, _ in filling(slot, aligned_simplified(ev.span.text), aligned_simplified(ev.hit.text))}
        if "count" in wanted and COUNT_OF_ITEMS_RE.search(q.normalised) and _quotes_a_list_end(evidence):
            stated.add("count")  # a quoted list counts its items: 几类事项 is answered by items (一)…(六)
        if "count" in wanted and (nouns := counted_nouns(q.normalised)) and any(
                inline_lists(aligned_simplified(ev.span.text), nouns) for ev in evidence):
            stated.add("count")  # 几个方面 is answered by a list of them written inline (…、…、…等方面)
        top = hits[0].score if hits else 0.0
        second = hits[1].score if len(hits) > 1 else 0.0
        oov = sum(w for forms, w in groups if not any(f in self.keyword.vocabulary_set for f in forms))
        return {
            "coverage": self.coverage(groups, first_context),
            "coverage_all": self.coverage(groups, contexts),
            "coverage_quote": self.coverage(groups, normalize(first.span.text)),
            "coverage_soft": self.soft_coverage(groups, first_context),
            "dense_sim": first.hit.dense_score or 0.0,
            "missing_max_idf": max(missing, default=0.0) / self._max_idf if self._max_idf else 0.0,
            "rarest_covered": float(rarest is not None and any(f in contexts for f in rarest[0])),
            "oov_share": oov / total,
            "slot_required": float(bool(required)),
            "slot_filled": float(bool(required) and bool(stated & set(required))),
            "fact_in_quote": float(bool(wanted) and bool(stated & set(wanted))),
            "places_named": float(bool(q.places)),
            "places_covered": float(not self.uncovered_places(q, evidence)),
            "top_score": min(1.0, top / self.best_score) if self.best_score else 0.0,
            "score_gap": max(0.0, top - second) / self.best_score if self.best_score else 0.0,
            "cited_rank": 1.0 / first.rank if first.rank else 0.0,
            "english": float(q.is_english),
            "n_concepts": min(1.0, len(groups) / 10),
        }

# "对老客户搞差别定价…拒不改正的，罚多少" whose penalty reads "违反本条例第六十八条、第六十九条规定…拒不改正的，处
# 五万元以上五十万元以下罚款": the conduct is written in the article the penalty names (第六十九条 市场主体不得利用
# 数据分析…实施差别待遇), so the question's words are covered there, not in the quote (devdocs 20 dev: two fines
# refused as "not covered"). The retrieved clauses of the articles a quote names count as its context. (ablation switch)
REFERRED_ARTICLES = True


def _referred(ev: Evidence, hits: Sequence[Hit]) -> str:
    """The text of the retrieved clauses of the articles of its own document that a quote's clause names (违反本条例
    第六十九条规定的), as more of its context ("" when it names none or they were not retrieved)."""
    if not REFERRED_ARTICLES:
        return ""
    # (the clause, not only the quote: 拒不改正的，处…罚款 is quoted from the sentence after the one naming 第六十九条)
    named = set(asked_articles(aligned_simplified(ev.hit.text))) - {article_of(ev.hit)}
    if not named:
        return ""
    return "".join(" " + normalize(h.text) for h in hits if h.doc_id == ev.hit.doc_id and article_of(h) in named)


# "哪些数据产品和服务不得交易" answered by "但是，有下列情形之一的除外：" and its items (（一）交易的数据产品和服务…):
# the lead-in quoted first says nothing of what the question names, its items do; the list is one answer, so its
# items count as the lead-in's context (devdocs 20 dev: a whole list refused as "not covered"). (ablation switch)
LIST_AS_ONE = True


def _items_quoted(evidence: list[Evidence]) -> str:
    """The quotes after a first quote that leads in a list (it ends with a colon), from its clause ("" otherwise)."""
    first = evidence[0]
    if not LIST_AS_ONE or not first.span.text.rstrip().endswith(("：", ":")):
        return ""
    return "".join(" " + normalize(ev.span.text) for ev in evidence[1:] if ev.hit.clause_id == first.hit.clause_id)


def _quotes_a_list_end(evidence: list[Evidence]) -> bool:
    """Whether a quote holds the last item of a list, which says how many items the list has."""
    return any(counted_list(ev.hit.text, [(ev.span.start - ev.hit.start, ev.span.end - ev.hit.start)]) is not None
               for ev in evidence)
