"""Generated requests against every API operation (schemathesis), in-process, with a staff token.

Schemathesis reads /api/v1/openapi.json from the WSGI application and, for each operation,
generates requests from the schema (valid and invalid parameters alike); every answer must not
be a server error and must match what the schema declares (status code, content type, headers,
body). The number of generated cases is bounded so the whole run takes a few seconds.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    missing_required_header,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from lcpa.api.tests.conftest import ApiWorld, bearer

MAX_EXAMPLES = 20
# Every answer: no 5xx, a declared status, content type, headers and body. The token is not
# ignored (a request without it is refused), a method the path does not take is a 405, and a
# missing required header is refused. Schemathesis's `negative_data_rejection` is left out on
# purpose: it counts an unknown query parameter as invalid data, and the API ignores those, as
# most HTTP APIs do (invalid values of known parameters are still a 422, checked above).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    ignored_auth,
    unsupported_method,
    missing_required_header,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes "old" database connections when a request starts and ends;
    inside the test's transaction that would close PostgreSQL's connection (Django's own test
    client unhooks the same signal handler for the same reason)."""
    signals = [request_started, request_finished]
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run, so a failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_generated_requests_get_answers_the_schema_declares(
    case, world: ApiWorld, keep_the_test_connection
):
    case.call_and_validate(headers=bearer(world.staff_token), checks=CHECKS)
