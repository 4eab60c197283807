"""Office hours: experts offer times, one team books each, in everyone's own time zone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from lcpa.guidance.models import Booking, OfficeHourSlot
from lcpa.guidance.tests.helpers import book, publish
from lcpa.notifications.kinds import Frequency, Kind
from lcpa.notifications.models import EmailPreference, Notification, OutboundEmail

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'
# 9:00 in Los Angeles on December 3, 2026 (PST, UTC-8); noon in New York (EST).
STARTS = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    # Frozen: both sides' calendar files are the same file, stamped at the same second.
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def zones(cast):
    cast.expert.time_zone = "America/Los_Angeles"
    cast.expert.save(update_fields=["time_zone"])
    cast.member_a1.time_zone = "America/New_York"
    cast.member_a1.save(update_fields=["time_zone"])
    return cast


def _ics(email: OutboundEmail, booking: Booking) -> str:
    [attachment] = email.attachments
    assert (attachment["filename"], attachment["content_type"]) == (
        f"office-hour-{booking.pk}.ics",
        "text/calendar",
    )
    return attachment["content"].replace("\r\n ", "")


def _emails() -> dict[str, OutboundEmail]:
    """The emails queued, one per address (a second one to anybody fails the test)."""
    emails = list(OutboundEmail.objects.all())
    by_address = {email.to[0]: email for email in emails}
    assert len(by_address) == len(emails), [(e.to, e.subject) for e in emails]
    return by_address


def test_an_expert_publishes_a_time_in_their_zone_and_a_member_sees_it_in_theirs(client, zones):
    cast = zones
    client.force_login(cast.expert)

    response = client.post(
        reverse("guidance:slots"),
        {
            "cohort": cast.cohort.pk,
            "day": "2026-12-03",
            "start_time": "09:00",
            "minutes": "45",
            "video_url": "https://meet.example/dr-lee",
        },
    )

    slot = OfficeHourSlot.objects.get()
    assert response.status_code == 302
    assert (slot.starts_at, slot.minutes, slot.expert) == (STARTS, 45, cast.expert)
    assert "9:00 AM PST" in client.get(reverse("guidance:slots")).content.decode()
    client.force_login(cast.member_a1)
    page = client.get(reverse("guidance:team", args=[cast.team_a.pk])).content.decode()
    assert "Thu, Dec 3, 2026, 12:00 PM EST" in page
    assert reverse("guidance:book", args=[slot.pk]) in page


def test_a_time_in_the_past_or_in_a_cohort_the_expert_does_not_serve_is_refused(client, cast):
    client.force_login(cast.expert)
    form = {
        "day": "2026-11-30",
        "start_time": "09:00",
        "minutes": "30",
        "video_url": "https://meet.example/x",
    }

    past = client.post(reverse("guidance:slots"), {**form, "cohort": cast.cohort.pk})
    foreign = client.post(
        reverse("guidance:slots"), {**form, "day": "2026-12-09", "cohort": cast.other_cohort.pk}
    )

    assert past.status_code == foreign.status_code == 400
    assert "Choose a time that is still to come." in past.content.decode()
    assert "Choose a cohort from the list." in foreign.content.decode()
    assert not OfficeHourSlot.objects.exists()


def test_booking_sends_each_side_one_email_with_the_invitation_in_their_zone(client, zones):
    cast = zones
    slot = publish(cast, STARTS)
    client.force_login(cast.member_a1)

    response = client.post(reverse("guidance:book", args=[slot.pk]), {"agenda": "Night **shifts**"})

    booking = Booking.objects.get()
    assert response["Location"] == reverse("guidance:booking", args=[booking.pk])
    assert (booking.team, booking.booked_by) == (cast.team_a, cast.member_a1)
    told = dict(Notification.objects.values_list("user__email", "kind"))
    assert told == {cast.expert.email: "office_hours", cast.member_a1.email: "office_hours"}
    invitations = _emails()
    assert set(invitations) == {cast.expert.email, cast.member_a1.email}
    to_expert, to_member = invitations[cast.expert.email], invitations[cast.member_a1.email]
    assert to_expert.subject == f"{cast.team_a.name} booked your office hour"
    assert to_member.subject == f"Office hour booked with {cast.expert}"
    assert "Thursday, December 3, 2026, 9:00 AM to 9:30 AM PST" in to_expert.body
    assert "Times are in your time zone, America/Los Angeles." in to_expert.body
    assert "12:00 PM to 12:30 PM EST" in to_member.body
    assert "To stop emails about “office-hour bookings”" in to_member.body
    ics = _ics(to_member, booking)
    assert _ics(to_expert, booking) == ics
    for line in (
        "METHOD:REQUEST",
        "DTSTART:20261203T170000Z",
        "DTEND:20261203T173000Z",
        f"UID:office-hour-{booking.pk}@",
        "LOCATION:https://meet.example/office-hour",
        f"ATTENDEE:mailto:{cast.expert.email}",
        f"ATTENDEE:mailto:{cast.member_a1.email}",
        "STATUS:CONFIRMED",
    ):
        assert line in ics
    page = client.get(response["Location"]).content.decode()
    assert "<strong>shifts</strong>" in page and "https://meet.example/office-hour" in page


def test_a_booked_time_cannot_be_booked_again_by_another_team(client, cast):
    slot = publish(cast)
    book(cast, slot)
    client.force_login(cast.member_b)

    response = client.post(reverse("guidance:book", args=[slot.pk]), {"agenda": "Us too"})

    assert response["Location"] == reverse("guidance:team", args=[cast.team_b.pk])
    assert "no longer free" in client.get(response["Location"]).content.decode()
    assert Booking.objects.get().team == cast.team_a


def test_the_database_refuses_a_second_live_booking_of_a_slot(cast):
    slot = publish(cast)
    book(cast, slot)

    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(slot=slot, team=cast.team_b, booked_by=cast.member_b, agenda="x")


def test_a_member_of_another_cohort_cannot_book_or_see_the_booking(client, cast):
    slot = publish(cast)
    booking = book(cast, publish(cast, slot.starts_at + timedelta(hours=1)))
    client.force_login(cast.outsider)

    assert client.get(reverse("guidance:book", args=[slot.pk])).status_code == 404
    assert client.post(reverse("guidance:book", args=[slot.pk]), {"agenda": "x"}).status_code == 404
    assert client.get(reverse("guidance:booking", args=[booking.pk])).status_code == 404
    assert Booking.objects.count() == 1


def test_cancelling_tells_the_other_side_sends_the_cancellation_and_frees_the_time(client, cast):
    slot = publish(cast)
    booking = book(cast, slot)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    client.force_login(cast.expert)

    client.post(reverse("guidance:booking_cancel", args=[booking.pk]))

    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.cancelled_by == cast.expert
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "a1@test.example",
        "a2@test.example",
        "expert@test.example",  # the calendar file removes the event from theirs too
    ]
    # the two attendees at once, with the calendar file; the other member after the delay
    cancellations = _emails()
    assert set(cancellations) == {cast.member_a1.email, cast.expert.email}
    assert cancellations[cast.member_a1.email].subject == f"Office hour cancelled by {cast.expert}"
    assert "This office hour is cancelled" in cancellations[cast.member_a1.email].body
    ics = _ics(cancellations[cast.member_a1.email], booking)
    assert "METHOD:CANCEL" in ics and f"UID:office-hour-{booking.pk}@" in ics
    assert "STATUS:CANCELLED" in ics
    client.force_login(cast.member_b)
    page = client.get(reverse("guidance:team", args=[cast.team_b.pk])).content.decode()
    assert reverse("guidance:book", args=[slot.pk]) in page


def test_rescheduling_moves_the_booking_and_tells_both_sides(client, cast):
    first = publish(cast)
    later = publish(cast, first.starts_at + timedelta(days=1))
    booking = book(cast, first)
    Notification.objects.all().delete()
    OutboundEmail.objects.all().delete()
    client.force_login(cast.member_a2)

    response = client.post(
        reverse("guidance:booking_reschedule", args=[booking.pk]), {"slot": later.pk}
    )

    moved = Booking.objects.get(cancelled_at__isnull=True)
    assert (moved.slot, moved.team, moved.agenda) == (later, cast.team_a, booking.agenda)
    assert response["Location"] == reverse("guidance:booking", args=[moved.pk])
    assert Booking.objects.get(pk=booking.pk).cancelled_by == cast.member_a2
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == [
        "a1@test.example",
        "expert@test.example",
    ]
    emails = _emails()
    assert set(emails) == {cast.member_a1.email, cast.expert.email}
    to_member = emails[cast.member_a1.email]
    assert to_member.subject == f"Office hour moved by {cast.member_a2}"
    assert "This office hour has a new time" in to_member.body and "It was: " in to_member.body
    old, new = (file["content"] for file in to_member.attachments)
    assert "METHOD:CANCEL" in old and f"UID:office-hour-{booking.pk}@" in old
    assert "METHOD:REQUEST" in new and f"UID:office-hour-{moved.pk}@" in new


def test_withdrawing_a_booked_time_cancels_the_booking_with_notice(client, cast):
    slot = publish(cast)
    booking = book(cast, slot)
    client.force_login(cast.expert)

    client.post(reverse("guidance:slot_withdraw", args=[slot.pk]))

    slot.refresh_from_db()
    booking.refresh_from_db()
    assert slot.withdrawn_at is not None and booking.cancelled_at is not None
    assert Notification.objects.filter(user=cast.member_a1, title__contains="cancelled").exists()


def test_staff_read_a_booking_but_only_the_two_sides_change_it(client, cast):
    booking = book(cast, publish(cast))
    client.force_login(cast.staff)

    page = client.get(reverse("guidance:booking", args=[booking.pk])).content.decode()

    assert "Cancel office hour" not in page
    assert client.post(reverse("guidance:booking_cancel", args=[booking.pk])).status_code == 404


def test_the_agenda_is_escaped(client, cast):
    booking = book(cast, publish(cast), agenda=XSS)
    client.force_login(cast.expert)

    for url in (reverse("guidance:booking", args=[booking.pk]), reverse("guidance:slots")):
        assert "<script>alert" not in client.get(url).content.decode()


def test_the_slots_page_costs_the_same_queries_whatever_the_number_of_bookings(
    client, cast, django_assert_max_num_queries
):
    book(cast, publish(cast))
    client.force_login(cast.expert)
    url = reverse("guidance:slots")
    client.get(url)
    with django_assert_max_num_queries(30) as one:
        client.get(url)
    for hours in range(1, 6):
        book(
            cast, publish(cast, STARTS + timedelta(hours=hours)), team=cast.team_b, by=cast.member_b
        )

    with django_assert_max_num_queries(len(one)):
        client.get(url)


def test_a_member_who_turned_office_hour_emails_off_sees_the_booking_only_in_the_app(cast):
    EmailPreference.objects.create(
        user=cast.member_a1, kind=Kind.OFFICE_HOURS, frequency=Frequency.OFF
    )

    book(cast, publish(cast))

    assert set(_emails()) == {cast.expert.email}
    assert Notification.objects.filter(user=cast.member_a1, kind=Kind.OFFICE_HOURS).exists()
