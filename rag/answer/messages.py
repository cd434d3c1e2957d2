"""What the user is told, in the question's language: the lead line of a quoted clause and
the plain statement that the documents do not answer, with the reason and the closest clause."""

from __future__ import annotations

import re
from typing import Any

from ..articles import asked_chapters
from ..chunker import chinese_number
from ..models import Hit
from ..normalize import normalize
from ..question import PLACES, Question
from .features import Evidence, Featurizer
from .named import quoted_names, unnamed_quoted
from .premise import level_conflict, premise_conflict, presupposed
from .short import ShortAnswer

MESSAGES: dict[str, dict[str, Any]] = {
    "zh-Hans": {
        "lead": "根据《{title}》{path}：",
        "short": "答：{value}[{n}]",
        "copy_ends": "所存副本到第{last}项为止；原文写明“{stated}”，其后各项不在副本中[{n}]。",
        "none": "这些文件没有回答这个问题。",
        "why_coverage": "检索到的条款都没有直接说明这一点。",
        "why_fact": "相关条款提到了这一主题，但没有给出所问的{what}。",
        "why_place": "这些文件没有涉及{places}。",
        "side_unanswered": "关于{places}，这些文件没有回答这个问题。",
        "why_presupposition": "问题的前提“{said}”不是这些文件的说法。",
        "why_deferred": "文件只写明“{quote}”，没有给出具体内容。",
        "why_place_scope": "找到的条款不是针对{places}的规定。",
        "why_role": "相关条款提到了这一主题，但没有说明{role}是谁。",
        "why_organ": "相关条款提到了这一主题，但没有说明由哪个部门、机关或单位负责。",
        "why_chapter": "找到的条款都不在第{n}章中。",
        "why_absent_law": "文件中没有《{name}》的条文。",
        "why_premise": "问题中的“{asked}”与文件不符：相关条款写的是{stated}。",
        "why_tier": "问题问的是{asked}级的规定，相关条款写的是{stated}级的。",
        "why_repeat": "相关条款只给出了上一个回答中的{value}，没有说明追问的这一点。",
        "why_echo": "相关条款只给出了问题中已有的{value}，没有说明所问的这一部分。",
        "what": {"number": "具体数字", "money": "具体金额", "docnum": "发文字号", "when": "具体日期或期限", "who": "负责单位",
                 "often": "具体频率"},
        "closest": "最接近的条款是《{title}》{path}。",
    },
    "zh-Hant": {
        "lead": "根據《{title}》{path}：",
        "short": "答：{value}[{n}]",
        "copy_ends": "所存副本到第{last}項為止；原文寫明「{stated}」，其後各項不在副本中[{n}]。",
        "none": "這些文件沒有回答這個問題。",
        "why_coverage": "檢索到的條款都沒有直接說明這一點。",
        "why_fact": "相關條款提到了這一主題，但沒有給出所問的{what}。",
        "why_place": "這些文件沒有涉及{places}。",
        "side_unanswered": "關於{places}，這些文件沒有回答這個問題。",
        "why_presupposition": "問題的前提「{said}」不是這些文件的說法。",
        "why_deferred": "文件只寫明「{quote}」，沒有給出具體內容。",
        "why_place_scope": "找到的條款不是針對{places}的規定。",
        "why_role": "相關條款提到了這一主題，但沒有說明{role}是誰。",
        "why_organ": "相關條款提到了這一主題，但沒有說明由哪個部門、機關或單位負責。",
        "why_chapter": "找到的條款都不在第{n}章中。",
        "why_absent_law": "文件中沒有《{name}》的條文。",
        "why_premise": "問題中的「{asked}」與文件不符：相關條款寫的是{stated}。",
        "why_tier": "問題問的是{asked}級的規定，相關條款寫的是{stated}級的。",
        "why_repeat": "相關條款只給出了上一個回答中的{value}，沒有說明追問的這一點。",
        "why_echo": "相關條款只給出了問題中已有的{value}，沒有說明所問的這一部分。",
        "what": {"number": "具體數字", "money": "具體金額", "docnum": "發文字號", "when": "具體日期或期限", "who": "負責單位",
                 "often": "具體頻率"},
        "closest": "最接近的條款是《{title}》{path}。",
    },
    "en": {
        "lead": "According to 《{title}》{path}:",
        "short": "Answer: {value} [{n}]",
        "copy_ends": "The stored copy ends at item {last}; the document names “{stated}”, the rest is not in the copy [{n}].",
        "none": "These documents do not answer this question.",
        "why_coverage": "None of the retrieved clauses addresses it directly.",
        "why_fact": "The closest clauses discuss the topic but state no {what}.",
        "why_place": "The documents do not cover {places}.",
        "side_unanswered": "For {places}, these documents do not answer this question.",
        "why_presupposition": "The question takes as given that {said}; the documents do not say so.",
        "why_deferred": "The documents only say “{quote}”; they do not give the content.",
        "why_place_scope": "The clauses found do not speak for {places}.",
        "why_role": "The closest clauses discuss the topic but do not say who the {role} is.",
        "why_organ": "The closest clauses discuss the topic but name no department, authority or company for it.",
        "why_chapter": "None of the clauses found is in Chapter {n}.",
        "why_absent_law": "The documents do not include the text of the {name}.",
        "why_premise": "The question's “{asked}” is not what the documents say: the clauses found state {stated}.",
        "why_tier": "The question asks about the {asked} level; the clause found is about the {stated} level.",
        "why_repeat": "The clauses give only the {value} of the previous answer, not what the follow-up asks.",
        "why_echo": "The clauses give only the {value} the question itself states, not the part it asks about.",
        "what": {"number": "figure", "money": "sum of money", "docnum": "document number", "when": "date or deadline",
                 "who": "responsible unit", "often": "frequency"},
        "closest": "The closest clause is 《{title}》{path}.",
    },
}


