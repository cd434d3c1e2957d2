"""Hand-built clauses for composer tests: retrieved hits over some texts, and the extractive composer
over the same texts with some rules switched off (no index, no embedder)."""

from __future__ import annotations

from rag.models import Hit


def clause_hits(texts: list[str], title: str, heading: int = 3) -> list[Hit]:
    """One hit per text, in order (scores falling), each headed by its first `heading` characters."""
    return [Hit(clause_id=f"h{i}", doc_id="d", doc_title=title, section_path=[t[:heading]], text=t,
                start=1000 * i, end=1000 * i + len(t), score=1.0 - i / 10) for i, t in enumerate(texts)]


def composer_over(texts: list[str], off: frozenset[str] = frozenset()):
    """The extractive composer with a keyword index of `texts` and an empty glossary."""
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    return ExtractiveComposer(KeywordIndex.build([normalize(t) for t in texts]), Expander({}), off=off)


def first_quote(texts: list[str], title: str, question: str, off: frozenset[str] = frozenset()) -> str:
    """The first quote the composer over `texts` (all retrieved, in order) gives for `question`."""
    from rag.question import analyse

    return composer_over(texts, off).compose(analyse(question), clause_hits(texts, title)).citations[0].quote
