"""The team workspace: the five modules as a path, what is due, the next session, the roster
and the cohort's other teams; the list of the signed-in person's teams."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import CohortModule, Deliverable, Membership, Session, Team
from lcpa.cohorts.services import deliverable_share, member_remove, module_unlock
from lcpa.curriculum.models import Jurisdiction
from lcpa.testing import make_user, module_of


def workspace(team):
    return reverse("cohorts:workspace", args=[team.pk])


def make_session(cohort, *, days: int, module_number: int = 1, title: str = "Session"):
    starts = timezone.now() + timedelta(days=days)
    return Session.objects.create(
        cohort=cohort,
        module=module_of(cohort, module_number),
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
    )


def test_it_sends_a_member_of_one_team_straight_to_the_workspace(client, cast, cohort):
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:my_teams"))
    assert response.status_code == 302
    assert response["Location"] == workspace(cast.team_a)


def test_it_lists_the_teams_of_someone_on_two_teams(client, cast, cohort):
    Membership.objects.create(
        team=cast.other_team, user=cast.member_a1, role="other", sector="fire"
    )
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:my_teams"))
    assert response.status_code == 200
    assert response.context["teams"] == [cast.other_team, cast.team_a]
    assert workspace(cast.other_team) in response.content.decode()


def test_it_leaves_out_teams_the_person_was_removed_from(client, cast, cohort):
    member_remove(membership=cast.member_a1.memberships.get(), by=cast.staff)
    client.force_login(cast.member_a1)
    response = client.get(reverse("cohorts:my_teams"))
    assert response.status_code == 200
    assert "You are not on a team yet" in response.content.decode()


def test_it_shows_an_expert_the_cohorts_they_serve_with_links_to_team_workspaces(
    client, cast, cohort
):
    client.force_login(cast.expert)
    response = client.get(reverse("cohorts:my_teams"))
    page = response.content.decode()
    assert response.status_code == 200
    assert cast.cohort.name in page
    assert workspace(cast.team_a) in page and workspace(cast.team_b) in page
    assert cast.other_cohort.name not in page
    assert reverse("cohorts:review_queue") in page


def test_it_shows_a_ta_provider_their_cohorts_without_the_review_queue(client, cast, cohort):
    client.force_login(cast.ta_provider)
    page = client.get(reverse("cohorts:my_teams")).content.decode()
    assert workspace(cast.team_a) in page
    assert reverse("cohorts:review_queue") not in page


def test_it_shows_staff_every_cohort(client, cast, cohort):
    client.force_login(cast.staff)
    page = client.get(reverse("cohorts:my_teams")).content.decode()
    assert cast.cohort.name in page and cast.other_cohort.name in page


def test_it_tells_someone_without_a_team_how_to_join_one(client, cast):
    client.force_login(make_user("new@test.example"))
    response = client.get(reverse("cohorts:my_teams"))
    assert response.status_code == 200
    assert "You are not on a team yet" in response.content.decode()


def test_it_sends_visitors_to_sign_in(client, cast):
    response = client.get(reverse("cohorts:my_teams"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_shows_the_five_modules_with_their_state(client, cast, cohort):
    Deliverable.objects.create(
        team=cast.team_a, module=module_of(cast.team_a, 1), status="submitted"
    )
    Deliverable.objects.create(team=cast.team_a, module=module_of(cast.team_a, 2), status="draft")
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    assert response.status_code == 200
    steps = response.context["steps"]
    assert [step.status for step in steps] == ["submitted", "draft", "locked", "locked", "locked"]
    page = response.content.decode()
    for number in range(1, 6):
        assert reverse("cohorts:module", args=[cast.team_a.pk, number]) in page
    assert "Submitted" in page and "Draft" in page and "Locked" in page


def test_it_lists_what_is_due_and_marks_overdue_work(client, cast, cohort):
    CohortModule.objects.filter(cohort=cohort, number=1).update(due_on=date(2020, 1, 1))
    Deliverable.objects.create(
        team=cast.team_b, module=module_of(cast.team_b, 1), status="submitted"
    )
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    due = response.context["due"]
    assert [step.number for step in due] == [1]
    assert due[0].is_overdue
    assert "(overdue)" in response.content.decode()


def test_it_lists_nothing_as_due_once_the_open_deliverables_are_submitted(client, cast, cohort):
    Deliverable.objects.create(
        team=cast.team_a, module=module_of(cast.team_a, 1), status="accepted"
    )
    Deliverable.objects.create(
        team=cast.team_a, module=module_of(cast.team_a, 2), status="submitted"
    )
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    assert [step.number for step in response.context["due"]] == [3]


def test_it_shows_the_next_session_in_the_viewers_time_zone(client, cast, cohort):
    make_session(cohort, days=-3, title="Already happened")
    later = make_session(cohort, days=20, title="Later session")
    soon = make_session(cohort, days=2, title="Mapping our crisis calls")
    make_session(cast.other_cohort, days=1, title="Other cohort session")
    cast.member_a1.time_zone = "America/Los_Angeles"
    cast.member_a1.save()
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    assert response.context["next_session"] == soon
    page = response.content.decode()
    assert reverse("cohorts:session", args=[soon.pk]) in page
    assert "Mapping our crisis calls" in page and later.title not in page
    local = timezone.localtime(
        soon.starts_at, timezone=__import__("zoneinfo").ZoneInfo("America/Los_Angeles")
    )
    assert local.strftime("%-I:%M") in page
    assert "P" in page  # PDT or PST


def test_it_lists_current_members_with_their_roles_and_sectors(client, cast, cohort):
    gone = make_user("gone@test.example")
    membership = Membership.objects.create(
        team=cast.team_a, user=gone, role="executive", sector="local_government"
    )
    member_remove(membership=membership, by=cast.staff)
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    page = response.content.decode()
    assert [m.user for m in response.context["roster"]] == [cast.member_a1, cast.member_a2]
    assert "Data coordinator" in page and "Public health" in page
    assert "First-response representative" in page and "Fire" in page
    assert "Gone" not in page


def test_it_shows_other_teams_and_only_the_contacts_members_chose_to_share(client, cast, cohort):
    shy = make_user("shy@test.example")
    Membership.objects.create(team=cast.team_b, user=shy, role="executive", sector="fire")
    Membership.objects.filter(user=cast.member_b).update(share_contact_with_cohort=True)
    client.force_login(cast.member_a1)
    workspace_page = client.get(workspace(cast.team_a)).content.decode()
    assert "Sacramento team" in workspace_page and "Sacramento, CA" in workspace_page
    assert "Redmond" not in workspace_page
    peers = client.get(reverse("cohorts:peers", args=[cast.team_a.pk])).content.decode()
    assert cast.member_b.email in peers
    assert shy.email not in peers
    assert cast.outsider.email not in peers


def test_it_hides_the_contacts_of_removed_members_even_if_they_shared_them(client, cast, cohort):
    membership = Membership.objects.get(user=cast.member_b)
    membership.share_contact_with_cohort = True
    membership.save()
    member_remove(membership=membership, by=cast.staff)
    client.force_login(cast.member_a1)
    peers = client.get(reverse("cohorts:peers", args=[cast.team_a.pk])).content.decode()
    assert cast.member_b.email not in peers


def test_it_lists_deliverables_other_teams_shared_with_the_cohort(client, cast, cohort):
    shared = Deliverable.objects.create(
        team=cast.team_b, module=module_of(cast.team_b, 1), answers={"vision": "Care first"}
    )
    deliverable_share(deliverable=shared, shared=True, by=cast.member_b)
    Deliverable.objects.create(
        team=cast.team_b, module=module_of(cast.team_b, 2), answers={"baseline": "x"}
    )
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    assert [item.deliverable for item in response.context["shared"]] == [shared]
    url = reverse("cohorts:shared_deliverable", args=[cast.team_a.pk, shared.pk])
    assert url in response.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "Care first" in page.content.decode()


def test_it_hides_a_deliverable_that_was_not_shared(client, cast, cohort):
    private = Deliverable.objects.create(team=cast.team_b, module=module_of(cast.team_b, 1))
    client.force_login(cast.member_a1)
    url = reverse("cohorts:shared_deliverable", args=[cast.team_a.pk, private.pk])
    assert client.get(url).status_code == 404


def test_it_hides_a_shared_deliverable_from_another_cohort(client, cast, cohort):
    elsewhere = Deliverable.objects.create(
        team=cast.other_team, module=module_of(cast.other_team, 1), shared_with_cohort=True
    )
    client.force_login(cast.member_a1)
    url = reverse("cohorts:shared_deliverable", args=[cast.team_a.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_it_says_so_when_the_cohort_has_no_modules_yet(client, cast):
    cast.cohort.modules.all().delete()  # made before its learning community had modules
    client.force_login(cast.member_a1)
    response = client.get(workspace(cast.team_a))
    assert response.status_code == 200
    assert "modules have not been set up yet" in response.content.decode()


def test_it_shows_a_module_opened_by_staff_as_open(client, cast, cohort):
    module_unlock(
        team=cast.team_a,
        module=module_of(cast.team_a, 3),
        reason="Pilot starts early",
        by=cast.staff,
    )
    client.force_login(cast.member_a1)
    steps = client.get(workspace(cast.team_a)).context["steps"]
    assert [step.status for step in steps] == ["open", "locked", "open", "locked", "locked"]


def _grow(cohort, count: int, start: int) -> None:
    for index in range(start, start + count):
        jurisdiction = Jurisdiction.objects.create(name=f"Town {index}", state="OH")
        team = Team.objects.create(cohort=cohort, jurisdiction=jurisdiction, name=f"Town {index}")
        user = make_user(f"t{index}@test.example")
        Membership.objects.create(
            team=team, user=user, role="other", sector="fire", share_contact_with_cohort=True
        )
        Deliverable.objects.create(team=team, module=module_of(team, 1), shared_with_cohort=True)
        make_session(cohort, days=index + 1)


def test_the_workspace_runs_the_same_number_of_queries_as_the_cohort_grows(client, cast, cohort):
    client.force_login(cast.member_a1)
    _grow(cohort, 2, 0)
    client.get(workspace(cast.team_a))  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(workspace(cast.team_a)).status_code == 200
    _grow(cohort, 6, 10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(workspace(cast.team_a)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as peers:
        assert client.get(reverse("cohorts:peers", args=[cast.team_a.pk])).status_code == 200
    _grow(cohort, 3, 30)
    with CaptureQueriesContext(connection) as more_peers:
        assert client.get(reverse("cohorts:peers", args=[cast.team_a.pk])).status_code == 200
    assert len(more_peers.captured_queries) == len(peers.captured_queries)
