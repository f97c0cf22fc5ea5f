"""Every response carries the request's id, and every line logged meanwhile carries it too."""

import io
import json
import logging

import pytest
from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

from operations.logs import RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """The request log as production formats it (settings.LOGGING's json formatter)."""
    options = {k: v for k, v in settings.LOGGING["formatters"]["json"].items() if k != "()"}
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("operations.requests")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_a_request_is_logged_as_one_json_line_with_its_caller_s_request_id(client, json_lines):
    response = client.get("/en/", headers={"X-Request-ID": "proxy-7f3a"})
    assert response["X-Request-ID"] == "proxy-7f3a"
    [line] = json_lines()
    assert line["request_id"] == "proxy-7f3a"
    assert (line["level"], line["logger"]) == ("INFO", "operations.requests")
    assert line["message"] == "GET /en/ 200"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/en/", 200)
    assert "time" in line


def test_a_request_without_an_id_or_with_an_unsafe_one_gets_a_new_one(client, json_lines):
    made = client.get("/healthz")["X-Request-ID"]
    replaced = client.get("/healthz", headers={"X-Request-ID": "two words\r\nSet-Cookie: x"})
    assert len(made) == 32 and made != replaced["X-Request-ID"]
    assert "Set-Cookie" not in replaced["X-Request-ID"]
    assert [line["request_id"] for line in json_lines()] == [made, replaced["X-Request-ID"]]


def test_lines_logged_outside_a_request_say_so():
    record = logging.LogRecord("cbm.tasks", logging.INFO, __file__, 1, "compiled", None, None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"
