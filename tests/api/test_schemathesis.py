"""Schemathesis against the OpenAPI schema: every GET operation, with bounded generated
requests (valid ones and invalid ones), must answer without a server error and within what
the schema says."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.settings import api_settings
from schemathesis import GenerationMode, checks

from cica_site.wsgi import application

EXAMPLES_PER_OPERATION = 20
CHECKS = [
    checks.not_a_server_error,
    checks.response_schema_conformance,
    checks.status_code_conformance,
    checks.content_type_conformance,
]


@contextmanager
def wsgi_inside_the_test_transaction():
    """Requests through the WSGI app share the test's connection and transaction, as Django's
    test client arranges: the request signals must not close that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def unthrottled():
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": None}
    return override_settings(
        REST_FRAMEWORK={**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    )


@pytest.mark.usefixtures("reference_data")
def test_get_operations_answer_within_the_schema_and_without_server_errors():
    with wsgi_inside_the_test_transaction(), unthrottled():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
        operations = [result.ok() for result in schema.include(method="GET").get_all_operations()]
        assert len(operations) == 28

        for operation in operations:

            @given(
                case=operation.as_strategy()
                | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
            )
            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def answers_within_the_schema(case):
                case.call_and_validate(checks=CHECKS)

            answers_within_the_schema()
