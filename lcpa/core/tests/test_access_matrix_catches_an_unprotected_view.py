"""The access matrix can fail: a throwaway view that shows team A's page without any access
check (registered only here, through a test URL conf) is reported, first as a route missing
from the table, then, once declared staff-only, by every role that should not get in."""

import pytest
from django.test import Client, override_settings

from lcpa.core.tests.access_matrix import (
    ROLE_NAMES,
    Expect,
    act_as,
    cases,
    missing_from_table,
    missing_samples,
    problem,
    routes,
    stale_entries,
)
from lcpa.core.tests.access_table import (
    ADMIN_ROUTES,
    ALLAUTH_ROUTES,
    EXPECTED,
    SAMPLES,
    STAFF_ONLY,
)

WITH_UNPROTECTED_VIEW = "lcpa.core.tests.urls_with_an_unprotected_view"


def _cases():
    return cases(routes(admin_routes=ADMIN_ROUTES, allauth_routes=ALLAUTH_ROUTES), SAMPLES)


@pytest.fixture
def unprotected_routes():
    with override_settings(ROOT_URLCONF=WITH_UNPROTECTED_VIEW):
        yield {case.key: case for case in _cases()}


def test_a_new_route_is_reported_as_missing_from_the_table(unprotected_routes):
    missing = missing_from_table(unprotected_routes.values(), EXPECTED)
    assert len(missing) == 2
    assert missing[0].startswith(
        "unprotected_team (teams/<int:team_id>/unprotected/) is missing from the access table: "
        "add it to EXPECTED in lcpa/core/tests/access_table.py"
    )
    assert missing[1].startswith("unprotected_team_note ")


def test_a_url_parameter_without_a_sample_value_is_reported_by_name(unprotected_routes):
    assert missing_samples(unprotected_routes.values(), SAMPLES) == [
        "unprotected_team_note: no sample value for URL parameter 'note_id' "
        "(route teams/<int:team_id>/notes/<int:note_id>/)"
    ]


def test_an_entry_whose_route_is_gone_is_reported():
    table = {**EXPECTED, "cohorts:old_page": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405))}
    assert stale_entries(_cases(), table) == [
        "cohorts:old_page is in the access table but no route (or variant) has that name any "
        "more: remove or rename its entry"
    ]


def test_the_unprotected_view_declared_staff_only_fails_for_everyone_but_staff(
    db, access_cast, unprotected_routes
):
    cast, sessions = access_cast
    case = unprotected_routes["unprotected_team"]
    table = {**EXPECTED, case.key: Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405))}
    found = {
        role: problem(
            act_as(Client(), role, sessions),
            case=case,
            role=role,
            method="GET",
            cast=cast,
            table=table,
            samples=SAMPLES,
        )
        for role in ROLE_NAMES
    }
    url = f"/teams/{cast.team_a.pk}/unprotected/"
    assert found == {
        "anonymous": f"unprotected_team GET {url}: anonymous got 200, expected login",
        "registrant": f"unprotected_team GET {url}: registrant got 200, expected login",
        "member_a": f"unprotected_team GET {url}: member_a got 200, expected 404",
        "member_b": f"unprotected_team GET {url}: member_b got 200, expected 404",
        "outsider": f"unprotected_team GET {url}: outsider got 200, expected 404",
        "expert": f"unprotected_team GET {url}: expert got 200, expected 404",
        "ta_provider": f"unprotected_team GET {url}: ta_provider got 200, expected 404",
        "staff": None,
    }


def test_a_route_missing_from_the_table_fails_when_it_is_tried(
    db, client, access_cast, unprotected_routes
):
    cast, sessions = access_cast
    found = problem(
        client,
        case=unprotected_routes["unprotected_team"],
        role="anonymous",
        method="GET",
        cast=cast,
        table=EXPECTED,
        samples=SAMPLES,
    )
    assert found.startswith("unprotected_team (teams/<int:team_id>/unprotected/) is missing")


def test_a_missing_sample_value_fails_when_the_route_is_tried(
    db, client, access_cast, unprotected_routes
):
    cast, _sessions = access_cast
    case = unprotected_routes["unprotected_team_note"]
    table = {**EXPECTED, case.key: Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405))}
    found = problem(
        client, case=case, role="staff", method="GET", cast=cast, table=table, samples=SAMPLES
    )
    assert found.startswith(
        "unprotected_team_note: no sample value for URL parameter 'note_id' "
        "(route teams/<int:team_id>/notes/<int:note_id>/); add one to SAMPLES"
    )
