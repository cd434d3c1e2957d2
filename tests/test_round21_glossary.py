"""The glossary words of the twenty-first round (weather, measurement and mapping), on a hand-built vocabulary
(no index)."""


def test_the_glossary_renders_weather_measurement_and_mapping_words_as_regulations_write_them():
    from rag.expand import build_table

    table = build_table({"气象", "天气", "防雷", "雷电", "灾害性", "器具", "计量", "检定", "核实", "临震", "测绘",
                         "公众", "群众", "报刊", "报纸", "电视", "广播", "禁止", "不得", "异议", "争议"}, entries=[])
    assert table["meteorological"] == ["气象", "天气"]
    assert table["lightning protection"] == ["防雷", "雷电"]
    assert table["hazardous weather"] == ["灾害性"]  # (灾害性天气 is two keyword tokens)
    assert table["measuring instruments"] == ["器具", "计量"]
    assert table["prohibited"] == ["禁止", "不得"]
    assert table["verification"] == ["检定", "核实"]
    assert table["imminent earthquake"] == ["临震"]
    assert table["surveying"] == ["测绘"]
    assert table["general public"] == ["公众", "群众"]
    assert table["newspapers"] == ["报刊", "报纸"]
    assert table["disagree"] == ["异议", "争议"]

