"""Pipeline reads: filters, search, sorting, overdue, duplicates and the dashboard figures."""

import itertools
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole
from lcpa.intake import queries
from lcpa.intake.models import InterestRegistration
from lcpa.intake.services import registration_submit

_numbers = itertools.count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def make_registration(
    *,
    communities=(),
    jurisdiction_name: str | None = None,
    state: str = "MA",
    population: int = 40_000,
    status: str = InterestRegistration.Status.NEW,
    contact_name: str = "Casey Contact",
    contact_email: str | None = None,
    goals: str = "Send clinicians to mental health calls.",
    submitted_on: date | None = None,
    members=None,
    **changes,
) -> InterestRegistration:
    """A registration stored through registration_submit (no emails), then changed as asked.

    `communities` defaults to every learning community in the database; `changes` are fields
    written straight to the row afterwards (e.g. assigned_to, follow_up_due_on).
    """
    number = next(_numbers)
    communities = list(communities) or list(LearningCommunity.objects.all())
    if members is None:
        members = [
            ("Dana Data", f"dana{number}@town.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Finn Fire", f"finn{number}@town.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
        ] + [
            (
                f"Imp {community.short_name}",
                f"imp{number}-{community.slug}@town.example",
                TeamRole.IMPLEMENTING_SECTOR,
                community.implementing_sector,
            )
            for community in communities
        ]
    result = registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name=jurisdiction_name or f"Town {number}",
        state=state,
        jurisdiction_kind="city",
        population=population,
        learning_communities=communities,
        goals=goals,
        stage=InterestRegistration.Stage.EXPLORING,
        preferred_start=InterestRegistration.PreferredStart.NEXT,
        contact_name=contact_name,
        contact_email=contact_email or f"contact{number}@town.example",
        members=[
            {
                "name": name,
                "email": email,
                "organisation": "Town hall",
                "sector": sector,
                "role": role,
            }
            for name, email, role, sector in members
        ],
        submitted_at=at(submitted_on) if submitted_on else None,
        send_emails=False,
    )
    registration = result.registration
    if status != InterestRegistration.Status.NEW:
        changes["status"] = status
    if changes:
        InterestRegistration.objects.filter(pk=registration.pk).update(**changes)
        registration.refresh_from_db()
    return registration


@pytest.fixture
def crisis(communities):
    return communities["crisis-systems"]


def test_it_filters_by_status_community_state_and_population_band(communities):
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    small = make_registration(communities=[crisis], state="MA", population=12_000)
    middle = make_registration(communities=[traffic], state="CA", population=25_000)
    big = make_registration(
        communities=[crisis, traffic],
        state="CA",
        population=750_000,
        status=InterestRegistration.Status.CONTACTED,
    )

    def ids(**filters):
        return set(queries.pipeline_registrations(**filters).values_list("pk", flat=True))

    assert ids() == {small.pk, middle.pk, big.pk}
    assert ids(status="contacted") == {big.pk}
    assert ids(learning_community="traffic-safety") == {middle.pk, big.pk}
    assert ids(state="ca") == {middle.pk, big.pk}
    assert ids(population_band="under-25k") == {small.pk}
    assert ids(population_band="25k-100k") == {middle.pk}
    assert ids(population_band="500k-plus") == {big.pk}
    assert ids(population_band="nonsense") == set()


def test_it_searches_member_names_without_repeating_a_registration(crisis):
    registration = make_registration(communities=[crisis], contact_name="Sam Search")
    found = list(queries.pipeline_registrations(search="town.example"))
    assert found == [registration]


def test_a_registration_is_overdue_only_after_its_due_date_in_business_days(crisis, settings):
    settings.FOLLOW_UP_BUSINESS_DAYS = 10
    monday = date(2027, 1, 4)
    registration = make_registration(communities=[crisis], submitted_on=monday)
    # Two weekends skipped, and Martin Luther King Jr. Day (Monday the 18th), a federal holiday.
    assert registration.follow_up_due_on == date(2027, 1, 19)

    def overdue_ids(today):
        return list(
            queries.pipeline_registrations(overdue=True, today=today).values_list("pk", flat=True)
        )

    assert overdue_ids(date(2027, 1, 19)) == []
    assert overdue_ids(date(2027, 1, 20)) == [registration.pk]
    assert queries.is_overdue(registration, date(2027, 1, 20))
    assert queries.business_days_overdue(registration, date(2027, 1, 20)) == 1
    assert queries.business_days_overdue(registration, date(2027, 1, 26)) == 5  # Tuesday to Tuesday
    registration.status = InterestRegistration.Status.DECLINED
    registration.save()
    assert overdue_ids(date(2027, 2, 1)) == []


