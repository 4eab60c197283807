"""The staff page of one registration: what it shows, and user text shown as text."""

import pytest
from django.urls import reverse

from lcpa.curriculum.models import Sector, TeamRole
from lcpa.intake.services import followup_record
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
XSS_ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def staff_client(client, db):
    staff = make_staff()
    client.force_login(staff)
    client.staff = staff
    return client


def test_it_shows_the_registration_team_and_composition(staff_client, communities):
    crisis = communities["crisis-systems"]
    registration = make_registration(
        jurisdiction_name="Sacramento",
        state="CA",
        communities=[crisis],
        goals="Route mental health calls to a clinician team.",
        members=[
            ("Ana Analyst", "ana@sac.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Eli Medic", "eli@sac.example", TeamRole.FIRST_RESPONSE, Sector.EMS),
            ("Cam Counselor", "cam@sac.example", TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
        ],
    )
    page = staff_client.get(
        reverse("intake:staff_registration", args=[registration.pk])
    ).content.decode()
    assert "<h1" in page and page.count("<h1") == 1
    assert "Sacramento, California" in page
    assert "Crisis Systems" in page
    assert "Route mental health calls to a clinician team." in page
    assert "Eli Medic" in page and "EMS" in page and "First-response representative" in page
    assert "The team has a data coordinator, a first responder" in page
    assert "Exploring: learning what is possible" in page
    assert "Nobody has followed up yet." in page
    assert "Registration received" in page  # the change history starts with the submission
    assert "Only the registrant has the private link" in page  # test_status_link_token.py


def test_it_names_what_an_incomplete_team_is_missing(staff_client, communities):
    registration = make_registration(communities=[communities["traffic-safety"]])
    registration.members.filter(sector=Sector.TRANSPORTATION).delete()
    page = staff_client.get(
        reverse("intake:staff_registration", args=[registration.pk])
    ).content.decode()
    assert "The team is not yet complete" in page
    assert "implementing sector" in page


def test_registration_text_is_shown_as_text_on_every_staff_page(staff_client, communities):
    registration = make_registration(
        jurisdiction_name=XSS,
        contact_name=XSS,
        goals=XSS,
        members=[
            (XSS, "x@evil.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Fi", "fi@evil.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
        ]
        + [
            ("Im", f"im-{c.slug}@evil.example", TeamRole.OTHER, c.implementing_sector)
            for c in communities.values()
        ],
        follow_up_due_on="2020-01-06",
        assigned_to=staff_client.staff,
    )
    followup_record(
        registration=registration,
        by=staff_client.staff,
        kind="note",
        summary=XSS,
        status_to="new",
    )
    registration.refresh_from_db()
    registration.follow_up_due_on = "2020-01-06"
    registration.save()
    pages = [
        reverse("intake:staff_registration", args=[registration.pk]),
        reverse("intake:staff_pipeline"),
        reverse("intake:staff_pipeline") + "?q=script",
        reverse("intake:staff_dashboard"),
    ]
    for url in pages:
        page = staff_client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert XSS_ESCAPED in page, url
