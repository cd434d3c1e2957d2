"""Fit the answerability model (rag/answer/answerable.json) reproducibly.

    python -m evals.train_answer [--sources dev,perturbed,stard,synthetic] [--out PATH] [--report]

Every training question goes through the real pipeline (retrieval, the extractive
composer, the hard gates); the features of its draft (`Featurizer.of_answer`) are the
model's input, and the label is whether that draft is a right answer:

- dev        the dev split of evals/gold.jsonl: 1 when answerable and the draft is
             correct, 0 when unanswerable or the draft is wrong;
- perturbed  near-misses made from dev answerable questions: their topic words with a
             slot the corpus never states (利率, 租金, 人均 …; "interest rate", "rent"): 0;
- stard      real laypeople's legal questions (STARD train split) that these policy
             documents do not answer: 0;
- synthetic  a fact-stating sentence of the corpus asked back ("…给予一次性奖励多少"):
             1 when the draft states that fact.

Only dev and the sources derived from it or from outside data are used; the test split,
evals/blind.jsonl and evals/newdocs are never read here.

"dev" means the dev split of evals/gold.jsonl plus evals/dev_blind.jsonl (written blind,
weighted towards near-miss traps and paraphrases). The threshold is chosen on out-of-fold
predictions for the real dev questions (5 folds; a perturbed question goes in the fold of the
dev item it came from, the other sources are always in training): the one that maximises the
mean of dev answer_acc and dev abstain_acc, among thresholds that keep the dev answered_rate
no more than MAX_ANSWERED_LOSS below what the hard gates alone give.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("dev", "perturbed", "stard", "synthetic")
# The shipped model's sources, chosen on dev (2026-12-02, out-of-fold, negatives = dev unanswerable +
# perturbed): dev+perturbed objective 0.844 (answer_acc 0.896, abstain_acc 0.791); all four 0.801;
# the hard gates alone 0.731. dev alone, dev+stard and dev+synthetic never raise the threshold above
# its floor: 15 real unanswerable dev questions are too few to learn from.
DEFAULT_SOURCES = ("dev", "perturbed")
# The model may lower the dev answered_rate by at most this much below the hard gates alone: at an
# absolute floor of 0.93 it took 5.6 points of dev answer_acc (out-of-fold) for abstention on mostly
# synthetic negatives and refused paraphrases such as 科研人员 for 科技人员.
MAX_ANSWERED_LOSS = 0.03
FOLDS = 5
SEED = 20261202
N_STARD = 300
N_SYNTHETIC = 200
# slots a policy question may ask that these documents never state; only those the corpus lacks are used
SLOTS_ZH = ("利率", "租金", "人均金额", "年薪", "违约金", "保证金", "手续费", "税率", "贴息率", "申报截止日期", "审批时限", "门槛")
# slots the corpus does state somewhere: swapping the asked one for one the answering clause lacks makes
# a near-miss in the corpus's own words ("奖励比例" → "奖励期限" where the clause gives only a share)
SLOT_WORDS = ("比例", "金额", "期限", "上限", "人数", "面积", "利率", "标准", "规模", "目标", "年限", "数量", "额度", "时间")
SLOTS_EN = ("interest rate", "rent", "tax rate", "annual salary", "penalty", "deposit", "application fee")


@dataclass
class Example:
    source: str
    question: str
    label: int
    group: str  # the dev item it came from (folds keep a group together)
    expected: str = ""  # synthetic: the fact the draft must state
    features: dict | None = None
    hard_pass: bool = True  # every gate but the model passed


DEV_BLIND = ROOT / "evals" / "dev_blind.jsonl"


def dev_items() -> list:
    """The dev split of gold.jsonl and, when present, the blind-written dev set (near-miss traps and
    paraphrases): the only questions studied."""
    from rag.evaluate import load_gold

    items = load_gold(ROOT / "evals" / "gold.jsonl", "dev")
    return items + (load_gold(DEV_BLIND, "dev") if DEV_BLIND.is_file() else [])


def perturbed(items, featurizer, rng: random.Random, clauses: list[str] | None = None) -> list[Example]:
    from rag.normalize import match_key
    from rag.question import analyse

    vocab = featurizer.keyword.vocabulary_set
    slots_zh = [s for s in SLOTS_ZH if s not in vocab]
    keyed = [match_key(c) for c in clauses or []]
    out = []
    for item in items:
        if not item.answerable:
            continue
        q = analyse(item.question)
        if clauses and not q.is_english:
            answering = [c for c in keyed if any(match_key(e) in c for e in item.evidence)]
            asked = next((w for w in SLOT_WORDS if w in q.normalised), None)
            swaps = [w for w in SLOT_WORDS if w != asked and w in vocab and w not in q.normalised
                     and answering and not any(w in c for c in answering)]
            if asked and swaps:
                out.append(Example("perturbed", q.normalised.replace(asked, rng.choice(swaps), 1), 0, item.id))
        if q.is_english:
            words = re.findall(r"[A-Za-z][A-Za-z-]+", item.question)
            content = [w for w in words if len(w) > 3 and w.lower() not in {"what", "which", "does", "will", "many", "much"}]
            topic = " ".join(content[:6])
            if topic:
                out.append(Example("perturbed", f"What is the {rng.choice(SLOTS_EN)} for {topic}?", 0, item.id))
            continue
        concepts = sorted((g for g in featurizer.concepts(q) if g[0][0] in vocab), key=lambda g: -g[1])[:2]
        if len(concepts) == 2 and slots_zh:
            topic = "".join(g[0][0] for g in sorted(concepts, key=lambda g: q.normalised.find(g[0][0])))
            out.append(Example("perturbed", f"{topic}的{rng.choice(slots_zh)}是多少?", 0, item.id))
    return out


def stard(rng: random.Random) -> list[Example]:
    path = ROOT.parent / "shared" / "external" / "stard" / "example" / "train.query.txt"
    if not path.is_file():
        print(f"STARD questions not found at {path}; skipping that source", file=sys.stderr)
        return []
    rows = [line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines() if "\t" in line]
    picked = rng.sample(rows, min(N_STARD, len(rows)))
    return [Example("stard", text.strip(), 0, f"stard-{qid}") for qid, text in picked]


def synthetic(assistant, rng: random.Random) -> list[Example]:
    from rag.normalize import aligned_simplified
    from rag.sentences import facts, split_sentences

    candidates = []
    for clause in assistant.index.clauses:
        for span in split_sentences(clause.text, base=clause.start):
            text = aligned_simplified(span.text)
            found = facts(text, ("percent", "money"))
            if found and 12 <= len(text) <= 80:
                _, value = found[0]
                candidates.append((text.replace(value, "多少", 1).rstrip("。;；") + "?", value, clause.clause_id))
    picked = rng.sample(candidates, min(N_SYNTHETIC, len(candidates)))
    return [Example("synthetic", q, 1, f"syn-{i}-{cid}", expected=value) for i, (q, value, cid) in enumerate(picked)]


def featurise(assistant, examples: list[Example], items_by_id: dict) -> None:
    from rag.answer import gates
    from rag.evaluate import answer_correct
    from rag.normalize import aligned_simplified

    policy, composer = assistant.policy, assistant.extractive
    for n, ex in enumerate(examples, start=1):
        q, found = assistant.retrieve_for_answer(ex.question)
        draft = composer.compose(q, found.hits)
        judged = policy.assess(q, draft, found.hits)  # (a draft without citations has all-zero features)
        ex.features = judged.features
        failed, _ = gates.run(judged, frozenset({"gate:answerable"}))
        ex.hard_pass = draft.answered and failed is None
        if ex.source == "dev":
            item = items_by_id[ex.group]
            ex.label = int(item.answerable and draft.answered and answer_correct(draft.answer, item))
        elif ex.source == "synthetic":
            ex.label = int(draft.answered and ex.expected in aligned_simplified(draft.answer))
        if n % 100 == 0:
            print(f"  {n}/{len(examples)} questions", file=sys.stderr)


def matrix(examples: list[Example], names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([[ex.features[f] for f in names] for ex in examples]), np.array([ex.label for ex in examples]))


def choose_threshold(dev: list[Example], probs: np.ndarray, items_by_id: dict) -> tuple[float, dict]:
    """The threshold maximising mean(answer_acc, abstain_acc) on out-of-fold predictions for the real dev
    questions (synthetic ones train the model, they never choose its threshold)."""
    answerable = [i for i, ex in enumerate(dev) if ex.source == "dev" and items_by_id[ex.group].answerable]
    negatives = [i for i, ex in enumerate(dev) if ex.source == "dev" and not items_by_id[ex.group].answerable]
    floor = sum(dev[i].hard_pass for i in answerable) / len(answerable) - MAX_ANSWERED_LOSS
    best = (-1.0, 0.0, {})
    for t in np.round(np.arange(0.0, 0.96, 0.01), 2):
        answered = [dev[i].hard_pass and probs[i] >= t for i in range(len(dev))]
        answer_acc = sum(answered[i] and dev[i].label for i in answerable) / len(answerable)
        answered_rate = sum(answered[i] for i in answerable) / len(answerable)
        abstain_acc = sum(not answered[i] for i in negatives) / len(negatives)
        score = (answer_acc + abstain_acc) / 2
        if answered_rate >= floor - 1e-9 and score > best[0] + 1e-9:
            best = (score, float(t), {"answer_acc": round(answer_acc, 4), "abstain_acc": round(abstain_acc, 4),
                                      "answered_rate": round(answered_rate, 4), "objective": round(score, 4)})
    return best[1], best[2]


def train(assistant, sources: tuple[str, ...], l2: float = 1.0) -> tuple:
    from rag.answer.features import MODEL_FEATURES
    from rag.answer.scoring import fit

    rng = random.Random(SEED)
    items = dev_items()
    by_id = {i.id: i for i in items}
    examples = [Example("dev", i.question, 0, i.id) for i in items]
    featurizer = assistant.policy.featurizer
    extra: list[Example] = []
    if "perturbed" in sources:
        examples += perturbed(items, featurizer, rng, [c.text for c in assistant.index.clauses])
    if "stard" in sources:
        extra += stard(rng)
    if "synthetic" in sources:
        extra += synthetic(assistant, rng)
    featurise(assistant, examples + extra, by_id)
    names = list(MODEL_FEATURES)
    groups = sorted({ex.group for ex in examples})
    fold_of = {g: int(hashlib.sha256(g.encode()).hexdigest(), 16) % FOLDS for g in groups}
    oof = np.zeros(len(examples))
    for k in range(FOLDS):
        train_set = [ex for ex in examples if fold_of[ex.group] != k] + extra
        model = fit(*matrix(train_set, names), names, l2=l2)
        for i, ex in enumerate(examples):
            if fold_of[ex.group] == k:
                oof[i] = model.probability(ex.features)
    threshold, figures = choose_threshold(examples, oof, by_id)
    _, without = choose_threshold(examples, np.ones(len(examples)), by_id)  # the hard gates alone
    model = fit(*matrix(examples + extra, names), names, l2=l2)
    model.threshold = threshold
    fingerprint = hashlib.sha256(json.dumps([(ex.source, ex.question, ex.label) for ex in examples + extra],
                                            ensure_ascii=False).encode()).hexdigest()[:16]
    model.meta = {
        "sources": list(sources),
        "counts": {s: sum(ex.source == s for ex in examples + extra) for s in SOURCES},
        "positives": int(sum(ex.label for ex in examples + extra)),
        "training_fingerprint": fingerprint,
        "index_key": assistant.index.manifest.get("key"),
        "l2": l2,
        "threshold_rule": f"max mean(dev answer_acc, dev abstain_acc), "
                          f"out-of-fold ({FOLDS} folds), answered_rate >= the hard gates' - {MAX_ANSWERED_LOSS}",
        "dev_out_of_fold": figures,
        "dev_hard_gates_only": without,
    }
    return model, examples, extra


def main(argv: list[str] | None = None) -> int:
    from rag.answer.policy import MODEL_PATH
    from rag.assistant import Assistant
    from rag.config import Settings

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default=",".join(DEFAULT_SOURCES),
                    help="comma-separated, among: " + ", ".join(SOURCES) + " (default %(default)s)")
    ap.add_argument("--out", default=str(MODEL_PATH), help="where to write the model (default: the shipped one)")
    ap.add_argument("--l2", type=float, default=1.0)
    args = ap.parse_args(argv)
    sources = tuple(s for s in args.sources.split(",") if s)
    if "dev" not in sources or any(s not in SOURCES for s in sources):
        ap.error(f"sources must include dev and be among {', '.join(SOURCES)}")
    assistant = Assistant.open(Settings(root=ROOT), build_if_needed=True)
    assistant.warm_up()
    model, _, _ = train(assistant, sources, args.l2)
    model.save(Path(args.out))
    print(json.dumps({"out": args.out, "threshold": model.threshold, **model.meta}, ensure_ascii=False, indent=1))
    print("coefficients: " + ", ".join(f"{n} {w:+.2f}" for n, w in zip(model.features, model.coef, strict=True)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
