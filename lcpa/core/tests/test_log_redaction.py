"""Private-link tokens never reach the logs: the development server's log, Django's request
warnings and gunicorn's access log print the paths with the token part redacted."""

import io
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse

from lcpa.core.log_redaction import PrivateLinkFilter, redact_private_links

TOKEN = "Abc123_-xyzXYZ987654321abcdefghijklmnopqrs"  # shaped like secrets.token_urlsafe(32)


@pytest.mark.parametrize(
    ("name", "redacted"),
    [
        ("intake:registration_status", "/registration/[redacted]/"),
        ("intake:registration_members", "/registration/[redacted]/members/"),
        ("intake:confirmation", "/register-interest/thanks/[redacted]/"),
        ("cohorts:invitation_accept", "/invitations/[redacted]/"),
        ("cohorts:calendar_feed", "/calendar/[redacted].ics"),
        ("assistance:survey", "/ta-survey/[redacted]/"),
    ],
)
def test_every_private_link_is_redacted_in_a_request_line(name, redacted):
    path = reverse(name, args=[TOKEN])
    line = f'"GET {path}?page=2 HTTP/1.1" 200 512'
    assert redact_private_links(line) == f'"GET {redacted}?page=2 HTTP/1.1" 200 512'


def test_a_link_inside_a_query_string_or_a_referer_is_redacted_too():
    text = (
        f"/accounts/login/?next=%2Finvitations%2F{TOKEN}%2F "
        f"https://lc.example.org/registration/{TOKEN}/"
    )
    assert redact_private_links(text) == (
        "/accounts/login/?next=%2Finvitations%2F[redacted]%2F "
        "https://lc.example.org/registration/[redacted]/"
    )


def test_other_paths_are_left_readable():
    for path in [
        "/staff/invitations/12/resend/",
        "/staff/registrations/1234/",
        "/calendar/reset/",
        "/register-interest/",
        "/teams/3/modules/2/",
    ]:
        assert redact_private_links(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


def _configured(logger_name: str) -> list[logging.Handler]:
    """The handlers settings.LOGGING put on a logger (pytest adds capturing ones of its own)."""
    logger = logging.getLogger(logger_name)
    while not logger.handlers and logger.parent is not None:
        logger = logger.parent
    return [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]


def _through(handler: logging.Handler, record: logging.LogRecord) -> str:
    assert handler.filter(record)
    return handler.format(record)


def test_the_development_server_log_is_redacted():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /registration/{TOKEN}/ HTTP/1.1", "200", "1234"),
        None,
    )
    record.status_code = 200
    (handler,) = _configured("django.server")
    assert any(isinstance(f, PrivateLinkFilter) for f in handler.filters)
    output = _through(handler, record)
    assert TOKEN not in output
    assert '"GET /registration/[redacted]/ HTTP/1.1" 200 1234' in output


def test_django_request_warnings_are_redacted():
    """An expired invitation answers 410, which Django logs with the path."""
    handlers = _configured("django.request")
    assert handlers
    for handler in handlers:
        record = logging.getLogger("django.request").makeRecord(
            "django.request",
            logging.WARNING,
            __file__,
            1,
            "%s: %s",
            ("Gone", f"/invitations/{TOKEN}/"),
            None,
        )
        assert _through(handler, record) == "Gone: /invitations/[redacted]/"


def test_settings_wire_the_filter_for_the_development_server():
    config = settings.LOGGING
    assert "lcpa.core.log_redaction.PrivateLinkFilter" in str(config["filters"])
    assert config["loggers"]["django.server"]["handlers"] == ["django.server"]
    assert config["handlers"]["django.server"]["filters"] == ["private_links"]


def test_gunicorns_access_log_is_redacted(tmp_path):
    from gunicorn.config import Config

    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    access_log = tmp_path / "access.log"
    cfg = Config()
    cfg.set("accesslog", str(access_log))
    cfg.set("logger_class", conf["logger_class"])
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/invitations/{TOKEN}/",
        "PATH_INFO": f"/invitations/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "192.0.2.1",
        "HTTP_REFERER": f"https://lc.example.org/calendar/{TOKEN}.ics",
        "HTTP_USER_AGENT": "test",
    }
    response = SimpleNamespace(
        status="302 Found", sent=0, headers=[("Location", f"/register-interest/thanks/{TOKEN}/")]
    )
    request = SimpleNamespace(headers=[])
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({location}o)s')
    logger.access(response, request, environ, timedelta(seconds=0))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = access_log.read_text()
    assert TOKEN not in line
    assert '"GET /invitations/[redacted]/ HTTP/1.1" 302' in line
    assert "/calendar/[redacted].ics" in line
    assert "/register-interest/thanks/[redacted]/" in line


def test_the_filter_keeps_other_messages_as_they_are():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PrivateLinkFilter())
    logger = logging.getLogger("lcpa.tests.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("Saved %d rows for %s", 3, "team A")
    finally:
        logger.removeHandler(handler)
    assert stream.getvalue() == "Saved 3 rows for team A\n"
