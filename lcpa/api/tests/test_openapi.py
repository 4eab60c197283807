"""Project-wide API contract: every route is in openapi.json and every response matches it.

Responses are validated with `jsonschema` against the published openapi.json itself (its
component schemas resolved through `$ref`), not against ninja's pydantic models: those run
their resolvers again on validation, and the schema document is what clients rely on.
"""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver
from jsonschema import Draft202012Validator

from lcpa.accounts.services import api_token_create
from lcpa.api.tests.conftest import ApiWorld, bearer
from lcpa.api.urls import api
from lcpa.testing import choose_measure

OPENAPI_URL = "/api/v1/openapi.json"
OBSERVATIONS = "/api/v1/teams/{team_id}/measures/{code}/observations"


def schema_paths(client) -> dict:
    response = client.get(OPENAPI_URL)
    assert response.status_code == 200
    return response.json()


def router_operations() -> dict[str, tuple[str, set[str]]]:
    """operation id -> (path as in openapi.json, HTTP methods), from the routers themselves."""
    operations = {}
    for router in api._get_bound_routers():
        for path, path_view in router.path_operations.items():
            full = "/".join(part for part in (router.prefix, path.lstrip("/")) if part)
            # Django converters ({int:id}) appear in OpenAPI as plain parameters ({id}).
            full = re.sub(r"{\w+:(\w+)}", r"{\1}", "/api/v1/" + full)
            for operation in path_view.operations:
                operations[operation.operation_id] = (full, {m.lower() for m in operation.methods})
    return operations


