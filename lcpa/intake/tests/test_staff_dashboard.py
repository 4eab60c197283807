"""The staff dashboard: overdue registrations first, counts by status, the median, your own."""

from datetime import timedelta

import pytest
from django.urls import reverse

from lcpa.intake import deadlines
from lcpa.intake.queries import office_today
from lcpa.intake.tests.test_queries import at, make_registration
from lcpa.testing import make_staff

DASHBOARD = reverse("intake:staff_dashboard")


@pytest.fixture
def staff_client(client, db):
    staff = make_staff()
    client.force_login(staff)
    client.staff = staff
    return client


def test_it_shows_empty_states_when_there_is_nothing_yet(staff_client):
    page = staff_client.get(DASHBOARD).content.decode()
    assert "No registration is overdue." in page
    assert "No team has registered interest yet." in page
    assert "No registration has had a follow-up yet" in page
    assert "No open registration is assigned to you." in page


def test_it_puts_overdue_registrations_first_oldest_first_with_business_days(
    staff_client, communities
):
    today = office_today()
    long_due = today - timedelta(days=21)
    short_due = today - timedelta(days=1)
    make_registration(jurisdiction_name="Recentville", follow_up_due_on=short_due)
    make_registration(jurisdiction_name="Oldtown", follow_up_due_on=long_due)
    make_registration(jurisdiction_name="Ontime", follow_up_due_on=today)
    make_registration(jurisdiction_name="Closedburg", follow_up_due_on=long_due, status="declined")
    page = staff_client.get(DASHBOARD).content.decode()
    assert "2 registrations are overdue." in page
    assert page.index("Overdue follow-ups") < page.index("Registrations by status")
    overdue_section = page[page.index("Overdue follow-ups") : page.index("Registrations by status")]
    assert overdue_section.index("Oldtown") < overdue_section.index("Recentville")
    assert "Ontime" not in overdue_section
    assert "Closedburg" not in overdue_section
    expected = deadlines.business_days_between(long_due, today)
    assert f'<td data-label="Business days overdue">{expected}</td>' in overdue_section
    assert "?overdue=on&amp;sort=due" in overdue_section


def test_it_counts_registrations_by_status_with_links_to_the_pipeline(staff_client, communities):
    make_registration()
    make_registration(status="contacted")
    make_registration(status="contacted")
    page = staff_client.get(DASHBOARD).content.decode()
    assert 'href="/staff/registrations/?status=contacted">Contacted</a>' in page
    contacted_row = page[page.index("?status=contacted") :]
    assert '<td class="text-right">2</td>' in contacted_row[:200]
    assert "3 registrations in all" in page


def test_it_shows_the_median_business_days_to_first_follow_up(staff_client, communities):
    from datetime import date

    friday = date(2027, 1, 8)
    for followed_on in [date(2027, 1, 11), date(2027, 1, 12)]:
        make_registration(submitted_on=friday, first_followed_up_at=at(followed_on))
    page = staff_client.get(DASHBOARD).content.decode()
    assert "<strong>1.5 business days</strong>" in page
    assert "median number of business days" in page


def test_it_lists_open_registrations_assigned_to_me(staff_client, communities):
    other = make_staff("other@test.example")
    make_registration(jurisdiction_name="Mineville", assigned_to=staff_client.staff)
    make_registration(
        jurisdiction_name="Finishedtown", assigned_to=staff_client.staff, status="enrolled"
    )
    make_registration(jurisdiction_name="Theirsburg", assigned_to=other)
    page = staff_client.get(DASHBOARD).content.decode()
    mine = page[page.index("Assigned to you") :]
    assert "Mineville" in mine
    assert "Finishedtown" not in mine
    assert "Theirsburg" not in mine


def test_the_dashboard_costs_the_same_queries_however_many_registrations(
    staff_client, communities, django_assert_max_num_queries
):
    for index in range(30):
        make_registration(
            follow_up_due_on=office_today() - timedelta(days=index + 1),
            assigned_to=staff_client.staff if index % 2 else None,
        )
    # One of them reads the business calendar's closure days, once for the whole page; one
    # counts the header bell's unread notifications.
    with django_assert_max_num_queries(12):
        assert staff_client.get(DASHBOARD).status_code == 200