_TIER_EN = {"国家": "national", "省": "provincial", "市": "municipal", "区": "district", "县": "county"}


# notes a copy's title carries after it: (下), (节选:…), (征求意见稿) — not a year range, which is the title's own
TITLE_NOTE_RE = re.compile(r"[(（](?:上|中|下|节选|摘要|全文|征求意见稿|试行稿)[^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]\s*$")
_ISSUING_RE = re.compile(r"关于印发《(.+)》的通知$")


def short_name(title: str) -> str:
    """A document's name for the lead line: the issued document of an issuing notice (关于印发《X》的通知 → X),
    without the notes of the copy ((下), (节选:…)); the full title stays in the citation and the UI card."""
    name = title.strip()
    while (note := TITLE_NOTE_RE.search(name)) and note.start() > 0:
        name = name[: note.start()].rstrip()
    issued = _ISSUING_RE.search(name)
    return issued.group(1) if issued else name


# a title's period in brackets, (2016—2018年), at its end
_PERIOD_NOTE_RE = re.compile(r"[(（]\s*(?:19|20)\d\d\s*(?:年)?\s*[—–\-~至到]+\s*(?:19|20)?\d\d\s*年?\s*[)）]\s*$")


def side_name(title: str, short_title: str | None = None) -> str:
    """A document's name as one side of a comparison (rag.answer.compare.merge): its short name without
    brackets, quotes or period — a 《title》, a “name” or a year the answer writes must be in a cited quote,
    and an unanswered side's line cites none (conversations dev 10: a merged answer failed its check so)."""
    name = re.sub(r"[《》“”\"「」]", "", short_title or short_name(title))
    return _PERIOD_NOTE_RE.sub("", name).strip() or name


def lead(hit: Hit, lang: str, short_title: str | None = None) -> str:
    """The line before a clause's quotes: 根据《short name》“its own heading”： — the clause's full heading
    path is in its citation (section_path) and the sources panel, not repeated in the prose. The short
    name is the manifest's `short_title` when it sets one."""
    path = clause_path(hit, lang, own=True)
    return MESSAGES[lang]["lead"].format(title=short_title or short_name(hit.doc_title), path=path)


def clause_path(hit: Hit, lang: str, own: bool = False) -> str:
    """The clause's headings after the document's name: a regulation's first heading is its own
    title, which the lead line already names (根据《X条例》“第四章 > 第四十条”, not “X条例 > …”)."""
    return clause_path_of(hit.section_path, hit.doc_title, lang, own)


def clause_path_of(section_path: list[str], doc_title: str, lang: str, own: bool = True) -> str:
    path = list(section_path)
    if path and normalize(path[0]).replace(" ", "") == normalize(doc_title).replace(" ", ""):
        path = path[1:]
    if not path:
        return ""
    joined = path[-1] if own else " > ".join(path)
    return f", section “{joined}”" if lang == "en" else f"“{joined}”"


