"""The action plan's implementation steps: the team lists, adds and changes them; they show in
the action plan page, its PDF and Word file; late ones are marked overdue."""

import io
import uuid
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from docx import Document

from lcpa.cohorts import actionplan
from lcpa.cohorts.models import ActionStep
from lcpa.cohorts.services import CohortError, action_step_create
from lcpa.cohorts.tests.pdf_objects import read_pdf, structure_tree
from lcpa.testing import module_of


def steps_page(team) -> str:
    return reverse("cohorts:action_steps", args=[team.pk])


def add_step(cast, title="Train dispatchers", due_on=date(2027, 3, 31), **extra) -> ActionStep:
    return action_step_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        title=title,
        due_on=due_on,
        **extra,
    )


def test_a_member_adds_a_step_with_an_owner_and_a_module(client, cast, cohort):
    client.force_login(cast.member_a1)
    owner = cast.team_a.memberships.get(user=cast.member_a2)
    key = uuid.uuid4()
    data = {
        "submission_key": str(key),
        "title": "Train dispatchers on the new call codes",
        "owner": owner.pk,
        "due_on": "2027-03-31",
        "status": "in_progress",
        "module": module_of(cast.team_a, 4).pk,
        "details": "All **three** shifts.",
    }

    response = client.post(steps_page(cast.team_a), data, follow=True)

    html = response.content.decode()
    assert "Added “Train dispatchers on the new call codes” to the plan." in html
    assert "<strong>three</strong>" in html
    step = ActionStep.objects.get()
    assert (step.owner, step.status, step.module.number) == (owner, "in_progress", 4)
    assert (step.source, step.created_by) == (ActionStep.Source.PLAN, cast.member_a1)
    # A second click of the button stores nothing more.
    client.post(steps_page(cast.team_a), data)
    assert ActionStep.objects.count() == 1


