"""This round's rules on hand-built text (no index), each with its switch: multiples of gains as figures,
opposite comparatives, an earmark elsewhere in the deciding clause, the programme a question names, a
list's length as the count asked, and "the same question" follow-ups. Our own wording throughout."""

from __future__ import annotations

import pytest

from rag.answer import named, short, yesno
from rag.answer.short import english, find
from rag.models import Citation, Hit
from rag.question import analyse
from rag.sentences import facts


def cite(n: int, quote: str, clause: str | None = None) -> Citation:
    return Citation(n=n, clause_id=clause or f"c{n}", doc_id="d", doc_title="t", section_path=[], quote=quote,
                    start=0, end=len(quote))


FINE = "伪造检测报告的，没收违法所得，并处违法所得二倍以上六倍以下的罚款；没有违法所得的，处三万元以上八万元以下的罚款。"


def test_a_multiple_of_gains_is_a_figure_and_倍增_is_not():
    assert ("multiple", "二倍以上") in facts(FINE) and ("multiple", "六倍以下") in facts(FINE)
    assert not [k for k, _ in facts("实施企业研发投入倍增行动。") if k == "multiple"]


def test_a_multiple_asked_is_answered_with_the_multiple_and_a_sum_asked_with_the_sum(monkeypatch):
    found = find(analyse("伪造检测报告的，罚款最多是违法所得的几倍？"), [cite(1, FINE)])
    assert (found.text, found.kind) == ("二倍以上六倍以下", "multiple")
    found = find(analyse("Up to what multiple of the illegal gains is the fine for forged test reports?"), [cite(1, FINE)])
    assert english(found.text, found.kind) == "2 to 6 times"
    # "罚款多少" without a multiple asked: the sum in yuan, though the multiple comes first
    assert find(analyse("没有违法所得的，罚款多少？"), [cite(1, FINE)]).kind == "money"
    only_multiple = "擅自处理封存物品的，处物品价值三倍以下的罚款。"
    assert english(find(analyse("擅自处理封存物品罚多少？"), [cite(1, only_multiple)]).text, "multiple") == "3 times or less"
    monkeypatch.setattr(short, "_MULTIPLE_ASKED_RE", __import__("re").compile(r"(?!)"))
    assert find(analyse("伪造检测报告的，罚款最多是违法所得的几倍？"), [cite(1, FINE)]).kind == "money"


def test_an_english_multiple_is_supported_by_the_quote_it_renders():
    from rag.models import Clause
    from rag.verify import check

    quote = "处违法所得三倍以下的罚款。"
    text = "第九条 " + quote
    clause = Clause(clause_id="c1", doc_id="d", doc_title="t", section_path=["第九条"], heading="第九条", text=text,
                    start=0, end=len(text))
    c = Citation(n=1, clause_id="c1", doc_id="d", doc_title="t", section_path=["第九条"], quote=quote,
                 start=text.index(quote), end=len(text))
    assert check("Answer: 3 times or less (三倍以下) [1]", [c], lambda _: text, lambda _: clause) == []
    assert check("Answer: 4 times or less (三倍以下) [1]", [c], lambda _: text, lambda _: clause) != []


def test_lower_asked_and_higher_required_says_no(monkeypatch):
    quote = "各县财政用于技术推广的经费增幅，应当高于本级财政收入增幅。"
    assert find(analyse("技术推广经费的增幅可以低于财政收入增幅吗？"), [cite(1, quote)], terms=[]).text == "否"
    assert yesno._opposite_said("增幅可以低于收入增幅吗", "增幅不得高于收入增幅") is None  # negated: no opposite
    monkeypatch.setattr(yesno, "ANTONYMS", False)
    found = find(analyse("技术推广经费的增幅可以低于财政收入增幅吗？"), [cite(1, quote)], terms=[])
    assert found is None or found.text != "否"


def test_an_earmark_in_the_next_sentence_of_the_clause_says_no(monkeypatch):
    first = cite(1, "单位的培训经费从职工教育经费中列支。", clause="k")
    second = cite(2, "培训经费专款专用，不得挪用。", clause="k")
    other = cite(2, "培训经费专款专用，不得挪用。", clause="elsewhere")
    q = analyse("培训经费能不能挪去别的用途？")
    assert find(q, [first, second], terms=["培训", "经费", "挪"]).text == "否"
    found = find(q, [first, other], terms=["培训", "经费", "挪"])  # another clause's earmark is another fund's
    assert found is None or found.text != "否" or found.n == 2
    monkeypatch.setattr(yesno, "EARMARK_CLAUSE", False)
    found = find(q, [first, second], terms=["培训", "经费", "挪"])
    assert found is None or found.n != 2


