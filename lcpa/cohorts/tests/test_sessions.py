"""The session list and the session page, as members, helpers, outsiders and visitors see them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.cohorts.models import Membership, Session
from lcpa.library.models import Resource
from lcpa.testing import make_expert, make_user, module_of

MEETING = "https://meet.example.org/crisis-cohort-3"


def make_session(cohort, *, starts_in: timedelta, title: str = "Vision and charter", **extra):
    starts_at = timezone.now() + starts_in
    return Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, extra.pop("module_number", 1)),
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=90),
        meeting_url=extra.pop("meeting_url", MEETING),
        **extra,
    )


@pytest.fixture
def upcoming(cast):
    return make_session(
        cast.cohort,
        starts_in=timedelta(days=3),
        agenda="1. Introductions\n2. **Team charter** drafting",
    )


@pytest.fixture
def finished(cast):
    return make_session(
        cast.cohort,
        starts_in=-timedelta(days=7),
        title="Data inventory workshop",
        module_number=2,
        recording_url="https://video.example.org/recording-42",
        notes="Teams listed **their data sources**.",
    )


def test_the_session_list_sends_an_anonymous_visitor_to_sign_in(client, cast):
    response = client.get(reverse("cohorts:session_list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_sees_upcoming_and_past_sessions_of_their_cohort(client, cast, upcoming, finished):
    make_session(cast.other_cohort, starts_in=timedelta(days=2), title="Another cohort's session")
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:session_list"))
    assert response.status_code == 200
    assert response.context["upcoming"] == [upcoming]
    assert list(response.context["page"].object_list) == [finished]
    assert "Another cohort&#x27;s session" not in response.content.decode()
    assert "Another cohort's session" not in response.content.decode()


def test_the_session_list_says_which_time_zone_it_shows(client, cast, upcoming):
    cast.member_a1.time_zone = "America/Denver"
    cast.member_a1.save()
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session_list")).content.decode()
    assert "America/Denver" in page
    assert reverse("accounts:profile") in page
    local = timezone.localtime(upcoming.starts_at, timezone=ZoneInfo("America/Denver"))
    assert local.strftime("%-I:%M %p") in page


def test_someone_with_no_sessions_sees_an_empty_state(client, cast):
    client.force_login(cast.member_b)
    page = client.get(reverse("cohorts:session_list")).content.decode()
    assert "No sessions are scheduled yet" in page
    assert "No sessions have taken place yet" in page


def test_past_sessions_are_paginated_most_recent_first(client, cast):
    sessions = [
        make_session(cast.cohort, starts_in=-timedelta(days=days), title=f"Past {days}")
        for days in range(1, 14)
    ]
    client.force_login(cast.member_a1)
    first = client.get(reverse("cohorts:session_list")).context["page"]
    assert first.paginator.num_pages == 2
    assert list(first.object_list) == sessions[:10]
    second = client.get(reverse("cohorts:session_list"), {"page": 2}).context["page"]
    assert list(second.object_list) == sessions[10:]


def test_a_removed_member_no_longer_sees_the_cohorts_sessions(client, cast, upcoming):
    Membership.objects.filter(user=cast.member_a1).update(removed_at=timezone.now())
    client.force_login(cast.member_a1)
    assert client.get(reverse("cohorts:session_list")).context["upcoming"] == []
    assert client.get(reverse("cohorts:session", args=[upcoming.pk])).status_code == 404


def test_the_session_page_sends_an_anonymous_visitor_to_sign_in(client, cast, upcoming):
    response = client.get(reverse("cohorts:session", args=[upcoming.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_of_another_cohort_gets_not_found(client, cast, upcoming):
    client.force_login(cast.outsider)
    assert client.get(reverse("cohorts:session", args=[upcoming.pk])).status_code == 404


def test_a_member_of_another_team_in_the_cohort_sees_the_session_and_its_link(
    client, cast, upcoming
):
    client.force_login(cast.member_b)
    response = client.get(reverse("cohorts:session", args=[upcoming.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vision and charter" in page
    assert MEETING in page
    assert "<strong>Team charter</strong>" in page


HELPERS_OF_ANOTHER_COHORT = {
    "experts": lambda: make_expert("cohort-4-expert@test.example"),
    "ta_providers": lambda: make_user("cohort-4-ta@test.example", User.Role.TA_PROVIDER),
}


@pytest.mark.parametrize("role", HELPERS_OF_ANOTHER_COHORT)
def test_an_expert_or_ta_provider_of_another_cohort_never_sees_the_session(
    client, cast, upcoming, role
):
    helper = HELPERS_OF_ANOTHER_COHORT[role]()
    getattr(cast.other_cohort, role).add(helper)
    client.force_login(helper)
    assert client.get(reverse("cohorts:session", args=[upcoming.pk])).status_code == 404
    page = client.get(reverse("cohorts:session_list")).content.decode()
    assert MEETING not in page
    assert "Vision and charter" not in page


def test_an_expert_with_no_cohort_does_not_see_the_meeting_link_anywhere(client, cast, upcoming):
    client.force_login(make_expert("no-cohort-expert@test.example"))
    assert client.get(reverse("cohorts:session", args=[upcoming.pk])).status_code == 404
    assert client.get(reverse("cohorts:session_ics", args=[upcoming.pk])).status_code == 404


@pytest.mark.parametrize("role", ["experts", "facilitators", "ta_providers"])
def test_the_people_who_serve_the_cohort_see_the_meeting_link(client, cast, upcoming, role):
    helper = make_user(f"{role}@test.example")
    getattr(cast.cohort, role).add(helper)
    client.force_login(helper)
    response = client.get(reverse("cohorts:session", args=[upcoming.pk]))
    assert response.status_code == 200
    assert MEETING in response.content.decode()


def test_program_staff_see_every_session_with_its_link(client, cast, upcoming):
    client.force_login(cast.staff)
    response = client.get(reverse("cohorts:session", args=[upcoming.pk]))
    assert response.status_code == 200
    assert MEETING in response.content.decode()


def test_the_page_lists_facilitators_presenters_and_materials(client, cast, upcoming):
    facilitator = make_user("dana.facilitator@test.example")
    presenter = make_user("ravi.presenter@test.example")
    upcoming.facilitators.add(facilitator)
    upcoming.presenters.add(presenter)
    guide = Resource.objects.create(title="Charter template", summary="A team charter.")
    upcoming.materials.add(guide)
    client.force_login(cast.member_a2)
    page = client.get(reverse("cohorts:session", args=[upcoming.pk])).content.decode()
    assert "Dana.Facilitator" in page
    assert "Ravi.Presenter" in page
    assert "Charter template" in page
    assert reverse("library:resource", args=[guide.pk]) in page


def test_before_it_ends_there_is_no_recording_or_feedback_link(client, cast, upcoming):
    upcoming.recording_url = "https://video.example.org/early"
    upcoming.save()
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[upcoming.pk])).content.decode()
    assert "https://video.example.org/early" not in page
    assert reverse("cohorts:session_feedback", args=[upcoming.pk]) not in page


def test_after_it_ends_members_see_the_recording_notes_and_feedback_link(client, cast, finished):
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[finished.pk])).content.decode()
    assert "https://video.example.org/recording-42" in page
    assert "<strong>their data sources</strong>" in page
    assert reverse("cohorts:session_feedback", args=[finished.pk]) in page
    assert MEETING not in page


def test_the_feedback_link_is_only_for_team_members(client, cast, finished):
    client.force_login(cast.expert)
    page = client.get(reverse("cohorts:session", args=[finished.pk])).content.decode()
    assert "https://video.example.org/recording-42" in page
    assert reverse("cohorts:session_feedback", args=[finished.pk]) not in page


def test_agenda_markdown_is_sanitised(client, cast):
    session = make_session(
        cast.cohort, starts_in=timedelta(days=1), agenda="<script>alert(1)</script> Plan"
    )
    client.force_login(cast.member_a1)
    page = client.get(reverse("cohorts:session", args=[session.pk])).content.decode()
    assert "<script>alert(1)" not in page
