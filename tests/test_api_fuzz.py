"""Schemathesis against the API's own OpenAPI document: requests generated from
the document (valid and not) never get a server error, and every answer has a
documented status, content type and shape.

Bounded: a few dozen examples per operation, no deadline (the machine is
shared). The requests go to the WSGI application in this process, on the
test's database with a small archive in it.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from archive.wsgi import application
from tests.api_document import OPERATIONS
from tests.factories import indexed, small_archive

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    """The document, read from the application, with an archive to answer from."""
    indexed(*[s for s in small_archive().values() if hasattr(s, "body")])
    # As Django's test client does: neither the start nor the end of a request
    # may close the connection that holds this test's transaction (SQLite's
    # in-memory test database ignores the close; PostgreSQL's would be lost).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_is_fuzzed(api_schema):
    documented = [op.ok().path for op in api_schema.get_all_operations()]
    assert sorted(documented) == sorted(OPERATIONS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", OPERATIONS)
def test_generated_requests_get_documented_answers_and_no_server_error(
    api_schema, path, mode
):
    """Valid requests (as the document allows) and invalid ones (breaking it)."""

    @given(case=api_schema[path]["GET"].as_strategy(mode))
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    def answer(case):
        case.call_and_validate(checks=CHECKS)

    answer()
