"""Schemathesis against the live OpenAPI schema: no 5xx, no response that breaks the schema.

"Schema-valid request rejected" is not checked: the server refuses some inputs a JSON schema
cannot describe (a chat with no user message, a question that is only control characters),
always with a 4xx error envelope that the schema documents.

A bounded run (FUZZ_EXAMPLES per operation, default 25) is part of `make test`; a release
check runs longer, e.g. `FUZZ_EXAMPLES=500 pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from rag.api import create_app
from rag.assistant import Assistant
from rag.config import Settings

from .conftest import TEST_ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))


# The app is built at collection time (its schema is needed to generate the tests); the
# Assistant, which needs the index, is attached by the fixture before the first request.
app = create_app(Settings(root=TEST_ROOT), ui=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def loaded_assistant():
    app.state.assistant = Assistant.open(Settings(root=TEST_ROOT), build_if_needed=True)
    yield
    app.state.assistant = None


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_responses_match_the_schema(case):
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    excluded = [checks.positive_data_acceptance]
    if response.status_code == 413:
        # a body over the size limit is refused before it is read (413, the error envelope): a rejection the
        # negative-data check does not count among its expected statuses (a generated 3 MB history failed it)
        excluded.append(checks.negative_data_rejection)
    case.validate_response(response, excluded_checks=excluded)
