"""Definitions: whether a question asks what a term means, whether a sentence defines one, and the clause
defining the asked term found in the retrieved documents when retrieval ranked it low."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .models import Hit
from .normalize import aligned_simplified

# "Which dealings count as a 'metrology service' as the regulation defines it?": the sentence defining the term
# (计量服务是指…, 本条例所称…, 本法适用于…) over ones that only use it (devdocs 9 and 10 dev, feat:definition)
_ASKED_EN_RE = re.compile(r"\bdefin(?:e|es|ed|ing|ition)\b|\bcounts? as\b|\b(?:is|are) meant by\b"
                          r"|\bwhat does .{2,60} mean\b|\bscope of\b", re.IGNORECASE)
# A name given to what a sentence lists (国家机关、…企业事业单位等（以下统称公共数据提供单位）) defines that name
# (devdocs 17 dev: "哪些单位算“X”" quoted the clauses using X) (ablation switch; read when the patterns are built)
COLLECTIVE_NAME = True
# asked in Chinese too: "条例所说的X包括什么", "X具体指什么", "什么叫X" (devdocs 16 dev: the list of another
# term, or a clause only using the term, was quoted over the defining one) (ablation switch)
DEFINITION_ZH = True
# a keyword query naming 定义 as a word of its own asks the definition too, and an item of an article of terms
# ("（一）公证数据是指…") defines its term with no comma before 是指 (devdocs 19 dev: both keyword queries quoted
# clauses using the term) (ablation switch; read when the patterns are built)
KEYWORD_DEFINITION = True
# "怎么定义"/"如何界定" asks the definition as "什么叫" does (ablation switch; read when the pattern is built)
HOW_DEFINED = True
_ASKED_ZH_RE = re.compile(r"(?:所说|所讲|所称|里说|中说)的|(?<![所是])指(?:的是)?(?:什么|哪些|啥)|什么意思|啥意思"
                          r"|(?:的|个)定义|定义(?:是|为)|^(?:何谓|什么叫|什么是)"
                          # (a keyword query: "公证数据 定义" — devdocs 19 dev) (KEYWORD_DEFINITION)
                          + (r"|(?:^|\s)(?:定义|含义|释义)(?:\s|$)" if KEYWORD_DEFINITION else "")
                          # "哪些单位算“X”": what a term (quoted) covers (COLLECTIVE_NAME)
                          + (r"|算(?:是|作)?[“「\"]" if COLLECTIVE_NAME else "")
                          # "条例怎么定义X", "如何界定X" (devdocs 20 dev: a clause using the term was quoted)
                          + (r"|(?:怎么|怎样|如何)(?:来)?(?:定义|界定)" if HOW_DEFINED else ""))
_COLLECTIVE = r"|[（(]以下(?:统称|合称)" if COLLECTIVE_NAME else ""
# (and a term defined by enumeration, 重要地理信息数据包括：…: devdocs 16 dev, "what counts as …" quoted another
# clause) (ablation switch; read when the pattern is built)
ENUMERATED = True
_DEFINES_RE = re.compile(r"是指|所称|指的是|(?:本|该)(?:条例|法|办法|规定)适用于" + (r"|包括[：:]\s*$|包括下列" if ENUMERATED else "")
                         + _COLLECTIVE)
# the term a sentence defines: 本条例所称实验动物，是指…; 新颖性，是指… opening a sentence
_DEFINED_RE = re.compile(r"所称的?[“「]?([\u4e00-\u9fff]{2,16}?)[”」]?[，,]?(?:是指|指的是)"
                         r"|(?:^|[。；;\n])\s*(?:第[一二三四五六七八九十百零]+条\s*)?([\u4e00-\u9fff]{2,12})[，,]是指"
                         + (r"|(?:^|[。；;\n])\s*[（(][一二三四五六七八九十]+[）)]\s*([\u4e00-\u9fff]{2,12}?)[，,]?是指"
                            if KEYWORD_DEFINITION else "")
                         + (r"|[（(]以下(?:统称|合称)([\u4e00-\u9fff]{2,16})[）)]" if COLLECTIVE_NAME else ""))


# The words framing a Chinese question about a term's meaning (条例里说的X具体指什么) are no concepts of it: an
# answer is not expected to contain 说 or 具体 (devdocs 16 dev: the defining clause, found, was refused as not
# covering them) (ablation switch; read by rag.answer.features)
FRAME_NOT_CONCEPTS = True
FRAME_WORDS = frozenset({"说", "讲", "所说", "所讲", "里说", "具体", "指", "是指", "指的是", "意思", "定义", "叫", "何谓",
                         "什么样", "包括", "包含"})


def asked(normalised: str, english: bool) -> bool:
    """Whether a (normalised) question asks what a term means."""
    if english:
        return bool(_ASKED_EN_RE.search(normalised))
    return DEFINITION_ZH and bool(_ASKED_ZH_RE.search(normalised))


def defines(view: str) -> bool:
    """Whether a (Simplified) sentence defines a term or the document's scope."""
    return bool(_DEFINES_RE.search(view))


def defined_terms(text: str) -> list[str]:
    """The terms a (Simplified) clause defines."""
    # (a sentence opening "本条例所称X，是指" is read by the second pattern too: the term is what follows 所称)
    return [re.sub(r"^.*所称的?", "", next(g for g in m.groups() if g)) for m in _DEFINED_RE.finditer(text)]


# A Chinese question asking what a term means whose defining clause is not among the first hits: the clause
# defining a term the question names, among more hits of the first hits' documents, is put second (devdocs 16
# dev: 本条例所称实验动物，是指… ranked below clauses using the term; the answer quoted another) (ablation switch)
DEFINING_CLAUSE = True


def needs_search(question: str, english: bool, hits: Sequence[Hit], first: int) -> bool:
    """Whether more hits are worth searching for the clause defining the asked term."""
    return (DEFINING_CLAUSE and not english and bool(hits) and asked(question, english)
            and not any(_names_defined(question, h.text) for h in hits[:first]))


def with_defining_clause(question: str, hits: list[Hit], more: Sequence[Hit], first: int) -> list[Hit]:
    """`hits` with the first of `more` (from a document of the first `first` hits) defining a term the question
    names put second (its own scores kept: the gates read the first hit's)."""
    docs = {h.doc_id for h in hits[:first]}
    found = next((h for h in more if h.doc_id in docs and _names_defined(question, h.text)), None)
    if found is None:
        return hits
    rest = [h for h in hits if h.clause_id != found.clause_id]
    return [*rest[:1], found, *rest[1:]]


def defines_term_in(question: str, view: str) -> bool:
    """Whether a (Simplified) sentence defines a term the question names."""
    return any(term in question for term in defined_terms(view))


def _names_defined(question: str, text: str) -> bool:
    return defines_term_in(question, aligned_simplified(text))
