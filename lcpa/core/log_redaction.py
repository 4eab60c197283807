"""Keep private-link tokens out of logs.

Request paths reach logs in several places: the development server (`django.server`), Django's
4xx/5xx warnings (`django.request`) and gunicorn's access log (request line, path and Referer).
Private links carry their key in the path, so the token part is replaced by `[redacted]`:
`/registration/[redacted]/`, `/register-interest/thanks/[redacted]/`, `/invitations/[redacted]/`,
`/calendar/[redacted].ics`, also when the path is percent-encoded inside a query string
(`?next=%2Finvitations%2F…`). Only token-shaped values (16 or more URL-safe characters) are
replaced, so `/staff/invitations/12/resend/` stays readable.

This module imports nothing from Django, so gunicorn's config file can use it.
"""

import logging
import re

REDACTED = "[redacted]"

_SLASH = r"(?:/|%2[Ff])"
# The path prefixes of the private links (lcpa/intake, lcpa/cohorts and lcpa/assistance urls.py).
PRIVATE_LINK_PREFIXES = (
    "registration",
    "register-interest/thanks",
    "invitations",
    "calendar",
    "ta-survey",
)
_PREFIXES = "|".join(re.escape(prefix).replace("/", _SLASH) for prefix in PRIVATE_LINK_PREFIXES)
PRIVATE_LINK = re.compile(rf"({_SLASH}(?:{_PREFIXES}){_SLASH})[A-Za-z0-9_-]{{16,}}")


def redact_private_links(text: str) -> str:
    """`text` with the token of every private link in it replaced by [redacted]."""
    if not isinstance(text, str):
        return text
    return PRIVATE_LINK.sub(rf"\g<1>{REDACTED}", text)


class PrivateLinkFilter(logging.Filter):
    """A logging filter that redacts private-link tokens from the formatted message.

    The message is formatted once here (msg % args) and stored back without args, so every
    handler and formatter after this one sees the redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_private_links(message)
        if redacted != message or record.args:
            record.msg = redacted
            record.args = ()
        return True
