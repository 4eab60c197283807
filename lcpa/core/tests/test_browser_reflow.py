"""Reflow (WCAG 1.4.10): one page of every kind, as the person who sees it, on a phone (390 CSS
pixels wide) and at 200 % zoom of a 1280-pixel window (the browser then lays the page out in 640
CSS pixels), never scrolls sideways, and nothing with content in it is cut off; at 1280 pixels no
table has to scroll to be read either, and running text has a line height of 1.5. The same pages
pass axe on a phone.

The demo data (seed_demo) fills the pages; every module of every learning community is open for
editing, with the demo team's answers (made-up ones where the demo team has not got that far)
and the earlier answers beside the questions. A failure lists, per page and width, the elements
that stick out past the right edge of the window and the boxes that cut off their content.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from uuid import uuid4

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.assistance.models import TARequest
from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Cohort, CohortModule, Deliverable, Session, Team
from lcpa.cohorts.services import deliverable_save, invitation_send
from lcpa.core.tokens import link_token_digest
from lcpa.curriculum.models import Sector, TeamRole
from lcpa.intake.models import EmailTemplate, InterestRegistration, status_path
from lcpa.intake.services import saved_filter_save
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import notify
from lcpa.notifications.unsubscribe import unsubscribe_token
from lcpa.outcomes.models import TeamMeasure
from lcpa.outcomes.services import ObservationValue, observations_record
from lcpa.public.models import ContactMessage
from lcpa.public.services import contact_message_submit
from lcpa.testing import NOW, Client, choose_measure, enrol_totp

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ZOOMED = {"width": 640, "height": 400}  # a 1280 x 800 window at 200 % zoom
DESKTOP = {"width": 1280, "height": 800}
# A status link as long as a real one, without the hyphens that would give it a place to break.
TOKEN = ("StatusLink2026" * 4)[:43]
WIDTHS = {"390 px": PHONE, "200 % zoom": ZOOMED, "1280 px": DESKTOP}

# In the page: how wide the document is, what sticks out past the right edge, what is cut off,
# and running text set too tight (see the file for what counts).
MEASURE = (Path(__file__).with_name("reflow_measure.js")).read_text(encoding="utf-8").strip(" \n;")


@dataclass
class Visit:
    who: str
    path: str
    what: str
    then: Callable | None = None  # steps on the page that lead to the page to measure


def _bulk_assign_confirmation(page) -> None:
    """The pipeline's bulk confirmation page comes from a POST: tick two rows, press Assign."""
    for label in page.locator("label[for^=select-]").all()[:2]:
        label.click()
    with page.expect_navigation():
        page.get_by_role("button", name="Assign the selected").click()
    page.get_by_role("heading", level=1).wait_for()


def _open_save_filters(page) -> None:
    page.locator("summary", has_text="Save the current filters").click()


def _seed() -> None:
    with override_settings(DEBUG=True):  # seed_demo refuses to run otherwise
        call_command("seed_demo", stdout=StringIO())


def _filled(prompt: dict):
    """An answer of the prompt's kind, long enough to wrap (files are left out)."""
    words = "The team meets every other week to review the numbers and decide what to try next."
    match prompt["kind"]:
        case "long_text":
            return f"{words} {words} See https://data.example.org/dashboards/{prompt['key']}/2026"
        case "short_text":
            return words[:60]
        case "table":
            return [[f"{column}: {words[:40]}" for column in prompt["options"]] for _ in range(3)]
        case "number":
            return 1250
        case "date":
            return "2027-01-15"
        case "choice":
            return max(prompt["options"], key=len)
    return None


