from collections import Counter
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from lcpa.accounts.demo import DEMO_PASSWORD
from lcpa.accounts.middleware import staff_must_enrol_mfa
from lcpa.accounts.models import User
from lcpa.cohorts.composition import composition_gaps
from lcpa.cohorts.models import (
    Cohort,
    Jurisdiction,
    LearningCommunity,
    Membership,
    Module,
    Team,
    TeamRole,
)
from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration, ProposedMember

pytestmark = pytest.mark.django_db

LOGINS = [
    "staff@example.org",
    "expert@example.org",
    "ta@example.org",
    "coordinator@example.org",
    "member@example.org",
]
Status = InterestRegistration.Status


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


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
    ]
    counts: dict[str, object] = {model.__name__: model.objects.count() for model in models}
    for model in [LearningCommunity, Module, Cohort, Team, Membership, InterestRegistration]:
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

    # Two past and two upcoming cohorts, each with 4 to 6 complete teams.
    cohorts = list(Cohort.objects.all())
    assert len(cohorts) == 4
    assert sum(c.ends_on < today for c in cohorts) == 2
    assert sum(c.starts_on > today for c in cohorts) == 2
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
    settings.DEBUG = True
    assert not staff_must_enrol_mfa(staff)
    settings.DEBUG = False
    assert staff_must_enrol_mfa(staff)

    coordinator = Membership.objects.get(user__email="coordinator@example.org")
    member = Membership.objects.get(user__email="member@example.org")
    assert coordinator.role == TeamRole.DATA_COORDINATOR
    assert coordinator.team.cohort.ends_on >= today
    assert member.team.cohort == coordinator.team.cohort
    assert member.team != coordinator.team
    assert User.objects.filter(role=User.Role.PROGRAM_STAFF, is_demo=True).count() >= 3

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
    assert "DEBUG" in output


def test_running_it_twice_changes_nothing():
    seed()
    before = snapshot()

    output = seed()

    assert snapshot() == before
    assert "coordinator@example.org" in output
