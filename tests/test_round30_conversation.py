"""Conversation rules of the thirtieth round, each on hand-built turns (no index): a pronoun after a preposition
points back though the message names a place; a document the message names before "their" is its antecedent; the
saying of a yes/no question (…里有说要…吗) is no part of its topic."""

from rag.conversation import Turn, resolve


def test_a_pronoun_after_a_preposition_points_back(monkeypatch):
    from rag.conversation import markers

    history = [Turn("user", "The sample opinions set up a 样例联席会 — what does it do?"),
               Turn("assistant", "It funds major projects.")]
    found = resolve("how much does Beijing give to it, and for how many years?", history)
    assert found.rewritten and "样例联席会" in found.question
    monkeypatch.setattr(markers, "EN_OBJECT_PRONOUN", False)
    assert not resolve("how much does Beijing give to it, and for how many years?", history).rewritten


def test_a_document_named_before_their_is_their_antecedent(monkeypatch):
    from rag.conversation import markers

    history = [Turn("user", "Gamma plan: what size should the joint sample fund reach by 2030?"),
               Turn("assistant", "2 billion yuan.")]
    typed = "and in the Delta Science City measures, what size is their sample fund group?"
    assert resolve(typed, history).question == typed
    assert resolve("and what is their budget?", history).rewritten  # no document of its own: still leans back
    monkeypatch.setattr(markers, "EN_DOCUMENT_ANTECEDENT", False)
    assert resolve(typed, history).question != typed


def test_the_saying_is_no_part_of_a_yes_no_topic(monkeypatch):
    from rag.conversation import topic

    history = [Turn("user", "样例行动方案里有说要发布样例成果包吗？"), Turn("assistant", "有。")]
    assert resolve("具体是哪些领域？", history).question == "样例行动方案里发布样例成果包的具体是哪些领域？"
    assert "有说要" not in resolve("which fields exactly?", history).question
    monkeypatch.setattr(topic, "ZH_SAYS_FRAME", False)
    assert "有说要" in resolve("具体是哪些领域？", history).question
