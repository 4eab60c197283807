"""gunicorn settings for production (`gunicorn -c gunicorn.conf.py lcpa.wsgi ...`; gunicorn also
reads this file by itself when started from the repository root).

The access log prints the request line, the path, the Referer and response headers such as
Location. Private links (registration status, invitations, calendar feeds) carry their key in
the path, so every access-log field goes through lcpa.core.log_redaction first:
`GET /registration/[redacted]/ HTTP/1.1`.

gunicorn has no request-body limit of its own: put the limit in the proxy in front of it
(nginx `client_max_body_size 25m;`), as the README says. The application refuses larger bodies
too (lcpa.core.middleware.RequestBodyLimitMiddleware), before reading them.
"""

import sys
from pathlib import Path

from gunicorn.glogging import Logger

_ROOT = str(Path(__file__).resolve().parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from lcpa.core.log_redaction import redact_private_links  # noqa: E402


class RedactingLogger(Logger):
    """gunicorn's logger, with private-link tokens removed from every access-log field."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_private_links(value) for key, value in atoms.items()}


logger_class = RedactingLogger
