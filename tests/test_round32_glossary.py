"""The glossary words of the thirty-second round (markings, authoritative, a legislature, users, oversee as 主管),
on a hand-built vocabulary (no index)."""


def test_the_glossary_renders_procedure_words_as_the_texts_write_them():
    from rag.expand import build_table

    table = build_table({"标明", "标志", "标注", "为准", "权威", "人民代表大会", "人大", "使用者", "用户", "监督",
                         "主管"}, entries=[])
    assert table["markings"] == ["标明", "标志", "标注"]
    assert table["authoritative"] == ["为准", "权威"]
    assert table["legislature"] == ["人民代表大会", "人大"] and table["legislative"] == ["人民代表大会", "人大"]
    assert table["users"] == ["使用者", "用户"]
    assert table["oversees"] == ["监督", "主管"]
    # a term the corpus lacks is left out
    assert build_table({"为准"}, entries=[])["authoritative"] == ["为准"]
