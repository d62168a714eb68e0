"""Property-based fuzzing of the HTTP API against its own OpenAPI spec (schemathesis).

Every operation gets generated requests, valid and invalid; the API must never answer 5xx, every
response must match the documented schema, status code and content type. Bounded so the whole
run stays well under a minute on a 2-core machine.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from infranomics.web import create_app

schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(data_dirs=[]))

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_spec(case):
    case.call_and_validate(checks=CHECKS)
