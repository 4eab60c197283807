"""Staff cohort pages: the list, creating a cohort, scheduling a session; who may open them."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Attendance, Cohort, CohortModule, Invitation, Session
from lcpa.cohorts.services import invitation_send
from lcpa.testing import make_user, module_of


def staff_urls(cast) -> list[str]:
    """Every staff cohort URL, with real rows behind it."""
    session = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Charter workshop",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1) + timedelta(hours=1),
    )
    invitation = invitation_send(
        team=cast.team_a,
        email="new@test.example",
        full_name="New Person",
        role="other",
        sector="other",
        by=cast.staff,
    )
    membership = cast.team_a.memberships.first()
    return [
        reverse("cohorts:staff_cohorts"),
        reverse("cohorts:staff_cohort_create"),
        reverse("cohorts:staff_cohort", args=[cast.cohort.pk]),
        reverse("cohorts:staff_session_create", args=[cast.cohort.pk]),
        reverse("cohorts:staff_attendance_csv", args=[cast.cohort.pk]),
        reverse("cohorts:staff_team", args=[cast.team_a.pk]),
        reverse("cohorts:staff_invite", args=[cast.team_a.pk]),
        reverse("cohorts:staff_unlock", args=[cast.team_a.pk]),
        reverse("cohorts:staff_member_remove", args=[membership.pk]),
        reverse("cohorts:staff_invitation_resend", args=[invitation.pk]),
        reverse("cohorts:staff_attendance", args=[session.pk]),
        reverse("cohorts:staff_feedback", args=[session.pk]),
    ]


def test_every_staff_cohort_page_sends_an_anonymous_visitor_to_sign_in(client, cast):
    for url in staff_urls(cast):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["member_a1", "member_b", "outsider", "expert", "ta_provider"])
def test_every_staff_cohort_page_is_a_404_for_everyone_but_program_staff(client, cast, who):
    cast.cohort.facilitators.add(cast.expert)
    client.force_login(getattr(cast, who))
    for url in staff_urls(cast):
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
    assert Invitation.objects.filter(sent_count=1).count() == 1
    assert not Attendance.objects.exists()


def test_program_staff_open_every_staff_cohort_page(client, cast):
    client.force_login(cast.staff)
    for url in staff_urls(cast):
        response = client.get(url)
        if url.endswith(("/invite/", "/unlock/", "/resend/")):
            assert response.status_code == 405, url
        else:
            assert response.status_code == 200, url


def test_the_list_shows_each_cohort_with_teams_capacity_and_next_session(client, cast):
    soon = timezone.now() + timedelta(days=3)
    Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 1),
        title="Next one",
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
    )
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:staff_cohorts")).content.decode()
    assert page.count("<h1") == 1
    assert "Crisis Systems cohort 3" in page and "Crisis Systems cohort 4" in page
    assert "2 of 8" in page and "1 of 8" in page
    assert timezone.localtime(soon).strftime("%b") in page
    assert "None scheduled" in page
    assert reverse("cohorts:staff_cohort", args=[cast.cohort.pk]) in page


def test_staff_create_a_cohort_with_its_people_and_a_copy_of_the_curriculum(client, cast):
    helper = make_user("facilitator@test.example", User.Role.PROGRAM_STAFF)
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:staff_cohort_create")).content.decode()
    assert "expert@test.example" in page and "ta@test.example" in page
    response = client.post(
        reverse("cohorts:staff_cohort_create"),
        {
            "learning_community": cast.communities["traffic-safety"].pk,
            "name": "Traffic safety cohort 1",
            "starts_on": "2027-01-11",
            "ends_on": "2027-06-11",
            "capacity": "6",
            "facilitators": [helper.pk],
            "experts": [cast.expert.pk],
            "ta_providers": [cast.ta_provider.pk],
        },
    )
    cohort = Cohort.objects.get(name="Traffic safety cohort 1")
    assert response.status_code == 302
    assert response["Location"] == reverse("cohorts:staff_cohort", args=[cohort.pk])
    assert cohort.capacity == 6
    assert list(cohort.facilitators.all()) == [helper]
    assert list(cohort.experts.all()) == [cast.expert]
    assert list(cohort.ta_providers.all()) == [cast.ta_provider]
    modules = list(CohortModule.objects.filter(cohort=cohort).order_by("number"))
    assert [m.number for m in modules] == [1, 2, 3, 4, 5]
    assert modules[-1].due_on == date(2027, 6, 11)


def test_a_cohort_that_ends_before_it_starts_is_refused_with_the_reason(client, cast):
    client.force_login(cast.staff)
    response = client.post(
        reverse("cohorts:staff_cohort_create"),
        {
            "learning_community": cast.communities["crisis-systems"].pk,
            "name": "Backwards",
            "starts_on": "2027-06-01",
            "ends_on": "2027-01-01",
            "capacity": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end date must be after the start date." in page
    assert "A cohort takes at least one team." in page
    assert 'href="#id_ends_on"' in page  # the error summary links to the field
    assert 'aria-describedby="id_ends_on_helptext id_ends_on_error"' in page
    assert not Cohort.objects.filter(name="Backwards").exists()


def test_a_cohort_needs_all_five_modules_of_its_learning_community(client, cast):
    cast.communities["school-based-diversion"].modules.filter(number=5).delete()
    client.force_login(cast.staff)
    response = client.post(
        reverse("cohorts:staff_cohort_create"),
        {
            "learning_community": cast.communities["school-based-diversion"].pk,
            "name": "Four modules",
            "starts_on": "2027-01-01",
            "ends_on": "2027-06-01",
            "capacity": "8",
        },
    )
    assert response.status_code == 400
    assert "has 4 of its five modules set up" in response.content.decode()
    assert 'value="Four modules"' in response.content.decode()  # what was typed is kept
    assert not Cohort.objects.filter(name="Four modules").exists()


def test_staff_schedule_a_session_in_their_own_time_zone(
    client, cast, cohort, django_capture_on_commit_callbacks
):
    cast.staff.time_zone = "America/Los_Angeles"
    cast.staff.save()
    client.force_login(cast.staff)
    url = reverse("cohorts:staff_session_create", args=[cast.cohort.pk])
    page = client.get(url).content.decode()
    assert "America/Los Angeles" in page
    assert "Module 2: Module 2 of Crisis systems" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "module": "2",
                "title": "Data inventory",
                "day": "2027-01-20",
                "start_time": "10:00",
                "end_time": "11:30",
                "meeting_url": "https://meet.example.org/data",
                "agenda": "1. Sources",
                "facilitators": [cast.staff.pk],
                "presenters": [cast.expert.pk],
            },
        )
    assert response.status_code == 302
    session = Session.objects.get(title="Data inventory")
    assert session.starts_at == datetime(2027, 1, 20, 18, 0, tzinfo=UTC)  # 10:00 PST
    scheduled = session.history.earliest("history_date")
    assert (scheduled.history_type, scheduled.history_user) == ("+", cast.staff)  # who did it
    assert session.ends_at == datetime(2027, 1, 20, 19, 30, tzinfo=UTC)
    assert session.module.number == 2
    assert list(session.presenters.all()) == [cast.expert]
    assert list(session.facilitators.all()) == [cast.staff]


def test_a_session_that_ends_before_it_starts_or_at_a_skipped_time_is_refused(client, cast):
    client.force_login(cast.staff)
    url = reverse("cohorts:staff_session_create", args=[cast.cohort.pk])
    base = {"module": "1", "title": "Charter", "day": "2027-02-01"}
    response = client.post(url, {**base, "start_time": "15:00", "end_time": "14:00"})
    assert response.status_code == 400
    assert "The session must end after it starts." in response.content.decode()
    # 2:30 on the day US clocks go forward does not exist in New York.
    response = client.post(
        url, {**base, "day": "2027-03-14", "start_time": "02:30", "end_time": "04:00"}
    )
    assert response.status_code == 400
    assert "That time does not exist on that day" in response.content.decode()
    response = client.post(url, {"title": ""})
    page = response.content.decode()
    assert "Choose the module." in page and "Enter the date." in page
    assert not Session.objects.exists()
