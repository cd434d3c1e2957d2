"""The lead line before a clause's quotes: the document's short name and the clause's own heading."""

from __future__ import annotations

import pytest

from rag.answer.messages import lead, short_name
from rag.models import Hit


@pytest.mark.parametrize(("title", "name"), [
    ("北京市人民政府关于印发《北京市“十三五”时期加强全国科技创新中心建设规划》的通知(下)",
     "北京市“十三五”时期加强全国科技创新中心建设规划"),
    ("关于加快建设中关村国家自主创新示范区的意见(节选:(四)提高首都经济创新发展的能力、四、搭建产业创新发展平台)",
     "关于加快建设中关村国家自主创新示范区的意见"),
    ("关于加快协同创新共同体建设促进科技成果转化行动计划(2016—2018年)",  # a year range is the title's own
     "关于加快协同创新共同体建设促进科技成果转化行动计划(2016—2018年)"),
    ("洛阳市科学技术进步条例", "洛阳市科学技术进步条例"),
    ("(下)", "(下)"),  # nothing but a note: kept
])
def test_short_name(title, name):
    assert short_name(title) == name


def test_the_lead_names_the_clause_by_its_own_heading():
    hit = Hit(clause_id="c", doc_id="d", doc_title="某市人民政府关于印发《某市科技规划》的通知(下)",
              section_path=["四、实施工程", "(二)产业跨越", "专栏5:生物医药工程"], text="t", start=0, end=1, score=1.0)
    assert lead(hit, "zh-Hans") == "根据《某市科技规划》“专栏5:生物医药工程”："
    assert lead(hit, "en") == "According to 《某市科技规划》, section “专栏5:生物医药工程”:"
    bare = hit.model_copy(update={"section_path": []})
    assert lead(bare, "zh-Hant") == "根據《某市科技规划》："
