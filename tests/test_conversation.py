"""Follow-up questions resolved against the chat history (rag.conversation), on our own wording:
no question of a gold or blind set appears here."""

from __future__ import annotations

import json

import pytest

from rag.conversation import Turn, language_of, read_history, reply_language, resolve, swaps, turns, understood_as


def chat(*questions: str) -> list[Turn]:
    out = []
    for q in questions:
        out += [Turn("user", q), Turn("assistant", "（上一轮的回答）")]
    return out


FUND = "海淀区的创新基金规模是多少？"
REWARD_EN = "What is the reward share for researchers in Beijing?"


@pytest.mark.parametrize("message, expected", [
    ("那廊坊呢？", "廊坊的创新基金规模是多少？"),  # the place swapped, the rest kept
    ("廊坊呢", "廊坊的创新基金规模是多少？"),
    ("And Langfang?", "廊坊的创新基金规模是多少？"),  # English follow-up to a Chinese question
])
def test_place_swap(message, expected):
    r = resolve(message, chat(FUND))
    assert r.how == "swap" and r.question == (expected) and r.typed == message and r.rewritten


def test_english_place_swap():
    assert resolve("And Langfang?", chat(REWARD_EN)).question == ("What is the reward share for researchers in Langfang?")


def test_tier_swap_takes_the_whole_tier_word():
    r = resolve("省级的呢？", chat("对新认定的国家级技术创新中心奖励多少？"))
    assert r.question == ("对新认定的省级技术创新中心奖励多少？")  # not 国省级


def test_the_place_naming_a_document_stays_and_the_place_asked_about_is_swapped():
    r = resolve("河北呢？", chat("北京“十三五”规划讲分工时，天津市重点提高什么能力？"))
    assert r.question == "北京“十三五”规划讲分工时，河北重点提高什么能力？"  # not 河北“十三五”规划
    one = resolve("那海淀呢？", chat("廊坊的行动计划里，基金规模是多少？"))
    assert one.question == "海淀的行动计划里，基金规模是多少？"  # the only place is the one swapped


def test_in_english_too_the_place_naming_a_document_stays(monkeypatch):
    previous = chat("In Beijing's 13th FYP for the national sci-tech innovation centre, what should Tianjin concentrate on?")
    r = resolve("what about Hebei then", previous)
    assert r.question == "In Beijing's 13th FYP for the national sci-tech innovation centre, what should Hebei concentrate on?"
    one = resolve("And Langfang?", chat("Under Beijing's action plan, what is the reward share?"))
    assert one.question == "Under Langfang's action plan, what is the reward share?"  # the only place is swapped
    monkeypatch.setattr(swaps, "EN_DOCUMENT_OWNER", False)
    assert resolve("what about Hebei then", previous).question.startswith("In Hebei's 13th FYP")


def test_an_english_how_many_question_is_about_the_things_it_counts():
    r = resolve("What output value are they meant to reach?",
                chat("How many industrial clusters does the plan aim to build?"))
    assert r.question == "What output value are the industrial clusters the plan aim to build meant to reach?"
    # an opening phrase ("By 2018,") goes to the end instead of into the topic
    slot = resolve("And the target for contract turnover?", chat("By 2018, how many projects should the city introduce?"))
    assert slot.question == "What is the target for contract turnover for the projects the city introduce by 2018?"


def test_quoted_term_swap():
    r = resolve("那“乙计划”呢？", chat("这份规划里“甲计划”指的是什么？"))
    assert r.question == ("这份规划里“乙计划”指的是什么？")


def test_english_noun_phrase_swap_by_shared_head():
    r = resolve("And the finance working group?", chat("What is the planning working group responsible for?"))
    assert r.question == ("What is the finance working group responsible for?")


@pytest.mark.parametrize("message, expected", [
    ("国家级科技小镇呢？", "甲市对国家认定的“科技小镇”给多少资金支持？"),  # a level, however long the message
    ("那市级的呢？", "甲市对市认定的“科技小镇”给多少资金支持？"),
    ("国家级的产业联盟呢？", "国家级的产业联盟呢？"),  # another thing at another level: asked as typed
])
def test_a_level_for_a_level_keeps_the_thing(message, expected):
    assert resolve(message, chat("甲市对省认定的“科技小镇”给多少资金支持？")).question == expected


