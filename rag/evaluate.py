"""Offline evaluation on a gold file (schema in CONTRACT.md).

Retrieval metrics are computed from evidence spans, never from clause ids, so
they stay valid when the chunker changes: a passage "contains" a span when the
span occurs in the passage text or its heading path, after both are converted to
Simplified Chinese and stripped of white space (`normalize.match_key`). An
answerable item scores at rank r when the r-th passage is the first to contain
one of its evidence spans.

Gold items may carry a `split` (dev | test): tune on dev, only score test. The
report gives every metric overall and per split, language and question form, and
lists the items whose answer hangs on a value within NEAR_THRESHOLD of a composer
threshold (fragile decisions that a small change anywhere can flip).

Baselines run in the same process on the same questions: BM25 only, dense only,
and llama-index's default pipeline (SentenceSplitter 1024/200, same embedder,
vector retrieval).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, Field

from .normalize import aligned_simplified, match_key

ItemT = TypeVar("ItemT", bound=BaseModel)
Lang = Literal["zh-Hans", "zh-Hant", "en"]
Split = Literal["dev", "test"]
SPLITS = ("dev", "test", "all")
RETRIEVAL_KEYS = ("hit@1", "hit@3", "hit@5", "mrr")
ANSWER_KEYS = ("answer_acc", "cited_support", "answered_rate", "abstain_acc")
# A decision whose deciding value lies this close to its threshold is reported as fragile.
NEAR_THRESHOLD = 0.02


class GoldItem(BaseModel):
    id: str
    question: str
    lang: Lang
    answerable: bool
    seed: str | list[str] | None = None
    evidence: list[str] = Field(default_factory=list)
    answer_any: list[str] = Field(default_factory=list)
    answer_all: list[str] = Field(default_factory=list)
    kind: str
    split: Split | None = None  # none: the whole file is one set (blind and newdocs sets are test-only)
    form: str | None = None  # yesno, either-or, list, count, doc-fact, keyword, chatty, near-miss …
    short: str | None = None  # the expected short answer, as the document writes it
    note: str | None = None  # for a human reviewer


def load_items(path: Path, model: type[ItemT], split: str = "all", what: str = "gold item") -> list[ItemT]:
    """The items of a JSON Lines file of `model`s (each line checked, its number named on error); with
    split dev or test, only that split's items (an item without a split belongs to test: sets written
    blind are test-only)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(model.model_validate_json(line))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: not a {what} ({str(e).splitlines()[0]})") from None
    if not items:
        raise ValueError(f"{path}: no {what}s")
    if split != "all":
        items = [i for i in items if (getattr(i, "split", None) or "test") == split]
        if not items:
            raise ValueError(f"{path}: no items in split {split!r}")
    return items


def load_gold(path: Path, split: str = "all") -> list[GoldItem]:
    return load_items(path, GoldItem, split)


def first_relevant_rank(passages: Sequence[str], evidence: Sequence[str]) -> int | None:
    keys = [match_key(e) for e in evidence if e.strip()]
    for rank, passage in enumerate(passages, start=1):
        text = match_key(passage)
        if any(k in text for k in keys):
            return rank
    return None


def retrieval_metrics(ranks: Sequence[int | None]) -> dict[str, float]:
    n = len(ranks)
    if not n:
        return {k: 0.0 for k in RETRIEVAL_KEYS} | {"n": 0}
    return {
        "n": n,
        "hit@1": sum(r is not None and r <= 1 for r in ranks) / n,
        "hit@3": sum(r is not None and r <= 3 for r in ranks) / n,
        "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
    }


def answer_correct(answer: str, item: GoldItem) -> bool:
    text = match_key(answer)
    any_ok = not item.answer_any or any(match_key(a) in text for a in item.answer_any)
    all_ok = all(match_key(a) in text for a in item.answer_all)
    return any_ok and all_ok


def citation_supported(quotes: Sequence[str], evidence: Sequence[str]) -> bool:
    """A quote overlaps an evidence span: one contains the other, or they share 8+ characters."""
    for q in map(match_key, quotes):
        for e in map(match_key, evidence):
            if e in q or q in e or _longest_common_run(q, e) >= min(8, len(e)):
                return True
    return False


def _longest_common_run(a: str, b: str) -> int:
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, start=1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def _percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _hit_passages(hits) -> list[str]:
    return [" ".join(h.section_path) + "\n" + h.text for h in hits]


