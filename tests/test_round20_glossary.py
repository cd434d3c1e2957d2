"""The glossary words of the twentieth round (a regulation's facilities and its basis), on a hand-built
vocabulary (no index)."""


def test_the_glossary_renders_seismic_facilities_removal_and_basis_in_the_words_regulations_use():
    from rag.expand import build_table

    table = build_table({"地震", "监测", "监督", "设施", "拆除", "根据", "依据", "督导"}, entries=[])
    assert table["seismic"] == ["地震"]
    assert table["monitoring"] == ["监测", "监督", "督导"]
    assert table["monitors"] == ["督导", "监督"]  # who monitors progress: supervision, as before
    assert table["facilities"] == ["设施"]
    assert table["removed"] == ["拆除"]
    assert table["based on"] == ["根据", "依据"]