@pytest.mark.parametrize("previous, message, expected", [
    # "one" stands for the head of the thing asked about; the Chinese name in brackets goes with it
    ("Who leads the talent housing plan (人才安居计划) in the district measures?", "And what about the standards one?",
     "Who leads the standards plan in the district measures?"),
    # a noun phrase after "in/of/for" names a document or purpose, not the thing asked about
    ("Where does the plan for the national centre put the biomedicine innovation centre?", "the robotics one?",
     "Where does the plan for the national centre put the robotics centre?"),
    # a level for a level, the rest of the thing kept
    ("How much is the municipal collaborative innovation base award?", "And the provincial one?",
     "How much is the provincial collaborative innovation base award?"),
])
def test_english_one_stands_for_the_head_of_the_thing_asked_about(previous, message, expected):
    assert resolve(message, chat(previous)).question == expected


@pytest.mark.parametrize("message, expected", [
    ("期限呢？", "海淀区的创新基金的期限是什么？"),
    ("牵头单位是谁？", "海淀区的创新基金的牵头单位是谁？"),
])
def test_slot_swap_keeps_the_topic(message, expected):
    r = resolve(message, chat(FUND))
    assert r.how == "slot" and r.question == (expected)


def test_english_slot_swap():
    r = resolve("What about the deadline?", chat(REWARD_EN))
    assert r.how == "slot" and "deadline" in r.question and "reward share for researchers in Beijing" in r.question


def test_slot_after_a_question_word_inside_the_question():
    r = resolve("那资金支持呢？", chat("这个计划到2030年要建成多少个示范基地？"))
    assert "示范基地" in r.question and "资金支持" in r.question and "多少个" not in r.question


def test_slot_after_a_count_drops_the_clause_that_asked_the_count():
    # what was counted stays with what came before the counting clause; the target year and verb go
    r = resolve("那资金支持呢？", chat("这个计划里，到2030年要建成多少个示范基地？"))
    assert r.question == "这个计划里，示范基地的资金支持是什么？"


def test_pronoun_takes_the_previous_topic():
    r = resolve("它的目标是什么？", chat(FUND))
    assert r.how == "pronoun" and r.question.startswith("海淀区的创新基金") and "目标" in r.question
    r = resolve("who leads this?", chat(REWARD_EN))
    assert r.how == "pronoun" and r.question.lower().startswith("who leads") and "Beijing" in r.question


def test_an_english_pronoun_with_a_noun_takes_the_phrase_ending_in_it_or_nothing():
    r = resolve("When was this plan issued?", chat("What share of income goes to researchers under Beijing's action plan?"))
    assert r.question == "When was Beijing's action plan issued?"
    # the previous question names no document: "the same document" is not its topic
    r = resolve("What is the working group in the same document responsible for?", chat("Who sets up the centre?"))
    assert not r.rewritten


def test_pronoun_with_a_noun_takes_the_phrase_ending_in_it():
    r = resolve("这份方案由谁起草？", chat("某市行动方案里提到了哪些任务？"))
    assert r.question == "某市行动方案由谁起草？"


def test_question_ending_in_what_to_do_loses_it_from_the_topic():
    r = resolve("它由谁负责？", chat("「甲制度」是要干嘛的？"))
    assert r.question == ("「甲制度」由谁负责？")


@pytest.mark.parametrize("message", [
    "科研人员转化成果能拿多少奖励",
    "上海的科技成果转化奖励比例是多少",  # names a place but asks a whole question
    "What is the reward share for researchers?",
    "那么，高校科技成果转化的收益分配比例是怎么规定的？",  # opens with 那么 yet stands alone
])
def test_a_complete_question_is_left_exactly_as_typed(message):
    r = resolve(message, chat(FUND))
    assert r.how == "standalone" and r.question == message and not r.rewritten  # as typed, not normalised


def test_no_history_means_standalone():
    assert resolve("那廊坊呢？").question == ("那廊坊呢？")
    assert resolve("那廊坊呢？", [Turn("system", "Answer in English.")]).how == "standalone"


def test_a_chain_of_follow_ups_keeps_the_topic():
    history = chat(FUND, "那廊坊呢？")
    assert resolve("期限呢？", history).question == ("廊坊的创新基金的期限是什么？")


def test_cited_clauses_of_the_previous_answer_ride_along():
    history = [Turn("user", FUND), Turn("assistant", "……[1]", ("doc:C1", "doc:C2"))]
    assert resolve("那廊坊呢？", history).prior_clause_ids == ("doc:C1", "doc:C2")


