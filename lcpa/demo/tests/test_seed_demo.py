import time as time_module
from collections import Counter
from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import Max
from django.db.models.signals import post_save
from django.utils import timezone

from lcpa.accounts.mfa import must_enrol_mfa
from lcpa.accounts.models import User
from lcpa.cohorts.dashboard import cohort_dashboard
from lcpa.cohorts.gating import module_states
from lcpa.cohorts.models import (
    ActionStep,
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    DeliverableReview,
    Membership,
    ModuleUnlock,
    Session,
    SessionFeedback,
    Team,
)
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import (
    DeliverablePrompt,
    Jurisdiction,
    LearningCommunity,
    Module,
    TeamRole,
)
from lcpa.demo.accounts import DEMO_PASSWORD
from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration, ProposedMember
from lcpa.library.models import Resource
from lcpa.notifications.models import OutboundEmail
from lcpa.outcomes.models import Observation, PDSACycle, PolicyChange, ProgressScore, TeamMeasure

pytestmark = pytest.mark.django_db

LOGINS = [
    "staff@example.org",
    "expert@example.org",
    "ta@example.org",
    "coordinator@example.org",
    "member@example.org",
    "data@example.org",
]
Status = InterestRegistration.Status


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True  # as `make run` has it; seed_demo refuses otherwise


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_with_debug_off_unless_told_to(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()
    call_command("seed_demo", "--allow-production", stdout=StringIO())
    assert User.objects.filter(email="staff@example.org").exists()


def snapshot() -> dict[str, object]:
    models = [
        User,
        EmailAddress,
        LearningCommunity,
        Module,
        Jurisdiction,
        Cohort,
        Team,
        Membership,
        InterestRegistration,
        ProposedMember,
        FollowUp,
        EmailTemplate,
        DeliverablePrompt,
        CohortModule,
        Session,
        Attendance,
        SessionFeedback,
        Deliverable,
        DeliverableReview,
        Resource,
        OutboundEmail,
        ActionStep,
        TeamMeasure,
        Observation,
        Observation.history.model,
        PDSACycle,
        PolicyChange,
        ProgressScore,
    ]
    counts: dict[str, object] = {model.__name__: model.objects.count() for model in models}
    for model in [
        LearningCommunity,
        Module,
        Cohort,
        Team,
        Membership,
        InterestRegistration,
        CohortModule,
        Session,
        Attendance,
        Deliverable,
    ]:
        counts[f"{model.__name__} history"] = model.history.count()
        counts[f"{model.__name__} last change"] = model.objects.aggregate(Max("updated_at"))
    counts["statuses"] = sorted(InterestRegistration.objects.values_list("status", flat=True))
    return counts


def test_it_seeds_the_whole_demo_site(settings):
    output = seed()
    today = timezone.localdate()

    # The four learning communities, five modules each.
    communities = {c.slug: c for c in LearningCommunity.objects.all()}
    assert {slug: c.implementing_sector for slug, c in communities.items()} == {
        "crisis-systems": "behavioral_health",
        "traffic-safety": "transportation",
        "community-violence-intervention": "cvi",
        "school-based-diversion": "education",
    }
    assert communities["traffic-safety"].name == "Policing Alternatives to Traffic Safety"
    assert sorted(c.position for c in communities.values()) == [1, 2, 3, 4]
    assert all(c.tagline and c.purpose and c.who_should_join for c in communities.values())
    assert Module.objects.count() == 20
    for community in communities.values():
        modules = list(community.modules.order_by("number"))
        assert [m.number for m in modules] == [1, 2, 3, 4, 5]
        assert all(m.aims.startswith("- ") and m.guidance for m in modules)
    assert (
        Module.objects.get(learning_community__slug="crisis-systems", number=1)
        .deliverable_name.lower()
        .startswith("team charter")
    )

    # 21 jurisdictions on the map, every one of them on a team.
    assert Jurisdiction.objects.count() == 21
    for name, state in [
        ("Amherst", "MA"),
        ("Sacramento", "CA"),
        ("Redmond", "WA"),
        ("Huntsville", "AL"),
    ]:
        assert Jurisdiction.objects.filter(name=name, state=state).exists()
    assert not Jurisdiction.objects.filter(latitude__isnull=True).exists()
    assert not Jurisdiction.objects.filter(population__isnull=True).exists()
    assert not Jurisdiction.objects.filter(teams__isnull=True).exists()

    # Two past cohorts, one under way (the demo logins' cohort, so the workspace shows progress)
    # and one upcoming, each with 4 to 6 complete teams.
    cohorts = list(Cohort.objects.all())
    assert len(cohorts) == 4
    assert sum(c.ends_on < today for c in cohorts) == 2
    assert sum(c.starts_on <= today <= c.ends_on for c in cohorts) == 1
    assert sum(c.starts_on > today for c in cohorts) == 1
    for cohort in cohorts:
        teams = list(cohort.teams.prefetch_related("memberships"))
        assert 4 <= len(teams) <= 6
        for team in teams:
            assert team.name == f"{team.jurisdiction.name} team"
            members = list(team.memberships.all())
            assert composition_gaps(members, [cohort.learning_community]) == []

    # The demo logins work and are marked as demo accounts.
    for email in LOGINS:
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.is_demo
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True)
    staff = User.objects.get(email="staff@example.org")
    assert staff.is_program_staff and staff.is_staff and staff.full_name
    assert User.objects.get(email="expert@example.org").role == User.Role.NATIONAL_EXPERT
    assert User.objects.get(email="ta@example.org").role == User.Role.TA_PROVIDER
    settings.DEMO_MODE = True
    assert not must_enrol_mfa(staff)
    settings.DEMO_MODE = False
    assert must_enrol_mfa(staff)

    coordinator = Membership.objects.get(user__email="coordinator@example.org")
    member = Membership.objects.get(user__email="member@example.org")
    assert coordinator.role == TeamRole.DATA_COORDINATOR
    assert coordinator.team.cohort.starts_on <= today <= coordinator.team.cohort.ends_on
    assert member.team.cohort == coordinator.team.cohort
    assert member.team != coordinator.team
    assert User.objects.filter(role=User.Role.PROGRAM_STAFF, is_demo=True).count() >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(TeamRole.values)

    # About 60 registrations in every status, complete teams, follow-ups that tell the story.
    registrations = list(
        InterestRegistration.objects.prefetch_related("learning_communities", "members")
    )
    assert 55 <= len(registrations) <= 65
    assert set(Counter(r.status for r in registrations)) == set(Status.values)
    for registration in registrations:
        chosen = list(registration.learning_communities.all())
        members = list(registration.members.all())
        assert 1 <= len(chosen) <= 4
        assert 3 <= len(members) <= 6
        assert composition_gaps(members, chosen) == []
        assert 0 < (today - timezone.localdate(registration.created_at)).days <= 121

        follow_ups = list(registration.follow_ups.order_by("created_at"))
        if registration.status != Status.NEW:
            assert follow_ups, registration
        status = Status.NEW
        for follow_up in follow_ups:
            assert follow_up.status_from == status
            assert follow_up.recorded_by.role == User.Role.PROGRAM_STAFF
            assert registration.created_at < follow_up.created_at < timezone.now()
            status = follow_up.status_to
        assert status == registration.status
        if follow_ups:
            assert registration.first_followed_up_at == follow_ups[0].created_at
            assert registration.last_followed_up_at == follow_ups[-1].created_at
        else:
            assert registration.first_followed_up_at is None
        assert (registration.follow_up_due_on is None) == (not registration.is_open)

    overdue = [r for r in registrations if r.is_open and r.follow_up_due_on < today]
    assert overdue
    assert [r for r in registrations if r.status == Status.NEW and not r.first_followed_up_at]
    assert any(r.assigned_to_id for r in registrations)
    assert any(r.assigned_to_id is None for r in registrations)
    places = Counter((r.jurisdiction_name, r.state) for r in registrations)
    duplicates = [place for place, count in places.items() if count > 1]
    assert duplicates
    pair = [r for r in registrations if (r.jurisdiction_name, r.state) == duplicates[0]]
    shared = set.intersection(*({c.pk for c in r.learning_communities.all()} for r in pair))
    assert shared
    assert {r.population for r in registrations} >= {5_500, 9_700_000}

    templates = list(EmailTemplate.objects.all())
    assert len(templates) == 3
    for template in templates:
        for placeholder in ["$contact_name", "$jurisdiction", "$status_link", "$staff_name"]:
            assert placeholder in template.subject + template.body

    # The printed block: the site, the logins, the password and the MFA note.
    assert settings.SITE_URL in output
    for email in LOGINS:
        assert email in output
    assert DEMO_PASSWORD in output
    assert "DEMO_MODE" in output


