"""Rules of the fourteenth round, each on hand-built text (no index): another place's document states no
value for a question about one place, the meeting of a regulation's last revision; and the rest of the
round's rules below."""

from rag.models import DocumentMeta, Hit
from rag.question import analyse


def _place_hits() -> tuple[list[Hit], dict[str, DocumentMeta]]:
    texts = [("sd", "山东省技术转移条例", "第三十条 成果完成单位应当从转化收益中提取不低于百分之二十的比例，奖励完成人。"),
             ("ha", "河南省科技奖励条例", "第九条 企业应当从实施成果新增收益中提取一定比例，奖励完成成果的人员。")]
    hits = [Hit(clause_id=f"{d}#1", doc_id=d, doc_title=title, section_path=[text[:4]], text=text,
                start=0, end=len(text), score=1.0 - i / 10) for i, (d, title, text) in enumerate(texts)]
    documents = {d: DocumentMeta(doc_id=d, title=title, path=f"{d}.md", issuer=f"{title[:3]}人民代表大会常务委员会")
                 for d, title, _ in texts}
    return hits, documents


def test_another_places_figure_does_not_lead_a_question_about_one_place():
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    hits, documents = _place_hits()
    q = analyse("河南的企业要从新增收益中提取百分之多少奖励完成人？")

    def composed(off: frozenset[str] = frozenset()):
        keyword = KeywordIndex.build([normalize(h.text) for h in hits])
        return ExtractiveComposer(keyword, Expander({}), documents, off=off).compose(q, hits)

    draft = composed()
    assert draft.citations[0].doc_id == "ha"
    assert all(c.doc_id == "ha" for c in draft.citations)  # the other place's figure is not quoted beside it
    assert composed(frozenset({"feat:other_place_fact"})).citations[0].doc_id == "sd"


def test_a_document_of_a_part_of_the_place_is_another_places():
    from rag.answer.features import Featurizer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex

    hits, documents = _place_hits()
    f = Featurizer(KeywordIndex.build(["一"]), Expander({}), documents)
    assert f.of_another_place(hits[0], "河南") and not f.of_another_place(hits[1], "河南")
    district = hits[1].model_copy(update={"doc_id": "hd", "doc_title": "海淀区科技创新若干措施"})
    assert f.of_another_place(district, "北京")  # a district's document does not speak for its city
    national = hits[1].model_copy(update={"doc_id": "cn", "doc_title": "中华人民共和国科学技术进步法"})
    assert not f.of_another_place(national, "河南")  # a national law holds everywhere
