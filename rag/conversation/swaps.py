"""Writing the standalone question of a swap: the previous question with its place, level, quoted name or
thing of the same kind replaced ("那廊坊呢", "国家级的呢", "人才工作组呢", "And the standards one?")."""

from __future__ import annotations

import re
from functools import lru_cache

from ..answer.premise import LEVEL_RE, TIER_RE
from ..question import PLACES, place_mentions
from .markers import _english_places, _lexicon

# The suffixes of a tier, a kind or a place: "国家级的呢" after a question about 市级 swaps 市级 for 国家级.
_SWAP_SUFFIXES = "级区市县省镇园类型年期届批项"
# A word of that kind opened by a numeral is part of a longer name (城六区, 三城一区): the numeral and its suffix
# alone name nothing. (ablation switch)
NUMBERED_WORD = True
_CN_DIGITS = "一二两三四五六七八九十"


QUOTED_HEAD = True


def _swap_head_noun(prev: str, core: str) -> str | None:
    """The previous question with its phrase naming a thing of the kind the follow-up names (…工作组, …计划,
    …基金: the same head noun) replaced by the follow-up's; None when the follow-up names no such thing or
    the previous question none of that kind."""
    core = re.sub(r"的$", "", core)
    noun = next((n for n in _lexicon()["zh_head_nouns"] if core.endswith(n) and len(core) > len(n)), None)
    if noun is None:
        return None
    # (a quoted name is part of the thing: 创新型企业“3×100”计划 — conversations dev 9) (QUOTED_HEAD: ablation switch)
    quoted = r"[^\s，,。？?、的里在对和与及“”「」《》]{0,8}[“「][^”」]{1,16}[”」]|" if QUOTED_HEAD else ""
    for m in re.finditer(rf"(?:{quoted}[^\s，,。？?、的里在对和与及“”「」《》]{{1,12}}){re.escape(noun)}", prev):
        start = m.start()
        # a place or a zone named before the thing stays (中关村科学城|知识产权强基计划, 海淀区|创新基金)
        owner = list(re.finditer(r"[城区省县市](?!级)", prev[start: m.end() - len(noun) - 1]))
        if owner:
            start += owner[-1].end()
        if prev[start: m.end()] != core and not core.endswith(prev[start: m.end()]):
            # the old thing's item number goes with it ("第一项“甲计划”的…" → "“乙计划”的…")
            before = _ORDINAL_BEFORE_RE.sub(r"\1", prev[:start])
            return before + core + prev[m.end():]
    return None


# "这个方案的重点任务一共有几项？" then "保障措施呢？": the thing counted swapped — the noun right before the
# previous question's how-many replaced by the follow-up's (conversations dev 14: read as a slot, 措施, it
# asked "重点任务一的保障措施是什么"). (ablation switch)
COUNTED_SWAP = True
# (the count ends the question — …一共有几项？ — so the noun before it is what is counted, not a verb: 要建几个…)
_COUNTED_RE = re.compile(r"([^\s，,。？?、的之在对里中和与及]{2,8}?)(?=(?:一共|总共|共计|共)?(?:有|包括|分为|分成|列了|列出了?)?"
                         r"(?:几|多少)\s*(?:个|项|条|类|种|大|方面|部分)\s*[？?。]?\s*$)")
_NOUN_PHRASE_RE = re.compile(r"^[\u4e00-\u9fff“”「」]{2,10}$")


def _swap_counted(prev: str, core: str) -> str | None:
    """The previous how-many question with the thing it counts replaced by the follow-up's noun phrase;
    None when the follow-up is no bare noun phrase or the previous question counts nothing so named."""
    core = re.sub(r"的$", "", core.strip())
    if not COUNTED_SWAP or not _NOUN_PHRASE_RE.match(core) or re.search(r"几|多少|哪|什么|谁", core):
        return None
    m = _COUNTED_RE.search(prev)
    if m is None or m.group(1) == core or m.group(1) in core:
        return None
    return prev[: m.start(1)] + core + prev[m.end(1):]


