"""The Django admin for cohorts, teams, memberships, cohort modules and sessions goes through the
cohorts services: what staff do there has the same effects as on the staff pages."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lcpa.cohorts.models import (
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    Membership,
    Session,
    Team,
)
from lcpa.cohorts.services import attendance_record
from lcpa.curriculum.models import Jurisdiction, Sector, TeamRole
from lcpa.testing import enrol_totp, make_user, module_of

pytestmark = pytest.mark.django_db

REMINDER_TASK = "lcpa.cohorts.tasks.send_session_reminder"


@pytest.fixture
def admin_user():
    user = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(user)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def no_inlines(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "0",
    }


def queued_reminders(session: Session) -> dict[str, tuple[datetime, datetime]]:
    """kind -> (when the task runs, the start time it was queued for), latest queued wins."""
    reminders = {}
    for row in DBTaskResult.objects.filter(task_path=REMINDER_TASK).order_by("enqueued_at"):
        session_id, kind, expected = row.args_kwargs["args"]
        if session_id == session.pk:
            reminders[kind] = (row.run_after, datetime.fromisoformat(expected))
    return reminders


def in_a_month(hour: int = 10) -> datetime:
    """A whole hour about a month from now, in the admin user's zone (New York)."""
    local = timezone.localtime(timezone.now() + timedelta(days=30))
    return local.replace(hour=hour, minute=0, second=0, microsecond=0)


def split(name: str, when: datetime) -> dict[str, str]:
    local = timezone.localtime(when)
    return {f"{name}_0": local.strftime("%Y-%m-%d"), f"{name}_1": local.strftime("%H:%M:%S")}


def session_data(module: CohortModule, starts_at: datetime, title: str = "Charter workshop"):
    return {
        "cohort": module.cohort_id,  # ignored: a session's cohort is its module's
        "module": module.pk,
        "title": title,
        **split("starts_at", starts_at),
        **split("ends_at", starts_at + timedelta(hours=1)),
        "meeting_url": "https://meet.example.org/charter",
        "agenda": "1. Vision\n2. Goals",
    }


@pytest.fixture
def session(cast, admin_client, django_capture_on_commit_callbacks) -> Session:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:cohorts_session_add"),
            session_data(module_of(cast.cohort, 1), in_a_month()),
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Session.objects.get(title="Charter workshop")


# Cohorts ------------------------------------------------------------------------------------


def test_the_cohort_pages_list_cohorts_and_show_their_teams(admin_client, cast):
    listing = admin_client.get(reverse("admin:cohorts_cohort_changelist")).content.decode()
    page = admin_client.get(
        reverse("admin:cohorts_cohort_change", args=[cast.cohort.pk])
    ).content.decode()

    assert "Crisis Systems cohort 3" in listing and "Crisis Systems cohort 4" in listing
    assert "Amherst team" in page and "Sacramento team" in page
    assert "Redmond team" not in page  # the other cohort's team
    assert 'name="learning_community"' not in page  # shown, not editable


