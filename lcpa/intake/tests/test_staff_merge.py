"""Possible duplicates are flagged on the registration page and can be merged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lcpa.curriculum.models import Sector, TeamRole
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.services import followup_record, registration_merge
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def pair(communities, staff):
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    target = make_registration(
        jurisdiction_name="Huntsville",
        state="AL",
        communities=[crisis],
        members=[
            ("Dee Data", "dee@hsv.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Fran Fire", "fran@hsv.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
            ("Hank Health", "hank@hsv.example", TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
        ],
    )
    source = make_registration(
        jurisdiction_name="huntsville",
        state="AL",
        communities=[crisis, traffic],
        members=[
            ("Dee Data", "DEE@hsv.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Fran Fire", "fran@hsv.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
            ("Hank Health", "hank@hsv.example", TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
            ("Tess Transit", "tess@hsv.example", TeamRole.OTHER, Sector.TRANSPORTATION),
        ],
    )
    followup_record(
        registration=source, by=staff, kind="call", summary="Called Dee.", status_to="contacted"
    )
    return source, target


def test_the_registration_page_flags_a_possible_duplicate(client, staff, pair):
    source, target = pair
    client.force_login(staff)
    page = client.get(reverse("intake:staff_registration", args=[source.pk])).content.decode()
    assert "Possible duplicate" in page
    assert f"Registration {target.pk}</a>" in page
    assert f'name="target" value="{target.pk}"' in page


def test_merging_moves_new_members_follow_ups_and_communities(staff, pair):
    source, target = pair
    registration_merge(source=source, target=target, by=staff)
    source.refresh_from_db()
    target.refresh_from_db()
    assert source.merged_into == target
    assert source.status == InterestRegistration.Status.WITHDRAWN
    assert source.follow_up_due_on is None
    emails = sorted(target.members.values_list("email", flat=True))
    assert emails == ["dee@hsv.example", "fran@hsv.example", "hank@hsv.example", "tess@hsv.example"]
    assert list(target.members.values_list("position", flat=True)) == sorted(
        target.members.values_list("position", flat=True)
    )
    assert set(target.learning_communities.values_list("slug", flat=True)) == {
        "crisis-systems",
        "traffic-safety",
    }
    summaries = list(target.follow_ups.values_list("summary", flat=True))
    assert "Called Dee." in summaries
    assert any(f"Registration {source.pk}" in s for s in summaries)
    note = source.follow_ups.get()
    assert note.kind == FollowUp.Kind.NOTE
    assert f"Merged into registration {target.pk}" in note.summary
    assert target.first_followed_up_at is not None
    assert source.history.order_by("-history_date").first().history_user == staff


def test_it_cannot_merge_into_itself_or_into_a_merged_registration(staff, pair):
    source, target = pair
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        registration_merge(source=source, target=source, by=staff)
    third = make_registration(jurisdiction_name="Huntsville", state="AL")
    registration_merge(source=source, target=target, by=staff)
    with pytest.raises(ValidationError, match="was itself merged into"):
        registration_merge(source=third, target=source, by=staff)
    with pytest.raises(ValidationError, match="already merged"):
        registration_merge(source=source, target=third, by=staff)


def test_staff_merge_from_the_registration_page(client, staff, pair):
    source, target = pair
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_merge", args=[source.pk]),
        {"target": target.pk, "confirm": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(
        reverse("intake:staff_registration", args=[target.pk])
    )
    assert f"Registration {source.pk} was merged into this one." in page
    assert "tess@hsv.example" in page
    source.refresh_from_db()
    assert source.merged_into == target
    assert target.members.filter(email="tess@hsv.example").exists()
    merged_page = client.get(reverse("intake:staff_registration", args=[source.pk]))
    assert "Merged into another registration" in merged_page.content.decode()
    assert 'action="' + reverse("intake:staff_followup", args=[source.pk]) not in (
        merged_page.content.decode()
    )


def test_the_merge_form_explains_what_went_wrong(client, staff, pair):
    source, target = pair
    client.force_login(staff)
    url = reverse("intake:staff_merge", args=[source.pk])
    response = client.post(url, {"target": source.pk, "confirm": "on"})
    assert response.status_code == 400
    assert "cannot be merged into itself" in response.content.decode()
    response = client.post(url, {"target": 987_654, "confirm": "on"})
    assert "There is no registration number 987654." in response.content.decode()
    response = client.post(url, {"target": target.pk})
    assert "Confirm that both registrations are from the same team." in response.content.decode()
    registration_merge(source=target, target=make_registration(), by=staff)
    response = client.post(url, {"target": target.pk, "confirm": "on"})
    assert "was itself merged into" in response.content.decode()
    source.refresh_from_db()
    assert source.merged_into is None


def test_the_merge_notes_count_what_moved_in_plain_words(staff, pair):
    source, target = pair
    registration_merge(source=source, target=target, by=staff)
    note = source.follow_ups.get().summary
    assert note.endswith("Moved 1 new member and 1 follow-up.")
    gained = target.follow_ups.get(summary__startswith=f"Registration {source.pk}").summary
    assert gained.endswith("Moved 1 new member and 1 follow-up.")
    assert "(s)" not in note + gained


def test_merging_a_registration_with_nothing_new_says_there_was_nothing_to_move(
    client, staff, communities
):
    crisis = communities["crisis-systems"]
    members = [
        ("Dee Data", "dee@hsv.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
        ("Fran Fire", "fran@hsv.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
        ("Hank Health", "hank@hsv.example", TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
    ]
    target, source = (
        make_registration(jurisdiction_name="Huntsville", communities=[crisis], members=members)
        for _ in range(2)
    )
    client.force_login(staff)
    response = client.post(
        reverse("intake:staff_merge", args=[source.pk]),
        {"target": target.pk, "confirm": "on"},
        follow=True,
    )
    page = response.content.decode()
    expected = "Nothing to move: the other registration had no new members and no follow-ups."
    assert expected in page
    assert "Moved 0" not in page
    assert target.members.count() == 3
    note = source.follow_ups.get().summary
    assert note.endswith("Nothing to move: this registration had no new members and no follow-ups.")


def test_the_merge_form_says_what_to_type_when_the_number_is_missing_or_not_a_number(
    client, staff, pair
):
    source, target = pair
    client.force_login(staff)
    url = reverse("intake:staff_merge", args=[source.pk])
    page = client.post(url, {"target": "", "confirm": "on"}).content.decode()
    assert "Enter the number of the registration to merge this one into." in page
    page = client.post(url, {"target": "forty-two", "confirm": "on"}).content.decode()
    assert "Enter the registration number in digits, for example 42." in page
    assert "This field is required." not in page
    source.refresh_from_db()
    assert source.merged_into is None