def test_running_it_twice_changes_nothing():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "coordinator@example.org" in output


def test_it_seeds_the_curriculum_and_cohorts_at_work():
    seed()
    now = timezone.now()
    today = timezone.localdate()
    cohorts = list(Cohort.objects.select_related("learning_community"))
    expert = User.objects.get(email="expert@example.org")
    ta_provider = User.objects.get(email="ta@example.org")
    staff = User.objects.get(email="staff@example.org")

    # Every module has a deliverable template of 3 to 6 typed prompts; every kind is used, file
    # prompts sparingly and never required.
    kinds = Counter(DeliverablePrompt.objects.values_list("kind", flat=True))
    assert set(kinds) == set(DeliverablePrompt.Kind.values)
    assert 1 <= kinds[DeliverablePrompt.Kind.FILE] <= 2
    assert not DeliverablePrompt.objects.filter(kind="file", required=True).exists()
    for module in Module.objects.prefetch_related("prompts"):
        prompts = [prompt.snapshot() for prompt in module.prompts.all()]
        assert 3 <= len(prompts) <= 6, module
        assert all(prompt["label"] for prompt in prompts)
        for prompt in prompts:
            if prompt["kind"] in ("table", "choice"):
                assert len(prompt["options"]) >= 2, prompt

    # Keys are unique across a learning community's modules, and later modules refer back to
    # answers given in earlier ones (module 4 to the goals set in module 1, for instance).
    for community in LearningCommunity.objects.all():
        prompts = list(
            DeliverablePrompt.objects.filter(module__learning_community=community).select_related(
                "module"
            )
        )
        module_of = {prompt.key: prompt.module.number for prompt in prompts}
        assert len(module_of) == len(prompts), community
        references = [prompt for prompt in prompts if prompt.refers_to]
        assert {prompt.module.number for prompt in references} >= {2, 3, 4, 5}, community
        for prompt in references:
            assert module_of[prompt.refers_to] < prompt.module.number, prompt.key
        assert any(
            prompt.refers_to == "goals" and prompt.module.number == 4 for prompt in prompts
        ), community

    # Every cohort carries its own copy of the curriculum with due dates in order, and the
    # demo staff member, expert and TA provider.
    for cohort in cohorts:
        modules = list(cohort.modules.order_by("number"))
        assert [module.number for module in modules] == [1, 2, 3, 4, 5]
        assert all(3 <= len(module.prompts) <= 6 for module in modules)
        due = [module.due_on for module in modules]
        assert cohort.starts_on < due[0] and due == sorted(due) and due[-1] <= cohort.ends_on
        assert list(cohort.experts.all()) == [expert]
        assert list(cohort.ta_providers.all()) == [ta_provider]
        assert staff in cohort.facilitators.all()

    # Five sessions per cohort at 1 p.m. in New York, summer or winter; those already held
    # have attendance (mostly present, some absent or excused, one correction with its
    # reason), notes, a recording and feedback; those ahead have none.
    sessions = list(Session.objects.all())
    assert Counter(session.cohort_id for session in sessions) == {c.pk: 5 for c in cohorts}
    eastern = ZoneInfo("America/New_York")
    assert {session.starts_at.astimezone(eastern).time() for session in sessions} == {time(13)}
    held = [session for session in sessions if session.ends_at <= now]
    ahead = [session for session in sessions if session.ends_at > now]
    assert held and ahead
    marked = set(Attendance.objects.values_list("session_id", flat=True))
    assert marked == {session.pk for session in held}
    assert all(session.notes and session.recording_url for session in held)
    assert not any(session.notes or session.recording_url for session in ahead)
    marks = Counter(Attendance.objects.values_list("status", flat=True))
    assert marks[Attendance.Status.ABSENT] and marks[Attendance.Status.EXCUSED]
    assert marks[Attendance.Status.PRESENT] > 3 * (
        marks[Attendance.Status.ABSENT] + marks[Attendance.Status.EXCUSED]
    )
    assert Attendance.objects.exclude(correction_reason="").exists()
    assert set(SessionFeedback.objects.values_list("session_id", flat=True)) <= marked
    assert SessionFeedback.objects.exists()
    assert Session.objects.filter(materials__isnull=False).exists()

    # Deliverables in every state, all written in the past, none in a module that is still
    # locked for the team; nothing at all in the cohort that has not started.
    deliverables = list(Deliverable.objects.all())
    assert {d.status for d in deliverables} == set(Deliverable.Status.values)
    assert all(d.updated_at <= now and d.history.count() >= 2 for d in deliverables)
    unlocks: dict[int, set[int]] = {}
    for team_id, number in ModuleUnlock.objects.values_list("team_id", "module__number"):
        unlocks.setdefault(team_id, set()).add(number)
    for team in Team.objects.select_related("cohort").prefetch_related("deliverables"):
        statuses = {d.module.number: d.status for d in team.deliverables.all()}
        states = module_states(statuses, unlocks.get(team.pk, set()))
        assert set(statuses) <= {state.number for state in states if state.is_open}, team
        if team.cohort.starts_on > today:
            assert not statuses, team
    assert DeliverableReview.objects.filter(reviewer=expert).exists()
    assert not DeliverableReview.objects.filter(decision="changes", comments="").exists()
    # The notifications of that story count as sent back then, not waiting to go out now.
    assert not OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).exists()

    # The demo logins' cohort is under way: the coordinator's team has work accepted and a
    # draft in progress, the member's team was asked for changes, and one team is flagged.
    coordinator_team = Membership.objects.get(user__email="coordinator@example.org").team
    member_team = Membership.objects.get(user__email="member@example.org").team
    assert coordinator_team.deliverables.filter(status="accepted").exists()
    assert coordinator_team.deliverables.filter(status="draft").exists()
    assert member_team.deliverables.filter(status="changes_requested").exists()
    dashboard = cohort_dashboard(coordinator_team.cohort)
    flagged = {row.team.name: " ".join(row.warnings) for row in dashboard.teams if row.flagged}
    assert list(flagged) == ["Newark team"]
    assert "Missed the last two sessions" in flagged["Newark team"]
    assert "Module 2 deliverable" in flagged["Newark team"]

    # A resource library tagged by learning community, module and topic, public and
    # members-only, pointing at example.org.
    resources = list(Resource.objects.prefetch_related("learning_communities"))
    assert len(resources) >= 12
    assert {resource.visibility for resource in resources} == set(Resource.Visibility.values)
    assert all(resource.url.startswith("https://example.org/") for resource in resources)
    assert all(resource.topic_list and resource.modules.exists() for resource in resources)
    for community in LearningCommunity.objects.all():
        assert community.resources.exists(), community


