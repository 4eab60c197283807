"""Project-wide: the role-by-route access matrix.

Every route the URL resolver knows is tried as every role (see access_matrix.ROLES) with GET and
with an empty POST, using real arguments from the cast, and the answer must be the one declared
in access_table.EXPECTED. A route without an entry, an entry without a route and a URL parameter
without a sample value all fail, with a message saying what to add.
"""

import pytest

from lcpa.cohorts.models import Membership
from lcpa.cohorts.services import member_remove
from lcpa.core.tests.access_matrix import (
    ROLE_NAMES,
    act_as,
    cases,
    missing_from_table,
    missing_samples,
    problem,
    routes,
    stale_entries,
)
from lcpa.core.tests.access_table import ADMIN_ROUTES, ALLAUTH_ROUTES, EXPECTED, SAMPLES

ROUTES = routes(admin_routes=ADMIN_ROUTES, allauth_routes=ALLAUTH_ROUTES)
CASES = [case for case in cases(ROUTES, SAMPLES) if case.route.name]
METHODS = ("GET", "POST")


def test_every_route_has_a_name_so_it_can_be_listed():
    assert [route.pattern for route in ROUTES if route.name is None] == []


def test_every_route_is_in_the_access_table():
    assert missing_from_table(CASES, EXPECTED) == []


def test_every_entry_of_the_access_table_is_a_route():
    assert stale_entries(CASES, EXPECTED) == []


def test_every_url_parameter_has_a_sample_value():
    assert missing_samples(CASES, SAMPLES) == []


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.key)
def test_the_route_answers_the_role_as_the_table_says(db, client, access_cast, case, role, method):
    cast, sessions = access_cast
    found = problem(
        act_as(client, role, sessions),
        case=case,
        role=role,
        method=method,
        cast=cast,
        table=EXPECTED,
        samples=SAMPLES,
    )
    if found:
        pytest.fail(found, pytrace=False)


# The cast is built once per module; each test runs in a savepoint rolled back when it ends.
# These two, run in this order, show that a change made by one test is gone for the next.


def test_a_test_may_change_the_cast(db, access_cast):
    cast, _sessions = access_cast
    member_remove(membership=Membership.objects.get(pk=cast.membership_a2.pk), by=cast.staff)
    assert Membership.objects.get(pk=cast.membership_a2.pk).removed_at is not None


def test_the_next_test_does_not_see_the_change(db, access_cast):
    cast, _sessions = access_cast
    assert Membership.objects.get(pk=cast.membership_a2.pk).removed_at is None
