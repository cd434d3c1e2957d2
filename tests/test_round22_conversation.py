"""The conversation rule of the twenty-second round, on a hand-built chat (no index): a message asking for the
previous answer made precise ("… exactly?") leans on the previous question."""


def test_a_message_asking_exactly_leans_on_the_previous_question(monkeypatch):
    from rag.conversation import Turn, markers, resolve

    history = [Turn("user", "What does the county's talent programme offer young researchers?"),
               Turn("assistant", "(the previous answer)")]
    r = resolve("How many flats exactly, and for how long?", history)
    assert r.how != "standalone" and "talent programme" in r.question
    # a message naming its own place or name is asked as typed
    assert resolve("What exactly does Haidian fund?", history).how == "standalone"
    monkeypatch.setattr(markers, "EN_EXACTLY", False)
    assert resolve("How many flats exactly, and for how long?", history).how == "standalone"