def test_the_names_a_question_asks_about_and_the_clauses_naming_them():
    assert named.asked_names("甲区那份措施里，绿色制造领航计划每年给多少钱？") == ["绿色制造领航计划"]
    assert named.asked_names("每年安排多少专项资金？") == []
    assert named.asked_names("乙市促进成果转化行动方案有几项任务？") == []  # a document's name
    texts = ["3.实施“青苗100”计划。每年安排6亿元。", "4.实施绿色制造领航计划。每年安排3亿元。", "绿色制造相关工作。"]
    assert named.naming_clauses("绿色制造领航计划每年安排多少？", texts) == {1}
    assert named.naming_clauses("丙区领航计划每年安排多少？", texts) == {1}  # its tail 领航计划 names it
    # a name in a document's title names that document
    assert named.naming_clauses("绿色制造领航计划每年安排多少？", texts, ["绿色制造领航计划"]) == set()


def _composer(off: frozenset[str] = frozenset()):
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    texts = ["3.实施“青苗100”计划。每年安排6亿元专项资金，支持初创企业。",
             "4.实施绿色制造领航计划。聚焦制造业绿色转型，每年安排3亿元资金。",
             "第八条 单位在培训中的职责：\n（一）制定培训计划；\n（二）保证培训时间；\n（三）提供培训经费。",
             "第七条 职工参加培训，应当服从单位安排，完成学习任务。"]
    return ExtractiveComposer(KeywordIndex.build([normalize(t) for t in texts]), Expander({}), off=off), texts


HEADINGS = ["3.", "4.", "第八条", "第七条"]


def _hits(texts: list[str], order: list[int]) -> list[Hit]:
    out = []
    for rank, i in enumerate(order):
        out.append(Hit(clause_id=f"h{i}", doc_id="d", doc_title="丁区若干措施", section_path=[HEADINGS[i]],
                       text=texts[i], start=1000 * i, end=1000 * i + len(texts[i]), score=1.0 - rank / 10))
    return out


def test_the_clause_naming_the_asked_programme_is_quoted_before_a_higher_ranked_sibling():
    composer, texts = _composer()
    q = analyse("绿色制造领航计划每年安排多少专项资金？")
    draft = composer.compose(q, _hits(texts, [0, 1]))
    assert draft.citations[0].clause_id == "h1"
    off = _composer(frozenset({"feat:named"}))[0].compose(q, _hits(texts, [0, 1]))
    assert off.citations[0].clause_id == "h0"


def test_a_count_of_items_no_sentence_states_is_answered_by_the_list():
    composer, texts = _composer()
    q = analyse("单位在培训中的职责一共有几项？")
    draft = composer.compose(q, _hits(texts, [3, 2]))
    assert [c.clause_id for c in draft.citations][:1] == ["h2"] and draft.citations[-1].quote.startswith("（三）")
    assert short.find(q, draft.citations).text == "三"

    def lead_in(off: frozenset[str]):
        cands = _composer(off)[0].candidates(q, _hits(texts, [3, 2]))
        return next(c for c in cands if c.span.text.endswith("："))

    on, off = lead_in(frozenset()), lead_in(frozenset({"rule:list_count"}))
    assert on.has_fact and not off.has_fact and on.score > off.score + 0.3
    # a lead-in with no numbered item after it is no list to count
    from rag.sentences import Span

    plain = Hit(clause_id="x", doc_id="d", doc_title="t", section_path=["第九条"], text="甲的职责：按规定办理。", start=0,
                end=11, score=1.0)
    listed = plain.model_copy(update={"text": "甲的职责：\n（一）按规定办理。"})
    assert not composer._item_follows(plain, Span(0, 5, "甲的职责："))
    assert composer._item_follows(listed, Span(0, 5, "甲的职责："))


