"""Per-rule ablation of the extractive composer (`rag eval --ablate`).

Each named scoring rule of the extractive composer (`compose.SWITCHES`) and each
abstention gate (`answer.gates.GATE_NAMES`) is switched off alone and the answer
metrics are recomputed on the same retrieved hits, so the difference is the
rule's own effect on that set. Retrieval runs once per question; composing is cheap,
so a full ablation of the dev split takes about as long as one `rag eval`.

The drafts are scored as composed, before the citation checker: the extractive
composer quotes verbatim, so the checker never changes what it answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from .evaluate import ANSWER_KEYS as METRICS
from .evaluate import GoldItem, answer_metrics
from .evaluate import answer_outcome as outcomes  # what one draft scores for one gold item


def metrics(items: Sequence[GoldItem], rows: Sequence[dict[str, bool]]) -> dict[str, float]:
    """The answer metrics of `outcomes` rows, one per item."""
    return answer_metrics([r | {"answerable": i.answerable} for i, r in zip(items, rows, strict=True)])


def ablate(assistant, items: Sequence[GoldItem], switches: Sequence[str] | None = None, top_k: int = 5,
           progress: Callable[[int, int], None] | None = None) -> dict:
    from .answer.gates import GATE_NAMES
    from .answer.policy import AnswerPolicy
    from .compose import SWITCHES, ExtractiveComposer

    switches = list((*GATE_NAMES, *SWITCHES) if switches is None else switches)
    prepared = []
    for n, item in enumerate(items, start=1):
        prepared.append(assistant.retrieve_for_answer(item.question, top_k))
        if progress:
            progress(n, len(items) + len(switches))
    index = assistant.index

    policy = assistant.policy

    def run(off: frozenset[str]) -> list[dict[str, bool]]:
        composer = ExtractiveComposer(index.keyword, index.expander, index.documents, off=off - set(GATE_NAMES))
        judge = AnswerPolicy(policy.featurizer, policy.model, off=off & set(GATE_NAMES))
        return [outcomes(judge.judge(q, composer.compose(q, found.hits), found.hits), item)
                for item, (q, found) in zip(items, prepared, strict=True)]

    base_rows = run(frozenset())
    base = metrics(items, base_rows)
    english = [i for i, item in enumerate(items) if item.lang == "en"]
    report: dict = {"n": len(items), "baseline": base, "switches": {}}
    for k, switch in enumerate(switches, start=1):
        rows = run(frozenset({switch}))
        m = metrics(items, rows)
        changed = [item.id for item, a, b in zip(items, base_rows, rows, strict=True) if a != b]
        report["switches"][switch] = {
            "delta": {key: round(m[key] - base[key], 4) for key in METRICS},
            "delta_en_answer_acc": round(
                metrics([items[i] for i in english], [rows[i] for i in english])["answer_acc"]
                - metrics([items[i] for i in english], [base_rows[i] for i in english])["answer_acc"], 4)
            if english else 0.0,
            "changed": changed,
        }
        if progress:
            progress(len(items) + k, len(items) + len(switches))
    return report


def markdown(report: dict, title: str) -> str:
    b = report["baseline"]
    lines = [f"# Ablation: {title}", "",
             f"{report['n']} questions. With every rule on: " + ", ".join(f"{k} {b[k]:.3f}" for k in METRICS) + ".",
             "", "Each row switches one rule off; the figures are the change (negative: the rule helps).", "",
             "| rule switched off | answer_acc | cited_support | answered_rate | abstain_acc | en answer_acc | items changed |",
             "|---|---|---|---|---|---|---|"]
    for name, row in report["switches"].items():
        d = row["delta"]
        lines.append(f"| {name} | {d['answer_acc']:+.3f} | {d['cited_support']:+.3f} | {d['answered_rate']:+.3f} | "
                     f"{d['abstain_acc']:+.3f} | {row['delta_en_answer_acc']:+.3f} | {len(row['changed'])} |")
    idle = [name for name, row in report["switches"].items() if not row["changed"]]
    lines += ["", f"Rules that change nothing here: {', '.join(idle) or 'none'}.", ""]
    return "\n".join(lines)


def write(report: dict, out_dir: Path, stem: str, title: str) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    md_path.write_text(markdown(report, title), encoding="utf-8")
    return [json_path, md_path]
