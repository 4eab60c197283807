"""An expert changes the times they offer: moves or edits a slot, deletes a free one, cancels a
booked one. A booked slot keeps its booking and both sides are told; the expert is never in two
office hours at once."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from lcpa.guidance.models import Booking, OfficeHourSlot
from lcpa.guidance.tests.helpers import book, publish
from lcpa.notifications.models import Notification, OutboundEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in New York
# December 3, 2026, 12:00 in New York (EST, UTC-5), the expert's zone in these tests.
STARTS = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def expert(cast):
    cast.expert.time_zone = "America/New_York"
    cast.expert.save(update_fields=["time_zone"])
    return cast.expert


def _change(client, slot, *, day="2026-12-04", start="14:30", minutes=45, link=None):
    return client.post(
        reverse("guidance:slot_edit", args=[slot.pk]),
        {
            "day": day,
            "start_time": start,
            "minutes": minutes,
            "video_url": link or slot.video_url,
        },
    )


def test_the_expert_moves_a_free_time_from_a_form_that_starts_from_it(client, cast, expert):
    slot = publish(cast, STARTS)
    client.force_login(expert)
    listing = client.get(reverse("guidance:slots")).content.decode()
    assert reverse("guidance:slot_edit", args=[slot.pk]) in listing and "Delete" in listing
    form = client.get(reverse("guidance:slot_edit", args=[slot.pk])).content.decode()
    assert 'value="2026-12-03"' in form and 'value="12:00"' in form

    response = _change(client, slot)

    assert response["Location"] == reverse("guidance:slots")
    slot.refresh_from_db()
    assert (slot.starts_at, slot.minutes, slot.sequence) == (
        datetime(2026, 12, 4, 19, 30, tzinfo=UTC),
        45,
        1,
    )
    assert not Notification.objects.exists() and not OutboundEmail.objects.exists()
    assert slot.history.count() == 2


def test_moving_a_booked_time_tells_both_sides_with_the_new_calendar_version(client, cast, expert):
    slot = publish(cast, STARTS)
    booking = book(cast, slot)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    client.force_login(expert)
    assert "Move" in client.get(reverse("guidance:slots")).content.decode()

    _change(client, slot)

    booking.refresh_from_db()
    assert booking.cancelled_at is None and booking.slot == slot
    told = sorted(Notification.objects.values_list("user__email", flat=True))
    assert told == sorted([cast.member_a1.email, cast.member_a2.email, expert.email])
    to_member = OutboundEmail.objects.get(to=[cast.member_a1.email])
    assert to_member.subject == f"Office hour moved by {expert}"
    assert "This office hour has a new time" in to_member.body
    assert "It was: Thursday, December 3, 2026" in to_member.body
    [ics] = to_member.attachments
    content = ics["content"].replace("\r\n ", "")
    assert "METHOD:REQUEST" in content and "SEQUENCE:1" in content
    assert f"UID:office-hour-{booking.pk}@" in content
    assert "DTSTART:20261204T193000Z" in content
    assert OutboundEmail.objects.filter(to=[expert.email]).count() == 1


def test_a_time_overlapping_another_of_the_experts_slots_is_refused(client, cast, expert):
    first = publish(cast, STARTS)
    second = publish(cast, STARTS + timedelta(hours=2))
    client.force_login(expert)

    response = _change(client, second, day="2026-12-03", start="12:15", minutes=30)

    assert response.status_code == 400
    assert "You already offer a time that overlaps this one" in response.content.decode()
    second.refresh_from_db()
    assert second.starts_at == STARTS + timedelta(hours=2)
    publishing = client.post(
        reverse("guidance:slots"),
        {
            "cohort": cast.cohort.pk,
            "day": "2026-12-03",
            "start_time": "11:45",
            "minutes": 30,
            "video_url": "https://meet.example/office-hour",
        },
    )
    assert publishing.status_code == 400
    assert OfficeHourSlot.objects.count() == 2
    # Right after the first one ends is fine.
    assert _change(client, second, day="2026-12-03", start="12:30").status_code == 302
    assert first.pk != second.pk


def test_a_past_time_and_bad_input_are_refused(client, cast, expert):
    slot = publish(cast, STARTS)
    client.force_login(expert)
    past = _change(client, slot, day="2026-11-29")
    assert past.status_code == 400
    assert "Choose a time that is still to come." in past.content.decode()
    empty = client.post(reverse("guidance:slot_edit", args=[slot.pk]), {})
    assert empty.status_code == 400
    assert "Enter the date." in empty.content.decode()
    slot.refresh_from_db()
    assert (slot.starts_at, slot.sequence) == (STARTS, 0)
    with time_machine.travel(STARTS + timedelta(minutes=5), tick=False):
        late = _change(client, slot, day="2026-12-10")
    assert late.status_code == 400
    assert "can no longer change" in late.content.decode()


def test_deleting_a_free_time_removes_it_and_cancelling_a_booked_one_tells_the_team(
    client, cast, expert
):
    free = publish(cast, STARTS)
    booked = publish(cast, STARTS + timedelta(days=1))
    booking = book(cast, booked)
    client.force_login(expert)

    response = client.post(reverse("guidance:slot_withdraw", args=[free.pk]), follow=True)

    assert "The time is deleted." in response.content.decode()
    assert not OfficeHourSlot.objects.filter(pk=free.pk).exists()
    assert OfficeHourSlot.history.filter(id=free.pk, history_type="-").exists()
    response = client.post(reverse("guidance:slot_withdraw", args=[booked.pk]), follow=True)
    assert "the team that had booked it was told" in response.content.decode()
    booking.refresh_from_db()
    assert booking.cancelled_at is not None
    assert Notification.objects.filter(user=cast.member_a1, title__contains="cancelled").exists()


def test_a_time_whose_booking_was_cancelled_is_withdrawn_not_deleted(client, cast, expert):
    slot = publish(cast, STARTS)
    booking = book(cast, slot)
    client.force_login(cast.member_a1)
    client.post(reverse("guidance:booking_cancel", args=[booking.pk]))
    client.force_login(expert)

    client.post(reverse("guidance:slot_withdraw", args=[slot.pk]))

    slot.refresh_from_db()
    assert slot.withdrawn_at is not None
    assert Booking.objects.get().slot == slot


def test_only_the_expert_who_offers_a_time_changes_it(client, cast, expert):
    slot = publish(cast, STARTS)
    for person in (cast.member_a1, cast.ta_provider, cast.staff, cast.outsider):
        client.force_login(person)
        assert client.get(reverse("guidance:slot_edit", args=[slot.pk])).status_code == 404
        assert _change(client, slot).status_code == 404
    client.logout()
    assert _change(client, slot).status_code == 302  # to sign in
    slot.refresh_from_db()
    assert slot.starts_at == STARTS