def test_it_runs_the_services_on_the_real_clock_and_dates_the_story_afterwards():
    real_now, real_time = timezone.now, time_module.time
    clocks: list[bool] = []

    def clock_untouched(**kwargs: object) -> None:
        clocks.append(timezone.now is real_now and time_module.time is real_time)

    started = timezone.now()
    post_save.connect(clock_untouched, weak=False, dispatch_uid="test_seed_demo.clock")
    try:
        seed()
    finally:
        post_save.disconnect(dispatch_uid="test_seed_demo.clock")
    assert clocks and all(clocks)  # at every save, not only once it is over
    assert timezone.now is real_now

    # Each row's change history reads in order, from its creation to its last change, and all
    # of the story happened before seed_demo ran (only the upcoming cohort, made now, is new).
    upcoming = Cohort.objects.filter(starts_on__gt=timezone.localdate())
    assert not Session.objects.filter(updated_at__gte=started).exclude(cohort__in=upcoming)
    for model in [Deliverable, Attendance, Session, InterestRegistration, FollowUp]:
        for row in model.objects.filter(updated_at__lt=started):
            records = list(row.history.order_by("history_id"))
            dates = [record.history_date for record in records]
            assert dates == sorted(dates), row
            assert records[0].history_type == "+" and dates[0] == row.created_at, row
            assert dates[-1] == row.updated_at, row
            assert all(record.updated_at == record.history_date for record in records), row
    for deliverable in Deliverable.objects.all():
        assert deliverable.updated_at < started
        if deliverable.submitted_at:
            assert deliverable.created_at < deliverable.submitted_at <= deliverable.updated_at
        if deliverable.accepted_at:
            assert deliverable.submitted_at < deliverable.accepted_at <= deliverable.updated_at
        reviews = list(deliverable.reviews.order_by("pk").values_list("created_at", flat=True))
        assert reviews == sorted(reviews) and all(r <= deliverable.updated_at for r in reviews)
    held = Session.objects.filter(ends_at__lt=started)
    assert not Attendance.objects.exclude(session__in=held).exists()
    for mark in Attendance.objects.select_related("session"):
        assert mark.session.ends_at < mark.created_at <= mark.updated_at < started
    for feedback in SessionFeedback.objects.select_related("session"):
        assert feedback.session.ends_at < feedback.created_at < started
    # The story's emails went out when they were written.
    emails = list(OutboundEmail.objects.all())
    assert emails
    assert all(e.status == OutboundEmail.Status.SENT and e.sent_at == e.created_at for e in emails)
    assert all(email.created_at < started for email in emails)


