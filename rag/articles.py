"""A question naming an article of a regulation by its number (第五条讲了什么, "What does Article 5 of the
1986 provisions say?") is answered from that article.

Retrieval ranks clauses by their words, and a bare 第五条 is in every regulation's headings while its own
words are few: the article asked for was missing from the hits, and the answer refused or quoted the
preamble (devdocs 4 dev). Here the article's clauses (the article and its 款/项 sub-clauses, which carry
its heading in their path) of the best-retrieved document that has one are put first. Mechanism only:
the composers and the gates judge the quotes as usual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .chunker import cn_to_int
from .models import Clause, Hit
from .normalize import normalize
from .question import EN_ARTICLE_RE, roman_value

MAX_CLAUSES = 8  # an article's clauses put first (its 项 included); a long article is quoted in part
_ZH_ARTICLE_RE = re.compile(r"第([一二三四五六七八九十百零〇两]+|\d+)条(?!件|款)")
_HEADING_RE = re.compile(r"^第([一二三四五六七八九十百零〇两]+|\d+)条$")


def _number(written: str) -> int:
    return int(written) if written.isdigit() else cn_to_int(written.replace("两", "二"))


def asked_articles(normalised: str) -> list[int]:
    """The article numbers a question names (第五条, 第15条, Article 5), in order."""
    found = [_number(m.group(1)) for m in _ZH_ARTICLE_RE.finditer(normalised)]
    found += [int(m.group(1)) for m in EN_ARTICLE_RE.finditer(normalised)]
    return list(dict.fromkeys(n for n in found if n > 0))


# "第七章讲了什么" of a regulation with six chapters, or with none: a chapter is asked by its number, and a clause of
# another chapter (第七条) does not answer it (devdocs 13, 28, 29, 31, 32 dev: seven false premises so, five answered
# with the article of the same number). (ablation switch)
CHAPTERS = True
_ZH_CHAPTER_RE = re.compile(r"第([一二三四五六七八九十百零〇两]+|\d+)章")
_EN_CHAPTER_RE = re.compile(r"\bchapter\s+(\d+|[ivx]+\b)", re.IGNORECASE)
_CHAPTER_HEADING_RE = re.compile(r"^[#\s\u3000]*第([一二三四五六七八九十百零〇两]+)章")


def asked_chapters(normalised: str) -> set[int]:
    """The chapter numbers a question names (第七章, Chapter 7, Chapter VII)."""
    if not CHAPTERS:
        return set()
    found = {_number(m.group(1)) for m in _ZH_CHAPTER_RE.finditer(normalised)}
    for m in _EN_CHAPTER_RE.finditer(normalised):
        w = m.group(1).lower()
        found.add(int(w) if w.isdigit() else roman_value(w) or 0)
    return {n for n in found if n > 0}


def chapter_of(clause: Clause | Hit) -> int | None:
    """The number of the chapter whose heading is in the clause's path, if any."""
    for part in clause.section_path:
        m = _CHAPTER_HEADING_RE.match(normalize(part))
        if m:
            return _number(m.group(1))
    return None


# "统计法第四十一条…说的情节严重", asked of 中华人民共和国统计法实施条例: an article of the law the regulation
# implements, which the regulation cites (下列情形属于统计法第四十一条…规定的…), not the regulation's own
# 第四十一条 (devdocs 22 dev: the regulation's 第四十一条 was put first and the answer kept to it). (ablation switch)
IMPLEMENTED_LAW = True
_IMPLEMENTING_TITLE_RE = re.compile(r"(.{2,30}?法)实施(?:条例|细则|办法)")


def implemented_law(title: str) -> str | None:
    """The (short) name of the law a regulation implements: 统计法 of 中华人民共和国统计法实施条例."""
    m = _IMPLEMENTING_TITLE_RE.search(normalize(title)) if IMPLEMENTED_LAW else None
    return None if m is None else m.group(1).removeprefix("中华人民共和国")


def of_implemented_law(normalised: str, title: str) -> set[int]:
    """The article numbers a question names as articles of the law the document `title` implements
    (统计法第四十一条 of 中华人民共和国统计法实施条例); empty for any other document."""
    law = implemented_law(title)
    if law is None:
        return set()
    return {_number(a.group(1)) for a in re.finditer(rf"{re.escape(law)}》?{_ZH_ARTICLE_RE.pattern}", normalised)}


def article_of(clause: Clause | Hit) -> int | None:
    """The number of the article whose heading is in the clause's path, if any."""
    for part in clause.section_path:
        m = _HEADING_RE.match(normalize(part).strip())
        if m:
            return _number(m.group(1))
    return None