def api_url_names() -> set[str]:
    names = set()
    patterns = list(api.urls[0])
    while patterns:
        pattern = patterns.pop()
        if isinstance(pattern, URLResolver):
            patterns.extend(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names - {"api-root", "openapi-json", "openapi-view"}


def test_every_route_is_in_the_schema(client, db):
    document = schema_paths(client)
    in_schema = {
        (path, method): spec["operationId"]
        for path, methods in document["paths"].items()
        for method, spec in methods.items()
    }
    from_routers = {
        (path, method): operation_id
        for operation_id, (path, methods) in router_operations().items()
        for method in methods
    }
    assert from_routers == in_schema
    # Every URL the API serves is one of those operations (named by its operation id).
    assert api_url_names() == set(from_routers.values())


def test_the_schema_documents_the_bearer_token_and_the_staff_errors(client, db):
    document = schema_paths(client)
    assert document["components"]["securitySchemes"] == {
        "StaffToken": {"type": "http", "scheme": "bearer"},
        "PersonalToken": {"type": "http", "scheme": "bearer"},
    }
    listing = document["paths"]["/api/v1/registrations"]["get"]
    assert listing["security"] == [{"StaffToken": []}]
    assert "revoked" in listing["responses"]["401"]["description"]
    assert "not program staff" in listing["responses"]["403"]["description"]
    public = document["paths"]["/api/v1/learning-communities"]["get"]
    assert "security" not in public
    values = document["paths"][OBSERVATIONS]["put"]
    assert values["security"] == [{"PersonalToken": []}]
    assert "not an active data coordinator" in values["responses"]["404"]["description"]


class SchemaChecker:
    """Validates a response against what openapi.json declares for its path and method."""

    def __init__(self, document: dict) -> None:
        self.document = document
        self.seen: set[tuple[str, str, int]] = set()

    def check(self, path: str, method: str, response) -> None:
        operation = self.document["paths"][path][method]
        status = str(response.status_code)
        assert status in operation["responses"], (
            f"{method.upper()} {path} answered {status}, which its schema does not declare"
        )
        declared = operation["responses"][status]["content"]
        content_type = response["Content-Type"].split(";")[0]
        assert content_type in declared, (
            f"{method.upper()} {path} {status} sent {content_type}, declared {list(declared)}"
        )
        if content_type == "application/json":
            schema = declared[content_type]["schema"]
            # "#/components/..." references resolve inside this root schema.
            validator = Draft202012Validator({**schema, "components": self.document["components"]})
            errors = sorted(validator.iter_errors(json.loads(response.content)), key=str)
            assert not errors, f"{method.upper()} {path} {status}: {errors[0].message}"
        else:
            assert response.getvalue() if response.streaming else response.content
        self.seen.add((path, method, response.status_code))

    def declared(self) -> set[tuple[str, str, int]]:
        return {
            (path, method, int(status))
            for path, methods in self.document["paths"].items()
            for method, spec in methods.items()
            for status in spec["responses"]
        }


@pytest.mark.django_db
def test_every_response_of_every_route_matches_its_schema(client, world: ApiWorld):
    checker = SchemaChecker(schema_paths(client))
    staff = bearer(world.staff_token)
    member = bearer(world.member_token)
    registration = world.followed_up
    calls = [
        # (schema path, URL, headers)
        ("/api/v1/learning-communities", "/api/v1/learning-communities", {}),
        (
            "/api/v1/learning-communities/{slug}",
            "/api/v1/learning-communities/crisis-systems",
            {},
        ),
        ("/api/v1/learning-communities/{slug}", "/api/v1/learning-communities/nope", {}),
        ("/api/v1/jurisdictions", "/api/v1/jurisdictions", {}),
        ("/api/v1/jurisdictions", "/api/v1/jurisdictions?learning_community=crisis-systems", {}),
        ("/api/v1/jurisdictions", "/api/v1/jurisdictions?state=ma", {}),
        ("/api/v1/results", "/api/v1/results", {}),
    ]
    for path, url in [
        ("/api/v1/registrations", "/api/v1/registrations"),
        ("/api/v1/registrations/export.csv", "/api/v1/registrations/export.csv"),
        ("/api/v1/registrations/{registration_id}", f"/api/v1/registrations/{registration.pk}"),
    ]:
        calls += [
            (path, url, staff),
            (path, url, {}),
            (path, url, bearer("lcpa_not-a-real-token")),
            (path, url, member),
        ]
    calls += [
        ("/api/v1/registrations", "/api/v1/registrations?overdue=true&page_size=1", staff),
        ("/api/v1/registrations", "/api/v1/registrations?status=in_conversation", staff),
        ("/api/v1/registrations", "/api/v1/registrations?status=lost", staff),
        ("/api/v1/registrations", "/api/v1/registrations?search=" + "x" * 201, staff),
        ("/api/v1/registrations/export.csv", "/api/v1/registrations/export.csv?state=OR", staff),
        ("/api/v1/registrations/export.csv", "/api/v1/registrations/export.csv?status=x", staff),
        ("/api/v1/registrations/{registration_id}", "/api/v1/registrations/999999", staff),
        (
            "/api/v1/registrations/{registration_id}",
            f"/api/v1/registrations/{world.overdue.pk}",
            staff,
        ),
    ]
    for path, url, headers in calls:
        response = client.get(url, headers=headers)
        checker.check(path, "get", response)
    for method, body, headers, url in observation_calls(world):
        response = getattr(client, method)(
            url, data=body, content_type="application/json", headers=headers
        )
        checker.check(OBSERVATIONS, method, response)

    assert checker.seen == checker.declared(), "some declared responses were never exercised"


def observation_calls(world: ApiWorld) -> list[tuple[str, str, dict, str]]:
    """(method, body, headers, URL) for every declared answer of the observations routes, with
    a data coordinator's token."""
    cast = world.cast
    measure = choose_measure(cast.team_a, by=cast.member_a1)
    _, raw = api_token_create(user=cast.member_a1, name="Dispatch export")
    coordinator = bearer(raw)
    url = f"/api/v1/teams/{cast.team_a.pk}/measures/{measure.measure.code}/observations"
    other = f"/api/v1/teams/{cast.team_b.pk}/measures/{measure.measure.code}/observations"
    good = json.dumps([{"period": "2026-10", "numerator": 3, "denominator": 9, "note": "x"}])
    bad = json.dumps([{"period": "2026-13", "numerator": 3, "denominator": 2}])
    return [
        ("put", good, coordinator, url),
        ("put", "{not json", coordinator, url),
        ("put", good, {}, url),
        ("put", good, coordinator, other),
        ("put", bad, coordinator, url),
        ("get", "", coordinator, url),
        ("get", "", {}, url),
        ("get", "", coordinator, other),
    ]


def test_the_checker_rejects_a_response_that_breaks_the_schema(client, db):
    from django.http import JsonResponse

    checker = SchemaChecker(schema_paths(client))
    wrong = JsonResponse([{"slug": "crisis-systems", "modules": "none"}], safe=False)
    with pytest.raises(AssertionError, match="required property"):
        checker.check("/api/v1/learning-communities", "get", wrong)
    undeclared = JsonResponse({"detail": "Forbidden"}, status=403)
    with pytest.raises(AssertionError, match="does not declare"):
        checker.check("/api/v1/learning-communities", "get", undeclared)


# Operations anyone may call. Every other operation must need a token (staff or personal).
PUBLIC_OPERATIONS = {
    "learning_communities_list",
    "learning_community_get",
    "jurisdictions_list",
    "results_list",
}


def test_every_api_operation_is_public_by_choice_or_refuses_the_anonymous_caller(client, world):
    document = schema_paths(client)
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            url = (
                path.replace("{slug}", "crisis-systems")
                .replace("{registration_id}", str(world.followed_up.pk))
                .replace("{team_id}", str(world.cast.team_a.pk))
                .replace("{code}", "alternative_coverage")
            )
            response = getattr(client, method)(url)
            if spec["operationId"] in PUBLIC_OPERATIONS:
                assert "security" not in spec
                assert response.status_code == 200, url
            else:
                assert spec["security"] in ([{"StaffToken": []}], [{"PersonalToken": []}]), url
                assert response.status_code == 401, url