def short_value(found: ShortAnswer) -> str:
    """The value as shown: the original, or its English rendering with the original beside it."""
    if found.english and found.english != found.text:
        return found.english if found.kind == "yesno" else f"{found.english} ({found.text})"
    return f"{found.counted}（{found.text}）" if found.counted is not None else found.text


def short_line(q: Question, found: ShortAnswer) -> str:
    """The answer's first line: the value asked for, with its citation (in English beside the original)."""
    return MESSAGES[q.lang]["short"].format(value=short_value(found), n=found.n)


def no_candidates(q: Question) -> str:
    msgs = MESSAGES[q.lang]
    return f"{msgs['none']}{' ' if q.lang == 'en' else ''}{msgs['why_coverage']}"


def abstention(q: Question, reason: str, evidence: list[Evidence], featurizer: Featurizer, value: str = "") -> str:
    """"The documents do not answer", why, and the closest clause."""
    msgs = MESSAGES[q.lang]
    if reason == "place":
        unknown = [p for p in q.places if not featurizer.corpus_mentions(p)]
        places = unknown or featurizer.uncovered_places(q, evidence) or q.places
        names = (", ".join(" ".join(w[:1].upper() + w[1:] for w in PLACES[p].split()) or p for p in places)
                 if q.lang == "en" else "、".join(places))
        why = msgs["why_place" if unknown else "why_place_scope"].format(places=names)
    elif reason == "name":
        why = msgs["why_place"].format(places=featurizer.unknown_name(q))
    elif reason == "quoted_name":
        # (the name no quoted clause has, else the first the question quotes)
        absent = unnamed_quoted(q.normalised, [normalize(ev.hit.text) for ev in evidence])
        why = msgs["why_place"].format(places=absent or next((name for name, _ in quoted_names(q.normalised)), ""))
    elif reason == "deferred":
        why = msgs["why_deferred"].format(quote=evidence[0].span.text.strip() if evidence else "")
    elif reason == "presupposition":
        why = msgs["why_presupposition"].format(said=presupposed(q) or "")
    elif reason == "role":
        why = msgs["why_role"].format(role=featurizer.asked_role(q))
    elif reason == "organ":
        why = msgs["why_organ"]
    elif reason == "chapter":
        n = min(asked_chapters(q.normalised), default=0)
        why = msgs["why_chapter"].format(n=n if q.lang == "en" else chinese_number(n))  # (第十二章, Chapter 12)
    elif reason == "absent_law":
        why = msgs["why_absent_law"].format(name=featurizer.absent_law(q) or "")
    elif reason == "premise":
        asked, stated = premise_conflict(q, evidence)[0]
        quote = "“{}”" if q.lang != "zh-Hant" else "「{}」"
        why = msgs["why_premise"].format(asked=asked, stated="、".join(quote.format(w) for w in stated[:3]))
    elif reason == "tier":
        # (the quote as a whole, else its first sentence naming another level: a short answer refused for its
        # sentence's level (rag.answer.policy) left "问题问的是级的规定" with no level named — conversations dev 7)
        text = normalize(evidence[0].span.text) if evidence else ""
        conflict = level_conflict(q, text) if text else None
        if conflict is None and text:
            conflict = next((c for part in re.split(r"(?<=[。；;])", text) if (c := level_conflict(q, part))), None)
        levels: tuple[set[str], set[str]] = conflict or (set(), set())
        english = q.lang == "en"
        sep = ", " if english else "、"

        def named(tiers: set[str]) -> str:
            return sep.join(_TIER_EN[t] if english else t for t in sorted(tiers))

        why = msgs["why_tier"].format(asked=named(levels[0]), stated=named(levels[1]))
    elif reason in ("repeat", "echo"):
        why = msgs[f"why_{reason}"].format(value=value)
    elif reason == "fact":
        kind = next((i for i in ("often", "money", "docnum", "number", "when", "who") if i in q.intents), "number")
        why = msgs["why_fact"].format(what=msgs["what"][kind])
    else:
        why = msgs["why_coverage"]
    sep = " " if q.lang == "en" else ""
    if not evidence:
        return f"{msgs['none']}{sep}{why}"
    best = evidence[0].hit
    closest = msgs["closest"].format(title=best.doc_title, path=clause_path(best, q.lang))
    return f"{msgs['none']}{sep}{why}{sep}{closest}"