@pytest.mark.parametrize(("message", "meant"), [
    ("同样的问题，换成“青苗100”计划呢？", "戊区措施里，青苗100计划每年安排多少资金？"),  # (the core loses its quotes)
    ("同样的问题问领航计划。", "戊区措施里，领航计划每年安排多少资金？"),
])
def test_the_same_question_about_another_programme(message, meant):
    from rag.conversation import Turn, resolve

    previous = "戊区措施里，创新型企业“双百”计划每年安排多少资金？"
    found = resolve(message, [Turn("user", previous), Turn("assistant", "每年8亿元。")])
    assert found.question == meant


def test_a_quoted_name_is_part_of_the_thing_swapped(monkeypatch):
    from rag.conversation import swaps

    prev = "戊区措施里，创新型企业“双百”计划每年安排多少资金？"
    assert swaps._swap_head_noun(prev, "领航计划") == "戊区措施里，领航计划每年安排多少资金？"
    monkeypatch.setattr(swaps, "QUOTED_HEAD", False)
    assert swaps._swap_head_noun(prev, "领航计划") != "戊区措施里，领航计划每年安排多少资金？"


def test_an_expiry_asked_is_not_filled_by_an_issue_date(monkeypatch):
    from rag.answer import slots

    issued = "2018年5月2日，市政府办公厅印发本方案。"
    valid = "本办法自2019年1月1日起施行，有效期至2023年12月31日。"
    slot = slots.slot_of("这个方案的有效期到什么时候")
    assert slots.filling(slot, issued) == []
    assert ("date", "2023年12月31日") in slots.filling(slot, valid)
    assert slots.filling(slots.slot_of("When does the plan expire?"), issued) == []
    assert slots.filling(slots.slot_of("这个方案是什么时候印发的"), issued) != []  # an issue date asked
    monkeypatch.setattr(slots, "EXPIRY", False)
    assert slots.filling(slots.slot_of("这个方案的有效期到什么时候"), issued) != []


def test_a_document_record_field_is_a_slot_swapped_in_a_follow_up():
    from rag.conversation import Turn, resolve

    chat = [Turn("user", "《甲市科技条例》的成文日期是哪天？"), Turn("assistant", "2019年3月1日。")]
    found = resolve("那施行日期呢？", chat)
    assert (found.question, found.how) == ("《甲市科技条例》的施行日期是什么？", "slot")
    assert resolve("那有效期到什么时候？", chat).question == "《甲市科技条例》的有效期到什么时候？"


def test_a_count_of_people_or_in_a_measure_is_not_filled_by_a_sum(monkeypatch):
    from rag import question
    from rag.answer import slots

    slot = slots.slot_of("这个服务中心有多少工作人员")
    assert slot.measure == "人"
    assert slots.filling(slot, "市财政每年安排300亿元支持中心建设。") == []
    assert slots.filling(slot, "中心现有工作人员120人。") == [("count", "120人")]
    assert slots.filling(slots.slot_of("要培育多少家企业"), "安排5亿元专项资金。") == []
    monkeypatch.setattr(slots, "MEASURE_NOT_SUM", False)
    assert slots.filling(slot, "市财政每年安排300亿元支持中心建设。") != []
    monkeypatch.setattr(question, "PEOPLE_COUNTED", False)
    assert slots.slot_of("这个服务中心有多少工作人员").measure is None


def test_a_where_question_prefers_the_sentence_naming_a_place():
    from rag.compose import ExtractiveComposer
    from rag.expand import Expander
    from rag.keyword import KeywordIndex
    from rag.normalize import normalize

    text = "把纳米材料产业放在研究院建设首位。推动怀柔区纳米材料产业发展。"
    hit = Hit(clause_id="m", doc_id="d", doc_title="某规划", section_path=["(6)材料工程"], text=text, start=0,
              end=len(text), score=1.0)

    def first_quote(off: frozenset[str]) -> str:
        composer = ExtractiveComposer(KeywordIndex.build([normalize(text)]), Expander({}), off=off)
        return composer.candidates(analyse("纳米材料产业放在哪里发展？"), [hit])[0].span.text

    assert "怀柔区" in first_quote(frozenset())
    assert "怀柔区" not in first_quote(frozenset({"feat:place_fact"}))


