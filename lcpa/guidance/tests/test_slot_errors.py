"""What the office-hour pages show when a service refuses a change: an error of one field on
that field (the services' `starts_at` on the form's date), any other above the form, never a
crash; and a booking of a slot the expert just moved is of the slot at its new time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from lcpa.core.forms import add_service_error
from lcpa.guidance.forms import SlotForm
from lcpa.guidance.models import Booking
from lcpa.guidance.services import slot_update
from lcpa.guidance.tests.helpers import publish
from lcpa.guidance.views.office_hours import SERVICE_FIELDS

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in New York
STARTS = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # December 3, 12:00 in New York


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def expert(cast):
    cast.expert.time_zone = "America/New_York"
    cast.expert.save(update_fields=["time_zone"])
    return cast.expert


def test_moving_a_slot_onto_another_of_the_experts_times_is_refused_above_the_form(
    client, cast, expert
):
    publish(cast, STARTS)
    later = publish(cast, STARTS + timedelta(hours=3))
    client.force_login(expert)

    response = client.post(
        reverse("guidance:slot_edit", args=[later.pk]),
        {"day": "2026-12-03", "start_time": "12:15", "minutes": 30, "video_url": later.video_url},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "You already offer a time that overlaps this one. Choose another." in page
    later.refresh_from_db()
    assert later.starts_at == STARTS + timedelta(hours=3)


def test_a_services_field_errors_land_on_the_edit_forms_fields_and_the_rest_above_it(cast, expert):
    slot = publish(cast, STARTS)
    data = {"day": "2026-12-04", "start_time": "09:00", "minutes": 30, "video_url": slot.video_url}
    form = SlotForm(data, zone=expert.time_zone, slot=slot)
    assert form.is_valid()

    error = ValidationError(
        {"starts_at": "Choose a time in the future.", "cohort": "Choose a cohort you serve."}
    )
    add_service_error(form, error, fields=SERVICE_FIELDS)

    assert form.errors["day"] == ["Choose a time in the future."]
    assert form.non_field_errors() == ["Choose a cohort you serve."]  # no cohort field here


def test_a_team_books_a_slot_the_expert_just_moved_at_its_new_time(client, cast, expert):
    slot = publish(cast, STARTS)
    client.force_login(cast.member_a1)
    assert client.get(reverse("guidance:book", args=[slot.pk])).status_code == 200
    moved_to = STARTS + timedelta(days=1)
    slot_update(slot=slot, by=expert, starts_at=moved_to, minutes=30, video_url=slot.video_url)

    response = client.post(reverse("guidance:book", args=[slot.pk]), {"agenda": "Night shifts"})

    booking = Booking.objects.get()
    assert response["Location"] == reverse("guidance:booking", args=[booking.pk])
    assert booking.slot.starts_at == moved_to
    page = client.get(response["Location"]).content.decode()
    assert "Fri, Dec 4, 2026" in page