def test_the_oldest_overdue_come_first(crisis):
    later = make_registration(communities=[crisis], follow_up_due_on=date(2027, 1, 20))
    older = make_registration(communities=[crisis], follow_up_due_on=date(2027, 1, 5))
    make_registration(communities=[crisis], follow_up_due_on=date(2027, 3, 1))
    overdue = list(queries.overdue_registrations(today=date(2027, 2, 1)))
    assert overdue == [older, later]


def test_the_median_counts_business_days_to_the_first_follow_up(crisis):
    assert queries.median_business_days_to_first_follow_up() is None
    friday = date(2027, 1, 8)
    for followed_on in [date(2027, 1, 11), date(2027, 1, 13), date(2027, 1, 22)]:
        make_registration(
            communities=[crisis], submitted_on=friday, first_followed_up_at=at(followed_on)
        )
    make_registration(communities=[crisis], submitted_on=friday)  # not followed up: left out
    # 1, 3 and 10 business days
    assert queries.median_business_days_to_first_follow_up() == 3


def test_possible_duplicates_share_jurisdiction_state_and_a_community(communities):
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    first = make_registration(jurisdiction_name="Amherst", state="MA", communities=[crisis])
    same = make_registration(jurisdiction_name="amherst", state="MA", communities=[traffic, crisis])
    other_state = make_registration(jurisdiction_name="Amherst", state="NH", communities=[crisis])
    other_community = make_registration(
        jurisdiction_name="Amherst", state="MA", communities=[traffic]
    )
    merged = make_registration(
        jurisdiction_name="Amherst", state="MA", communities=[crisis], merged_into=same
    )
    assert list(queries.possible_duplicates(first)) == [same]
    assert set(queries.possible_duplicates(same)) == {first, other_community}
    assert list(queries.possible_duplicates(other_state)) == []
    assert list(queries.possible_duplicates(merged)) == []
    rows = list(queries.pipeline_registrations(include_merged=True))
    queries.flag_possible_duplicates(rows)
    flagged = {r.pk for r in rows if r.possible_duplicate}
    assert flagged == {first.pk, same.pk, other_community.pk}


def test_pipeline_rows_keep_their_communities_and_duplicates_whatever_the_letters(communities):
    """SQLite's LOWER changes only ASCII letters, Python's lower() every letter: a name with an
    accented capital must still show its own communities, and namesakes are still found."""
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    accented = make_registration(
        jurisdiction_name="ÉVRY COUNTY", state="NM", communities=[crisis, traffic]
    )
    first = make_registration(jurisdiction_name="Amherst", state="MA", communities=[crisis])
    same = make_registration(jurisdiction_name="AMHERST", state="MA", communities=[crisis])
    make_registration(jurisdiction_name="Amherst", state="NM", communities=[traffic])
    rows = queries.pipeline_page_rows(queries.pipeline_registrations(), offset=0, limit=25)
    queries.with_communities_and_duplicates(rows)
    by_pk = {row.pk: row for row in rows}
    assert set(by_pk[accented.pk].community_ids) == {crisis.pk, traffic.pk}
    assert by_pk[accented.pk].possible_duplicate is False
    assert by_pk[first.pk].possible_duplicate is True
    assert by_pk[same.pk].possible_duplicate is True
    assert by_pk[first.pk].community_ids == [crisis.pk]


def test_the_status_counts_cover_every_status_and_leave_out_merged_ones(crisis):
    kept = make_registration(communities=[crisis])
    make_registration(communities=[crisis], status="contacted")
    make_registration(communities=[crisis], status="contacted", merged_into=kept)
    counts = {c.status: c.count for c in queries.status_counts()}
    assert counts["new"] == 1
    assert counts["contacted"] == 1
    assert counts["withdrawn"] == 0
    assert len(counts) == 8


def test_the_audit_trail_lists_who_changed_which_field(crisis):
    from lcpa.intake.services import followup_record, registration_assign
    from lcpa.testing import make_staff

    staff = make_staff()
    registration = make_registration(communities=[crisis])
    registration_assign(registration=registration, by=staff, assignee=staff)
    followup_record(
        registration=registration, by=staff, kind="call", summary="Hi", status_to="contacted"
    )
    trail = queries.registration_audit_trail(registration)
    assert trail[-1].kind == "created"
    assert trail[0].who == staff
    fields = {change.field: change for change in trail[0].changes}
    assert fields["Status"].old == "New"
    assert fields["Status"].new == "Contacted"
    assigned = {change.field: change for change in trail[1].changes}["Assigned to"]
    assert (assigned.old, assigned.new) == ("(empty)", str(staff))
