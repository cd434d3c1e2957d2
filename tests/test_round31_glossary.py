"""The glossary words of the thirty-first round (a court's interpretation, urban-rural, separate consent, collections,
high-end, new energy, a technology licence's words, observation, public order), on a hand-built vocabulary (no index)."""


def test_the_glossary_renders_court_and_plan_words_as_the_texts_write_them():
    from rag.expand import build_table

    table = build_table({"人民法院", "最高人民法院", "解释", "审理", "管辖", "城乡", "单独", "另行", "收集", "库藏",
                         "高端", "高精尖", "新能源", "新能源汽车", "许可人", "再许可", "年费", "独占", "排他",
                         "垄断", "技术成果", "观测", "探测", "治安", "专门"}, entries=[])
    assert table["people's court"] == ["人民法院"]
    assert table["supreme people's court"] == ["最高人民法院"]
    assert table["interpretation"] == ["解释"]
    assert table["hears"] == ["审理", "管辖"]
    assert table["urban-rural"] == ["城乡"]
    assert table["separate"] == ["单独", "另行"]
    assert table["collections"] == ["收集", "库藏"]
    assert table["high-end"] == ["高端", "高精尖"]
    assert table["new-energy"] == ["新能源"] and table["new-energy vehicles"] == ["新能源汽车"]
    assert table["licensor"] == ["许可人"] and table["sub-licence"] == ["再许可"] and table["annual fees"] == ["年费"]
    assert table["exclusive"] == ["独占", "排他"] and table["monopolizing"] == ["垄断"]
    assert table["technological achievements"] == ["技术成果"] and table["observation"] == ["观测", "探测"]
    assert table["public-order"] == ["治安"] and table["dedicated"] == ["专门"]
    # a term the corpus lacks is left out
    assert build_table({"高端"}, entries=[])["high-end"] == ["高端"]