Retrieve = Callable[[str, int], list[str]]


def evaluate(
    assistant,
    items: Sequence[GoldItem],
    baselines: dict[str, Retrieve] | None = None,
    with_answers: bool = True,
    top_k: int = 5,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    answerable = [i for i in items if i.answerable]
    per_item: list[dict] = []
    latencies_search: list[float] = []
    latencies_ask: list[float] = []
    for n, item in enumerate(items, start=1):
        row: dict = {"id": item.id, "lang": item.lang, "answerable": item.answerable,
                     "split": item.split or "test", "form": item.form or item.kind}
        t = time.perf_counter()
        result = assistant.search(item.question, top_k)
        latencies_search.append((time.perf_counter() - t) * 1000)
        if item.answerable:
            row["rank"] = first_relevant_rank(_hit_passages(result.hits), item.evidence)
        if with_answers and hasattr(assistant, "ask"):
            t = time.perf_counter()
            answer = assistant.ask(item.question, top_k)
            latencies_ask.append((time.perf_counter() - t) * 1000)
            row["answered"] = answer.answered
            row["reason"] = answer.meta.get("reason")
            row["margins"] = dict(answer.meta.get("margins") or {})
            row |= answer_outcome(answer, item)
            row["answer"] = answer.answer
        per_item.append(row)
        if progress:
            progress(n, len(items))

    report = _summarise(per_item, with_answers and hasattr(assistant, "ask"))
    report["n"] = len(items)
    report["n_answerable"] = len(answerable)
    report["n_unanswerable"] = len(items) - len(answerable)
    report["latency_ms"] = {
        "p50": round(_percentile(latencies_ask or latencies_search, 0.5), 2),
        "p95": round(_percentile(latencies_ask or latencies_search, 0.95), 2),
        "search_p50": round(_percentile(latencies_search, 0.5), 2),
        "search_p95": round(_percentile(latencies_search, 0.95), 2),
    }
    answers = with_answers and hasattr(assistant, "ask")
    for key, field in (("by_lang", "lang"), ("by_split", "split"), ("by_form", "form")):
        report[key] = {value: _summarise([r for r in per_item if r[field] == value], answers)
                       | {"n": sum(r[field] == value for r in per_item)}
                       for value in sorted({r[field] for r in per_item}, key=_order)}
    report["near_threshold"] = near_threshold(per_item)
    report["items_digest"] = items_digest(per_item)
    report["baselines"] = {}
    for name, retrieve in (baselines or {}).items():
        ranks, by_lang = [], {}
        for item in answerable:
            rank = first_relevant_rank(retrieve(item.question, top_k), item.evidence)
            ranks.append(rank)
            by_lang.setdefault(item.lang, []).append(rank)
        report["baselines"][name] = _rounded(retrieval_metrics(ranks)) | {
            "by_lang": {lang: _rounded(retrieval_metrics(r)) for lang, r in sorted(by_lang.items())}
        }
    report["items"] = per_item
    return report


def _order(value: str) -> tuple[int, str]:
    known = ("zh-Hans", "zh-Hant", "en", "dev", "test")
    return (known.index(value), "") if value in known else (len(known), value)


def near_threshold(rows: Sequence[dict], within: float | None = None) -> list[dict]:
    """Items whose answer depends on a value within `within` of a composer threshold."""
    within = NEAR_THRESHOLD if within is None else within
    out = []
    for r in rows:
        close = {k: v for k, v in (r.get("margins") or {}).items() if abs(v) < within}
        if close:
            out.append({"id": r["id"], "answered": r.get("answered"), "margins": close})
    return out


def items_digest(rows: Sequence[dict]) -> str:
    """A fingerprint of every item's outcome: two runs of the same tree must print the same digest."""
    keys = ("id", "rank", "answered", "correct", "supported", "answer")
    outcome = [[r.get(k) for k in keys] for r in rows]
    return hashlib.sha256(json.dumps(outcome, ensure_ascii=False).encode()).hexdigest()[:16]


def _rounded(d: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in d.items()}


def _summarise(rows: list[dict], with_answers: bool) -> dict:
    ans = [r for r in rows if r["answerable"]]
    out = retrieval_metrics([r.get("rank") for r in ans])
    out.pop("n")
    if with_answers:
        out |= answer_metrics(rows)
    return _rounded(out)


def answer_outcome(answer, item: GoldItem) -> dict[str, bool]:
    """What one answer (anything with answered, answer and citations) scores for one gold item."""
    row = {"answered": answer.answered}
    if item.answerable:
        row["correct"] = answer.answered and answer_correct(answer.answer, item)
        row["supported"] = answer.answered and citation_supported([c.quote for c in answer.citations], item.evidence)
        if answer.answered and short_scored(item):
            short = getattr(answer, "short_answer", None)
            row["short"] = short_correct(short.text if short else None, item.short or "")
    return row


_YES, _NO = {"是", "yes"}, {"否", "no"}


def short_scored(item: GoldItem) -> bool:
    """Items whose expected short answer is a figure, a date or yes/no (what a short answer must give)."""
    from .sentences import facts

    gold = (item.short or "").strip()
    return bool(gold) and (gold.lower() in _YES | _NO or bool(facts(aligned_simplified(gold))))


def short_correct(ours: str | None, gold: str) -> bool:
    """Our short answer gives the expected one: the same polarity, the same text, or the same value
    (百分之七十 = 70%)."""
    from .answer.premise import figures

    if not ours:
        return False
    gold = gold.strip()
    if gold.lower() in _YES | _NO:
        return (gold.lower() in _YES) == (ours.strip().lower() in _YES)
    a, b = match_key(ours), match_key(gold)
    if a and (b in a or (len(a) >= 2 and a in b)):
        return True
    from .docrecord import iso_date

    if (day := iso_date(ours)) is not None and day == iso_date(gold):  # 2016-11-29 = 2016年11月29日
        return True
    if (count := _count_value(ours)) is not None and count == _count_value(gold):
        return True
    return bool(set(figures(aligned_simplified(ours))) & set(figures(aligned_simplified(gold))))


# A count is compared by its value: 五 (the last item's number, as the document writes it) gives 5项 or 5个
# (figures() reads sums, shares and periods, no bare count: every count short answer written otherwise than
# the gold one was scored wrong). Only a whole answer that is a numeral, with a measure word or the listed
# items after it in brackets.
_COUNT_RE = re.compile(r"^\s*(\d{1,4}|[一二两三四五六七八九十百]{1,4})\s*(?:个|项|类|种|条|章|次|家|名|人|级|大类|方面|部分|款|款项)?"
                       r"\s*(?:[（(].*[)）])?\s*$")


def _count_value(text: str) -> int | None:
    from .chunker import cn_to_int

    m = _COUNT_RE.match(aligned_simplified(text))
    if m is None:
        return None
    number = m.group(1)
    return int(number) if number.isdigit() else cn_to_int(number.replace("两", "二"))


def answer_metrics(rows: Sequence[dict]) -> dict[str, float]:
    """The answer metrics of rows carrying `answerable` and an `answer_outcome`."""
    ans = [r for r in rows if r["answerable"]]
    unans = [r for r in rows if not r["answerable"]]
    return _rounded({
        "answer_acc": sum(r.get("correct", False) for r in ans) / len(ans) if ans else 0.0,
        "cited_support": sum(r.get("supported", False) for r in ans) / len(ans) if ans else 0.0,
        "answered_rate": sum(r.get("answered", False) for r in ans) / len(ans) if ans else 0.0,
        "abstain_acc": sum(not r.get("answered", True) for r in unans) / len(unans) if unans else 1.0,
    }) | ({"short_acc": round(sum(r["short"] for r in shorts) / len(shorts), 4), "n_short": len(shorts)}
          if (shorts := [r for r in rows if "short" in r]) else {})


# --- reports -------------------------------------------------------------------

def write_reports(report: dict, out_dir: Path, stem: str = "eval") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{stem}.json"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    md_path = out_dir / f"{stem}.md"
    md_path.write_text(markdown_report(report), encoding="utf-8")
    png_path = out_dir / f"{stem}.png"
    _chart(report, png_path)
    return [json_path, md_path, png_path]


def markdown_report(report: dict) -> str:
    lines = [
        f"# Evaluation report: {report.get('gold', 'gold.jsonl')}, split {report.get('split', 'all')}",
        "",
        f"{report['n']} gold questions ({report['n_answerable']} answerable, {report['n_unanswerable']} unanswerable).",
        "",
        "## Retrieval (answerable items; evidence span in the top-k passages)",
        "",
        "| system | hit@1 | hit@3 | hit@5 | MRR | hit@5 en |",
        "|---|---|---|---|---|---|",
    ]
    en = report["by_lang"].get("en", {})
    lines.append(f"| **ours (hybrid)** | {report['hit@1']:.3f} | {report['hit@3']:.3f} | {report['hit@5']:.3f} | "
                 f"{report['mrr']:.3f} | {en.get('hit@5', 0):.3f} |")
    for name, b in report["baselines"].items():
        lines.append(f"| {name} | {b['hit@1']:.3f} | {b['hit@3']:.3f} | {b['hit@5']:.3f} | {b['mrr']:.3f} | "
                     f"{b['by_lang'].get('en', {}).get('hit@5', 0):.3f} |")
    lines += ["", "## By language", "", "| lang | n | hit@1 | hit@5 | MRR |"
              + (" answer_acc | cited_support | answered_rate | abstain_acc |" if "answer_acc" in report else ""),
              "|---|---|---|---|---|" + ("---|---|---|---|" if "answer_acc" in report else "")]
    for lang, m in report["by_lang"].items():
        row = f"| {lang} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['mrr']:.3f} |"
        if "answer_acc" in m:
            row += f" {m['answer_acc']:.3f} | {m['cited_support']:.3f} | {m['answered_rate']:.3f} | {m['abstain_acc']:.3f} |"
        lines.append(row)
    for key, title in (("by_split", "By split"), ("by_form", "By question form")):
        if len(report.get(key, {})) > 1 or key == "by_split":
            lines += ["", f"## {title}", "", "| | n | hit@1 | hit@5 |"
                      + (" answer_acc | cited_support | answered_rate | abstain_acc |" if "answer_acc" in report else ""),
                      "|---|---|---|---|" + ("---|---|---|---|" if "answer_acc" in report else "")]
            for name, m in report.get(key, {}).items():
                row = f"| {name} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} |"
                if "answer_acc" in m:
                    row += (f" {m['answer_acc']:.3f} | {m['cited_support']:.3f} | {m['answered_rate']:.3f} |"
                            f" {m['abstain_acc']:.3f} |")
                lines.append(row)
    if "answer_acc" in report:
        lines += ["", "## Answers", "",
                  f"- answer_acc {report['answer_acc']:.3f}, cited_support {report['cited_support']:.3f}, "
                  f"answered_rate {report['answered_rate']:.3f}, abstain_acc {report['abstain_acc']:.3f}"]
    lat = report["latency_ms"]
    lines += ["", f"Latency (warm, in-process): search p50 {lat['search_p50']:.1f} ms, p95 {lat['search_p95']:.1f} ms"
              + (f"; ask p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms" if "answer_acc" in report else "") + ".", ""]
    misses = [r["id"] for r in report["items"] if r["answerable"] and r.get("rank") is None]
    lines += [f"Retrieval misses at top-5: {', '.join(misses) or 'none'}", ""]
    near = report.get("near_threshold", [])
    lines += [f"Items within 0.02 of a composer threshold ({len(near)}): "
              + (", ".join(f"{n['id']} ({', '.join(f'{k} {v:+.3f}' for k, v in n['margins'].items())})" for n in near)
                 or "none"),
              "", f"Per-item digest: `{report.get('items_digest', '')}` (two runs of one tree print the same).", ""]
    return "\n".join(lines)


def _chart(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems = {"ours (hybrid)": report} | report["baselines"]
    metrics = ["hit@1", "hit@3", "hit@5", "mrr"]
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(systems)
    for i, (name, m) in enumerate(systems.items()):
        ax.bar([x + i * width for x in range(len(metrics))], [m[k] for k in metrics], width, label=name)
    ax.set_xticks([x + width * (len(systems) - 1) / 2 for x in range(len(metrics))], metrics)
    ax.set_ylim(0, 1)
    ax.set_title(f"Retrieval on {report['n_answerable']} answerable gold questions")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def summary_table(report: dict) -> str:
    keys = [*RETRIEVAL_KEYS] + [k for k in ("answer_acc", "cited_support", "abstain_acc", "answered_rate") if k in report]
    rows = [("ours", report), *report["baselines"].items()]
    head = f"{'system':<22}" + "".join(f"{k:>14}" for k in keys)
    body = [f"{name:<22}" + "".join(f"{m.get(k, float('nan')):>14.3f}" for k in keys) for name, m in rows]
    lat = report["latency_ms"]
    return "\n".join([head, *body, f"latency p50 {lat['p50']:.1f} ms, p95 {lat['p95']:.1f} ms"])