def test_traditional_chat_gets_a_traditional_resolution():
    r = resolve("那廊坊呢？", chat("海淀區的創新基金規模是多少？"))
    assert r.question == ("廊坊的創新基金規模是多少？") or r.question == ("廊坊的創新基金規模是多少?")
    assert language_of("那廊坊呢？", chat("海淀區的創新基金規模是多少？")) == "zh-Hant"
    assert language_of("那廊坊呢？", chat(FUND)) == "zh-Hans"


@pytest.mark.parametrize("system, lang", [
    ("Answer in English.", "en"), ("请用繁體中文回答", "zh-Hant"), ("请用简体中文回答。", "zh-Hans"),
    ("You are a helpful assistant.", None),
])
def test_reply_language_from_a_system_message(system, lang):
    assert reply_language([Turn("system", system), Turn("user", FUND)]) == lang


def test_understood_as_line():
    assert understood_as("廊坊的创新基金规模是多少？", "zh-Hans") == "理解为：廊坊的创新基金规模是多少？"
    assert understood_as("Q?", "en") == "Understood as: Q?"


def test_turns_map_openai_roles():
    got = turns([("developer", "Answer in English."), ("tool", "{}"), ("user", "q"), ("assistant", "a", ["c1"])])
    assert got == [Turn("system", "Answer in English."), Turn("user", "q"), Turn("assistant", "a", ("c1",))]


def test_read_history_forms_and_errors():
    messages = [{"role": "user", "content": FUND}, {"role": "assistant", "content": "1000亿", "clause_ids": ["x:C1"]}]
    assert read_history(json.dumps(messages)) == [Turn("user", FUND), Turn("assistant", "1000亿", ("x:C1",))]
    assert read_history("\n".join(json.dumps(m) for m in messages)) == read_history(json.dumps(messages))
    assert read_history(json.dumps({"messages": messages})) == read_history(json.dumps(messages))
    assert read_history("  ") == []
    for bad, says in [("{oops", "not JSON"), ('{"role": "user"}', "list of messages"),
                      ('[{"role": "robot", "content": "x"}]', "message 1"), ('[{"role": "user", "content": 5}]', "message 1"),
                      ('[{"role": "user", "content": "x", "clause_ids": "c1"}]', "clause_ids")]:
        with pytest.raises(ValueError, match=says):
            read_history(bad, "h.json")


def test_long_pasted_history_reads_only_the_latest_turns():
    history = chat(*[f"第{i}个问题的完整内容是什么？" for i in range(200)], FUND)
    assert resolve("那廊坊呢？", history).question == ("廊坊的创新基金规模是多少？")


def test_a_follow_up_answered_only_with_the_previous_answers_value_is_not_answered_by_it():
    from rag.conversation import Turn, repeats_previous, resolve

    history = [Turn("user", "某市产业引导基金的总规模是多少？"), Turn("assistant", "引导基金总规模达到50亿元。")]
    part = resolve("其中社会资本占多少？", history)
    quote = ["设立产业引导基金,总规模达到50亿元,重点支持初创企业。"]
    assert part.rewritten and repeats_previous("达到50亿元", part, history, quote)
    # another figure in the quotes may be the answer; a new value is an answer; a new question is its own
    assert not repeats_previous("达到50亿元", part, history, [quote[0] + "其中社会资本出资30亿元。"])
    assert not repeats_previous("30亿元", part, history, quote)
    alone = resolve("洛阳市科技进步条例什么时候施行？", history)
    assert not repeats_previous("达到50亿元", alone, history, quote)
    # the previous answer gave the figure without its bound: the same value all the same
    bare = [Turn("user", "某市产业引导基金的总规模是多少？"), Turn("assistant", "50亿元，重点支持初创企业。")]
    assert repeats_previous("达到50亿元", resolve("其中社会资本占多少？", bare), bare, quote)
    # a year beside the sum is no other answer to "how much"
    dated = ["到2018年,引导基金总规模达到50亿元。"]
    assert repeats_previous("达到50亿元", resolve("其中社会资本占多少？", bare), bare, dated)
    # a sum written without 元 is a figure too; a name is not (another body in the quotes is no pattern's)
    yi = [Turn("user", "某区创新基金系规模多大？"), Turn("assistant", "1000亿。")]
    assert repeats_previous("1000亿", resolve("其中区财政出多少？", yi), yi, ["形成1000亿规模的创新基金系。"])
    led = [Turn("user", "这个计划的牵头部门是哪个？"), Turn("assistant", "市科技局。")]
    said = ["牵头部门为市科技局。市政府督查室定期督导、通报进度。"]
    assert not repeats_previous("市科技局", resolve("谁负责督导？", led), led, said)


