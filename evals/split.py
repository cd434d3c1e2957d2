"""Lock the evaluation sets: assign gold.jsonl's dev/test split once, and record a hash of every test item.

    python -m evals.split          # assign a split to items that have none (new items go to dev), write the lock
    python -m evals.split --check  # exit 1 when a locked test item was edited or removed

The split is stratified: items are ordered by (language, kind, document) and, inside
each stratum, by a hash of their id; every item whose running share would fall below
TEST_SHARE goes to test. So each stratum gets its share to within one item, and the
assignment depends on nothing but the ids. Once written it is never recomputed: an
item that has a split keeps it.

Sets written blind for testing (evals/blind.jsonl, evals/newdocs/gold.jsonl) are test-only:
all their items are locked; evals/conversations.jsonl was written blind with its own dev and test
parts: its test items are locked. evals/dev_blind.jsonl, written blind for studying, is dev and is
not locked. `evals/locks.json` holds sha256 of each locked item's
canonical JSON; tests/test_gold.py fails when one changes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "gold.jsonl"
TEST_ONLY = (ROOT / "evals" / "blind.jsonl", ROOT / "evals" / "newdocs" / "gold.jsonl")
# sets whose items carry their own split (written blind, dev and test parts): their test items are locked
SPLIT_SETS = (ROOT / "evals" / "conversations.jsonl",)
LOCKS = ROOT / "evals" / "locks.json"
TEST_SHARE = 0.45


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")


def stratum(item: dict) -> tuple[str, str, str]:
    seed = item.get("seed")
    first = (seed[0] if isinstance(seed, list) else seed) or "-"
    return (item["lang"], item["kind"], first)


def assign(items: list[dict], share: float = TEST_SHARE) -> dict[str, str]:
    """id -> split, for all items (stratified, deterministic)."""
    ordered = sorted(items, key=lambda i: (stratum(i), hashlib.sha256(i["id"].encode()).hexdigest()))
    out: dict[str, str] = {}
    test = 0
    for n, item in enumerate(ordered, start=1):
        if test < int(share * n + 0.5):
            out[item["id"]] = "test"
            test += 1
        else:
            out[item["id"]] = "dev"
    return out


def item_hash(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def locked_items() -> dict[str, dict[str, dict]]:
    """file (relative to the repository) -> id -> item, for every item that must never change."""
    out = {str(GOLD.relative_to(ROOT)): {i["id"]: i for i in read(GOLD) if i.get("split") == "test"}}
    for path in TEST_ONLY:
        if path.is_file():
            out[str(path.relative_to(ROOT))] = {i["id"]: i for i in read(path)}
    for path in SPLIT_SETS:
        if path.is_file():
            out[str(path.relative_to(ROOT))] = {i["id"]: i for i in read(path) if i.get("split") == "test"}
    return out


def check() -> list[str]:
    """Locked items that were edited or removed."""
    locks = json.loads(LOCKS.read_text(encoding="utf-8"))
    current = locked_items()
    problems = []
    for name, hashes in locks.items():
        items = current.get(name, {})
        for item_id, digest in hashes.items():
            if item_id not in items:
                problems.append(f"{name}: locked test item {item_id} is missing (or no longer in test)")
            elif item_hash(items[item_id]) != digest:
                problems.append(f"{name}: locked test item {item_id} was edited")
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only check the locks")
    args = p.parse_args(argv)
    if args.check:
        problems = check()
        print("\n".join(problems) or "all locked items unchanged")
        return 1 if problems else 0
    items = read(GOLD)
    if all("split" in i for i in items) and LOCKS.is_file():
        print("every item has a split already; nothing to assign")
    else:
        fresh = assign(items) if not any("split" in i for i in items) else {}
        for item in items:
            item.setdefault("split", fresh.get(item["id"], "dev"))  # items added later are dev items
        write(GOLD, items)
    if LOCKS.is_file():
        problems = check()
        if problems:
            print("\n".join(problems), file=sys.stderr)
            return 1
    locks = json.loads(LOCKS.read_text(encoding="utf-8")) if LOCKS.is_file() else {}
    for name, by_id in locked_items().items():
        # a lock is only ever extended: a locked item's hash is never rewritten here
        locks[name] = {**{i: item_hash(it) for i, it in by_id.items()}, **locks.get(name, {})}
    LOCKS.write_text(json.dumps(locks, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    counts = {s: sum(i["split"] == s for i in items) for s in ("dev", "test")}
    print(f"gold.jsonl: {counts}; locked: " + ", ".join(f"{k} {len(v)}" for k, v in locks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