def test_adding_a_cohort_in_the_admin_copies_the_curriculum(admin_client, admin_user, cast):
    community = cast.communities["traffic-safety"]

    response = admin_client.post(
        reverse("admin:cohorts_cohort_add"),
        {
            "learning_community": community.pk,
            "name": "Traffic safety cohort 1",
            "starts_on": "2027-01-04",
            "ends_on": "2027-06-04",
            "capacity": "6",
            "experts": [cast.expert.pk],
            **no_inlines("teams"),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    cohort = Cohort.objects.get(name="Traffic safety cohort 1")
    assert cohort.capacity == 6
    assert list(cohort.experts.all()) == [cast.expert]
    copies = list(cohort.modules.order_by("number"))
    assert [(m.number, m.title) for m in copies] == [
        (n, f"Module {n} of Traffic safety") for n in range(1, 6)
    ]
    assert copies[0].due_on == date(2027, 2, 3)  # the cohort's span in fifths
    assert copies[-1].due_on == date(2027, 6, 4)
    assert cohort.history.first().history_user == admin_user


def test_a_cohorts_learning_community_does_not_change_in_the_admin(admin_client, cast):
    cohort = cast.cohort

    response = admin_client.post(
        reverse("admin:cohorts_cohort_change", args=[cohort.pk]),
        {
            "learning_community": cast.communities["traffic-safety"].pk,
            "name": "Crisis Systems cohort 3 (renamed)",
            "starts_on": "2026-09-01",
            "ends_on": "2027-03-01",
            "capacity": "8",
            "teams-TOTAL_FORMS": "2",
            "teams-INITIAL_FORMS": "2",
            "teams-MIN_NUM_FORMS": "0",
            "teams-MAX_NUM_FORMS": "0",
            "teams-0-id": cast.team_a.pk,
            "teams-0-cohort": cohort.pk,
            "teams-0-name": "Amherst team",
            "teams-0-jurisdiction": cast.team_a.jurisdiction_id,
            "teams-1-id": cast.team_b.pk,
            "teams-1-cohort": cohort.pk,
            "teams-1-name": "Sacramento team",
            "teams-1-jurisdiction": cast.team_b.jurisdiction_id,
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    cohort.refresh_from_db()
    assert cohort.name == "Crisis Systems cohort 3 (renamed)"
    assert cohort.learning_community == cast.communities["crisis-systems"]


# Teams and memberships ----------------------------------------------------------------------


def test_a_team_added_in_the_admin_without_a_name_is_named_after_its_jurisdiction(
    admin_client, admin_user, cast
):
    eugene = Jurisdiction.objects.create(name="Eugene", state="OR")

    response = admin_client.post(
        reverse("admin:cohorts_team_add"),
        {
            "cohort": cast.cohort.pk,
            "jurisdiction": eugene.pk,
            "name": "",
            **no_inlines("memberships"),
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    team = Team.objects.get(jurisdiction=eugene)
    assert (team.name, team.cohort) == ("Eugene team", cast.cohort)
    assert team.history.first().history_user == admin_user


def test_the_team_page_shows_its_members_without_a_way_to_delete_them(admin_client, cast):
    page = admin_client.get(
        reverse("admin:cohorts_team_change", args=[cast.team_a.pk])
    ).content.decode()

    def user_link(user):
        return reverse("admin:accounts_user_change", args=[user.pk])

    assert user_link(cast.member_a1) in page and user_link(cast.member_a2) in page
    assert user_link(cast.member_b) not in page
    assert "memberships-0-DELETE" not in page


@pytest.fixture
def marked(cast, session):
    """Attendance for both members of team A at the session."""
    members = Membership.objects.filter(team=cast.team_a)
    attendance_record(session=session, marks={m.pk: "present" for m in members}, by=cast.staff)
    return members


def test_a_team_with_members_or_deliverables_is_not_deleted_in_the_admin(
    admin_client, cast, marked
):
    eugene = Team.objects.create(
        cohort=cast.cohort,
        jurisdiction=Jurisdiction.objects.create(name="Eugene", state="OR"),
        name="Eugene team",
    )
    Deliverable.objects.create(team=eugene, module=module_of(cast.cohort, 1))
    empty = Team.objects.create(
        cohort=cast.cohort,
        jurisdiction=Jurisdiction.objects.create(name="Salem", state="OR"),
        name="Salem team",
    )

    with_members = admin_client.post(
        reverse("admin:cohorts_team_delete", args=[cast.team_a.pk]), {"post": "yes"}
    )
    with_deliverable = admin_client.post(
        reverse("admin:cohorts_team_delete", args=[eugene.pk]), {"post": "yes"}
    )
    without_records = admin_client.post(
        reverse("admin:cohorts_team_delete", args=[empty.pk]), {"post": "yes"}
    )

    assert "Cannot delete team" in with_members.content.decode()
    assert "1 deliverables would be deleted with it" in with_deliverable.content.decode()
    assert Team.objects.filter(pk__in=[cast.team_a.pk, eugene.pk]).count() == 2
    assert Attendance.objects.filter(membership__team=cast.team_a).count() == 2
    assert Deliverable.objects.filter(team=eugene).exists()
    assert without_records.status_code == 302
    assert not Team.objects.filter(pk=empty.pk).exists()


def test_a_membership_cannot_be_deleted_in_the_admin_and_its_attendance_survives(
    admin_client, cast, marked
):
    membership = marked.get(user=cast.member_a1)

    delete_page = admin_client.post(
        reverse("admin:cohorts_membership_delete", args=[membership.pk]), {"post": "yes"}
    )
    bulk = admin_client.post(
        reverse("admin:cohorts_membership_changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )
    change_page = admin_client.get(
        reverse("admin:cohorts_membership_change", args=[membership.pk])
    ).content.decode()

    assert delete_page.status_code in {403, 404}  # refused (the admin may answer 404 to hide)
    assert bulk.status_code == 302  # "No action selected": there is no delete action
    assert Membership.objects.filter(pk=membership.pk, removed_at__isnull=True).exists()
    assert Attendance.objects.filter(membership=membership).count() == 1
    assert "delete/" not in change_page
    assert 'name="removed_at' not in change_page


def test_removing_members_in_the_admin_ends_their_access_and_keeps_their_attendance(
    admin_client, admin_user, cast, marked
):
    membership = marked.get(user=cast.member_a1)

    response = admin_client.post(
        reverse("admin:cohorts_membership_changelist"),
        {"action": "remove", "_selected_action": [membership.pk]},
        follow=True,
    )

    assert "Removed 1 member." in response.content.decode()
    membership.refresh_from_db()
    assert membership.removed_at is not None
    assert Attendance.objects.filter(membership=membership).count() == 1
    assert membership.history.first().history_user == admin_user
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    admin_client.force_login(cast.member_a1)
    assert admin_client.get(workspace).status_code == 404


def test_a_member_added_in_the_admin_holds_the_role_and_sector_given(admin_client, cast):
    person = make_user("new@test.example")

    response = admin_client.post(
        reverse("admin:cohorts_membership_add"),
        {
            "team": cast.team_b.pk,
            "user": person.pk,
            "role": TeamRole.FIRST_RESPONSE,
            "sector": Sector.EMS,
            "organisation": "County EMS",
            "job_title": "Captain",
            "share_contact_with_cohort": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    membership = Membership.objects.get(team=cast.team_b, user=person)
    assert (membership.role, membership.sector, membership.organisation) == (
        TeamRole.FIRST_RESPONSE,
        Sector.EMS,
        "County EMS",
    )
    assert membership.share_contact_with_cohort
    assert membership.removed_at is None


# Cohort modules -----------------------------------------------------------------------------


def test_staff_set_a_cohort_modules_due_date_but_not_its_prompts_or_number(admin_client, cast):
    module = module_of(cast.cohort, 2)
    prompts = module.prompts
    url = reverse("admin:cohorts_cohortmodule_change", args=[module.pk])

    page = admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "title": module.title,
            "aims": module.aims,
            "guidance": module.guidance,
            "deliverable_name": module.deliverable_name,
            "due_on": "2026-12-18",
            "number": "4",
            "prompts": '[{"key": "sneaky"}]',
            "cohort": cast.other_cohort.pk,
        },
    )

    assert 'name="due_on"' in page and 'name="number"' not in page
    assert response.status_code == 302, response.content.decode()[:3000]
    module.refresh_from_db()
    assert module.due_on == date(2026, 12, 18)
    assert (module.number, module.cohort, module.prompts) == (2, cast.cohort, prompts)


def test_cohort_modules_are_neither_added_nor_deleted_in_the_admin(admin_client, cast):
    module = module_of(cast.cohort, 5)

    add = admin_client.get(reverse("admin:cohorts_cohortmodule_add"))
    delete = admin_client.post(
        reverse("admin:cohorts_cohortmodule_delete", args=[module.pk]), {"post": "yes"}
    )
    listing = admin_client.get(reverse("admin:cohorts_cohortmodule_changelist")).content.decode()

    assert add.status_code in {403, 404}
    assert delete.status_code in {403, 404}
    assert CohortModule.objects.filter(pk=module.pk).exists()
    assert listing.count("Module 5 of Crisis systems") == 2  # one per cohort
    assert 'value="delete_selected"' not in listing


# Sessions -----------------------------------------------------------------------------------


def test_adding_a_session_in_the_admin_queues_its_reminders(cast, admin_user, session):
    starts_at = in_a_month()

    assert session.cohort == cast.cohort
    assert session.starts_at == starts_at
    assert session.meeting_url == "https://meet.example.org/charter"
    reminders = queued_reminders(session)
    assert reminders["one_hour"] == (starts_at - timedelta(hours=1), starts_at)
    assert reminders["two_days"] == (starts_at - timedelta(days=2), starts_at)
    assert session.history.first().history_user == admin_user


def test_the_session_form_names_each_module_with_its_cohort(admin_client, cast):
    page = admin_client.get(reverse("admin:cohorts_session_add")).content.decode()

    assert "Crisis Systems cohort 3: module 1, Module 1 of Crisis systems" in page
    assert "Crisis Systems cohort 4: module 1, Module 1 of Crisis systems" in page


def test_moving_a_session_in_the_admin_queues_reminders_for_the_new_time(
    admin_client, admin_user, cast, session, django_capture_on_commit_callbacks
):
    moved_to = in_a_month(hour=14) + timedelta(days=7)
    data = session_data(session.module, moved_to, title="Charter workshop (moved)")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:cohorts_session_change", args=[session.pk]),
            {**data, "recording_url": "", "notes": ""},
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert (session.title, session.starts_at) == ("Charter workshop (moved)", moved_to)
    reminders = queued_reminders(session)
    assert reminders["one_hour"] == (moved_to - timedelta(hours=1), moved_to)
    assert reminders["two_days"] == (moved_to - timedelta(days=2), moved_to)
    assert DBTaskResult.objects.filter(task_path=REMINDER_TASK).count() == 4
    assert session.history.first().history_user == admin_user
    assert session.history.first().starts_at == moved_to


def test_editing_a_session_without_moving_it_queues_nothing_more(
    admin_client, cast, session, django_capture_on_commit_callbacks
):
    data = session_data(session.module, session.starts_at)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:cohorts_session_change", args=[session.pk]),
            {**data, "recording_url": "", "notes": "We agreed the charter."},
        )

    assert response.status_code == 302, response.content.decode()[:3000]
    session.refresh_from_db()
    assert session.notes == "We agreed the charter."
    assert DBTaskResult.objects.filter(task_path=REMINDER_TASK).count() == 2


def test_a_session_that_ends_before_it_starts_is_refused_in_the_admin(admin_client, cast):
    starts_at = in_a_month()
    data = {
        **session_data(module_of(cast.cohort, 1), starts_at),
        **split("ends_at", starts_at - timedelta(hours=1)),
    }

    response = admin_client.post(reverse("admin:cohorts_session_add"), data)

    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not Session.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=REMINDER_TASK).exists()


def test_a_session_with_attendance_is_not_deleted_in_the_admin(admin_client, session, marked):
    response = admin_client.post(
        reverse("admin:cohorts_session_delete", args=[session.pk]), {"post": "yes"}
    )

    assert "2 attendances would be deleted with it" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()
    assert Attendance.objects.filter(session=session).count() == 2


def test_a_session_with_attendance_is_not_moved_in_the_admin(admin_client, session, marked):
    starts_at = session.starts_at
    data = session_data(session.module, starts_at + timedelta(days=1))

    response = admin_client.post(
        reverse("admin:cohorts_session_change", args=[session.pk]),
        {**data, "recording_url": "", "notes": ""},
    )

    assert response.status_code == 200
    assert "it was held: it cannot be moved" in response.content.decode()
    session.refresh_from_db()
    assert session.starts_at == starts_at


def test_a_session_without_attendance_can_be_deleted_in_the_admin(admin_client, session):
    response = admin_client.post(
        reverse("admin:cohorts_session_delete", args=[session.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_session_is_not_moved_back_by_reverting_its_history(admin_client, session):
    """A revert would save the old start time without queuing reminders for it."""
    version = session.history.first()
    Session.objects.filter(pk=session.pk).update(title="Renamed elsewhere")

    response = admin_client.post(
        reverse("admin:cohorts_session_simple_history", args=[session.pk, version.history_id]),
        {
            **session_data(session.module, session.starts_at + timedelta(days=1)),
            "recording_url": "",
            "notes": "",
        },
    )

    assert response.status_code in {403, 404}
    session.refresh_from_db()
    assert session.title == "Renamed elsewhere"
    assert session.starts_at == in_a_month()
