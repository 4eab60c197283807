"""Program staff edit a cohort: its name, dates, size, people and module due dates, with the
dates checked against each other and against what the cohort already holds."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from lcpa.cohorts.models import Cohort, Session
from lcpa.testing import make_expert, make_staff, make_user, module_of


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.staff)
    return client


def edit_url(cohort: Cohort) -> str:
    return reverse("cohorts:staff_cohort_edit", args=[cohort.pk])


def form_data(cohort: Cohort, **changes) -> dict:
    data = {
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "capacity": str(cohort.capacity),
        "facilitators": [u.pk for u in cohort.facilitators.all()],
        "experts": [u.pk for u in cohort.experts.all()],
        "ta_providers": [u.pk for u in cohort.ta_providers.all()],
    }
    for module in cohort.modules.all():
        data[f"due_{module.number}"] = module.due_on.isoformat()
    return {**data, **changes}


def due_dates(cohort: Cohort) -> list[date]:
    return list(cohort.modules.order_by("number").values_list("due_on", flat=True))


def test_the_form_shows_the_cohort_as_it_is(staff_client, cast):
    page = staff_client.get(edit_url(cast.cohort)).content.decode()
    assert page.count("<h1") == 1
    assert 'value="Crisis Systems cohort 3"' in page
    assert 'value="2026-09-01"' in page and 'value="2027-03-01"' in page
    assert "Module 5 due date" in page
    assert "learning_community" not in page


def test_staff_change_the_name_dates_people_and_due_dates(staff_client, cast):
    cohort = cast.cohort
    expert, colleague = make_expert("second-expert@test.example"), make_staff("co@test.example")
    cohort.experts.add(cast.expert)
    old_due = due_dates(cohort)
    data = form_data(
        cohort,
        name="Crisis Systems cohort 3 (spring)",
        ends_on="2027-04-01",
        capacity="10",
        experts=[expert.pk],
        facilitators=[colleague.pk],
        ta_providers=[cast.ta_provider.pk],
        due_5="2027-03-25",
    )

    response = staff_client.post(edit_url(cohort), data)

    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Crisis Systems cohort 3 (spring)"
    assert (cohort.ends_on, cohort.capacity) == (date(2027, 4, 1), 10)
    assert list(cohort.experts.all()) == [expert]
    assert list(cohort.facilitators.all()) == [colleague]
    assert list(cohort.ta_providers.all()) == [cast.ta_provider]
    assert due_dates(cohort) == [*old_due[:4], date(2027, 3, 25)]
    assert cohort.history.first().history_user == cast.staff
    assert module_of(cohort, 5).history.first().history_user == cast.staff
    # The people are in the history too: the latest record lists the new experts.
    assert [row.user for row in cohort.history.first().experts.all()] == [expert]
    page = staff_client.get(reverse("cohorts:staff_cohort", args=[cohort.pk])).content.decode()
    assert "Crisis Systems cohort 3 (spring)" in page and "March 25, 2027" in page


def test_an_expert_taken_off_the_cohort_no_longer_sees_its_teams(staff_client, client, cast):
    cast.cohort.experts.add(cast.expert)
    staff_client.post(edit_url(cast.cohort), form_data(cast.cohort, experts=[]))
    client.force_login(cast.expert)
    assert client.get(reverse("cohorts:workspace", args=[cast.team_a.pk])).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2026-08-01"}, "ends_on", "The end date must be after the start date."),
        ({"due_3": "2027-05-01"}, "due_3", "Choose a due date between the cohort"),
        ({"due_2": "2026-12-30"}, "due_3", "Module 3 cannot be due before module 2"),
        ({"capacity": "1"}, "capacity", "2 teams are already enrolled"),
        ({"name": ""}, "name", "Give the cohort a name."),
        ({"starts_on": "not a date"}, "starts_on", "Enter a real date."),
    ],
)
def test_dates_that_do_not_fit_are_refused_and_nothing_changes(
    staff_client, cast, changes, field, message
):
    cohort = cast.cohort
    before = (cohort.name, cohort.starts_on, cohort.ends_on, cohort.capacity, due_dates(cohort))

    response = staff_client.post(edit_url(cohort), form_data(cohort, **changes))

    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page
    assert message in page
    assert f'id="id_{field}_error"' in page
    cohort.refresh_from_db()
    after = (cohort.name, cohort.starts_on, cohort.ends_on, cohort.capacity, due_dates(cohort))
    assert after == before


def test_new_dates_that_leave_a_scheduled_session_outside_are_refused(staff_client, cast):
    cohort = cast.cohort
    Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 5),
        title="Sustainability clinic",
        starts_at=datetime(2027, 2, 20, 15, 0, tzinfo=UTC),
        ends_at=datetime(2027, 2, 20, 16, 0, tzinfo=UTC),
    )
    data = form_data(cohort, ends_on="2027-02-10")
    for number in range(1, 6):
        data[f"due_{number}"] = (date(2026, 10, 1) + timedelta(days=20 * number)).isoformat()

    response = staff_client.post(edit_url(cohort), data)

    assert response.status_code == 400
    assert "“Sustainability clinic” on February 20, 2027 would fall outside" in (
        response.content.decode()
    )
    cohort.refresh_from_db()
    assert cohort.ends_on == date(2027, 3, 1)


def test_a_cancelled_session_outside_the_new_dates_does_not_stop_the_change(staff_client, cast):
    cohort = cast.cohort
    Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, 5),
        title="Called off",
        starts_at=datetime(2027, 2, 27, 15, 0, tzinfo=UTC),
        ends_at=datetime(2027, 2, 27, 16, 0, tzinfo=UTC),
        status=Session.Status.CANCELLED,
    )
    data = form_data(cohort, ends_on="2027-02-26", due_5="2027-02-26")
    assert staff_client.post(edit_url(cohort), data).status_code == 302


def test_only_program_staff_edit_a_cohort(client, cast):
    cast.cohort.experts.add(cast.expert)
    for user in (cast.member_a1, cast.expert, make_user("ta2@test.example", "ta_provider")):
        client.force_login(user)
        assert client.get(edit_url(cast.cohort)).status_code == 404
        response = client.post(edit_url(cast.cohort), form_data(cast.cohort, name="Taken"))
        assert response.status_code == 404
    cast.cohort.refresh_from_db()
    assert cast.cohort.name == "Crisis Systems cohort 3"


def test_adding_someone_already_there_adds_no_history_row(cast):
    cohort = cast.cohort
    cohort.experts.add(cast.expert)
    before = cohort.history.count()

    cohort.experts.add(cast.expert)  # Django still signals an add

    assert cohort.history.count() == before
