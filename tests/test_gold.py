"""Validate the offline evaluation sets: evals/gold.jsonl (dev/test split), evals/blind.jsonl and
evals/newdocs/gold.jsonl (both written blind, test-only), and the locks on their test items.

Only the standard library is needed; `opencc` is used for the Simplified-Chinese
comparison of answer keys when it is importable, never required.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import CORPUS

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"id", "question", "lang", "answerable", "seed", "evidence",
        "answer_any", "answer_all", "kind"}
OPTIONAL_KEYS = {"split", "form", "short", "note"}
LANGS = {"zh-Hans", "zh-Hant", "en"}
KINDS = {"fact", "number", "list", "who", "when", "where", "how",
         "multi-doc", "unanswerable"}
FORMS = {"plain", "yesno", "either-or", "list", "count", "doc-fact", "keyword", "chatty", "compare",
         "near-miss", "false-premise", "other-place",
         # articles cited by number (devdocs4/gold2.jsonl)
         "article", "article-count", "article-yesno", "article-missing",
         # a figure asked outright (dev_forms3.jsonl)
         "figure"}


@dataclass(frozen=True)
class GoldSet:
    name: str
    path: Path
    corpus: Path
    id_prefix: str
    min_items: int
    min_unanswerable: int
    min_per_lang: dict  # lang -> minimum count
    min_per_forms: dict  # tuple of forms -> minimum count (blind sets only)
    splits: tuple  # the splits its items carry: () for a test-only set written blind
    min_multi_doc: int = 3  # items whose answer spans two documents

    def seed_files(self) -> list[str]:
        return sorted(p.name for p in self.corpus.iterdir() if p.is_file() and p.name != "manifest.json")


def _blind_regulations(n: int, traps: tuple[str, ...] = ("near-miss",)) -> GoldSet:
    """evals/devdocsN (seventh round on): 120 questions written blind on four more regulations in their own
    corpus, all with the same minimums; `traps`, the forms counted as near-miss traps."""
    folder = ROOT / "evals" / f"devdocs{n}"
    return GoldSet(f"devdocs{n}", folder / "gold.jsonl", folder / "corpus", f"dd{n}-", 100, 25, {"zh-Hant": 15, "en": 30},
                   {("yesno", "either-or"): 20, ("doc-fact",): 6, traps: 20}, ("dev",), min_multi_doc=0)


SEED_CORPUS = CORPUS
SETS = [
    GoldSet("gold", ROOT / "evals" / "gold.jsonl", SEED_CORPUS, "g", 150, 15,
            {"zh-Hans": 100, "zh-Hant": 30, "en": 40}, {}, ("dev", "test")),
    GoldSet("blind", ROOT / "evals" / "blind.jsonl", SEED_CORPUS, "b", 150, 40,
            {"zh-Hant": 25, "en": 40},
            {("yesno", "either-or"): 20, ("list", "count"): 20, ("doc-fact",): 10, ("keyword",): 5, ("chatty",): 5},
            ()),
    GoldSet("newdocs", ROOT / "evals" / "newdocs" / "gold.jsonl", ROOT / "evals" / "newdocs" / "corpus", "n", 80, 20,
            {"zh-Hant": 8, "en": 16},
            {("yesno", "either-or"): 8, ("list", "count"): 8, ("doc-fact",): 5, ("compare",): 4, ("other-place",): 5},
            ()),
    # written blind too, but for studying: near-miss traps and paraphrases, so that the gates and the
    # answerability model have real negatives to be tuned and ablated on
    GoldSet("devblind", ROOT / "evals" / "dev_blind.jsonl", SEED_CORPUS, "d", 120, 50,
            {"zh-Hant": 15, "en": 35}, {}, ("dev",)),
    # unseen-style regulations for studying (four LawRefBook regulations none of which is in newdocs)
    # written blind for studying the answer forms (document facts, yes/no, counts, lists) on the seeds
    GoldSet("devforms", ROOT / "evals" / "dev_forms.jsonl", SEED_CORPUS, "f", 100, 25,
            {"zh-Hant": 15, "en": 30}, {("doc-fact",): 20, ("yesno", "either-or"): 25}, ("dev",)),
    # a second such set, written blind later (fourth round), first scored before that round's rules
    GoldSet("devforms2", ROOT / "evals" / "dev_forms2.jsonl", SEED_CORPUS, "g2-", 100, 25,
            {"zh-Hant": 15, "en": 30}, {("doc-fact",): 12, ("yesno", "either-or"): 25}, ("dev",)),
    # a third (seventh round), for the short answers: yes/no, either-or, figures, counts and traps
    GoldSet("devforms3", ROOT / "evals" / "dev_forms3.jsonl", SEED_CORPUS, "g3-", 100, 20,
            {"zh-Hant": 15, "en": 30}, {("yesno", "either-or"): 35, ("figure",): 25, ("near-miss",): 20}, ("dev",),
            min_multi_doc=0),
    # a third regulation corpus and a set written blind on it (fifth round), first scored before that round's rules
    GoldSet("devdocs3", ROOT / "evals" / "devdocs3" / "gold.jsonl", ROOT / "evals" / "devdocs3" / "corpus", "dd3-", 100, 25,
            {"zh-Hant": 15, "en": 25}, {("yesno", "either-or"): 15, ("doc-fact",): 6, ("near-miss",): 20}, ("dev",)),
    # a fourth (sixth round), likewise; its comparisons stay within one document (two articles)
    GoldSet("devdocs4", ROOT / "evals" / "devdocs4" / "gold.jsonl", ROOT / "evals" / "devdocs4" / "corpus", "dd4-", 100, 25,
            {"zh-Hant": 15, "en": 25}, {("yesno", "either-or"): 15, ("doc-fact",): 6, ("near-miss",): 20}, ("dev",),
            min_multi_doc=0),
    # on the same corpus, written blind later in the round: articles cited by number (第N条第M款, Article N(M))
    GoldSet("devdocs4b", ROOT / "evals" / "devdocs4" / "gold2.jsonl", ROOT / "evals" / "devdocs4" / "corpus", "dd4b-", 40,
            8, {"zh-Hant": 8, "en": 10}, {("article",): 20, ("article-missing",): 8}, ("dev",), min_multi_doc=0),
    # a fifth (seventh round): four more regulations, written blind; first scored before being studied
    _blind_regulations(5),
    # a sixth (eighth round): four more regulations (山东 patents, 广东 IP protection, 河南 talent mobility, the
    # national natural science fund), written blind; kept unstudied as that round's fresh check
    _blind_regulations(6),
    # a seventh (ninth round): the national S&T progress law (2021), 深圳 AI industry, 河南 patent protection,
    # 山东 technical upgrading — written blind; kept unstudied as that round's fresh check
    _blind_regulations(7),
    # an eighth (tenth round): the national patent-agency regulation, 淄博 patent management, 重庆 science
    # association, 广东 Sino-Singapore Knowledge City — written blind; kept unstudied as that round's fresh check
    _blind_regulations(8),
    # a ninth (twelfth round): the national technology import-export regulation (2020), 郑州 patent promotion,
    # 河南 science popularization, 山东 informatization — written blind; kept unstudied as that round's fresh check
    _blind_regulations(9),
    # a tenth (twelfth round): 汕头 S&T innovation (2022), 河南 technology market, 青岛 S&T innovation
    # promotion, the national science popularization law (2024) — written blind; the round's unstudied check
    _blind_regulations(10),
    # an eleventh (thirteenth round): 河南 S&T progress (2010), 山东 promotion of S&T achievement transfer (2017),
    # 青岛 patent protection (2011), the national agricultural technology extension law (2024) — written blind;
    # the round's unstudied check
    _blind_regulations(11),
    # a twelfth (fourteenth round): 河南 S&T association (2010), 山东 standardization (2020), 河南 social science
    # popularization (2016), the national metrology law (2018) — written blind; the round's unstudied check
    _blind_regulations(12),
    # a thirteenth (fifteenth round): customs protection of IP (2018), S&T archives (1980), 河南's measures for the
    # agricultural technology extension law (2004), foreign-related IP disputes (2025) — written blind; the round's
    # unstudied check
    _blind_regulations(13),
    # a fourteenth (sixteenth round): defence patents (2004), professional technical posts (1986), the national
    # standardization law (2017), the metrology law's implementing rules (2022) — written blind; the round's
    # unstudied check
    _blind_regulations(14),
    # a fifteenth (seventeenth round): computer software protection (2013), Shandong metrology (2020), teaching
    # achievement awards (1994), integrated-circuit layout designs (2001) — written blind; the round's unstudied check
    _blind_regulations(15),
    # a sixteenth (eighteenth round): the standardization law's implementing regulation (1990), laboratory
    # animals (2017), new plant varieties (2014), surveying and mapping results (2006) — written blind; the
    # round's unstudied check
    _blind_regulations(16),
    # a seventeenth (nineteenth round): defence metrology (1990), earthquake monitoring (2011 file), Henan continuing
    # education of professionals (2010), Shandong big data (2021, an incomplete copy) — written blind; the round's
    # unstudied check
    _blind_regulations(17),
    # an eighteenth (twentieth round): basic surveying (2009), earthquake prediction (1998), Chongqing meteorology
    # (2018 amendment), Henan metrology supervision (2016 amendment) — written blind; the round's unstudied check
    _blind_regulations(18),
    # a nineteenth (twenty-first round): agricultural GMO safety (2017 file), Chongqing metrology supervision (2018
    # amendment), seismic safety evaluation (2019 file), Henan surveying (2004 revision) — written blind; the
    # round's unstudied check
    _blind_regulations(19),
    # a twentieth (twenty-second round): the national agricultural census (2006), Shenzhen data (2021), balance of
    # payments statistics reporting (2013 file), the right of communication through information networks (2013
    # file) — written blind; the round's unstudied check
    _blind_regulations(20),
    # a twenty-first (twenty-second round, asked for late in it as a second unstudied check): the national
    # meteorology law (2016), Chongqing statistics (2016), Shandong meteorological facilities (2014), destructive
    # earthquake emergencies (2011 file) — written blind
    _blind_regulations(21),
    # a twenty-second (twenty-third round, the fresh check of its rules): the patent law (2020), the data
    # security law (2021), the statistics law's implementing regulation (2017), Shandong surveying and mapping
    # (2019) — written blind
    _blind_regulations(22),
    # a twenty-third (twenty-fourth round, the fresh check of its rules): the surveying and mapping law (2017),
    # the national meteorological disaster prevention regulation (as published 2010), Chongqing meteorological
    # disaster prevention (2017), Henan meteorology — written blind
    _blind_regulations(23),
    # a twenty-fourth (twenty-fifth round, the fresh check of its rules): the electronic signature law (2019), the
    # cryptography law (2019), Shandong meteorological disaster prevention (2018), the copyright law's implementing
    # regulation (2013 file) — written blind
    _blind_regulations(24),
    # a twenty-fifth (twenty-sixth round, the fresh check of its rules): the archives law (2020), Henan
    # meteorological disaster prevention (2020), the cybersecurity law (2016), the trademark law's implementing
    # regulation (2014) — written blind
    _blind_regulations(25),
    # a twenty-sixth (written at the end of the twenty-sixth round, the next round's fresh check): the personal
    # information protection law (2021), the anti-unfair competition law (2019), the e-commerce law (2018), Qingdao
    # meteorological disaster prevention (2018) — written blind
    _blind_regulations(26),
    # a twenty-seventh (written at the start of the twenty-seventh round, the next round's fresh check): the
    # copyright law (2020), the patent law's implementing rules (2023), the archives law's implementing regulation
    # (2024), Jinan meteorological disaster prevention (2014) — written blind
    # (its writer split the traps: 11 near-misses and 10 false premises)
    _blind_regulations(27, ("near-miss", "false-premise")),
    # a twenty-eighth (written at the start of the twenty-eighth round, the next round's fresh check): the
    # trademark law (2019), Guangdong copyright (2022), Qingdao archives (2018 amendment), Guangdong statistics
    # (2022) — written blind (17 near-misses and 10 false premises)
    _blind_regulations(28, ("near-miss", "false-premise")),
    _blind_regulations(29, ("near-miss", "false-premise")),
    _blind_regulations(30, ("near-miss", "false-premise")),
    _blind_regulations(31, ("near-miss", "false-premise")),
    _blind_regulations(32, ("near-miss", "false-premise")),
    _blind_regulations(33, ("near-miss", "false-premise")),
    _blind_regulations(34, ("near-miss", "false-premise")),
    _blind_regulations(35, ("near-miss", "false-premise")),
    _blind_regulations(36, ("near-miss", "false-premise")),
    _blind_regulations(37, ("near-miss", "false-premise")),
    GoldSet("devdocs", ROOT / "evals" / "devdocs" / "gold.jsonl", ROOT / "evals" / "devdocs" / "corpus", "v", 60, 30,
            {"zh-Hant": 8, "en": 20}, {("compare",): 5, ("other-place",): 5}, ("dev",)),
]
SEED_FILES = [
    "000_571a2a0449ec3df3.txt",
    "001_4f30f2466e06189e.txt",
    "002_c64e5697c0ba8c7d.txt",
    "003_470e4124bf83ee45.txt",
    "004_61ad411d8b1f8f89.txt",
]


def _load_items(path: Path) -> list[dict]:
    items = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported by the test
                pytest.fail(f"{path.name} line {n} is not valid JSON: {exc}")
    return items


@pytest.fixture(scope="module", params=SETS, ids=[s.name for s in SETS])
def gold_set(request) -> GoldSet:
    return request.param


@pytest.fixture(scope="module")
def items(gold_set) -> list[dict]:
    assert gold_set.path.is_file(), f"missing {gold_set.path}"
    return _load_items(gold_set.path)


@pytest.fixture(scope="module")
def corpus_texts(gold_set) -> dict[str, str]:
    # the five seed documents are read from the seed copies when corpus/ was changed by a user
    files = SEED_FILES if gold_set.corpus == SEED_CORPUS else gold_set.seed_files()
    texts = {}
    for f in files:
        path = gold_set.corpus / f
        if not path.is_file():
            path = ROOT.parent / "shared" / "corpus-seeds" / f
        if not path.is_file():
            pytest.skip(f"{f} is neither in {gold_set.corpus} nor in ../shared/corpus-seeds")
        texts[f] = path.read_text(encoding="utf-8")
    return texts


def _seeds(item: dict) -> list[str]:
    seed = item["seed"]
    if seed is None:
        return []
    return list(seed) if isinstance(seed, list) else [seed]


def _is_str_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_line_parses_and_is_an_object(gold_set):
    assert gold_set.path.is_file(), f"missing {gold_set.path}"
    with gold_set.path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            assert line.strip(), f"blank line {n}"
            assert isinstance(json.loads(line), dict), f"line {n} is not an object"


def test_schema(items, gold_set, corpus_texts):
    for it in items:
        where = it.get("id", "?")
        assert KEYS <= set(it) <= KEYS | OPTIONAL_KEYS, f"{where}: keys {sorted(set(it) ^ KEYS)}"
        assert isinstance(it["id"], str) and re.fullmatch(rf"{gold_set.id_prefix}\d{{3,}}", it["id"]), where
        assert isinstance(it["question"], str) and it["question"].strip(), where
        assert it["lang"] in LANGS, where
        assert isinstance(it["answerable"], bool), where
        assert it["kind"] in KINDS, where
        assert it.get("form", "plain") in FORMS, where
        assert it.get("short") is None or isinstance(it["short"], str), where
        if gold_set.splits:
            assert it.get("split") in gold_set.splits, f"{where}: split must be one of {gold_set.splits}"
        else:
            assert "split" not in it, f"{where}: a test-only set has no split"
        for key in ("evidence", "answer_any", "answer_all"):
            assert _is_str_list(it[key]), f"{where}: {key} must be a list of non-empty strings"
        seed = it["seed"]
        assert seed is None or isinstance(seed, str) or (
            isinstance(seed, list) and seed and all(isinstance(s, str) for s in seed)), where
        for s in _seeds(it):
            assert s in corpus_texts, f"{where}: unknown seed {s}"


def test_answerable_and_unanswerable_shapes(items):
    for it in items:
        where = it["id"]
        if it["answerable"]:
            assert it["kind"] != "unanswerable", where
            assert _seeds(it), f"{where}: answerable item needs a seed"
            # (a document fact may be the record's alone: the manifest's number or date, no text states it)
            assert it["evidence"] or it.get("form") == "doc-fact", f"{where}: answerable item needs evidence"
            assert it["answer_any"] or it["answer_all"], f"{where}: needs answer keys"
        else:
            assert it["kind"] == "unanswerable", where
            assert it["seed"] is None, where
            assert it["evidence"] == [] and it["answer_any"] == [] and it["answer_all"] == [], where
            assert it.get("short") is None, where
        if it["kind"] == "multi-doc":
            assert isinstance(it["seed"], list) and len(set(it["seed"])) >= 2, where


def test_ids_and_questions_unique(items):
    ids = [it["id"] for it in items]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    questions = [re.sub(r"\s+", "", it["question"]) for it in items]
    dup = [q for q, c in Counter(questions).items() if c > 1]
    assert not dup, dup


def test_counts(items, gold_set):
    assert len(items) >= gold_set.min_items, len(items)
    assert sum(not it["answerable"] for it in items) >= gold_set.min_unanswerable
    assert sum(it["kind"] == "multi-doc" for it in items) >= gold_set.min_multi_doc
    langs = Counter(it["lang"] for it in items)
    for lang, least in gold_set.min_per_lang.items():
        assert langs[lang] >= least, f"{lang}: {langs[lang]} < {least}"
    forms = Counter(it.get("form") for it in items)
    for names, least in gold_set.min_per_forms.items():
        assert sum(forms[f] for f in names) >= least, f"{names}: {sum(forms[f] for f in names)} < {least}"


def test_split_is_stratified_and_large_enough(items, gold_set):
    """Test holds >= 40 % of the items and of the unanswerable ones, and of each language."""
    if "test" not in gold_set.splits:
        pytest.skip("a set of one split")
    test = [it for it in items if it["split"] == "test"]
    assert len(test) >= 0.4 * len(items)
    unanswerable = [it for it in items if not it["answerable"]]
    assert sum(it["split"] == "test" for it in unanswerable) >= 0.4 * len(unanswerable)
    for lang in LANGS:
        of_lang = [it for it in items if it["lang"] == lang]
        assert 0.35 <= sum(it["split"] == "test" for it in of_lang) / len(of_lang) <= 0.55, lang


def test_every_seed_file_covered(items, corpus_texts):
    covered = Counter(s for it in items for s in _seeds(it))
    for f in corpus_texts:
        assert covered[f] >= 5, f"{f} covered by only {covered[f]} items"


def test_evidence_spans_are_verbatim(items, corpus_texts):
    texts = {f: _squash(t) for f, t in corpus_texts.items()}
    problems = []
    for it in items:
        for span in it["evidence"]:
            if not any(_squash(span) in texts[s] for s in _seeds(it)):
                problems.append((it["id"], span))
    assert not problems, problems


# A seed whose part of the answer is that it states nothing: no span of it can be evidence (devdocs 19's writer:
# the Henan copy ends at 第三十六条 with no closing provision, so its date in force is "not stated")
SEEDS_STATING_NOTHING = {("dd19-141", "henan-surveying-2004.md")}


def test_multi_doc_evidence_touches_every_seed(items, corpus_texts):
    for it in items:
        if it["kind"] != "multi-doc":
            continue
        for s in it["seed"]:
            if (it["id"], s) in SEEDS_STATING_NOTHING:
                assert not any(_squash(span) in _squash(corpus_texts[s]) for span in it["evidence"])
                continue
            assert any(_squash(span) in _squash(corpus_texts[s]) for span in it["evidence"]), (it["id"], s)


def test_evidence_spans_avoid_line_breaks_and_furniture(items):
    for it in items:
        for span in it["evidence"]:
            assert "\n" not in span, (it["id"], span)
            assert not re.search(r"(?<!\d)-10-(?!\d)", span), (it["id"], span)  # 003's stray page number
            assert 4 <= len(span) <= 80, (it["id"], span)


def test_answer_keys_occur_in_seed_text(items, corpus_texts, gold_set):
    """Keys must be the documents' own wording (after Simplified conversion); a document fact's may be
    its manifest entry's (the record: number, date, notes)."""
    opencc = pytest.importorskip("opencc")
    cc = opencc.OpenCC("t2s")

    def norm(s: str) -> str:
        return _squash(cc.convert(s))

    texts = {f: norm(t) for f, t in corpus_texts.items()}
    manifest = gold_set.corpus / "manifest.json"
    records = ({d["file"]: norm(json.dumps(d, ensure_ascii=False))
                for d in json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])}
               if manifest.is_file() else {})
    problems = []
    for it in items:
        if not it["answerable"]:
            continue
        text = "".join(texts[s] for s in _seeds(it))
        if it.get("form") == "doc-fact":
            text += "".join(records.get(s, "") for s in _seeds(it))
        for key in it["answer_all"]:
            if norm(key) not in text:
                problems.append((it["id"], "all", key))
        # (how many items an article lists is written nowhere: its items are numbered (一)…(五))
        if it["answer_any"] and it.get("form") != "article-count" and not any(norm(k) in text for k in it["answer_any"]):
            problems.append((it["id"], "any", it["answer_any"]))
    assert not problems, problems


def test_locked_test_items_are_unchanged():
    """Test items are written once and never edited to fit the product (evals/split.py)."""
    from evals.split import LOCKS, check

    assert LOCKS.is_file(), "run `python -m evals.split` to write evals/locks.json"
    assert check() == []
