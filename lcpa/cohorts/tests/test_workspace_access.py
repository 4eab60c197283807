"""Every team page tried by everyone: the team's own members get it; a member of another team,
a member of another cohort, a removed member and an expert of another cohort get 404; the
anonymous visitor is sent to sign in. Experts, TA providers and staff of the cohort read."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.cohorts.models import Deliverable, DeliverableFile
from lcpa.cohorts.services import deliverable_save, member_remove
from lcpa.testing import give_curriculum, make_expert, module_of

ANSWERS = {"vision": "Care first.", "goals": [["A", "B", "C"]], "lead": "Dana"}


@pytest.fixture
def pages(cast, settings, tmp_path):
    """(method, url) of every team page of team A, with the rows they need."""
    settings.MEDIA_ROOT = tmp_path
    give_curriculum(cast.cohort)
    give_curriculum(cast.other_cohort)
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
    return [
        ("get", reverse("cohorts:workspace", args=[team])),
        ("get", reverse("cohorts:peers", args=[team])),
        ("get", reverse("cohorts:module", args=[team, 1])),
        ("post", reverse("cohorts:module", args=[team, 1])),
        ("post", reverse("cohorts:deliverable_submit", args=[team, 1])),
        ("post", reverse("cohorts:deliverable_share", args=[team, 1])),
        ("get", reverse("cohorts:deliverable_file", args=[team, stored.pk])),
        ("get", reverse("cohorts:action_plan", args=[team])),
        ("get", reverse("cohorts:action_plan_pdf", args=[team])),
        ("get", reverse("cohorts:action_plan_doc", args=[team])),
        ("get", reverse("cohorts:shared_deliverable", args=[team, shared.pk])),
    ]


def request(client, method, url):
    return client.post(url, {"shared": "0"}) if method == "post" else client.get(url)


def test_the_anonymous_visitor_is_sent_to_sign_in(client, pages):
    for method, url in pages:
        response = request(client, method, url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


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
    "a TA provider with no cohort": lambda cast: cast.ta_provider,
}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_else_gets_not_found(client, cast, pages, who):
    client.force_login(OUTSIDERS[who](cast))
    for method, url in pages:
        assert request(client, method, url).status_code == 404, url
    assert not Deliverable.objects.get(team=cast.team_a).shared_with_cohort


def test_the_teams_own_members_get_every_page(client, cast, pages):
    for member in (cast.member_a1, cast.member_a2):
        client.force_login(member)
        for method, url in pages:
            response = request(client, method, url)
            if method == "get":
                assert response.status_code == 200, url
            else:
                assert response.status_code in {302, 400, 409}, url  # let in


@pytest.mark.parametrize("role", ["experts", "facilitators", "ta_providers"])
def test_the_cohorts_experts_facilitators_and_ta_providers_read_but_do_not_write(
    client, cast, pages, role
):
    getattr(cast.cohort, role).add(cast.expert)
    client.force_login(cast.expert)
    for method, url in pages:
        expected = 200 if method == "get" else 404
        assert request(client, method, url).status_code == expected, url


def test_program_staff_read_and_write(client, cast, pages):
    client.force_login(cast.staff)
    for method, url in pages:
        assert request(client, method, url).status_code in {200, 302, 400, 409}, url


def test_a_removed_member_loses_access_at_once(client, cast, pages):
    client.force_login(cast.member_a2)
    workspace = reverse("cohorts:workspace", args=[cast.team_a.pk])
    assert client.get(workspace).status_code == 200
    member_remove(membership=cast.member_a2.memberships.get(), by=cast.staff)
    assert client.get(workspace).status_code == 404
    assert client.get(reverse("cohorts:my_teams")).status_code == 200
