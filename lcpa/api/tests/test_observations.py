"""A data coordinator's system sends and reads its team's monthly values through the API."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lcpa.accounts.services import api_token_create, api_token_revoke
from lcpa.api.tests.conftest import bearer
from lcpa.outcomes.models import Observation
from lcpa.outcomes.services import ObservationValue, observations_record
from lcpa.testing import Cast, choose_measure


@pytest.fixture
def coverage(cast: Cast):
    return choose_measure(cast.team_a, by=cast.member_a1)


@pytest.fixture
def token(cast: Cast) -> str:
    """Member A1 is team A's data coordinator."""
    _, raw = api_token_create(user=cast.member_a1, name="Dispatch export")
    return raw


def url(team, code: str = "alternative_coverage") -> str:
    return f"/api/v1/teams/{team.pk}/measures/{code}/observations"


def put(client, path: str, items, token: str | None):
    headers = bearer(token) if token else {}
    return client.put(
        path, data=json.dumps(items), content_type="application/json", headers=headers
    )


OCTOBER = {"period": "2026-10", "numerator": 30, "denominator": 80, "note": "From CAD"}


def test_a_coordinator_sends_values_and_reads_them_back(client, cast, coverage, token):
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 9, 1), Decimal(20), Decimal(70), False, "")],
        by=cast.member_a1,
    )
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 8, 1), Decimal(18), Decimal(60), False, "")],
        by=cast.member_a1,
    )
    items = [
        {**OCTOBER, "provisional": True},
        {"period": "2026-09-30", "numerator": 22, "denominator": 70},
        {"period": "2026-08", "numerator": 18, "denominator": 60},
        {"period": "2026-10", "disaggregation": "race:Black", "numerator": 9, "denominator": 25},
    ]

    response = put(client, url(cast.team_a), items, token)

    assert response.status_code == 200
    assert response.json() == {
        "created": [
            {"period": "2026-10-01", "disaggregation": ""},
            {"period": "2026-10-01", "disaggregation": "race:black"},
        ],
        "updated": [{"period": "2026-09-01", "disaggregation": ""}],
        "unchanged": [{"period": "2026-08-01", "disaggregation": ""}],
    }
    october = Observation.objects.get(team=cast.team_a, period=date(2026, 10, 1), disaggregation="")
    assert (october.numerator, october.denominator, october.note) == (30, 80, "From CAD")
    assert october.provisional and (october.source, october.entered_by) == ("api", cast.member_a1)
    september = Observation.objects.get(team=cast.team_a, period=date(2026, 9, 1))
    assert [h.numerator for h in september.history.order_by("history_date")] == [20, 22]

    listed = client.get(url(cast.team_a), headers=bearer(token)).json()
    assert [(row["period"], row["disaggregation"], row["numerator"]) for row in listed] == [
        ("2026-08-01", "", 18.0),
        ("2026-09-01", "", 22.0),
        ("2026-10-01", "", 30.0),
        ("2026-10-01", "race:black", 9.0),
    ]
    assert listed[2]["source"] == "api" and listed[2]["measure_version"] == 1


def test_sending_the_same_body_again_changes_nothing(client, cast, coverage, token):
    put(client, url(cast.team_a), [OCTOBER], token)

    again = put(client, url(cast.team_a), [OCTOBER], token)

    assert again.json() == {
        "created": [],
        "updated": [],
        "unchanged": [{"period": "2026-10-01", "disaggregation": ""}],
    }
    assert Observation.objects.get().history.count() == 1


def test_bad_items_are_listed_by_index_and_field_and_nothing_is_stored(
    client, cast, coverage, token
):
    items = [
        OCTOBER,
        {"period": "October", "numerator": 3, "denominator": 9},
        {"period": "2026-09", "numerator": -1, "denominator": 9},
        {"period": "2026-08", "numerator": 10, "denominator": 9},
        {"period": "2026-07", "numerator": 1, "denominator": 9, "disaggregation": "disability:x"},
        {"period": "2026-10", "numerator": 31, "denominator": 80},
    ]

    response = put(client, url(cast.team_a), items, token)

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [row["loc"] for row in detail] == [
        ["body", 1, "period"],
        ["body", 2, "numerator"],
        ["body", 3, "numerator"],
        ["body", 4, "disaggregation"],
        ["body", 5, "period"],
    ]
    assert "is not a month" in detail[0]["msg"]
    assert "must be 0 or more" in detail[1]["msg"]
    assert "more than the denominator" in detail[2]["msg"]
    assert "Item 0 has the same month and group" in detail[4]["msg"]
    assert not Observation.objects.exists()


