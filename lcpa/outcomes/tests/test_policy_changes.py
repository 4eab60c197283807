"""Policy changes of a team: recorded, changed and deleted by its members and program staff
(history keeps every version and who made it), drawn on the charts on the day they took
effect, and listed with the month's values in the table beside the chart."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from lcpa.outcomes.chart_data import Annotation, chart_annotations
from lcpa.outcomes.charts import measure_chart
from lcpa.outcomes.models import PolicyChange
from lcpa.outcomes.services import (
    ObservationValue,
    OutcomesError,
    observations_record,
    policy_change_create,
)
from lcpa.testing import choose_measure

ORDINANCE = "Council ordinance: crisis calls go to the crisis team"


@pytest.fixture
def coverage(cast):
    return choose_measure(cast.team_a, by=cast.member_a1)


@pytest.fixture
def backup(cast, coverage):
    return choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)


def list_page(team) -> str:
    return reverse("outcomes:policy_changes", args=[team.pk])


def edit_page(change) -> str:
    return reverse("outcomes:policy_change_edit", args=[change.team_id, change.pk])


def delete_page(change) -> str:
    return reverse("outcomes:policy_change_delete", args=[change.team_id, change.pk])


def record_change(cast, title=ORDINANCE, changed_on=date(2026, 10, 1), **extra) -> PolicyChange:
    return policy_change_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        changed_on=changed_on,
        title=title,
        **extra,
    )


def test_a_member_records_a_policy_change_and_a_second_click_stores_no_second(
    client, cast, coverage
):
    client.force_login(cast.member_a1)
    page = client.get(list_page(cast.team_a)).content.decode()
    assert "No policy changes recorded yet." in page and "Record a policy change" in page
    data = {
        "submission_key": str(uuid.uuid4()),
        "changed_on": "2026-10-01",
        "title": ORDINANCE,
        "team_measure": str(coverage.pk),
        "description": "Voted on **September 15**.",
    }

    response = client.post(list_page(cast.team_a), data, follow=True)

    html = response.content.decode()
    assert f"Recorded the policy change “{ORDINANCE}”." in html
    assert '<time datetime="2026-10-01">Oct 1, 2026</time>' in html
    assert "<strong>September 15</strong>" in html
    change = PolicyChange.objects.get()
    assert (change.team, change.team_measure, change.created_by) == (
        cast.team_a,
        coverage,
        cast.member_a1,
    )
    assert change.history.get().history_user == cast.member_a1
    client.post(list_page(cast.team_a), data)
    assert PolicyChange.objects.count() == 1


def test_a_change_without_date_or_title_or_with_another_teams_measure_is_refused(
    client, cast, coverage
):
    other_teams = choose_measure(cast.team_b, by=cast.member_b)
    client.force_login(cast.member_a1)

    empty = client.post(list_page(cast.team_a), {})
    wrong = client.post(
        list_page(cast.team_a),
        {"changed_on": "2026-02-30", "title": "x" * 201, "team_measure": str(other_teams.pk)},
    )

    assert empty.status_code == wrong.status_code == 400
    html = empty.content.decode()
    assert "Enter the day the change took effect." in html
    assert "Write what changed in one line." in html
    html = wrong.content.decode()
    assert "Enter a real date, for example 2027-03-01." in html
    assert "Keep it to 200 characters or fewer." in html
    assert "Choose one of your team&#x27;s measures, or none." in html
    assert not PolicyChange.objects.exists()
    with pytest.raises(OutcomesError):
        record_change(cast, team_measure=other_teams)


def test_a_date_more_than_a_year_ahead_is_refused_on_both_forms(client, cast, coverage):
    """Today is 1 December 2026 (lcpa.testing.NOW): up to 1 December 2027 is accepted."""
    change = record_change(cast)
    client.force_login(cast.member_a1)
    message = (
        "A change can be recorded up to a year ahead: enter a date on or before December 1, 2027."
    )

    for day in ("2999-01-01", "2027-12-02"):
        refused = client.post(list_page(cast.team_a), {"changed_on": day, "title": ORDINANCE})
        assert refused.status_code == 400
        assert message in refused.content.decode()
    moved = client.post(edit_page(change), {"changed_on": "2999-10-01", "title": ORDINANCE})
    assert moved.status_code == 400 and message in moved.content.decode()
    change.refresh_from_db()
    assert change.changed_on == date(2026, 10, 1)
    assert PolicyChange.objects.count() == 1

    ahead = client.post(list_page(cast.team_a), {"changed_on": "2027-12-01", "title": "Ahead"})
    assert ahead.status_code == 302
    assert PolicyChange.objects.get(title="Ahead").changed_on == date(2027, 12, 1)


def test_a_year_after_a_29_february_ends_on_28_february(client, cast, coverage):
    with time_machine.travel(datetime(2028, 2, 29, 15, tzinfo=UTC), tick=False):
        client.force_login(cast.member_a1)
        refused = client.post(list_page(cast.team_a), {"changed_on": "2029-03-01", "title": "X"})
        accepted = client.post(list_page(cast.team_a), {"changed_on": "2029-02-28", "title": "Y"})

    assert refused.status_code == 400
    assert "on or before February 28, 2029." in refused.content.decode()
    assert accepted.url == list_page(cast.team_a)
    assert list(PolicyChange.objects.values_list("title", flat=True)) == ["Y"]


def test_a_member_changes_a_policy_change_and_history_keeps_the_earlier_version(
    client, cast, coverage
):
    change = record_change(cast)
    client.force_login(cast.member_a2)
    assert f'value="{ORDINANCE}"' in client.get(edit_page(change)).content.decode()
    data = {"changed_on": "2026-11-01", "title": ORDINANCE, "team_measure": str(coverage.pk)}

    response = client.post(edit_page(change), data, follow=True)

    assert f"Saved “{ORDINANCE}”." in response.content.decode()
    change.refresh_from_db()
    assert (change.changed_on, change.team_measure) == (date(2026, 11, 1), coverage)
    earlier, latest = change.history.order_by("history_date")
    assert (earlier.changed_on, latest.changed_on) == (date(2026, 10, 1), date(2026, 11, 1))
    assert latest.history_user == cast.member_a2
    response = client.post(edit_page(change), data, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert change.history.count() == 2
    refused = client.post(edit_page(change), {"changed_on": "", "title": ""})
    assert refused.status_code == 400
    change.refresh_from_db()
    assert change.title == ORDINANCE


def test_deleting_asks_first_and_history_keeps_who_deleted_it(client, cast, coverage):
    change = record_change(cast)
    client.force_login(cast.staff)
    page = client.get(delete_page(change)).content.decode()
    assert "Delete the policy change" in page

    bare = client.post(delete_page(change))
    assert bare.status_code == 400
    assert "Nothing was deleted" in bare.content.decode()
    assert PolicyChange.objects.filter(pk=change.pk).exists()

    response = client.post(delete_page(change), {"confirm": "yes"}, follow=True)

    assert f"Deleted the policy change “{ORDINANCE}”." in response.content.decode()
    assert not PolicyChange.objects.exists()
    deleted = PolicyChange.history.filter(id=change.pk).latest("history_date")
    assert (deleted.history_type, deleted.history_user) == ("-", cast.staff)
    assert chart_annotations(coverage) == []


def test_only_the_teams_members_and_staff_see_its_policy_changes(client, cast, coverage):
    change = record_change(cast, description="Private detail")
    for person in (cast.member_b, cast.expert, cast.ta_provider, cast.outsider):
        client.force_login(person)
        for url in (list_page(cast.team_a), edit_page(change), delete_page(change)):
            assert client.get(url).status_code == 404
        assert client.post(delete_page(change), {"confirm": "yes"}).status_code == 404
    client.force_login(cast.member_b)
    wrong_team = reverse("outcomes:policy_change_edit", args=[cast.team_b.pk, change.pk])
    assert client.get(wrong_team).status_code == 404
    assert PolicyChange.objects.filter(pk=change.pk).exists()
    client.logout()
    assert client.get(list_page(cast.team_a)).status_code == 302
    for person in (cast.member_a2, cast.staff):
        client.force_login(person)
        assert ORDINANCE in client.get(list_page(cast.team_a)).content.decode()


def test_a_policy_change_goes_on_its_measures_chart_or_on_every_chart(cast, coverage, backup):
    record_change(cast, "Every chart", date(2026, 6, 15))
    record_change(cast, "Coverage only", date(2026, 3, 2), team_measure=coverage)

    notes = [note for note in chart_annotations(coverage) if note.kind == "policy"]
    assert notes == [
        Annotation(date(2026, 3, 2), "Policy: Coverage only", "policy", coverage.pk),
        Annotation(date(2026, 6, 15), "Policy: Every chart", "policy", None),
    ]
    assert [note.label for note in chart_annotations(backup) if note.kind == "policy"] == [
        "Policy: Every chart"
    ]


def test_the_chart_draws_it_and_the_table_lists_it_in_its_month(client, cast, coverage):
    values = [
        ObservationValue(
            period=date(2026, month, 1),
            numerator=Decimal(20 + month),
            denominator=Decimal(100),
            provisional=False,
            note="",
        )
        for month in range(1, 11)
    ]
    observations_record(team_measure=coverage, by=cast.member_a1, values=values)
    record_change(cast, changed_on=date(2026, 4, 20), team_measure=coverage)

    chart = measure_chart(coverage, annotations=chart_annotations(coverage))

    drawn = [
        value
        for layer in chart.spec["layer"]
        for value in layer.get("data", {}).get("values", [])
        if value.get("kind") == "policy"
    ]
    assert drawn == [{"date": "2026-04-20", "label": f"Policy: {ORDINANCE}", "kind": "policy"}]
    april = next(row for row in chart.table_rows if row.period == date(2026, 4, 1))
    assert april.events == (f"Policy: {ORDINANCE}",)
    assert all(not row.events for row in chart.table_rows if row is not april)

    client.force_login(cast.expert)  # a reader of the chart sees the change on it
    page = reverse("outcomes:team_measure", args=[cast.team_a.pk, coverage.pk])
    html = client.get(page).content.decode()
    assert '<th scope="col">Events that month</th>' in html
    assert (
        f'<td data-label="Events that month"><span class="lc-user-text">Policy: {ORDINANCE}' in html
    )
    assert reverse("outcomes:policy_changes", args=[cast.team_a.pk]) not in html
    client.force_login(cast.member_a1)
    html = client.get(page).content.decode()
    assert reverse("outcomes:policy_changes", args=[cast.team_a.pk]) in html
    dashboard = client.get(reverse("outcomes:team_dashboard", args=[cast.team_a.pk]))
    assert reverse("outcomes:policy_changes", args=[cast.team_a.pk]) in dashboard.content.decode()


def test_the_list_costs_the_same_queries_whatever_the_number_of_changes(
    client, cast, coverage, django_assert_max_num_queries
):
    client.force_login(cast.member_a1)
    record_change(cast, team_measure=coverage)
    with django_assert_max_num_queries(40) as few:
        client.get(list_page(cast.team_a))
    for month in range(1, 10):
        record_change(cast, f"Change {month}", date(2026, month, 1), team_measure=coverage)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(list_page(cast.team_a))
