"""The glossary words of the thirty-third round (the sea, foreign-related, falsified, human, genetic, lifetime), on a
hand-built vocabulary (no index)."""


def test_the_glossary_renders_the_sea_and_falsified_as_the_texts_write_them():
    from rag.expand import build_table

    table = build_table({"海洋", "海域", "水域", "领海", "涉外", "伪造", "虚假"}, entries=[])
    assert table["marine"] == ["海洋"] and table["oceanographic"] == ["海洋"]
    assert table["waters"] == ["海域", "水域"]
    assert table["territorial sea"] == ["领海"]
    assert table["foreign-related"] == ["涉外"]
    assert table["falsified"] == ["伪造", "虚假"]
    table = build_table({"人类", "人体", "遗传", "基因", "终身", "永久"}, entries=[])
    assert table["human"] == ["人类", "人体"] and table["genetic"] == ["遗传", "基因"]
    assert table["lifetime"] == ["终身", "永久"]
    # a term the corpus lacks is left out
    assert build_table({"水域"}, entries=[])["waters"] == ["水域"]
