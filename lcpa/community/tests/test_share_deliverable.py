"""'Share with peers': a team writer posts a copy of a deliverable's answers into its cohort's
space; later edits of the deliverable do not reach the copy."""

import pytest
from django.urls import reverse

from lcpa.cohorts.services import deliverable_save
from lcpa.community.models import Thread
from lcpa.testing import give_curriculum, module_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverable(cast):
    give_curriculum(cast.cohort)
    return deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers={
            "vision": "Care-first <script>alert(1)</script> responses.",
            "goals": [["Divert calls", "Share | of calls", "June 2027"]],
            "lead": "Dana Ruiz",
        },
        base_version=0,
        by=cast.member_a1,
    )


def test_a_member_shares_a_copy_that_later_edits_do_not_change(cast, client, deliverable):
    client.force_login(cast.member_a1)
    module_page = client.get(reverse("cohorts:module", args=[cast.team_a.pk, 1])).content.decode()
    assert "Share with peers in the forum" in module_page
    url = reverse("community:deliverable_post", args=[cast.team_a.pk, 1])
    response = client.post(url)
    thread = Thread.objects.get()
    assert response["Location"] == reverse("community:thread", args=[thread.pk])
    assert (thread.space.cohort, thread.shared_deliverable, thread.author) == (
        cast.cohort,
        deliverable,
        cast.member_a1,
    )
    assert client.post(url)["Location"] == response["Location"]  # the same version: one thread
    deliverable_save(
        team=cast.team_a,
        module=deliverable.module,
        answers={**deliverable.answers, "vision": "A changed vision."},
        base_version=deliverable.version,
        by=cast.member_a2,
    )
    client.force_login(cast.member_b)
    page = client.get(response["Location"]).content.decode()
    assert "Care-first" in page and "A changed vision." not in page
    assert "<td>Share \\| of calls</td>" not in page and "Share | of calls" in page
    assert "<script>alert(1)" not in page
    assert "Not answered." in page  # the start date, left empty


def test_only_the_teams_writers_share_it(cast, client, deliverable):
    url = reverse("community:deliverable_post", args=[cast.team_a.pk, 1])
    for person in (cast.member_b, cast.outsider, cast.expert):
        client.force_login(person)
        assert client.post(url).status_code == 404
    client.force_login(cast.member_a1)
    assert client.get(url).status_code == 405
    missing = reverse("community:deliverable_post", args=[cast.team_a.pk, 2])
    assert client.post(missing).status_code == 404
    assert not Thread.objects.exists()


def test_the_copy_is_only_in_the_cohort_space(cast, client, deliverable):
    client.force_login(cast.member_a1)
    client.post(reverse("community:deliverable_post", args=[cast.team_a.pk, 1]))
    thread = Thread.objects.get()
    client.force_login(cast.outsider)
    assert client.get(reverse("community:thread", args=[thread.pk])).status_code == 404