def articles_first(asked: Sequence[int], hits: list[Hit], clauses_of: Callable[[str], Sequence[Clause]],
                   title_of: Callable[[str], str], named: str | None = None, question: str = "") -> list[Hit]:
    """`hits` with the asked articles' clauses first: from the document the question names (`named`),
    else the first retrieved document that has one of them (retrieved hits keep their scores; the others
    get the top hit's, so the answer's features are those of a first-ranked clause). Unchanged when no
    retrieved document has the article; only the named document's hits when it lacks it (郑州条例第二十五条
    of a copy ending at 第二十一条 is not another regulation's 第二十五条: the ordinal gate then refuses).
    `question` (normalised): an article it names as the implemented law's (统计法第四十一条) is not put first
    from the implementing regulation (IMPLEMENTED_LAW)."""
    if not asked or not hits:
        return hits
    if named is not None:
        if not any(article_of(c) in asked for c in clauses_of(named)):
            return [h for h in hits if h.doc_id == named] or hits
        hits = sorted(hits, key=lambda h: h.doc_id != named)  # (stable: the named document's first)
    for doc_id in dict.fromkeys(h.doc_id for h in hits):
        own = [n for n in asked if n not in of_implemented_law(question, title_of(doc_id))]
        clauses = [c for c in clauses_of(doc_id) if article_of(c) in own][:MAX_CLAUSES]
        if not clauses:
            continue
        by_id = {h.clause_id: h for h in hits}
        top = hits[0]
        first = [by_id.get(c.clause_id) or Hit(clause_id=c.clause_id, doc_id=c.doc_id, doc_title=title_of(c.doc_id),
                                               section_path=list(c.section_path), text=c.text, start=c.start,
                                               end=c.end, score=top.score, tier=top.tier, page=c.page)
                 for c in clauses]
        ids = {h.clause_id for h in first}
        return first + [h for h in hits if h.clause_id not in ids]
    return hits


# The statute a regulation is made under is named in its opening article (根据《中华人民共和国教育法》…，制定本
# 条例): "which law is it based on", "cite as its basis", 依据哪部法律 ask that article (devdocs 17 and 18 dev:
# English questions answered from a duty saying 依据…法律、法规, or refused). The first article of the
# best-retrieved document goes first, and the composer favours a sentence stating a basis. (ablation switch)
LEGAL_BASIS = True
_BASIS_ASKED_RE = re.compile(
    r"(?:根据|依据|依照)(?:哪部|哪些|哪一部|什么|哪个)(?:法律|法规|法)|上位法|(?:法律|立法|制定)依据"
    r"|\b(?:legal|statutory) (?:bas[ie]s|provisions?)\b|\b(?:cite|cites|cited|as) (?:its|their|a|the) basis\b"
    r"|\b(?:enabling|parent|governing|underlying) (?:law|laws|statute|statutes)\b"
    r"|\b(?:regulations?|rules|measures|provisions|law|it|they)\b[^?]{0,40}\bbased on\b"
    r"|\bbased on (?:which|what) (?:national )?(?:law|laws|statute|statutes)\b", re.IGNORECASE)
BASIS_STATED_RE = re.compile(r"(?:根据|依据|依照)[^。；;]{0,60}《[^》]{2,40}》[^。；;]{0,60}(?:制定|结合)")


def basis_asked(normalised: str) -> bool:
    """Whether a question asks the law a regulation is made under."""
    return LEGAL_BASIS and bool(_BASIS_ASKED_RE.search(normalised))


# A penalty asked of a duty or prohibition (损坏…设施会被罚多少) is set by a later article that names the duty's
# article by number only (有本条例第二十六条所列行为之一的，…处…罚款), so it shares few of the question's words and
# was not among the hits (devdocs 17 dev: two questions refused or answered with the duty itself).
PENALTY_REFERENCES = True


# (第十条第一款第三项: one item of an article, which the question may not be about — devdocs 4 dev, a fine for
# another item of the article was quoted for a near miss)
_ONE_ITEM_RE = re.compile(r"\s*(?:第[一二三四五六七八九十\d]+款)?\s*第[一二三四五六七八九十\d]+项")


def _cited_articles(clause: Clause | Hit) -> set[int]:
    """The article numbers a clause's text names, other than its own (its heading 第三十六条 opens its text) and
    those named with one of their items."""
    own, text = article_of(clause), normalize(clause.text)
    return {n for m in _ZH_ARTICLE_RE.finditer(text)
            if (n := _number(m.group(1))) != own and not _ONE_ITEM_RE.match(text, m.end())}


def with_penalties_citing(hits: list[Hit], clauses_of: Callable[[str], Sequence[Clause]],
                          states_penalty: Callable[[str], bool]) -> list[Hit]:
    """`hits` after the clauses of the first hit's document that state a penalty and name the first hit's
    article (本条例第二十六条) — those not retrieved already; unchanged when none does. Added
    clauses get the first hit's scores (it is what they answer for); the composer and the gates judge them."""
    if not PENALTY_REFERENCES or not hits:
        return hits
    top = hits[0]
    followed = article_of(top)
    if followed is None:
        return hits
    have = {h.clause_id for h in hits}
    added = [Hit(clause_id=c.clause_id, doc_id=c.doc_id, doc_title=top.doc_title, section_path=list(c.section_path),
                 text=c.text, start=c.start, end=c.end, score=top.score, dense_score=top.dense_score, tier=top.tier,
                 page=c.page)
             for c in clauses_of(top.doc_id)
             if c.clause_id not in have and followed in _cited_articles(c) and states_penalty(normalize(c.text))]
    return added + hits
