"""Follow-up questions resolved against the chat history, by rules, without an LLM.

A chat message either stands alone or leans on the previous question ("那廊坊呢？", "期限呢？",
"who leads it?"). `resolve` decides which and, for a follow-up, writes the standalone question it
means, which is what gets answered and what the user is shown ("理解为：…"), so a wrong resolution is
visible and can be corrected by rephrasing. Four forms:

- swap: the previous question with its place (or tier, programme …) replaced: "那廊坊呢", "And Langfang?";
- slot: the previous question's topic with a new asked detail: "期限呢？", "what about the deadline?";
- pronoun: "它的目标是什么", "who leads it?": the pronoun replaced by the previous question's topic;
- standalone: a complete question is answered exactly as typed, whatever came before.

The previous question is itself resolved against its own history first, so a chain of follow-ups
keeps its topic. The clauses our previous answer cited ride along (`prior_clause_ids`): a follow-up
about the same topic is often answered by the same or a neighbouring clause.

The words that mark a follow-up are data (rag/lexicons/followup.json); messages are normalised
(NFKC, Simplified) before they are read, so the resolved question of a Traditional-Chinese chat is
written in Simplified characters, and the reply language is taken from what the user typed.
Resolution is string work on two short texts: microseconds, not the ≤ 5 ms the issue allows.

The parts, each importing only those listed before it: `history` (Turns, the reply language), `markers`
(the follow-up words and the form a message has), `swaps` and `topic` (writing the standalone question),
`resolution` (`resolve`), `rewrite` (an LLM's rewrite, checked). A rule's switch is set where it
is read: `rag.conversation.topic.RESTRICTIONS = False`.
"""

from __future__ import annotations

from .history import MAX_TURNS, UNDERSTOOD_AS, Turn, language_of, read_history, reply_language, turns, understood_as
from .resolution import Resolution, repeats_previous, resolve, warm_up
from .rewrite import check_rewrite, entities

__all__ = [
    "MAX_TURNS",
    "UNDERSTOOD_AS",
    "Resolution",
    "Turn",
    "check_rewrite",
    "entities",
    "language_of",
    "read_history",
    "repeats_previous",
    "reply_language",
    "resolve",
    "turns",
    "understood_as",
    "warm_up",
]