def test_a_body_that_is_not_a_list_of_values_is_a_422(client, cast, coverage, token):
    response = put(client, url(cast.team_a), {"period": "2026-10"}, token)

    assert response.status_code == 422
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    "header",
    [None, "lcpa_not-a-real-token", "not-even-our-prefix"],
    ids=["no token", "unknown token", "foreign token"],
)
def test_without_a_valid_token_the_answer_is_401(client, cast, coverage, header):
    assert put(client, url(cast.team_a), [OCTOBER], header).status_code == 401
    headers = bearer(header) if header else {}
    assert client.get(url(cast.team_a), headers=headers).status_code == 401
    assert not Observation.objects.exists()


def test_a_revoked_token_is_a_401(client, cast, coverage):
    token, raw = api_token_create(user=cast.member_a1, name="Old export")
    api_token_revoke(token=token, by=cast.member_a1)

    assert put(client, url(cast.team_a), [OCTOBER], raw).status_code == 401


def test_another_teams_coordinator_gets_404(client, cast, coverage):
    """Member B coordinates team B's data, in the same cohort: team A's values are not theirs,
    even for a measure team B chose too."""
    choose_measure(cast.team_b, by=cast.member_b)
    _, raw = api_token_create(user=cast.member_b, name="Sacramento export")

    assert put(client, url(cast.team_a), [OCTOBER], raw).status_code == 404
    assert client.get(url(cast.team_a), headers=bearer(raw)).status_code == 404
    assert put(client, url(cast.team_b), [OCTOBER], raw).status_code == 200
    assert list(Observation.objects.values_list("team", flat=True)) == [cast.team_b.pk]


def test_a_member_who_is_not_the_data_coordinator_gets_404(client, cast, coverage, token):
    """A token keeps working only while its owner coordinates the team's data: moved to
    another team role, member A1's token writes nothing."""
    cast.member_a1.memberships.update(role="first_response")

    assert put(client, url(cast.team_a), [OCTOBER], token).status_code == 404
    assert client.get(url(cast.team_a), headers=bearer(token)).status_code == 404
    assert not Observation.objects.exists()


def test_a_staff_token_does_not_write_a_teams_values(client, cast, coverage):
    """Program staff correct values on the site; their token is for the staff routes."""
    _, raw = api_token_create(user=cast.staff, name="Staff script")

    assert put(client, url(cast.team_a), [OCTOBER], raw).status_code == 404
    assert not Observation.objects.exists()


def test_a_coordinator_who_left_the_team_gets_404(client, cast, coverage, token):
    cast.member_a1.memberships.update(removed_at=timezone.now())

    assert put(client, url(cast.team_a), [OCTOBER], token).status_code == 404


def test_a_measure_the_team_did_not_choose_is_a_404(client, cast, coverage, token):
    assert put(client, url(cast.team_a, "police_backup_rate"), [OCTOBER], token).status_code == 404
    assert put(client, url(cast.team_a, "no_such_code"), [OCTOBER], token).status_code == 404


def selects_of(client, path: str, items, token: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert put(client, path, items, token).status_code == 200
    return sum(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_a_put_reads_as_many_queries_for_eleven_items_as_for_two(client, cast, coverage, token):
    """Each new or corrected value is one write and one history row (the grid's service);
    the reads do not grow with the items."""
    items = [{"period": f"2025-{m:02}", "numerator": m, "denominator": 20} for m in range(1, 12)]

    few = selects_of(client, url(cast.team_a), items[:2], token)
    many = selects_of(client, url(cast.team_a), items[2:], token)

    assert few == many


@pytest.mark.parametrize("number", ["1E+999999999", "NaN", "Infinity"])
def test_numbers_too_large_or_not_finite_are_refused_as_bad_items(
    client, cast, coverage, token, number
):
    item = {"period": "2026-10", "numerator": number, "denominator": 9}

    response = put(client, url(cast.team_a), [item], token)

    assert response.status_code == 422
    assert not Observation.objects.exists()
