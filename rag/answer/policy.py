"""The answer policy: a composer's draft is judged by the abstention gates, whatever composed it.

The extractive composer, the LLM composer and any future one only select and word;
this decides whether the documents answer. A draft that fails a gate is replaced by
a plain abstention in the question's language; every verdict, the answer's features,
the fitted model's probability and the margins to each threshold go into the meta.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..models import Hit
from ..normalize import normalize
from ..question import Question, analyse
from . import gates, messages, short, yesno
from .features import Featurizer, evidence_of
from .premise import level_conflict
from .scoring import LogisticModel

MODEL_PATH = Path(__file__).with_name("answerable.json")
SHORT_TIER = True  # (ablation switch)
# A question asking a figure, answered from quotes in none of which a value of the asked kind answers it
# (the fact gate saw *some* figure in the first quote): the documents do not state it (forms 2 dev: 3
# near-miss refusals — 设了几个办事机构 over 下设若干, 已经认定了多少家 over a reward's 10万元 — and no
# answerable item lost over the six dev sets). (ablation switch)
NO_VALUE_REFUSAL = True
# (the intents, not every figure the words hint at: "what subsidy …" refused six answerable dev items
# whose clause gives 一定比例 or no figure at all, for two near-misses)
VALUE_INTENTS = frozenset({"number", "money"})


def load_model(path: Path = MODEL_PATH) -> LogisticModel | None:
    """The answerability model (the shipped one by default). The shipped file missing means no model
    (the hard gates alone decide); a model file named explicitly must exist."""
    if path == MODEL_PATH and not path.is_file():
        return None
    if not path.is_file():
        raise FileNotFoundError(f"answerability model not found: {path}")
    return LogisticModel.load(path)


def with_short_answer(q: Question, draft, featurizer: Featurizer | None = None):
    """The draft opening with the asked-for value from one of its quotes, when it has one (rag.answer.short)."""
    topic, terms, stated, counted, option_forms = None, None, None, None, None
    if featurizer is not None:
        option_forms = lambda text: [forms for forms, _ in featurizer.concepts(analyse(text))]  # noqa: E731
        groups = featurizer.concepts(q)
        topic = lambda text: featurizer.coverage(groups, normalize(text))  # noqa: E731
        terms = [form for forms, _ in groups for form in forms if len(form) >= 2]
        content = [(forms, w) for forms, w in groups if not yesno.FRAME_WORDS.intersection(forms)]
        stated = lambda text: featurizer.coverage(content, normalize(text))  # noqa: E731
        thing = short.EN_COUNTED_RE.search(q.normalised) if q.is_english else None
        if thing:  # "how many safeguard measures": the Chinese words of the thing counted
            things = featurizer.concepts(analyse(thing.group(1)))
            counted = lambda text: featurizer.coverage(things, normalize(text))  # noqa: E731
    found = short.find(q, draft.citations, topic, terms, stated, counted, option_forms)
    if found is None:
        return draft
    draft.short = found
    draft.answer = messages.short_line(q, found) + "\n" + draft.answer
    return draft


def without_short_answer(q: Question, draft):
    """The draft without its short-answer line (when documents disagree on the value, none goes first)."""
    line = messages.short_line(q, draft.short) + "\n"
    draft.answer = draft.answer.replace(line, "", 1)
    draft.short = None
    return draft


class AnswerPolicy:
    def __init__(self, featurizer: Featurizer, model: LogisticModel | None = None,
                 off: frozenset[str] = frozenset()) -> None:
        unknown = set(off) - set(gates.GATE_NAMES)
        if unknown:
            raise ValueError(f"unknown gate(s): {', '.join(sorted(unknown))}")
        self.featurizer = featurizer
        self.model = model
        self.off = frozenset(off)

    @staticmethod
    def _short_of_another_level(q: Question, draft, evidence):
        """The quote whose sentence gives the short answer, when that sentence names another level than the
        question asks (a "provincial base" answered with 市级协同创新基地's 10万元 from the second quote: the
        tier gate reads the first quote only; forms dev); else None."""
        short = draft.short
        if short is None or short.kind in ("yesno", "option", "unit", "names") or not SHORT_TIER:
            return None
        quote = next((c.quote for c in draft.citations if c.n == short.n), "")
        ev = next((e for e in evidence if e.span.text == quote), None)
        at = quote.find(short.text)
        if ev is None or at < 0:
            return None
        sentence = next((m.group(0) for m in re.finditer(r"[^。；;！？!?]+[。；;！？!?]?", quote)
                         if m.start() <= at < m.end()), quote)
        return ev if level_conflict(q, normalize(sentence)) is not None else None

    @staticmethod
    def asks_a_value_not_given(q: Question, draft) -> bool:
        """A one-value figure question (not yes/no, a list, a comparison or several documents) whose draft
        found no short answer."""
        return (NO_VALUE_REFUSAL and draft.short is None and bool(q.intents & VALUE_INTENTS) and not q.multi_doc
                and not q.intents & {"yesno", "list"})

    def assess(self, q: Question, draft, hits: list[Hit]) -> gates.Judged:
        """What the gates look at for an answered draft: its evidence, features and the model's probability."""
        evidence = evidence_of(draft.citations, hits)
        features = self.featurizer.of_answer(q, evidence, hits)
        judged = gates.Judged(q, evidence, hits, features, self.featurizer)
        if self.model is not None and "gate:answerable" not in self.off:
            judged.p_answerable = self.model.probability(features)
            judged.threshold = self.model.threshold
        return judged

    def judge(self, q: Question, draft, hits: list[Hit]):
        """The draft if every gate passes, else an abstention; meta records why either way."""
        if not draft.answered:
            return draft
        judged = self.assess(q, draft, hits)
        evidence, features = judged.evidence, judged.features
        off = self.off if judged.p_answerable is not None else self.off | {"gate:answerable"}
        failed, verdicts = gates.run(judged, off)
        margins = dict(draft.meta.get("margins") or {})
        margins.update(judged.margins)
        meta = {**draft.meta, "gates": verdicts, "features": {k: round(v, 4) for k, v in features.items()},
                "margins": {k: round(v, 4) for k, v in sorted(margins.items())}}
        if judged.p_answerable is not None:
            meta["p_answerable"] = round(judged.p_answerable, 4)
        if failed is None:
            draft.meta = meta
            draft = with_short_answer(q, draft, self.featurizer)
            # (the fact gate's second half: switched off with it, `rag eval --ablate` / off={"gate:fact"})
            if "gate:fact" not in self.off and self.asks_a_value_not_given(q, draft):
                meta |= {"reason": "fact", "gate": "gate:value"}
                return type(draft)(messages.abstention(q, "fact", evidence, self.featurizer), [], False, meta)
            other_level = self._short_of_another_level(q, draft, evidence)
            if other_level is None:
                return draft
            meta |= {"reason": "tier", "gate": "gate:tier"}
            return type(draft)(messages.abstention(q, "tier", [other_level], self.featurizer), [], False, meta)
        # a refusal whose answer does not answer for a place the question names says so, whichever gate refused
        reason = "place" if failed.reason == "coverage" and not features["places_covered"] else failed.reason
        meta |= {"reason": reason, "gate": failed.name}
        return type(draft)(messages.abstention(q, reason, evidence, self.featurizer), [], False, meta)