def _open_every_module(team: Team, by: User) -> None:
    """Every module of the team open for editing, with answers: those the demo team wrote, a
    made-up answer for the rest. Sent back for changes, a deliverable is editable again and
    still opens the next module."""
    for module in CohortModule.objects.filter(cohort=team.cohort_id).order_by("number"):
        deliverable = Deliverable.objects.filter(team=team, module=module).first()
        answers = {prompt["key"]: value for prompt in module.prompts if (value := _filled(prompt))}
        if deliverable is not None:
            answers |= deliverable.answers
            Deliverable.objects.filter(pk=deliverable.pk).update(status=Deliverable.Status.DRAFT)
        deliverable = deliverable_save(
            team=team,
            module=module,
            answers=answers,
            base_version=deliverable.version if deliverable else 0,
            by=by,
        )
        Deliverable.objects.filter(pk=deliverable.pk).update(
            status=Deliverable.Status.CHANGES_REQUESTED, submitted_at=NOW
        )


def _tracked_measure(team: Team, by: User) -> TeamMeasure:
    """The team's first standard measure in its plan, with a few months of values (the demo
    data has none yet)."""
    tracked = choose_measure(team, by=by)
    values = [
        ObservationValue(date(2026, month, 1), Decimal(month * 3), Decimal(400), month == 11, "")
        for month in range(6, 12)
    ]
    observations_record(team_measure=tracked, values=values, by=by)
    return tracked


