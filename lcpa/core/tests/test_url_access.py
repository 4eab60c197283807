"""Project-wide: every URL is on the public list or refuses the anonymous visitor."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Names (namespace:name) of pages anyone may open. Anything else must refuse a visitor.
PUBLIC = {
    "healthz",
    "public:home",
    "public:learning_communities",
    "public:learning_community",
    "public:jurisdictions",
    "public:contact",
    "public:contact_thanks",
    "public:accessibility",
    "public:privacy",
    "intake:register",
    "intake:member_row",
    "intake:confirmation",
    "intake:registration_status",
    "cohorts:invitation_accept",
    "cohorts:calendar_feed",
    "library:resources",
    "library:resource",
    "library:resource_download",
}
# Third-party areas with their own access rules, tested where they are configured.
DELEGATED_PREFIXES = ("admin/", "accounts/", "api/v1/")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else None


def _sample_path(route: str) -> str:
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|uuid|path):\w+>|<\w+>", "unknown", path)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "")


def _own_routes():
    for route, name in _walk(get_resolver().url_patterns):
        if route.lstrip("^").startswith(DELEGATED_PREFIXES):
            continue
        yield route, name


def test_every_route_has_a_name_so_it_can_be_listed():
    unnamed = [route for route, name in _own_routes() if name is None]
    assert unnamed == []


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "name"), sorted(_own_routes(), key=lambda r: r[0]))
def test_a_private_url_refuses_the_anonymous_visitor(client, route, name):
    if name in PUBLIC:
        pytest.skip("public page")
    response = client.get(_sample_path(route))
    assert response.status_code in {302, 401, 403, 404, 405}, f"{name} is open to visitors"
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]


STAFF_ROUTES = sorted(route for route, _ in _own_routes() if route.startswith("staff/"))


@pytest.mark.parametrize("who", ["member_a1", "member_b", "outsider", "expert", "ta_provider"])
def test_only_program_staff_reach_staff_pages(client, cast, who):
    client.force_login(getattr(cast, who))
    for route in STAFF_ROUTES:
        response = client.get(_sample_path(route))
        assert response.status_code in {404, 405}, f"{who} reached {route}"


def test_program_staff_reach_the_staff_dashboard(client, cast):
    client.force_login(cast.staff)
    assert client.get("/staff/").status_code == 200
