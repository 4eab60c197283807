"""A team member completes module 1 in headless Chromium and module 2 opens, with axe checks on
the team workspace and the module pages (JavaScript on: the table's "Add a row" runs on the
page, under the Content-Security-Policy)."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Deliverable, Team
from lcpa.cohorts.services import cohort_create, member_add, team_create
from lcpa.curriculum.models import DeliverablePrompt, Jurisdiction, Sector, TeamRole
from lcpa.testing import make_expert, make_learning_communities, make_user

pytestmark = pytest.mark.browser

# (key, label, kind, options, required, refers_to) for modules 1 and 2.
PROMPTS = {
    1: [
        ("vision", "Your team's vision", "long_text", "", True, ""),
        ("goals", "Goals for the first year", "table", "Goal\nMeasure\nBy when", True, ""),
        ("lead", "Who leads the work", "short_text", "", True, ""),
        (
            "model",
            "Response model",
            "choice",
            "Co-responder\nCommunity responder\nAlternative dispatch",
            True,
            "",
        ),
        ("start", "First day of the pilot", "date", "", False, ""),
        ("staff", "Full-time staff needed", "number", "", False, ""),
    ],
    2: [
        ("baseline", "Crisis calls in the baseline year", "number", "", True, ""),
        ("method", "How you counted them", "long_text", "", True, "vision"),
    ],
}


@dataclass
class Workspace:
    team: Team
    member: User


@pytest.fixture
def workspace(live_server) -> Workspace:
    community = make_learning_communities()["crisis-systems"]
    for module in community.modules.filter(number__in=PROMPTS):
        for position, (key, label, kind, options, required, refers_to) in enumerate(
            PROMPTS[module.number]
        ):
            DeliverablePrompt.objects.create(
                module=module,
                position=position,
                key=key,
                label=label,
                kind=kind,
                options=options,
                required=required,
                refers_to=refers_to,
            )
    today = timezone.localdate()
    expert = make_expert("expert@browser.example")
    cohort = cohort_create(
        learning_community=community,
        name="Crisis Systems spring cohort",
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=160),
        experts=[expert],
    )
    team = team_create(
        cohort=cohort, jurisdiction=Jurisdiction.objects.create(name="Lowell", state="MA")
    )
    member = make_user("dana@lowell.example", time_zone="America/New_York")
    member_add(
        team=team,
        user=member,
        role=TeamRole.DATA_COORDINATOR,
        sector=Sector.LOCAL_GOVERNMENT,
        organisation="City of Lowell",
    )
    return Workspace(team=team, member=member)


def _step(page, number: int):
    """The module's item on the workspace's progress path."""
    return page.locator(".usa-process-list__item").nth(number - 1)


def test_a_member_completes_module_1_and_module_2_opens(browser, live_server, workspace):
    team = workspace.team
    with open_page(browser, live_server.url) as (page, problems):
        sign_in_context(page.context, Client(), workspace.member, live_server.url)

        # The workspace: module 1 open, module 2 locked.
        page.goto(f"{live_server.url}/teams/{team.pk}/")
        page.get_by_role("heading", level=1, name="Lowell team").wait_for()
        assert "Open: not started" in _step(page, 1).text_content()
        assert "Locked" in _step(page, 2).text_content()
        assert_accessible(page, "the team workspace")

        # Module 1: answer every kind of prompt, adding a fourth goal row on the page.
        with page.expect_navigation():
            _step(page, 1).get_by_role("link").click()
        page.get_by_role("heading", level=1, name=re.compile("^Module 1")).wait_for()
        assert_accessible(page, "module 1")
        page.get_by_label("Your team's vision").fill(
            "Counselors, not officers, answer mental health calls <at night>."
        )
        goals = [
            ("Fewer crisis calls answered by police", "Share of calls", "June 2027"),
            ("Faster response", "Median minutes to arrival", "March 2027"),
            ("Fewer repeat calls", "People with 3+ calls in 90 days", "December 2027"),
            ("Peer follow-up for everyone", "Share followed up in 2 days", "September 2027"),
        ]
        page.get_by_role("button", name="Add a row").click()
        page.get_by_label("Goal, row 4").wait_for()
        for row, (goal, measure, when) in enumerate(goals, start=1):
            page.get_by_label(f"Goal, row {row}", exact=True).fill(goal)
            page.get_by_label(f"Measure, row {row}", exact=True).fill(measure)
            page.get_by_label(f"By when, row {row}", exact=True).fill(when)
        page.get_by_label("Who leads the work").fill("Dana, with the fire department's EMS chief")
        # USWDS radios hide the input itself: people click the label.
        page.locator("label", has_text="Community responder").click()
        page.get_by_label("First day of the pilot").fill("2027-03-01")
        page.get_by_label("Full-time staff needed").fill("6")

        with page.expect_navigation():
            page.get_by_role("button", name="Save draft").click()
        page.get_by_text("Your draft is saved.").wait_for()
        deliverable = Deliverable.objects.get(team=team, module__number=1)
        assert deliverable.status == Deliverable.Status.DRAFT
        assert deliverable.last_edited_by == workspace.member
        assert deliverable.answers["goals"] == [list(goal) for goal in goals]
        assert deliverable.answers["model"] == "Community responder"
        assert deliverable.answers["start"] == "2027-03-01"
        assert deliverable.answers["staff"] == 6
        # What was typed comes back as text, not markup.
        assert page.get_by_label("Your team's vision").input_value().endswith("<at night>.")

        with page.expect_navigation():
            page.get_by_role("button", name="Save and submit for review").click()
        page.get_by_text("Module 2 is open now.").wait_for()
        deliverable.refresh_from_db()
        assert deliverable.status == Deliverable.Status.SUBMITTED

        # Back on the workspace, module 2 is open.
        with page.expect_navigation():
            page.get_by_role("link", name="Lowell team").click()
        assert "Submitted" in _step(page, 1).text_content()
        assert "Open: not started" in _step(page, 2).text_content()
        assert "Locked" in _step(page, 3).text_content()

        # Module 2 can be edited and shows the vision from module 1 beside the prompt that
        # builds on it.
        with page.expect_navigation():
            _step(page, 2).get_by_role("link").click()
        page.get_by_role("heading", level=1, name=re.compile("^Module 2")).wait_for()
        earlier = page.get_by_role("region", name="Your team's answer in module 1")
        assert "<at night>" in earlier.text_content()
        page.get_by_label("Crisis calls in the baseline year").wait_for()
        assert page.get_by_role("button", name="Save draft").is_visible()
        assert_accessible(page, "module 2")
        assert_clean(problems, "the workspace and module pages")
