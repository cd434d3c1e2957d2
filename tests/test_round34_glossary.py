"""The glossary words of the thirty-fourth round (excavation, TCM, CII, statute, term, formula, sanctions, operator,
split, treated, evaluation, help, check), on a hand-built vocabulary (no index)."""


def test_the_glossary_renders_the_regulators_words_as_the_texts_write_them():
    from rag.expand import build_table

    vocabulary = {"发掘", "挖掘", "中药", "关键信息基础设施", "法律", "期限", "任期", "处方", "配方", "处分", "处罚",
                  "运营者", "经营者", "分立", "处理", "论处", "评估", "审评", "评审", "协助", "帮助", "检查", "审查", "核查"}
    table = build_table(vocabulary, entries=[])
    assert table["excavation"] == table["digging"] == ["发掘", "挖掘"]
    assert table["tcm"] == ["中药"] and table["cii"] == ["关键信息基础设施"] and table["statute"] == ["法律"]
    assert table["term"] == ["期限", "任期"] and table["formula"] == ["处方", "配方"]
    assert table["sanctions"] == ["处分", "处罚"] and table["operator"] == ["运营者", "经营者"]
    assert table["split"] == ["分立"] and table["treated"] == ["处理", "论处"]
    assert table["evaluation"] == ["评估", "审评", "评审"] and table["help"] == ["协助", "帮助"]
    assert table["checks"] == ["检查", "审查", "核查"]
    # (a radio station is a 电台, a refuelling station a 加氢站: station is left to the dictionary)
    assert "台站" not in build_table({"台站", "站"}, entries=[]).get("station", [])


def test_the_glossary_renders_abroad_ceiling_and_extension_as_the_texts_write_them():
    from rag.expand import build_table

    table = build_table({"境外", "出境", "国外", "上限", "最高", "不得超过", "延长", "延期", "全国"}, entries=[])
    assert table["abroad"] == ["境外", "出境", "国外"]
    assert table["ceiling"] == ["上限", "最高", "不得超过"]
    assert table["extension"] == table["extend"] == ["延长", "延期"]
    assert table["whole country"] == table["nationwide"] == ["全国"]
