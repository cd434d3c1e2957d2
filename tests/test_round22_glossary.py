"""The glossary words of the twenty-second round (product and surveying regulations), on a hand-built vocabulary
(no index)."""


def test_the_glossary_renders_product_and_surveying_words_as_regulations_write_them():
    from rag.expand import build_table

    table = build_table({"广告", "标识", "标签", "出版", "经营", "销售", "更新", "登记", "备案"}, entries=[])
    assert table["billboard"] == ["广告"]
    assert table["advertising"] == ["广告"]
    assert table["labelled"] == ["标识", "标签"]
    assert table["publishing"] == ["出版"]
    assert table["dealers"] == ["经营", "销售"]
    assert table["updated"] == ["更新"]
    assert table["registration"] == ["登记", "备案"]
    # a term the corpus lacks is left out
    assert build_table({"广告"}, entries=[])["labelled"] == []