def _visits() -> tuple[list[Visit], dict[str, User]]:
    """One page of every kind, and who is signed in to see it."""
    staff = User.objects.get(email="staff@example.org")
    expert = User.objects.get(email="expert@example.org")
    for person in (staff, expert):
        enrol_totp(person)
    people = {"visitor": None, "staff": staff, "expert": expert}
    visits = [
        Visit("visitor", "/", "home"),
        Visit("visitor", reverse("public:learning_communities"), "learning communities"),
        Visit(
            "visitor",
            reverse("public:learning_community", args=["community-violence-intervention"]),
            "a learning community",
        ),
        Visit("visitor", reverse("public:jurisdictions"), "jurisdictions"),
        Visit("visitor", reverse("public:contact"), "contact"),
        Visit("visitor", reverse("public:accessibility"), "accessibility"),
        Visit("visitor", reverse("public:privacy"), "privacy"),
        Visit("visitor", reverse("intake:register"), "register interest"),
        Visit("visitor", reverse("account_login"), "sign in"),
        Visit("visitor", reverse("library:resources"), "resources"),
    ]
    registration = (
        InterestRegistration.objects.filter(
            status__in=InterestRegistration.MEMBERS_EDITABLE_STATUSES, merged_into=None
        )
        .order_by("pk")
        .first()
    )
    InterestRegistration.objects.filter(pk=registration.pk).update(
        status_token_digest=link_token_digest(TOKEN)
    )
    visits += [
        Visit("visitor", reverse("intake:confirmation", args=[TOKEN]), "confirmation"),
        Visit("visitor", status_path(TOKEN), "registration status"),
        Visit("visitor", reverse("intake:registration_members", args=[TOKEN]), "members form"),
    ]
    for cohort in Cohort.objects.select_related("learning_community").order_by("starts_on"):
        team = cohort.teams.order_by("name").first()
        member = team.memberships.select_related("user").order_by("pk").first().user
        who = f"member of {team}"
        people[who] = member
        _open_every_module(team, member)
        visits += [
            Visit(who, reverse("cohorts:module", args=[team.pk, number]), f"module {number}")
            for number in range(1, 6)
        ]
    coordinator = User.objects.get(email="coordinator@example.org")
    people["coordinator"] = coordinator
    team = coordinator.memberships.get().team
    cohort = team.cohort
    past = Session.objects.filter(cohort=cohort, starts_at__lt=NOW).order_by("-starts_at").first()
    tracked = _tracked_measure(team, coordinator)
    message = contact_message_submit(
        submission_key=uuid4(),
        name="Jordan Alvarez-Whitfield",
        email="jordan.alvarez-whitfield@countyofexample-emergency-services.example",
        organisation="County of Example Department of Emergency Communications and Dispatch",
        topic=ContactMessage.Topic.JOINING,
        message="We would like to know how a county our size joins. " * 12,
    )
    saved_filter_save(owner=staff, name="New ones with an a", query="status=new&q=a", shared=True)
    for title in ("A national expert answered “Dispatch codes for co-responder calls”", "Moved"):
        notify(user=coordinator, kind=Kind.EXPERT_ANSWER, title=title, url="/", group=str(cohort))
    unsubscribe = reverse(
        "notifications:unsubscribe",
        args=[unsubscribe_token(user_id=coordinator.pk, what=Kind.EXPERT_ANSWER)],
    )
    invitation = invitation_send(
        team=team,
        email="new.member.with.a.long.address@countyofexample-behavioral-health.example",
        full_name="Robin Nakamura-Oyelaran",
        role=TeamRole.OTHER,
        sector=Sector.OTHER,
        by=staff,
    )
    visits += [
        Visit("coordinator", reverse("accounts:profile"), "account"),
        Visit("coordinator", reverse("notifications:list"), "notifications"),
        Visit("coordinator", reverse("notifications:settings"), "email settings"),
        Visit("visitor", unsubscribe, "unsubscribe from an email"),
        Visit("coordinator", reverse("cohorts:my_teams"), "my teams"),
        Visit("coordinator", reverse("cohorts:workspace", args=[team.pk]), "team workspace"),
        Visit("coordinator", reverse("cohorts:action_plan", args=[team.pk]), "action plan"),
        Visit("coordinator", reverse("cohorts:peers", args=[team.pk]), "cohort peers"),
        Visit("coordinator", reverse("outcomes:team_measures", args=[team.pk]), "measures"),
        Visit(
            "coordinator",
            reverse("outcomes:team_measure", args=[team.pk, tracked.pk]),
            "a measure's values",
        ),
        Visit("expert", reverse("outcomes:team_measure", args=[team.pk, tracked.pk]), "values"),
        Visit("coordinator", reverse("cohorts:session_list"), "sessions"),
        Visit("coordinator", reverse("cohorts:session", args=[past.pk]), "a past session"),
        Visit("coordinator", reverse("library:resources"), "resources, signed in"),
        Visit("staff", reverse("intake:staff_dashboard"), "staff dashboard"),
        Visit("staff", reverse("intake:staff_pipeline"), "registration pipeline"),
        Visit(
            "staff",
            reverse("intake:staff_pipeline") + "?status=new&q=a",
            "saved filters, saving the current ones",
            then=_open_save_filters,
        ),
        Visit(
            "staff",
            reverse("intake:staff_pipeline"),
            "bulk confirmation",
            then=_bulk_assign_confirmation,
        ),
        Visit("staff", reverse("public:staff_messages"), "contact messages"),
        Visit("staff", reverse("public:staff_message", args=[message.pk]), "a contact message"),
        Visit(
            "staff",
            reverse("intake:staff_registration", args=[registration.pk]),
            "registration detail",
        ),
        Visit("staff", reverse("cohorts:staff_cohorts"), "cohorts"),
        Visit("staff", reverse("cohorts:staff_cohort", args=[cohort.pk]), "cohort dashboard"),
        Visit("staff", reverse("cohorts:staff_team", args=[team.pk]), "team (staff)"),
        Visit("staff", reverse("cohorts:staff_attendance", args=[past.pk]), "attendance"),
        Visit("staff", reverse("cohorts:staff_feedback", args=[past.pk]), "session feedback"),
        Visit("staff", reverse("intake:staff_email_templates"), "email templates"),
        Visit(
            "staff",
            reverse("intake:staff_email_template_edit", args=[EmailTemplate.objects.first().pk]),
            "an email template",
        ),
        Visit("staff", reverse("cohorts:staff_enrol", args=[registration.pk]), "enrol a team"),
        Visit("staff", reverse("cohorts:staff_cohort_create"), "new cohort"),
        Visit("staff", reverse("cohorts:staff_session_create", args=[cohort.pk]), "new session"),
        Visit("staff", reverse("cohorts:staff_cohort_edit", args=[cohort.pk]), "edit a cohort"),
        Visit("staff", reverse("cohorts:staff_session_edit", args=[past.pk]), "edit a session"),
        Visit("staff", reverse("cohorts:staff_session_reschedule", args=[past.pk]), "move"),
        Visit("staff", reverse("cohorts:staff_session_cancel", args=[past.pk]), "cancel"),
        Visit("staff", reverse("cohorts:staff_session_delete", args=[past.pk]), "delete"),
        Visit("staff", reverse("cohorts:staff_team_check_in", args=[team.pk]), "check-in"),
        Visit(
            "staff",
            reverse("cohorts:staff_team_email", args=[team.pk]) + "?template=quiet",
            "email a team",
        ),
        Visit("staff", reverse("cohorts:staff_team_unenrol", args=[team.pk]), "unenrol"),
        Visit(
            "staff",
            reverse("cohorts:staff_invitation_revoke", args=[invitation.pk]),
            "withdraw an invitation",
        ),
        Visit("coordinator", reverse("cohorts:session_feedback", args=[past.pk]), "feedback form"),
        Visit("expert", reverse("cohorts:review_queue"), "reviews queue"),
    ]
    people["ta_provider"] = User.objects.get(email="ta@example.org")
    ta_request = TARequest.objects.filter(team=team).exclude(messages=None).first()
    visits += [
        Visit("coordinator", reverse("assistance:team_requests", args=[team.pk]), "help requests"),
        Visit("coordinator", reverse("assistance:request_open", args=[team.pk]), "ask for help"),
        Visit("coordinator", reverse("assistance:request", args=[ta_request.pk]), "a TA request"),
        Visit("ta_provider", reverse("assistance:my_requests"), "TA provider's requests"),
        Visit("ta_provider", reverse("assistance:request", args=[ta_request.pk]), "TA request"),
        Visit("staff", reverse("assistance:staff_queue"), "TA queue"),
    ]
    waiting = Deliverable.objects.filter(status=Deliverable.Status.SUBMITTED).first()
    visits.append(
        Visit("expert", reverse("cohorts:deliverable_review", args=[waiting.pk]), "a review")
    )
    return visits, people


