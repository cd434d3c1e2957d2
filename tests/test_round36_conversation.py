"""Conversation rules of the thirty-sixth round, on made-up turns: a programme named with a sign (3×100) is one noun
phrase for "and the <other> one?"."""


def test_a_programme_named_with_a_sign_is_one_noun_phrase():
    from rag.conversation import Turn, resolve

    # (EN_SIGNED_NP is read at import)
    history = [Turn("user", "How much does Sampleton put into the 2×50 sample talent plan each year?"),
               Turn("assistant", "x")]
    assert resolve("and the sample venture one?", history).question == (
        "How much does Sampleton put into the sample venture plan each year?")
    assert resolve("and the G·7 sample one?", [Turn("user", "Who leads the sample talent plan?"), Turn("assistant", "x")]
                   ).question == "Who leads the G·7 sample plan?"


def test_a_short_english_follow_up_is_asked_within_a_document_called_a_document():
    from rag.conversation import Turn, resolve

    # (EN_DOCUMENT_WORD is read at import)
    owned = [Turn("user", "How many key measures does Haidian's Sample Park document set out?"), Turn("assistant", "x")]
    assert resolve("What's number 7?", owned).question == "What's number 7 under Haidian's Sample Park document?"
    named = [Turn("user", "How many tasks are in the Sample Park Growth document?"), Turn("assistant", "x")]
    assert resolve("What's number 7?", named).question == "What's number 7 in the Sample Park Growth document?"
    # (a message naming a document of its own is asked as typed)
    assert resolve("What does the sample notice say?", owned).how == "standalone"