def test_a_rate_asked_with_什么_and_how_soon_ask_for_figures():
    from rag.question import fact_kinds

    assert "percent" in fact_kinds(analyse("高新技术企业所得税按什么税率征收？"))
    assert fact_kinds(analyse("企业采用什么管理模式？")) == ()
    assert "duration" in fact_kinds(analyse("How soon must the employer pay the bonus?"))
    quote = "应当自专利授权之日起三个月内发给奖金。"
    found = find(analyse("How soon must the employer pay the bonus?"), [cite(1, quote)])
    assert found.text == "三个月内" and english(found.text, found.kind) == "within 3 months"


def test_doing_it_without_approval_is_decided_by_the_approval_the_clause_requires(monkeypatch):
    required = "社会组织设立培训机构的，应当经市教育部门审批。"
    waived = "高校转让其持有的成果，无需审批或备案。"
    q = analyse("Can a social organisation open a training institution without any approval?")
    assert find(q, [cite(1, required)], terms=[]).english == "No"
    assert find(analyse("高校不经审批可以自行转让成果吗？"), [cite(1, waived)], terms=[]).text == "是"
    assert yesno._WITHOUT_APPROVAL_ASKED_RE.search("需要审批吗") is None  # approval asked, not its absence
    monkeypatch.setattr(yesno, "WITHOUT_APPROVAL", False)
    found = find(q, [cite(1, required)], terms=[])
    assert found is None or found.english != "No"


def test_please_is_no_question_of_its_own(monkeypatch):
    from rag.conversation import Turn, resolve, topic

    chat = [Turn("user", "What targets does the biomedicine column of the plan set?"), Turn("assistant", "Several.")]
    meant = "What targets does the biomedicine column of the plan set (hospital target only)?"
    assert resolve("Just the hospital target, please.", chat).question == meant
    assert resolve("Please, just the hospital target.", chat).question == meant
    monkeypatch.setattr(topic, "POLITE", False)
    assert resolve("Just the hospital target, please.", chat).question != meant


def test_a_place_for_the_national_document_asks_the_places_own(monkeypatch):
    from rag.conversation import Turn, markers, resolve, swaps

    chat = [Turn("user", "国家《实施方案》列了多少项任务？"), Turn("assistant", "20项。")]
    assert resolve("那上海这份呢？", chat).question == "上海《实施方案》列了多少项任务？"
    assert resolve("上海呢？", chat).question == "上海《实施方案》列了多少项任务？"
    monkeypatch.setattr(swaps, "NATIONAL_FOR_PLACE", False)
    assert resolve("上海呢？", chat).question == "上海国家《实施方案》列了多少项任务？"
    monkeypatch.setattr(markers, "DOCUMENT_OF_PLACE", False)
    assert resolve("那上海这份呢？", chat).how == "pronoun"


def test_this_money_is_the_fund_the_previous_question_named():
    from rag.conversation import Turn, resolve

    chat = [Turn("user", "甲区设立的产业升级基金规模多大？"), Turn("assistant", "50亿元。")]
    assert resolve("这笔钱主要拿来干什么？", chat).question == "产业升级基金主要拿来干什么？"
    assert resolve("这笔经费由谁管理？", chat).question == "产业升级基金由谁管理？"


def test_a_period_asked_in_days_is_not_answered_in_months(monkeypatch):
    from rag.answer import slots

    slot = slots.slot_of("对处理决定不服的，应在多少天内起诉？")
    assert slots.filling(slot, "管理部门应当在受理之日起四个月内作出决定。") == []
    assert slots.filling(slot, "当事人可以在收到决定之日起十五日内起诉。") == [("duration", "十五日内")]
    assert slots.filling(slots.slot_of("服务期最长几年？"), "服务期不超过五年。") == [("duration", "五年")]
    monkeypatch.setattr(slots, "PERIOD_UNIT", False)
    assert slots.filling(slots.slot_of("对处理决定不服的，应在多少天内起诉？"), "应当在四个月内作出决定。") != []


def test_a_keyword_query_asks_the_figure_it_names_last(monkeypatch):
    from rag import question

    assert "number" in analyse("甲区 专利授权量 目标").intents
    assert "when" in analyse("科技奖励 复核 期限").intents
    assert analyse("甲区 科技保险 保费补助").intents == set()  # a policy named, no figure asked
    assert analyse("专利授权量目标").intents == set()  # one phrase, not a keyword query
    found = find(analyse("某区 违规 逾期不改 罚款"), [cite(1, "逾期不改正的，处一万元以上三万元以下的罚款。")])
    assert found.text == "一万元以上三万元以下"
    monkeypatch.setattr(question, "KEYWORD_SLOTS", False)
    assert analyse("甲区 专利授权量 目标").intents == set()


