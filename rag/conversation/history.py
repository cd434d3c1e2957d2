"""The chat history as Turns: read from a request or a file, and the language the user writes in and asks for."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..normalize import detect_lang, to_traditional

Role = Literal["system", "user", "assistant"]

# Only the latest turns can be referred to; a long pasted history costs nothing beyond these.
MAX_TURNS = 12
_LANG_RE = {
    "en": re.compile(r"\b(?:english|in english)\b|英文|英语|英語", re.IGNORECASE),
    "zh-Hant": re.compile(r"繁體|繁体|traditional chinese", re.IGNORECASE),
    "zh-Hans": re.compile(r"简体|簡體|simplified chinese|(?<!traditional )\bchinese\b|中文", re.IGNORECASE),
}


@dataclass(frozen=True)
class Turn:
    """One chat message; an assistant turn may carry the clause ids its answer cited."""

    role: Role
    content: str
    clause_ids: tuple[str, ...] = ()


def reply_language(history: Sequence[Turn]) -> str | None:
    """The language a system message asks the answers to be in ("Answer in English.", "请用繁體中文回答"), if any."""
    for turn in reversed(history):
        if turn.role != "system":
            continue
        for lang, pattern in _LANG_RE.items():
            if pattern.search(turn.content):
                return lang
    return None


def language_of(message: str, history: Sequence[Turn] = ()) -> str:
    """The language the user writes in (the reply's language unless a system message asks otherwise).
    A short Chinese message often has no character that tells Simplified from Traditional ("那廊坊呢"
    is both): it is then in the language of the user's previous Chinese message."""
    lang = detect_lang(message)
    if lang == "zh-Hans" and to_traditional(message) == message:
        for turn in reversed(history):
            if turn.role == "user" and (earlier := detect_lang(turn.content)) != "en":
                return earlier
    return lang


UNDERSTOOD_AS = {"zh-Hans": "理解为：{question}", "zh-Hant": "理解為：{question}", "en": "Understood as: {question}"}


def understood_as(question: str, lang: str | None) -> str:
    """The line shown above an answer to a follow-up, so a wrong resolution is seen and can be rephrased."""
    return UNDERSTOOD_AS.get(lang or "", UNDERSTOOD_AS["zh-Hans"]).format(question=question)


def turns(messages: Sequence[tuple[str, str] | tuple[str, str, Sequence[str]]]) -> list[Turn]:
    """Chat messages as Turns: (role, content[, cited clause ids]); OpenAI's `developer` counts as a system
    message, tool and function messages are no part of the conversation."""
    out = []
    for role, content, *rest in messages:
        role = "system" if role == "developer" else role
        if role in ("system", "user", "assistant"):
            out.append(Turn(role, content, tuple(rest[0]) if rest else ()))  # type: ignore[arg-type]
    return out


def read_history(text: str, source: str = "history") -> list[Turn]:
    """A chat history written as a JSON array of {"role", "content"[, "clause_ids"]}, as JSON Lines of
    them, or as an OpenAI request body ({"messages": [...]}); ValueError says what is wrong."""
    text = text.strip()
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as e:
            raise ValueError(f"{source}: not JSON (an array of {{role, content}} or JSON Lines): {e}") from None
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        data = data["messages"]
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a list of messages {{role, content}}")
    messages = []
    for i, m in enumerate(data, start=1):
        role, content = (m.get("role"), m.get("content")) if isinstance(m, dict) else (None, None)
        if role not in ("system", "developer", "user", "assistant", "tool", "function") or not isinstance(content, str):
            raise ValueError(f"{source}: message {i} needs a role (system, user or assistant) and a string content")
        ids = m.get("clause_ids") or []
        if not isinstance(ids, list) or not all(isinstance(x, str) for x in ids):
            raise ValueError(f"{source}: message {i}: clause_ids must be a list of strings")
        messages.append((role, content, ids))
    return turns(messages)
