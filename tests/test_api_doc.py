"""docs/API.md (the API reference a clone carries) names every route the server publishes."""

from __future__ import annotations

from pathlib import Path

from rag.api.app import create_app

DOC = Path(__file__).resolve().parents[1] / "docs" / "API.md"


def test_every_published_route_is_in_the_api_reference():
    text = DOC.read_text(encoding="utf-8")
    schema = create_app(ui=False).openapi()
    missing = [f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops
               if f"{method.upper()} {path}" not in text]
    assert not missing, f"not in docs/API.md: {missing}"


def test_the_answer_fields_of_the_reference_exist():
    from rag.models import Answer, ShortAnswer

    text = DOC.read_text(encoding="utf-8")
    for field in ("short_answer", "citations", "answered", "hits", "timings_ms", "resolved_question", "id"):
        assert f'"{field}"' in text and field in Answer.model_fields
    assert set(ShortAnswer.model_fields) == {"text", "text_en", "citation"}
    from rag.models import Citation

    for field in ("kind", "field", "tier"):
        assert (f"`{field}`" in text or f'"{field}"' in text) and field in Citation.model_fields