def test_an_empty_step_is_refused_with_what_to_fix(client, cast, cohort):
    client.force_login(cast.member_a1)

    response = client.post(steps_page(cast.team_a), {"status": "done"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the step in one line." in html
    assert "Enter the date the step is due." in html
    assert not ActionStep.objects.exists()


def test_someone_from_another_team_cannot_own_a_step(client, cast, cohort):
    client.force_login(cast.member_a1)
    stranger = cast.team_b.memberships.get()

    response = client.post(
        steps_page(cast.team_a),
        {"title": "Hire", "due_on": "2027-01-01", "status": "not_started", "owner": stranger.pk},
    )

    assert response.status_code == 400
    assert "Choose a current member of the team." in response.content.decode()
    with pytest.raises(CohortError):
        add_step(cast, owner=stranger)
    assert not ActionStep.objects.exists()


def test_late_open_steps_are_marked_overdue(client, cast, cohort):
    # The clock says 1 December 2026.
    add_step(cast, "Late and open", date(2026, 11, 1))
    add_step(cast, "Late but done", date(2026, 10, 1), status=ActionStep.Status.DONE)
    add_step(cast, "Not due yet", date(2027, 1, 1))
    client.force_login(cast.member_b)  # not on the team: nothing to see
    assert client.get(steps_page(cast.team_a)).status_code == 404
    client.force_login(cast.expert)

    html = client.get(steps_page(cast.team_a)).content.decode()

    rows = html.split("<tr>")[2:]
    assert [("Overdue" in row) for row in rows] == [False, True, False]
    assert "Late but done" in rows[0] and "Late and open" in rows[1]
    # The expert reads but does not write: no form, no links to change a step.
    assert "Add a step" not in html
    assert reverse("cohorts:action_step_edit", args=[cast.team_a.pk, 1]) not in html


def test_a_member_changes_a_step_and_history_keeps_the_earlier_version(client, cast, cohort):
    step = add_step(cast)
    client.force_login(cast.member_a2)
    edit = reverse("cohorts:action_step_edit", args=[cast.team_a.pk, step.pk])
    assert 'value="Train dispatchers"' in client.get(edit).content.decode()

    response = client.post(
        edit,
        {"title": "Train dispatchers", "due_on": "2027-04-30", "status": "done"},
        follow=True,
    )

    assert "Saved “Train dispatchers”." in response.content.decode()
    step.refresh_from_db()
    assert (step.status, step.due_on) == ("done", date(2027, 4, 30))
    earlier, latest = step.history.order_by("history_date")
    assert (earlier.status, latest.status) == ("not_started", "done")
    assert latest.history_user == cast.member_a2
    # The same values again change nothing.
    response = client.post(
        edit, {"title": "Train dispatchers", "due_on": "2027-04-30", "status": "done"}, follow=True
    )
    assert "Nothing changed." in response.content.decode()
    assert step.history.count() == 2


def test_another_teams_member_and_the_expert_cannot_change_a_step(client, cast, cohort):
    step = add_step(cast)
    edit = reverse("cohorts:action_step_edit", args=[cast.team_a.pk, step.pk])
    other_teams_path = reverse("cohorts:action_step_edit", args=[cast.team_b.pk, step.pk])
    for person in (cast.member_b, cast.expert):
        client.force_login(person)
        assert client.get(edit).status_code == 404
        assert client.post(edit, {"title": "x", "due_on": "2027-01-01"}).status_code == 404
    client.force_login(cast.member_b)
    assert client.get(other_teams_path).status_code == 404
    step.refresh_from_db()
    assert step.title == "Train dispatchers"


def test_the_steps_page_costs_the_same_queries_whatever_the_number_of_steps(
    client, cast, cohort, django_assert_max_num_queries
):
    owner = cast.team_a.memberships.get(user=cast.member_a2)
    client.force_login(cast.member_a1)
    add_step(cast, owner=owner, module=module_of(cast.team_a, 1))
    with django_assert_max_num_queries(30) as few:
        client.get(steps_page(cast.team_a))
    for number in range(12):
        add_step(cast, f"Step {number}", owner=owner, module=module_of(cast.team_a, 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(steps_page(cast.team_a))


def test_the_action_plan_lists_its_steps_in_the_page_the_pdf_and_the_word_file(
    client, cast, cohort
):
    add_step(cast, "Open the crisis line", date(2026, 11, 15))
    client.force_login(cast.member_a1)

    page = client.get(reverse("cohorts:action_plan", args=[cast.team_a.pk])).content.decode()
    assert "Implementation steps" in page and "Open the crisis line" in page
    assert "Overdue" in page

    plan = actionplan.assemble(cast.team_a)
    assert plan.step_table == [
        ["Open the crisis line", "Nobody yet", "November 15, 2026", "Not started (overdue)"]
    ]
    assert "Open the crisis line" in actionplan.print_html(plan)
    docx = client.get(reverse("cohorts:action_plan_doc", args=[cast.team_a.pk])).content
    cells = [cell.text for table in Document(io.BytesIO(docx)).tables for cell in table._cells]
    assert "Open the crisis line" in cells and "Not started (overdue)" in cells


def test_the_pdfs_steps_are_a_tagged_table(client, cast, cohort):
    add_step(cast, "Open the crisis line")
    add_step(cast, "Hire two responders")
    client.force_login(cast.member_a1)

    response = client.get(reverse("cohorts:action_plan_pdf", args=[cast.team_a.pk]))

    tree = structure_tree(read_pdf(response.content))
    tables = [element for element in tree.walk() if element.type == "Table"]
    head, body = tables[-1].children
    assert [cell.type for cell in head.children[0].children] == ["TH"] * 4
    assert [row.type for row in body.children] == ["TR", "TR"]


# The completion date ------------------------------------------------------------------------

STEP_FORM = {"title": "Train dispatchers", "due_on": "2027-03-31"}


def _pdf_texts(plan) -> str:
    document = actionplan.render_document(plan)

    def texts(box, found):
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", None) or []:
            texts(child, found)
        return found

    return " ".join(" ".join(texts(page._page_box, [])) for page in document.pages)


def test_marking_a_step_done_records_the_day_and_reopening_it_clears_the_day(
    client, cast, cohort, time_machine
):
    step = add_step(cast)
    assert step.done_on is None
    client.force_login(cast.member_a1)
    edit = reverse("cohorts:action_step_edit", args=[cast.team_a.pk, step.pk])

    time_machine.move_to(datetime(2026, 12, 3, 15, tzinfo=UTC), tick=False)
    client.post(edit, {**STEP_FORM, "status": "done"})
    step.refresh_from_db()
    assert step.done_on == date(2026, 12, 3)
    page = client.get(steps_page(cast.team_a)).content.decode()
    assert 'Done on <time datetime="2026-12-03">Dec 3, 2026</time>' in page

    # Changing something else later keeps the day it was done.
    time_machine.move_to(datetime(2026, 12, 8, 15, tzinfo=UTC), tick=False)
    client.post(edit, {**STEP_FORM, "title": "Train all dispatchers", "status": "done"})
    step.refresh_from_db()
    assert (step.title, step.done_on) == ("Train all dispatchers", date(2026, 12, 3))

    # Reopened: no completion date; done again: the new day.
    client.post(edit, {**STEP_FORM, "status": "in_progress"})
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("in_progress", None)
    assert 'datetime="2026-12-03"' not in client.get(steps_page(cast.team_a)).content.decode()
    time_machine.move_to(datetime(2026, 12, 10, 15, tzinfo=UTC), tick=False)
    client.post(edit, {**STEP_FORM, "status": "done"})
    step.refresh_from_db()
    assert step.done_on == date(2026, 12, 10)
    dates = [row.done_on for row in step.history.order_by("history_date")]
    assert dates == [None, date(2026, 12, 3), date(2026, 12, 3), None, date(2026, 12, 10)]


def test_dropping_a_done_step_clears_its_day(client, cast, cohort):
    step = add_step(cast, status=ActionStep.Status.DONE)
    assert step.done_on == date(2026, 12, 1)
    client.force_login(cast.member_a1)
    edit = reverse("cohorts:action_step_edit", args=[cast.team_a.pk, step.pk])
    client.post(edit, {**STEP_FORM, "status": "dropped"})
    step.refresh_from_db()
    assert (step.status, step.done_on) == ("dropped", None)


def test_a_step_recorded_as_done_keeps_the_day_given_but_not_a_day_to_come(cast, cohort):
    earlier = add_step(cast, status=ActionStep.Status.DONE, done_on=date(2026, 11, 20))
    assert earlier.done_on == date(2026, 11, 20)
    open_step = add_step(cast, "Still open", done_on=date(2026, 11, 20))
    assert open_step.done_on is None  # only a done step has a completion date
    with pytest.raises(CohortError, match="still to come"):
        add_step(cast, "Too soon", status=ActionStep.Status.DONE, done_on=date(2026, 12, 2))
    assert not ActionStep.objects.filter(title="Too soon").exists()


def test_the_completion_date_shows_in_the_plan_its_pdf_its_word_file_and_the_timeline(
    client, cast, cohort
):
    add_step(cast, "Open the crisis line", date(2026, 11, 15), status=ActionStep.Status.DONE)
    add_step(cast, "Hire two responders", date(2027, 2, 1))
    client.force_login(cast.member_a1)

    page = client.get(reverse("cohorts:action_plan", args=[cast.team_a.pk])).content.decode()
    assert 'Done on <time datetime="2026-12-01">Dec 1, 2026</time>' in page

    plan = actionplan.assemble(cast.team_a)
    assert plan.step_table == [
        ["Open the crisis line", "Nobody yet", "November 15, 2026", "Done on December 1, 2026"],
        ["Hire two responders", "Nobody yet", "February 1, 2027", "Not started"],
    ]
    assert "Done on December 1, 2026" in _pdf_texts(plan)
    docx = client.get(reverse("cohorts:action_plan_doc", args=[cast.team_a.pk])).content
    cells = [cell.text for table in Document(io.BytesIO(docx)).tables for cell in table._cells]
    assert "Done on December 1, 2026" in cells

    dashboard = client.get(reverse("outcomes:team_dashboard", args=[cast.team_a.pk]))
    html = dashboard.content.decode()
    assert 'Done</span> on <time datetime="2026-12-01">December 1, 2026</time>' in html