def _swap_tier(prev: str, core: str) -> str | None:
    """"国家级的科技小镇呢？" after "廊坊对省认定的“科技小镇”给多少…": the same thing at another level — the
    previous question with its level replaced; None unless the follow-up names a level and, besides it,
    only what the previous question already names. (conversations dev 3: asked as typed, it was answered
    with a figure of no level.)"""
    new, old = TIER_RE.search(core), TIER_RE.search(prev)
    if new and not old and TIER_ADDED:
        return _tier_added(prev, core, new)
    if not new or not old or new.group(1) == old.group(1):
        return None
    rest = _besides_level(core, new)
    if TIER_ASKED and new.start() == 0 and _ASK_RE.search(rest) and len(rest) <= 10:
        # "那国家级的有多少奖金？" after "…对新认定的市级…奖多少？": the same question at that level, its ask
        # restated (conversations dev 32: merged into "…奖的国家级的有多少奖金", answered with the 市级 sum)
        return prev[: old.start(1)] + new.group(1) + prev[old.end(1):]
    if rest and rest not in _unquoted(prev):
        return _swap_tier_thing(prev, core, new, old, rest)
    return prev[: old.start(1)] + new.group(1) + prev[old.end(1):]


TIER_ASKED = True  # (ablation switch; see _swap_tier)
_ASK_RE = re.compile(r"多少|几|哪|什么|谁|怎么|如何")


# "那国家级的孵化小镇呢？" after "…对孵化小镇给什么支持？", a question naming no level: the same thing at the level
# named — the level put before the thing in the previous question (conversations dev 30: asked as typed, it was
# answered with the clause on the towns, which gives no national figure). (ablation switch)
TIER_ADDED = True


def _besides_level(core: str, level: re.Match[str]) -> str:
    """What a follow-up names besides the level it names (国家级的科技小镇 → 科技小镇)."""
    return re.sub(r"^[的之]|[的之]$", "", (core[: level.start()] + core[level.end():]).strip())


def _unquoted(text: str) -> str:
    return re.sub(r"[“”「」\"]", "", text)


def _tier_added(prev: str, core: str, new: re.Match[str]) -> str | None:
    rest, bare = _besides_level(core, new), _unquoted(prev)
    if new.start() != 0 or len(rest) < 2 or rest not in bare or re.match(r"认定|评定|命名", rest):
        return None
    at = bare.index(rest)
    if LEVEL_RE.search(bare[max(0, at - 3):at]):
        return None  # (省里认定的…: a level the pattern does not read is there already)
    return bare[:at] + core[: new.end()] + "的" + bare[at:]


# "国家级重点实验室呢？" after "…新认定的省级技术转移中心补助多少？": a level and a thing for a level and a thing —
# the previous question's level and the thing after it (up to its head noun: 基地, 联盟, 中心…) replaced by the
# follow-up's (conversations dev 13: asked as typed, it found no amount). (ablation switch)
TIER_THING = True