def test_the_document_a_plan_implements_is_its_short_answer(monkeypatch):
    quote = "为贯彻落实省政府《关于加快建设创新型省份的意见》(甲政〔2019〕7号),结合本市实际,制定本方案。"
    c = Citation(n=1, clause_id="c1", doc_id="d", doc_title="乙市创新行动方案", section_path=[], quote=quote, start=0,
                 end=len(quote))
    found = find(analyse("乙市这个方案是为了落实哪份文件制定的？"), [c])
    assert (found.text, found.kind) == ("《关于加快建设创新型省份的意见》(甲政〔2019〕7号)", "names")
    own = c.model_copy(update={"quote": "制定《乙市创新行动方案》。"})
    assert find(analyse("乙市这个方案是为了落实哪份文件制定的？"), [own]) is None  # its own title
    assert find(analyse("乙市这个方案有哪些任务？"), [c]) is None
    monkeypatch.setattr(short, "DOCUMENT_NAMED", False)
    assert find(analyse("乙市这个方案是为了落实哪份文件制定的？"), [c]) is None


def test_a_share_of_another_thing_in_a_list_of_targets_does_not_disagree(monkeypatch):
    from rag.answer import conflicts

    def hit(cid: str, doc: str, text: str) -> Hit:
        return Hit(clause_id=cid, doc_id=doc, doc_title=doc, section_path=["目标"], text=text, start=0, end=len(text),
                   score=1.0)

    a = hit("a", "甲方案", "技术交易增加值占地区生产总值的比重保持在9%左右。")
    b = hit("b", "乙措施", "到2020年，收入达到2.6万亿元，新兴产业增加值占地区生产总值比重65%以上，技术合同成交额超过1750亿元。")
    cited = [Citation(n=1, clause_id="a", doc_id="甲方案", doc_title="甲方案", section_path=["目标"], quote=a.text,
                      start=0, end=len(a.text))]
    words = ["技术", "交易", "增加值", "地区生产总值", "比重"]

    def coverage(text: str) -> float:
        return sum(w in text for w in words) / len(words)

    assert conflicts.find_disagreement(("percent", "money"), [a, b], cited, coverage) is None
    monkeypatch.setattr(conflicts, "STRETCHES", False)
    assert conflicts.find_disagreement(("percent", "money"), [a, b], cited, coverage) is not None


def test_an_either_or_date_is_chosen_by_the_stretch_naming_the_subject_whole():
    from rag.answer.options import either_chinese

    quote = "各单位应于每年3月31日前向主管部门报告上一年度科技成果转化情况,主管部门审核后于每年4月30日前汇总上报。"
    c = cite(1, quote)
    assert either_chinese(analyse("单位报告上一年度成果转化情况,是3月31日前还是4月30日前?"), [c]) == ("3月31日", 1)
    assert either_chinese(analyse("主管部门审核后汇总上报,是3月31日前还是4月30日前?"), [c]) == ("4月30日", 1)


def test_when_a_body_adopted_it_with_the_body_between_question_word_and_verb():
    from rag.answer.docfacts import FIELD_RES

    assert FIELD_RES["adopted"].search("甲市科技条例是哪一天由甲市人大常委会通过的？")
    assert FIELD_RES["adopted"].search("甲市科技条例是什么时候通过的？")
    assert not FIELD_RES["adopted"].search("甲市科技条例由哪个机关通过？")  # who, not when


def test_study_hours_are_periods_and_the_questions_own_period_is_a_premise():
    from rag.answer import slots

    quote = "（一）每年接受继续教育的时间累计不少于８０学时；"
    found = find(analyse("How many hours of continuing education a year is a technician entitled to at least?"),
                 [cite(1, quote)])
    assert found.text == "不少于８０学时" and english(found.text, found.kind) == "at least 80 class hours"
    assert slots.filling(slots.slot_of("每年80学时中，公需科目要占多少学时？"), quote) == []
    assert slots.filling(slots.slot_of("每年继续教育要多少学时？"), quote) == [("duration", "８０学时")]
