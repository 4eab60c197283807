"""GET /api/v1/results: public, in the OpenAPI schema, small numbers suppressed (the
thresholds around 10 are tested with the page and the CSV in lcpa/outcomes/tests)."""

from datetime import date

from lcpa.api.tests.test_openapi import SchemaChecker, schema_paths
from lcpa.outcomes.briefs import results_sharing_set
from lcpa.outcomes.tests.test_results import LATEST, record
from lcpa.testing import choose_measure


def test_the_results_are_public_and_match_the_schema_with_a_suppressed_month(client, cast):
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    results_sharing_set(team=cast.team_a, shared=True, by=cast.member_a1)
    record(team_measure, {date(2026, 10, 1): (9, 100), LATEST: (25, 50)}, by=cast.member_a1)
    private = choose_measure(cast.team_b, by=cast.member_b)
    record(private, {LATEST: (30, 60)}, by=cast.member_b)

    response = client.get("/api/v1/results")

    SchemaChecker(schema_paths(client)).check("/api/v1/results", "get", response)
    (result,) = response.json()
    assert {key: result[key] for key in ("learning_community", "jurisdiction", "state")} == {
        "learning_community": "crisis-systems",
        "jurisdiction": "Amherst",
        "state": "MA",
    }
    assert (result["measure_code"], result["suppress_below"]) == ("alternative_coverage", 10)
    assert result["months"] == [
        {
            "month": "2026-10-01",
            "suppressed": True,
            "value": None,
            "numerator": None,
            "denominator": None,
        },
        {
            "month": "2026-11-01",
            "suppressed": False,
            "value": 50.0,
            "numerator": 25.0,
            "denominator": 50.0,
        },
    ]


def test_the_schema_says_what_suppressed_means(client, db):
    document = schema_paths(client)

    operation = document["paths"]["/api/v1/results"]["get"]
    month = document["components"]["schemas"]["ResultMonthOut"]["properties"]

    assert "security" not in operation
    assert "suppress_below" in operation["description"]
    assert "null" in month["suppressed"]["description"]
