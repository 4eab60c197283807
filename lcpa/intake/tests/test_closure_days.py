"""Staff add and remove closure days on /staff/closure-days/, beside the federal holidays."""

from datetime import date

import time_machine
from django.urls import reverse

from lcpa.core.models import ClosureDay
from lcpa.testing import make_user

PAGE = reverse("intake:staff_closure_days")


@time_machine.travel("2026-12-01 15:00Z", tick=False)
def test_staff_see_federal_holidays_and_add_a_closure_day(client, staff):
    client.force_login(staff)
    page = client.get(PAGE).content.decode()
    assert "Fri, Dec 25, 2026" in page and "Christmas Day" in page
    assert "Federal holiday" in page
    response = client.post(PAGE, {"day": "2026-12-24", "reason": "Staff <b>retreat</b>"})
    assert response.status_code == 302
    closure = ClosureDay.objects.get()
    assert closure.day == date(2026, 12, 24)
    assert closure.history.get().history_user == staff
    page = client.get(PAGE).content.decode()
    assert "Thu, Dec 24, 2026" in page
    assert "Staff &lt;b&gt;retreat&lt;/b&gt;" in page
    assert "Closure day" in page


def test_a_day_already_closed_or_a_missing_reason_is_refused(client, staff):
    client.force_login(staff)
    client.post(PAGE, {"day": "2027-02-01", "reason": "Training"})
    again = client.post(PAGE, {"day": "2027-02-01", "reason": "Again"})
    assert again.status_code == 400
    assert "already a closure day" in again.content.decode()
    empty = client.post(PAGE, {"day": "", "reason": ""})
    assert empty.status_code == 400
    assert "Enter the day the program is closed." in empty.content.decode()
    assert ClosureDay.objects.count() == 1


def test_staff_remove_a_closure_day(client, staff):
    client.force_login(staff)
    client.post(PAGE, {"day": "2027-02-01", "reason": "Training"})
    closure = ClosureDay.objects.get()
    response = client.post(reverse("intake:staff_closure_day_remove", args=[closure.pk]))
    assert response.status_code == 302
    assert not ClosureDay.objects.exists()
    assert (
        client.post(reverse("intake:staff_closure_day_remove", args=[closure.pk])).status_code
        == 404
    )


def test_people_who_are_not_staff_cannot_add_closure_days(client, db):
    client.force_login(make_user("member@test.example"))
    client.post(PAGE, {"day": "2027-02-01", "reason": "Training"})
    assert not ClosureDay.objects.exists()


def test_the_page_costs_the_same_queries_however_many_closure_days(
    client, staff, django_assert_max_num_queries
):
    for day in range(1, 20):
        ClosureDay.objects.create(day=date(2027, 3, day), reason=f"Closed {day}")
    with time_machine.travel("2027-02-01 15:00Z", tick=False):
        client.force_login(staff)
        with django_assert_max_num_queries(8):
            page = client.get(PAGE).content.decode()
    assert page.count('<td data-label="Kind">Closure day</td>') == 19