def test_the_story_reads_the_same_on_another_day():
    time_machine = pytest.importorskip("time_machine")
    # A Monday 57 weeks and 6 days after the files' as_of (a Tuesday): the story moves by
    # 57 weeks and is told as of the Tuesday before, the last day of the week it allows.
    with time_machine.travel(datetime(2028, 1, 10, 8, 30, tzinfo=ZoneInfo("America/New_York"))):
        output = seed()
        today = timezone.localdate()
        assert "as of Tuesday January 4, 2028" in output

        coordinator_team = Membership.objects.get(user__email="coordinator@example.org").team
        cohort = coordinator_team.cohort
        assert cohort.starts_on.weekday() == 0 and (today - cohort.starts_on).days == 98
        states = {
            state.number: state
            for state in module_states(
                dict(coordinator_team.deliverables.values_list("module__number", "status")), set()
            )
        }
        assert states[3].is_open and coordinator_team.deliverables.filter(status="draft")
        held = cohort.sessions.filter(ends_at__lt=timezone.now())
        assert sorted(held.values_list("module__number", flat=True)) == [1, 2, 3]
        dashboard = cohort_dashboard(cohort)
        flagged = {row.team.name for row in dashboard.teams if row.flagged}
        assert flagged == {"Newark team"}
        assert not Deliverable.objects.filter(updated_at__gt=timezone.now()).exists()
