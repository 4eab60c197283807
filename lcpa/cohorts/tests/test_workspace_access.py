"""Every team page tried by everyone: the team's own members get it; a member of another team,
a member of another cohort, a removed member and an expert of another cohort get 404; the
anonymous visitor is sent to sign in. Experts, TA providers and staff of the cohort read.

Each write (save answers, submit, share with the cohort) is tried with what a member would
post, so a write let through would change what is stored; the tests check that it did not."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.forms_deliverable import form_data_for
from lcpa.cohorts.models import Deliverable, DeliverableFile
from lcpa.cohorts.services import deliverable_save, member_remove
from lcpa.testing import make_expert, make_user, module_of

ANSWERS = {"vision": "Care first.", "goals": [["A", "B", "C"]], "lead": "Dana"}
TAKEN_OVER = {"vision": "Written by someone else.", "goals": [["X", "Y", "Z"]], "lead": "Eve"}


@dataclass
class Pages:
    reads: list[str]
    save: tuple[str, dict]
    share: tuple[str, dict]
    submit: tuple[str, dict]

    @property
    def writes(self) -> list[tuple[str, dict]]:
        return [self.save, self.share, self.submit]


@pytest.fixture
def pages(cast, cohort) -> Pages:
    """Every team page of team A, with the rows they need: a saved draft of module 1 with a
    file, and team B's deliverable shared with the cohort."""
    deliverable = deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_a1,
    )
    stored = DeliverableFile.objects.create(
        deliverable=deliverable,
        prompt_key="charter",
        file=SimpleUploadedFile("charter.pdf", b"%PDF-1.7\n"),
        original_name="charter.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=cast.member_a1,
    )
    shared = Deliverable.objects.create(
        team=cast.team_b,
        module=module_of(cast.team_b, 1),
        shared_with_cohort=True,
        answers={"vision": "B's"},
    )
    team = cast.team_a.pk
    module = module_of(cast.team_a, 1)
    return Pages(
        reads=[
            reverse("cohorts:workspace", args=[team]),
            reverse("cohorts:peers", args=[team]),
            reverse("cohorts:module", args=[team, 1]),
            reverse("cohorts:deliverable_file", args=[team, stored.pk]),
            reverse("cohorts:action_plan", args=[team]),
            reverse("cohorts:action_plan_pdf", args=[team]),
            reverse("cohorts:action_plan_doc", args=[team]),
            reverse("cohorts:shared_deliverable", args=[team, shared.pk]),
        ],
        save=(
            reverse("cohorts:module", args=[team, 1]),
            form_data_for(module.prompts, TAKEN_OVER, version=deliverable.version),
        ),
        share=(reverse("cohorts:deliverable_share", args=[team, 1]), {"shared": "1"}),
        submit=(reverse("cohorts:deliverable_submit", args=[team, 1]), {}),
    )


def team_a_draft(cast) -> tuple:
    """What is stored of team A's module 1 deliverable."""
    deliverable = Deliverable.objects.get(team=cast.team_a)
    return (
        deliverable.answers,
        deliverable.version,
        deliverable.status,
        deliverable.shared_with_cohort,
        deliverable.submitted_at,
    )


UNTOUCHED = (ANSWERS, 1, Deliverable.Status.DRAFT, False, None)


def test_the_anonymous_visitor_is_sent_to_sign_in_and_changes_nothing(client, cast, pages):
    for url in pages.reads:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    for url, data in pages.writes:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert team_a_draft(cast) == UNTOUCHED


def expert_of_another_cohort(cast) -> User:
    expert = make_expert("other-expert@test.example")
    cast.other_cohort.experts.add(expert)
    cast.other_cohort.facilitators.add(expert)
    cast.other_cohort.ta_providers.add(expert)
    return expert


def removed_member(cast) -> User:
    member_remove(membership=cast.member_a2.memberships.get(), by=cast.staff)
    return cast.member_a2


OUTSIDERS = {
    "a member of another team in the cohort": lambda cast: cast.member_b,
    "a member of a team in another cohort": lambda cast: cast.outsider,
    "a removed member": removed_member,
    "an expert of another cohort": expert_of_another_cohort,
    "an expert with no cohort": lambda cast: make_expert("no-cohort@test.example"),
    "a TA provider with no cohort": lambda cast: make_user(
        "no-cohort-ta@test.example", User.Role.TA_PROVIDER
    ),
}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_else_gets_not_found_and_changes_nothing(client, cast, pages, who):
    client.force_login(OUTSIDERS[who](cast))
    for url in pages.reads:
        assert client.get(url).status_code == 404, url
    for url, data in pages.writes:
        assert client.post(url, data).status_code == 404, url
    assert team_a_draft(cast) == UNTOUCHED


def facilitator_of(cohort) -> User:
    facilitator = make_user("facilitator@test.example")
    cohort.facilitators.add(facilitator)
    return facilitator


READERS = {
    "the cohort's national expert": lambda cast: cast.expert,
    "the cohort's TA provider": lambda cast: cast.ta_provider,
    "a facilitator of the cohort": lambda cast: facilitator_of(cast.cohort),
}


@pytest.mark.parametrize("who", READERS)
def test_the_people_who_serve_the_cohort_read_but_do_not_write(client, cast, pages, who):
    client.force_login(READERS[who](cast))
    for url in pages.reads:
        assert client.get(url).status_code == 200, url
    for url, data in pages.writes:
        assert client.post(url, data).status_code == 404, url
    assert team_a_draft(cast) == UNTOUCHED


WRITERS = {
    "a member of the team": lambda cast: cast.member_a2,
    "program staff": lambda cast: cast.staff,
}


@pytest.mark.parametrize("who", WRITERS)
def test_the_teams_members_and_program_staff_read_and_write(client, cast, pages, who):
    client.force_login(WRITERS[who](cast))
    for url in pages.reads:
        assert client.get(url).status_code == 200, url

    url, data = pages.save
    assert client.post(url, data).status_code == 302
    answers, version, *_ = team_a_draft(cast)
    assert (answers["vision"], answers["lead"], version) == ("Written by someone else.", "Eve", 2)

    url, data = pages.share
    assert client.post(url, data).status_code == 302
    assert Deliverable.objects.get(team=cast.team_a).shared_with_cohort

    url, data = pages.submit
    assert client.post(url, data).status_code == 302
    deliverable = Deliverable.objects.get(team=cast.team_a)
    assert deliverable.status == Deliverable.Status.SUBMITTED
    assert deliverable.submitted_at is not None


def test_a_removed_member_loses_access_at_once(client, cast, pages):
    client.force_login(cast.member_a2)
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    assert client.get(workspace).status_code == 200
    member_remove(membership=cast.member_a2.memberships.get(), by=cast.staff)
    assert client.get(workspace).status_code == 404
    assert client.get(reverse("cohorts:my_teams")).status_code == 200
