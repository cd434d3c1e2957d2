"""Conversation rules of the thirty-third round, on hand-built turns (no index): "and the <other> one?" swaps the
modifiers of a noun phrase that opens with a name in quotation marks."""

from rag.conversation import Turn, resolve


def test_the_other_one_replaces_a_quoted_name(monkeypatch):
    from rag.conversation import swaps

    history = [Turn("user", 'In the sample measures, how much does the "Bright Star" mentoring scheme get each year?'),
               Turn("assistant", "(the previous answer)")]
    found = resolve("And the seed-fund one?", history).question
    assert "the seed-fund scheme get each year" in found and "Bright Star" not in found
    monkeypatch.setattr(swaps, "_EN_THE_NP_RE", swaps.re.compile(r"(?<!\bin )\bthe (?=[\w&'-])", swaps.re.IGNORECASE))
    monkeypatch.setattr(swaps, "_EN_NP_WORDS_RE", swaps.re.compile(r"(?:[\w&'-]+ ?)+"))
    assert "Bright Star" in resolve("And the seed-fund one?", history).question  # (as before: kept, the new words appended)


def test_a_message_opening_inside_the_previous_topic_points_back(monkeypatch):
    from rag.conversation import markers

    history = [Turn("user", "样例措施里，“样例基金群”规模多大？"), Turn("assistant", "形成500亿规模的“样例基金群”。")]
    found = resolve("里面的创业投资基金占多少份额？", history)
    assert found.rewritten and "样例基金群" in found.question and "创业投资基金" in found.question
    monkeypatch.setattr(markers, "OPENING_INSIDE", False)
    assert not resolve("里面的创业投资基金占多少份额？", history).rewritten