@lru_cache(maxsize=1)
def _head_noun_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a phrase ending in a head noun, the thing after a level up to its head noun), compiled once."""
    heads = "|".join(map(re.escape, _lexicon()["zh_head_nouns"]))
    return re.compile(rf"(?:{heads})$"), re.compile(rf"的?[^\s，,。？?、的里在对和与及]{{0,12}}?(?:{heads})")


def _swap_tier_thing(prev: str, core: str, new: re.Match[str], old: re.Match[str], rest: str) -> str | None:
    if not TIER_THING or new.start() != 0:
        return None
    ends_in_head, thing_re = _head_noun_res()
    if not ends_in_head.search(rest) or (thing := thing_re.match(prev, old.end())) is None:
        return None
    return prev[: old.start()] + re.sub(r"的$", "", core) + prev[thing.end():]


_ORDINAL_BEFORE_RE = re.compile(r"第[一二三四五六七八九十百\d]+[项条个点类]\s*([“「\"]?)$")


def _place_spans(prev: str, english: bool) -> list[tuple[int, int]]:
    if english:
        return [(start, end) for start, end, _ in _english_places(prev)]
    out = []
    for start, place in place_mentions(prev):
        end = start + len(place)
        if end < len(prev) and prev[end] in "省市区县":  # 海淀区 → the whole name goes
            end += 1
        out.append((start, end))
    return out


# Places listed with 、 in the previous question (上海、江苏、浙江、安徽) are swapped together for the places a
# follow-up lists, not its first place (北京, the subject): conversations dev 2 (ablation switch)
PLACE_LIST = True


def _listed_places(prev: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """(start, end) of the first run of two or more places joined by 、 in `prev`, or None."""
    run: list[tuple[int, int]] = []
    for span in spans:
        if run and prev[run[-1][1]:span[0]] in ("、", ""):
            run.append(span)
            continue
        if len(run) >= 2:
            break
        run = [span]
    return (run[0][0], run[-1][1]) if len(run) >= 2 else None


def _place_name(place: str, english: bool) -> str:
    return (PLACES.get(place) or place).title() if english else place


def _swap(prev: str, prev_english: bool, core: str, places: list[str]) -> str:
    if places:
        new = (" and " if prev_english else "和").join(_place_name(p, prev_english) for p in places)
        spans = _place_spans(prev, prev_english)
        if len(spans) >= 2 and (not prev_english or EN_DOCUMENT_OWNER):
            # the place naming a document (北京“十三五”…规划, Beijing's 13th FYP) stays; the one asked about
            # is swapped ("…规划讲京津冀分工时，天津市重点提高什么能力？" then "河北呢？": conversations dev 3;
            # "In Beijing's 13th FYP …, what is Tianjin supposed to focus on?" then "what about Hebei":
            # conversations dev 7)
            after = _EN_DOCUMENT_AFTER_RE if prev_english else _DOCUMENT_AFTER_RE
            spans = [sp for sp in spans if not after.match(prev, sp[1])] or spans
        run = _listed_places(prev, spans) if not prev_english and len(places) >= 2 and PLACE_LIST else None
        if run is not None:  # "那跟广东、福建呢？" after "北京和上海、江苏、浙江、安徽…": the listed places go
            return prev[: run[0]] + "、".join(_place_name(p, False) for p in places) + prev[run[1]:]
        if spans:
            start, end = spans[0]
            return prev[:start] + new + prev[end:]
        national = _NATIONAL_DOCUMENT_RE.search(prev) if not prev_english and NATIONAL_FOR_PLACE else None
        if national:  # "北京呢？" after "国家《行动方案》涉及多少项…": Beijing's own plan, not Beijing + the national one
            return prev[: national.start()] + new + prev[national.end():]
        if prev_english:
            return f"{prev.rstrip(' ?？')} in {new}?"
        return new + prev
    if not prev_english:
        # a quoted term for a quoted term ("那“乙计划”呢" after a question about “甲计划”), a tier for a tier
        # (the core has lost its quotation marks: a short core that the previous question does not
        # contain takes the place of its last quoted term)
        olds = list(re.finditer(r"[“\"「『]([^”\"」』]+)[”\"」』]", prev))
        if olds and core and len(core) <= 8 and core not in {m.group(1) for m in olds} and not TIER_RE.search(core):
            m = olds[-1]
            return prev[: m.start(1)] + core + prev[m.end(1):]
        # a level for a level: "市级的呢" after "省认定的…", "省级的呢" after "国家级…"
        new_level, old_level = TIER_RE.search(core), TIER_RE.search(prev)
        if new_level and old_level and new_level.group(1) != old_level.group(1):
            return prev[: old_level.start(1)] + new_level.group(1) + prev[old_level.end(1):]
    tier = _english_tier(core) if EN_TIERS else None
    if tier is not None:  # "provincial ones?", "and municipal-level?": the same thing at another level
        zh, en = tier
        if prev_english:
            old_tier = _EN_TIER_RE.search(prev)
            if old_tier and old_tier.group(1).lower() != en:
                return prev[: old_tier.start(1)] + en + prev[old_tier.end(1):]
        else:
            old_level = TIER_RE.search(prev)
            if old_level and old_level.group(1) != zh:
                return prev[: old_level.start(1)] + zh + prev[old_level.end(1):]
    if prev_english and EN_SAID_ABOUT_SWAP and (said := _EN_SAID_ABOUT_RE.match(prev.strip(" ?？"))) and not re.search(
            r"\b(?:what|how|which|who|when|where|why|whether)\b", core, re.IGNORECASE):
        return f"{prev.strip(' ?？')[: said.start(2)]}{core}?"  # "And fuel cell cars?": said about those instead
    if prev_english:
        swapped = _swap_english_one(prev, core) or _swap_english_head(prev, core)
        if swapped:
            return swapped
    if not prev_english and core and core[-1] in _SWAP_SUFFIXES:
        # "国家级的呢" after "市级…": the word of the same kind is swapped
        zones = [m.span() for m in _ZONE_WORD_RE.finditer(prev)]
        for width in (1, 2):  # the shortest word of that kind: 市级, not 认定的市级
            for m in re.finditer(rf"[^\W的对和与及之在为是]{{{width}}}{re.escape(core[-1])}", prev):
                if NUMBERED_WORD and m.group(0)[0] in _CN_DIGITS and m.start() > 0 and re.match(r"[\u4e00-\u9fff]", prev[m.start() - 1]):
                    continue  # 城六区 is one word: "山区呢" swaps it whole, not its 六区 (conversations dev 27)
                if ZONE_WORDS and any(a <= m.start() and m.end() <= b and (a, b) != m.span() for a, b in zones):
                    continue  # 高新区 is one word: "那各县(市、区)呢" swaps it whole, not its 新区 (conversations dev 37)
                if m.group(0) != core and not core.endswith(m.group(0)):
                    return prev[: m.start()] + core + prev[m.end():]
    if prev_english:
        return f"{prev.rstrip(' ?？')} ({core})?"
    head, sep, rest = prev.partition("的")
    if sep and len(head) <= 12:
        return core + "的" + rest
    return core + prev


# Zones named by a compound ending in 区 (高新区, 开发区, 示范区): one word, not a place-like 新区 or 发区 inside it.
# (ablation switch)
ZONE_WORDS = True
_ZONE_WORD_RE = re.compile(r"高新区|开发区|经开区|保税区|示范区|自贸区|功能区|核心区|集聚区|试验区|实验区")


# "What does the plan say about EV drive motors?" then "And fuel cell cars?": the thing it is asked what the
# document says about is swapped (conversations dev 14: appended in brackets, the old thing stayed and the
# next "they" stood for both). (ablation switch)
EN_SAID_ABOUT_SWAP = True
_EN_SAID_ABOUT_RE = re.compile(r"^(?:what|how) (?:does|do|did|will) (.{3,80}?) (?:say|said|provide|state|stipulate|specify"
                               r"|set out|lay down|propose|plan) (?:about|on|regarding|concerning|for|with) (.{3,120})$",
                               re.IGNORECASE)


# (conversations dev 9: "那北京这份呢？" after a question about 国家《行动方案》 was read as 北京 + 国家《行动方案》) (ablation switch)
NATIONAL_FOR_PLACE = True
_NATIONAL_DOCUMENT_RE = re.compile(r"国家(?=《|级?(?:规划|计划|方案|意见|纲要))")
# a place followed, within the same phrase, by a kind of document names that document's issuer
_DOCUMENT_AFTER_RE = re.compile(r"[^，,。？?！!；;]{0,14}?(?:规划|计划|方案|措施|意见|条例|办法|通知|纲要)")
_EN_DOCUMENT_AFTER_RE = re.compile(r"(?:['’]s)?(?:\s+[\w&/-]+){0,5}?\s+(?:plan|plans|fyp|measures|opinions|regulations?|"
                                   r"programme|program|notice|rules|provisions)\b", re.IGNORECASE)
EN_DOCUMENT_OWNER = True  # (ablation switch)


_EN_NP_STOP = {"the", "a", "an", "of", "for", "in", "on", "to", "is", "are", "does", "do", "did", "what", "which",
               "who", "how", "when", "where", "why", "by", "with", "from", "per", "under", "should", "can", "will", "get", "gets", "has", "have", "must", "responsible"}
# a quantifier or a conjunction ends the noun phrase too: "the new platform programme every year" is the programme,
# not a "programme … year" whose head is year (conversations dev 32: "and the <other> one?" put the new words before
# "year", the programme's name lost) (ablation switch, read at import)
EN_NP_QUANTIFIER = True
if EN_NP_QUANTIFIER:
    _EN_NP_STOP |= {"every", "each", "and", "or", "at", "as", "this", "that", "these", "those", "annually", "yearly"}


_EN_ONE_RE = re.compile(r"^(?:and |what about |how about )?(?:the |a )?(.+?)\s+ones?$", re.IGNORECASE)
# a noun phrase opened by an article, up to a preposition or punctuation; one after "in/of/under/for/
# from/by/on" names a document, a place or a purpose, not the thing asked about
# (a name in quotation marks is part of it: "the “Innovation Partner” talent programme" — conversations dev 34: with
# no noun phrase found, "and the <other> one?" was appended in brackets) (ablation switch, read at import)
EN_QUOTED_NP = True
# (and a programme's name written with a sign, "the 3×100 innovative enterprise plan": conversations dev 37, "and the
# <other> one?" appended in brackets — the phrase ended at 3) (ablation switch, read at import)
EN_SIGNED_NP = True
_NP_CHARS = ("×·" if EN_SIGNED_NP else "") + (r"\w&'\"“”‘’-" if EN_QUOTED_NP else r"\w&'-")
_EN_THE_NP_RE = re.compile(r"(?<!\bin )(?<!\bof )(?<!\bunder )(?<!\bfor )(?<!\bfrom )(?<!\bby )(?<!\bon )"
                           rf"\bthe (?=[{_NP_CHARS}])", re.IGNORECASE)
_EN_NP_WORDS_RE = re.compile(rf"(?:[{_NP_CHARS}]+ ?)+")
_EN_BRACKETED_RE = re.compile(r"\s*\([^()]*\)")


_EN_TIERS = {"national", "state", "provincial", "municipal", "city", "county", "district", "local"}

# "provincial ones?", "what about municipal level?", "and county-level": a level and nothing else asked, for
# a question at another level — in English or in Chinese (conversations dev 7: "provincial ones?" after a
# national-level alliance's reward was appended in brackets) (ablation switch)
EN_TIERS = True
_EN_TIER_WORDS = {"national": "国家", "state": "国家", "provincial": "省", "province": "省", "municipal": "市",
                  "city": "市", "county": "县", "district": "区"}
_EN_TIER_ONLY_RE = re.compile(r"^(?:and |what about |how about )?(?:for )?(?:the |a )?(national|state|provincial|province|"
                              r"municipal|city|county|district)(?:[ -]level)?(?: ones?| level)?$", re.IGNORECASE)
_EN_TIER_RE = re.compile(r"\b(national|provincial|municipal|city|county|district)(?=[ -]level\b|\b)", re.IGNORECASE)


def _english_tier(core: str) -> tuple[str, str] | None:
    """(Chinese level, English level) of a follow-up that names a level and nothing else, else None."""
    m = _EN_TIER_ONLY_RE.match(core.strip(" ?？.!,"))
    if m is None:
        return None
    word = m.group(1).lower()
    english = {"state": "national", "province": "provincial", "city": "municipal"}.get(word, word)
    return _EN_TIER_WORDS[word], english


# "and for the drive motors?" after "…, what is the goal for fuel cells?": the object of the preposition the
# message repeats is swapped (conversations dev 25: appended in brackets, the old object kept and asked about).
# (ablation switch)
EN_PREPOSITION_SWAP = True
_EN_PREP_CORE_RE = re.compile(r"^(for|about|on|regarding)\s+(?!(?:it|them|that|this|those|these)\b)(.{3,60})$", re.IGNORECASE)
_EN_PREP_LEAD_RE = re.compile(r"^\s*(?:(?:and|so|ok|okay)[,\s]+)?(?:what about |how about )?(for|about|regarding)\s", re.IGNORECASE)


def preposition_swapped(prev: str, typed: str, core: str) -> str | None:
    """The previous (English) question with the object of the preposition the message opens with (and for …,
    what about for …) swapped for the message's, if it has that preposition."""
    m = _EN_PREP_LEAD_RE.match(typed) if EN_PREPOSITION_SWAP else None
    if m is None:
        return None
    return _swap_english_object(prev, f"{m.group(1).lower()} {re.sub(r'^(?:for|about|regarding) +', '', core)}")


