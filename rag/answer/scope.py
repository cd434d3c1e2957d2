"""The scope of a question about one place: it is answered from the clauses that hold there first.

A question about one place ("北京…", "in Langfang") whose hits mix that place's clauses with other
places' has that place's clauses moved to the front, in their order, so the answer's leading quote —
the one that carries the value — is not another place's figure with the right place's clause cited
after it (dev: a Langfang subsidy quoted for a Beijing question, with a Beijing clause second). The
other hits stay behind them: the gates and the answerability model read the whole list, as they were
fitted. Dropping them instead gained the same dev answers but let three dev unanswerables through.
Questions about several places are searched per place (Assistant._search_per_place): left alone here.
"""

from __future__ import annotations

from ..models import Hit
from ..question import Question
from .features import Featurizer, governs


def place_scoped(q: Question, hits: list[Hit], featurizer: Featurizer) -> list[Hit]:
    """`hits` with those that hold for the one place `q` is about first (each group in its order);
    unchanged when none or all do, when no place or several are named."""
    if len(q.places) != 1 or q.multi_doc:
        return hits
    place = q.places[0]
    strict = governs(q, place)
    holding = [h for h in hits if featurizer.speaks_for(h, h.text, place, subject=True, asked=q.places, strict=strict)]
    if not 0 < len(holding) < len(hits):
        return hits
    return holding + [h for h in hits if h not in holding]