@pytest.fixture
def site(live_server):
    cache.clear()  # rate-limit counters live in the cache table, which flushing keeps
    _seed()
    return _visits()


def _walk(browser, live_server, site, check) -> list[str]:
    """Open every page as its person, call `check(page, visit)`, gather what it reports."""
    visits, people = site
    found = []
    for who, person in people.items():
        with open_page(browser, live_server.url) as (page, problems):
            if person is not None:
                sign_in_context(page.context, Client(), person, live_server.url)
            for visit in (visit for visit in visits if visit.who == who):
                page.set_viewport_size(PHONE)  # loaded on a phone, then zoomed (resized)
                response = page.goto(live_server.url + visit.path)
                assert response is not None and response.status == 200, (
                    f"{visit.what} ({visit.path}) answered {response and response.status}"
                )
                if visit.then:
                    visit.then(page)
                found += check(page, visit)
            assert_clean(problems, f"the pages {who} sees")
    return found


def _reflow_problems(page, visit: Visit) -> list[str]:
    found = []
    for label, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        measured = page.evaluate(MEASURE, viewport is DESKTOP)
        details = [*measured["out"], *measured["cut"], *measured["tight"]]
        if measured["scrollWidth"] > measured["innerWidth"] or details:
            found.append(
                f"{visit.what} ({visit.path}) at {label}: {measured['scrollWidth']} px wide"
                f" in a {measured['innerWidth']} px window\n"
                + "\n".join(f"      {detail}" for detail in details)
            )
    return found


def test_no_page_scrolls_sideways_or_cuts_content_off_at_390_px_or_200_percent_zoom(
    browser, live_server, site
):
    found = _walk(browser, live_server, site, _reflow_problems)
    assert not found, "Pages that do not reflow:\n  - " + "\n  - ".join(found)


def test_the_same_pages_pass_axe_on_a_phone(browser, live_server, site):
    def axe(page, visit: Visit) -> list[str]:
        page.set_viewport_size(PHONE)
        assert_accessible(page, f"{visit.what} ({visit.path}) at 390 px")
        return []

    _walk(browser, live_server, site, axe)
