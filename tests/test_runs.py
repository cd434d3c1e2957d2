"""evals.runs: the sets it finds, the module constants it sets, and what its diff of two runs reports."""

import pytest

from evals import runs


def _run(*rows: dict) -> dict:
    return {"tag": "t", "sets": {"devdocs9": list(rows)}}


def test_the_sets_are_found_in_evals_and_grouped():
    gold, conv = runs.gold_sets(), runs.conversation_sets()
    assert {"gold-test", "blind", "newdocs", "gold-dev", "devdocs", "devdocs-gold2", "devdocs4-gold2"} <= set(gold)
    assert gold["devdocs-gold2"][0].name == "gold2.jsonl"
    assert {"conv-test", "conv-dev", "c2"} <= set(conv)
    groups = runs.groups()
    assert groups["test"] == ["gold-test", "blind", "newdocs"]
    assert not set(groups["test"]) & set(groups["dev"]) and "conv-test" not in groups["conv"]


def test_a_module_constant_is_set_for_the_process(monkeypatch):
    from rag import compose

    monkeypatch.setattr(compose, "LIST_PARTS", True)
    runs.set_constant("compose:LIST_PARTS=False")
    assert compose.LIST_PARTS is False
    runs.set_constant("compose:LEAD_IN_PARTS_MAX=3")
    assert compose.LEAD_IN_PARTS_MAX == 3
    monkeypatch.setattr(compose, "LEAD_IN_PARTS_MAX", 6)
    with pytest.raises(SystemExit):
        runs.set_constant("compose:NO_SUCH_SWITCH=1")


def test_the_diff_marks_outcomes_and_answers_that_changed():
    before = _run({"id": "a", "ok": True, "answer": "x"}, {"id": "b", "ok": False, "answer": "y"},
                  {"id": "c", "ok": True, "answer": "z"}, {"id": "d", "ok": True, "answer": "w"})
    after = _run({"id": "a", "ok": False, "answer": "x"}, {"id": "b", "ok": True, "answer": "y"},
                 {"id": "c", "ok": True, "answer": "z2"}, {"id": "d", "ok": True, "answer": "w"})
    assert runs.changes(before, after) == [("-", "devdocs9", "a"), ("+", "devdocs9", "b"), ("~", "devdocs9", "c")]
    assert runs.changes(before, before) == []
    assert runs.changes(before, after, ["blind"]) == []
    assert runs.counts(after) == {"devdocs9": (3, 4)}