def _swap_english_object(prev: str, core: str) -> str | None:
    """The previous question with the object of its last `for`/`about`/`on` replaced by the message's."""
    m = _EN_PREP_CORE_RE.match(core.strip(" ?？.!,"))
    if m is None:
        return None
    found = list(re.finditer(rf"\b{m.group(1)}\s+", prev, re.IGNORECASE))
    if not found:
        return None
    at = found[-1].end()
    words = prev[at:].split(" ")
    taken = 0
    for i, word in enumerate(words):  # the object runs to a clause's end or the next function word
        bare = word.lower().strip(",?？.!;")
        if i and bare in _EN_NP_STOP and bare not in ("the", "a", "an"):
            break
        taken += 1
        if re.search(r"[,?？.!;]$", word):
            break
    old = " ".join(words[:taken]).rstrip(",?？.!;")
    if not old or old.lower() == m.group(2).lower():
        return None
    return prev[:at] + m.group(2) + prev[at + len(old):]


def _swap_english_one(prev: str, core: str) -> str | None:
    """"And the standards one?" after "Who leads the intellectual property strengthening plan (…) in the
    … measures?": "one" stands for the head of the thing asked about (its first noun phrase with an
    article that names no document or place), whose modifiers the new words replace: "the standards
    plan". (conversations dev 3: appended in brackets, the question asked about the old thing.)"""
    m = _EN_ONE_RE.match(core.strip(" ?？.!,"))
    if not m or len(m.group(1).split()) > 5:
        return None
    for the in _EN_THE_NP_RE.finditer(prev):
        run = _EN_NP_WORDS_RE.match(prev, the.end())
        words: list[str] = []
        for word in run.group(0).split() if run else []:
            if word.lower() in _EN_NP_STOP:
                break
            words.append(word)
        if len(words) < 2:
            continue
        end = the.end() + len(" ".join(words))
        bracketed = _EN_BRACKETED_RE.match(prev, end)
        if bracketed:
            end = bracketed.end()  # the Chinese name in brackets goes with the old thing
        new = m.group(1)
        tiers = [i for i, w in enumerate(words) if w.lower() in _EN_TIERS]
        if new.lower() in _EN_TIERS and tiers:  # "the provincial one": the level alone is swapped
            new, words = " ".join([*words[:tiers[0]], new, *words[tiers[0] + 1:-1]]), words[-1:]
        return f"{prev[:the.start()]}the {new} {words[-1]}{prev[end:]}"
    return None


def _swap_english_head(prev: str, core: str) -> str | None:
    """"And the finance working group?" after "What is the planning working group
    … responsible for?": the noun phrase with the same head noun is swapped."""
    new = re.sub(r"^(?:the|a|an)\s+", "", core.strip(" ?？.!,"), flags=re.IGNORECASE)
    words = new.lower().split()
    if not words:
        return None
    for width in (2, 1):  # the head: the last one or two words ("working group", "fund")
        head = " ".join(words[-width:])
        m = re.search(rf"\b{re.escape(head)}\b", prev, re.IGNORECASE)
        if not m or (len(words) <= width and width == 1 and len(head) < 4):
            continue
        start = m.start()
        before = prev[:start].split(" ")
        # the noun phrase runs left from the head to the nearest article, preposition or question word
        while len(before) > 1 and before[-2] and before[-2].lower().strip(",") not in _EN_NP_STOP:
            before.pop()
        start = len(" ".join(before[:-1])) + (1 if len(before) > 1 else 0)
        if prev[start:m.end()].lower() == new.lower():
            return None
        return prev[:start] + new + prev[m.end():]
    return None
