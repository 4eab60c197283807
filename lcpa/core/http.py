"""The client's network address, also behind load balancers and proxies we run.

Behind N proxies of our own, each appends the address it received the request from to
X-Forwarded-For, so the client's address is the N-th entry from the right; entries further left
came from the client and can say anything. With TRUSTED_PROXY_COUNT = 0 (the default: the app
server faces the internet) the header is ignored and REMOTE_ADDR is the client. allauth reads
the same count (ALLAUTH_TRUSTED_PROXY_COUNT), so its login limits and django-ratelimit's form
limits (RATELIMIT_IP_META_KEY) key on the same address.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        entries = forwarded.split(",")
        if len(entries) >= proxies:
            address = _address(entries[-proxies])
            if address is not None:
                return address
    # No trusted proxy, or a header our proxies did not write: the peer itself.
    return remote
