"""Changes to one office hour at the same moment take turns on the slot's row. Two teams booking
it get one booking; the expert moving it while a team books it leaves the team booked at the
time the slot has now, and the last calendar file each side got says so (never a booking of a
time that no longer exists)."""

import threading
import time
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from lcpa.guidance.models import Booking, OfficeHourSlot
from lcpa.guidance.services import slot_update
from lcpa.guidance.tests.helpers import book, publish
from lcpa.notifications.models import Notification, OutboundEmail

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
STARTS = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
MOVED_TO = datetime(2026, 12, 4, 19, 30, tzinfo=UTC)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="two connections writing at once need PostgreSQL (SQLite runs one write "
        "transaction at a time; see the same in lcpa/intake/tests/test_registration_submit.py)",
    ),
]


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _waiting_on_locks(cursor) -> int:
    # Within a transaction PostgreSQL keeps showing the activity it first read.
    cursor.execute("SELECT pg_stat_clear_snapshot()")
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return cursor.fetchone()[0]


def _wait_until(cursor, waiting: int, *, unless: threading.Thread | None = None) -> int:
    """Until `waiting` connections wait on a lock (or `unless` has ended), 20 s at most."""
    deadline = time.monotonic() + 20
    while (found := _waiting_on_locks(cursor)) < waiting and time.monotonic() < deadline:
        if unless is not None and not unless.is_alive():
            break
        time.sleep(0.01)
    return found


def _on_its_own_connection(work, results: list, errors: list) -> threading.Thread:
    def run():
        try:
            results.append(work())
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def _last_calendar_file(person) -> str:
    [*_, email] = (e for e in OutboundEmail.objects.order_by("pk") if e.to == [person.email])
    return email.attachments[-1]["content"].replace("\r\n ", "")


def test_two_teams_booking_the_same_time_at_the_same_moment_get_one_booking(cast):
    slot = publish(cast, STARTS)
    results, errors = [], []
    threads = [
        _on_its_own_connection(lambda: book(cast, slot), results, errors),
        _on_its_own_connection(
            lambda: book(cast, slot, team=cast.team_b, by=cast.member_b), results, errors
        ),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        OfficeHourSlot.objects.select_for_update().get(pk=slot.pk)
        for thread in threads:
            thread.start()
        assert _wait_until(cursor, 2) == 2, f"both should wait for the slot: {errors}"
    for thread in threads:
        thread.join(timeout=20)

    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ValidationError)
    assert errors[0].messages == ["This time is no longer free. Choose another one."]
    assert Booking.objects.count() == 1
    assert OutboundEmail.objects.count() == 2


@pytest.mark.parametrize(
    ("held", "first"),
    [
        # The booking stops before it commits (its notification waits), then the expert moves.
        (Notification, "booking"),
        # The move stops before it commits (its history row waits), then the team books.
        (OfficeHourSlot.history.model, "move"),
    ],
)
def test_a_slot_moved_while_a_team_books_it_is_booked_at_its_new_time(cast, held, first):
    slot = publish(cast, STARTS)
    booked, moved, errors = [], [], []
    booking = _on_its_own_connection(lambda: book(cast, slot), booked, errors)
    move = _on_its_own_connection(
        lambda: slot_update(
            slot=slot, by=cast.expert, starts_at=MOVED_TO, minutes=30, video_url=slot.video_url
        ),
        moved,
        errors,
    )
    started, then = (booking, move) if first == "booking" else (move, booking)
    # A table held in share mode stops the first change half-way, inside its transaction.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {held._meta.db_table} IN SHARE MODE")
        started.start()
        assert _wait_until(cursor, 1) == 1, f"the {first} should wait: {errors}"
        then.start()
        _wait_until(cursor, 2, unless=then)  # the second change waits for the first, or ends
    for thread in (started, then):
        thread.join(timeout=20)

    assert errors == []
    [stored] = Booking.objects.select_related("slot")
    assert stored.cancelled_at is None and stored.slot.starts_at == MOVED_TO
    for person in (cast.member_a1, cast.expert):
        ics = _last_calendar_file(person)
        assert "DTSTART:20261204T193000Z" in ics, person
        assert f"SEQUENCE:{stored.slot.sequence}" in ics, person