@pytest.mark.parametrize(("previous", "message", "meant"), [
    ("某市意见里科技金融工作组负责什么？", "人才工作组呢？", "某市意见里人才工作组负责什么？"),
    ("甲城知识产权护航计划的牵头单位是谁？", "标准领跑计划的呢？", "甲城标准领跑计划的牵头单位是谁？"),
    ("乙区创新基金规模多大？", "产业发展基金呢？", "乙区产业发展基金规模多大？"),
])
def test_a_thing_of_the_same_kind_is_swapped_for_the_previous_one(previous, message, meant):
    from rag.conversation import Turn, resolve

    found = resolve(message, [Turn("user", previous), Turn("assistant", "…")])
    assert (found.question, found.how) == (meant, "swap")


def test_a_document_pronoun_takes_the_document_the_previous_answer_came_from():
    """"这份措施…" however long: the document's name (from the previous question, else from where its
    answer came from), never the previous question's topic ("…基金是哪天印发的")."""
    asked = []

    def document_of(previous: str, clause_ids: tuple[str, ...]) -> str | None:
        asked.append((previous, clause_ids))
        return "甲区若干措施"

    history = [Turn("user", "甲区要设立多大规模的更新基金？"), Turn("assistant", "100亿。", ("c7",))]
    r = resolve("这份措施是在哪天印发的？", history, document_of)
    assert (r.question, r.how) == ("《甲区若干措施》是在哪天印发的？", "pronoun")
    assert asked == [("甲区要设立多大规模的更新基金？", ("c7",))]
    # a long message with such a pronoun still points back; a name in the previous question wins
    r = resolve("这份意见是哪一年、由哪个机关印发的？", chat("乙市意见里，协调小组的职责是什么？"), document_of)
    assert r.question == "乙市意见是哪一年、由哪个机关印发的？"
    r = resolve("How many tasks does it set out?", chat("《丙市行动方案》是哪个部门牵头制定的？"))
    assert r.question == "How many tasks does 《丙市行动方案》 set out?"
    # without a way to tell the document, the previous topic stands in as before
    assert resolve("这份措施是在哪天印发的？", chat("甲区要设立多大规模的更新基金？")).rewritten


def test_an_english_it_is_a_document_only_after_a_question_about_the_document():
    r = resolve("Who leads this?", chat("甲区的更新基金规模是多少？"), lambda p, ids: "甲区若干措施")
    assert "甲区若干措施" not in r.question


def test_na_x_ne_asking_nothing_itself_is_an_ellipsis_however_long_and_the_old_items_number_goes():
    history = chat("甲区措施一共多少项？", "第一项“甲能力跃升计划”的牵头单位是谁？")
    r = resolve("那乙知识产权强基计划呢？", history)
    assert (r.how, r.question) == ("swap", "“乙知识产权强基计划”的牵头单位是谁？")
    # a question of its own after 那 stays as typed
    assert not resolve("那么乙知识产权强基计划的牵头单位是谁？", history).rewritten


@pytest.mark.parametrize(("previous", "message", "meant"), [
    ("甲方案的重点任务分哪几个方面？", "只看人才队伍那部分，有哪几项？", "甲方案的重点任务分方面里，人才队伍有哪几项？"),
    ("What are the main goals of the Jia measures?", "Just the efficiency one — how many enterprises?",
     "How many enterprises for main goals of the Jia measures (the efficiency one)?"),
])
def test_a_refinement_asks_about_a_part_of_the_previous_topic(previous, message, meant):
    r = resolve(message, chat(previous))
    assert (r.how, r.question) == ("refinement", meant)
    assert not resolve("Just the efficiency one — how many enterprises?").rewritten  # no history: as typed


def test_a_chinese_refinement_may_close_with_a_question_mark_before_its_question():
    r = resolve("只看山区的呢？重点发展什么？", chat("甲市规划里各区怎么差异化发展？"))
    assert r.how == "refinement" and "山区" in r.question and r.question.endswith("重点发展什么？")


@pytest.mark.parametrize("previous, message, expected", [
    ("What subsidies does the city give newly founded incubators?", "just the district level?",
     "What subsidies does the city give newly founded incubators (district level only)?"),
    ("What subsidies does the city give newly founded incubators?", "Only the national ones",
     "What subsidies does the city give newly founded incubators (national only)?"),
    ("市里对新建的孵化器给什么补贴？", "只看区级的呢？", "市里对新建的孵化器给什么补贴（只看区级）？"),
    ("对新认定的国家级孵化器补贴多少？", "只要省级的", "对新认定的省级孵化器补贴多少？"),  # a level for a level
])
def test_a_bare_refinement_restricts_the_previous_question(previous, message, expected):
    r = resolve(message, chat(previous))
    assert (r.how, r.question) == ("refinement", expected)


def test_a_bare_refinement_naming_a_slot_asks_the_slot_and_the_switch_turns_restrictions_off(monkeypatch):
    from rag.conversation import topic

    r = resolve("just the deadline?", chat("What subsidies does the city give newly founded incubators?"))
    assert r.how == "slot" and r.question.startswith("What is the deadline for") and "just" not in r.question
    monkeypatch.setattr(topic, "RESTRICTIONS", False)
    assert resolve("just the district level?", chat("What subsidies does the city give incubators?")).how != "refinement"


def test_an_english_topic_does_not_open_with_the_auxiliary_of_its_question(monkeypatch):
    from rag.conversation import topic

    previous = "What main rules does the city's innovation voucher scheme set out?"
    assert resolve("And how many steps?", chat(previous)).question == (
        "How many steps for the city's innovation voucher scheme set out?")
    monkeypatch.setattr(topic, "EN_TOPIC_AUX", False)
    assert " for does " in resolve("And how many steps?", chat(previous)).question


def test_a_level_alone_in_english_is_the_same_thing_at_that_level(monkeypatch):
    previous = chat("What one-off reward does Langfang give a newly recognised national-level innovation alliance?")
    r = resolve("the provincial ones?", previous)
    assert r.question == "What one-off reward does Langfang give a newly recognised provincial-level innovation alliance?"
    assert resolve("and municipal level?", previous).question.endswith("recognised municipal-level innovation alliance?")
    chinese = resolve("and provincial?", chat("廊坊给新认定的国家级产业技术创新联盟多少奖励？"))
    assert chinese.question == "廊坊给新认定的省级产业技术创新联盟多少奖励？"
    assert resolve("provincial capitals of China?", previous).how == "standalone"  # a level and more: not alone
    monkeypatch.setattr(swaps, "EN_TIERS", False)
    assert resolve("the provincial ones?", previous).how == "standalone"


@pytest.mark.parametrize("message", ["要建设怎样的基地？", "重点扶持哪些方向？", "扣除獎勵以後主要用來幹什麼?"])
def test_a_message_opening_with_its_predicate_is_about_the_previous_topic(message, monkeypatch):
    from rag.conversation import markers

    history = [Turn("user", "中关村自主创新成果产业化专项工程由谁安排资金？")]
    resolved = resolve(message, history)
    assert resolved.rewritten and resolved.how != "standalone"
    assert "产业化专项工程" in resolved.question or "產業化專項工程" in resolved.question
    monkeypatch.setattr(markers, "SUBJECTLESS", False)
    assert not resolve(message, history).rewritten


@pytest.mark.parametrize("message", ["要申请廊坊的科技小镇认定需要什么条件？", "重点支持《北京市促进科技成果转移转化行动方案》里的哪些项目？",
                                     "由北京市政府出资多少成立重大科技产业化项目审批联席会？"])
def test_a_predicate_first_message_naming_a_place_or_document_or_long_stands_alone(message):
    history = [Turn("user", "中关村自主创新成果产业化专项工程由谁安排资金？")]
    assert not resolve(message, history).rewritten


@pytest.mark.parametrize(("previous", "topic"), [
    ("北京行动方案是哪一天印发的？", "北京行动方案"),
    ("中关村意见里，中关村科技创新和产业化促进中心是谁组建的？", "中关村意见里，中关村科技创新和产业化促进中心"),
    ("中关村意见里的自主创新成果产业化工程，经费由谁安排？", "中关村意见里的自主创新成果产业化工程"),
])
def test_a_who_or_when_asked_inside_the_previous_question_is_not_its_topic(previous, topic, monkeypatch):
    from rag.conversation import topic as topic_module

    assert topic_module._topic(previous, False) == topic
    monkeypatch.setattr(topic_module, "INNER_ASK", False)
    assert topic_module._topic(previous, False) != topic


def test_a_thing_of_the_same_kind_is_swapped_for_the_previous_ones():
    history = [Turn("user", "规划专栏提出全市纯电动汽车产能要达到多少？")]
    assert resolve("燃料电池汽车呢", history).question == "规划专栏提出全市燃料电池汽车产能要达到多少？"
    history = [Turn("user", "海淀对新认定的高新技术企业奖励多少？")]
    assert resolve("民营企业呢", history).question == "海淀对新认定的民营企业奖励多少？"
