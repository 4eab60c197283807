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
from tempfile import TemporaryDirectory
from uuid import uuid4

import pytest
from django.core.cache import cache
from django.core.files import File
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from lcpa.accounts.models import User
from lcpa.assistance.models import TARequest
from lcpa.browser import assert_accessible, assert_clean, open_page, sign_in_context
from lcpa.cohorts.models import Cohort, CohortModule, Deliverable, Session, Team
from lcpa.cohorts.services import action_step_create, deliverable_save, invitation_send
from lcpa.community.models import Thread
from lcpa.community.services import flag_raise
from lcpa.core.tokens import link_token_digest
from lcpa.curriculum.models import Sector, TeamRole
from lcpa.guidance import services as guidance
from lcpa.guidance.access import open_slots
from lcpa.guidance.models import Booking, ImplementationCase, Question
from lcpa.intake.models import EmailTemplate, InterestRegistration, status_path
from lcpa.intake.services import saved_filter_save
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import notify
from lcpa.notifications.unsubscribe import unsubscribe_token
from lcpa.outcomes.analytics.samples.shootings import write_shootings
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit, results_sharing_set
from lcpa.outcomes.comparisons import comparison_choose
from lcpa.outcomes.dataset_mapping import column_mapping_confirm, screen
from lcpa.outcomes.dataset_tasks import process_dataset_version
from lcpa.outcomes.datasets import dataset_upload_file
from lcpa.outcomes.imports import check_rows
from lcpa.outcomes.models import (
    Brief,
    DatasetVersion,
    ObservationImport,
    PDSACycle,
    PolicyChange,
    TeamMeasure,
)
from lcpa.outcomes.services import (
    ObservationValue,
    observation_import_prepare,
    observations_record,
)
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


# An imported file: a correction of a stored month, a new month with a long note, and a group.
IMPORTED_ROWS = [
    ("2026-11", "", "40", "Corrected after the dispatch audit of the whole month"),
    ("2026-05", "", "12", "First month of the pilot, " * 6),
    ("2026-11", "North district and the unincorporated county", "7", ""),
]
# A file with a problem of each kind the report words differently.
BAD_FILE = (
    "measure_code,period,disaggregation,numerator,denominator,note,provisional\n"
    "a_code_nobody_has_and_that_is_quite_long,2026-10,,1,2,,\n"
    "{code},Octobre 2026,,1,2,,\n"
    "{code},2026-10,,12,10,,maybe\n"
)


def _pending_import(team: Team, tracked: TeamMeasure, by: User) -> ObservationImport:
    code, version = tracked.measure.code, tracked.measure.current
    denominator = "400" if version.has_denominator else ""
    dimension = "geography"  # an area the team names: long enough to wrap
    assert dimension in version.disaggregations
    rows = [
        {
            "_row": str(number),
            "measure_code": code,
            "period": period,
            "disaggregation": f"{dimension}:{group}" if group else "",
            "numerator": numerator,
            "denominator": denominator,
            "note": note,
        }
        for number, (period, group, numerator, note) in enumerate(IMPORTED_ROWS, 2)
    ]
    checked = check_rows(rows, chosen={code: tracked}, known_codes={code}, today=NOW.date())
    return observation_import_prepare(
        team=team,
        by=by,
        file_name="november-values-from-the-computer-aided-dispatch-export.csv",
        content_type="text/csv",
        sha256="0" * 64,
        checked=checked,
    )


def _upload_a_file_with_problems(code: str) -> Callable:
    def upload(page) -> None:
        page.set_input_files(
            "#id_file",
            {
                "name": "values.csv",
                "mimeType": "text/csv",
                "buffer": BAD_FILE.format(code=code).encode(),
            },
        )
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_selector("#import-problems")

    return upload


def _briefs(team: Team, by: User, tracked: TeamMeasure, staff: User) -> tuple[Brief, Brief]:
    """The team shares its results; one brief published, one waiting for staff, both long
    enough to wrap."""
    results_sharing_set(team=team, shared=True, by=by)
    words = "Clinicians answered the calls officers used to take, day and night, all year. " * 3

    def write(headline: str) -> Brief:
        brief = brief_create(
            submission_key=uuid4(),
            team=team,
            by=by,
            headline=headline,
            what_changed=words,
            for_whom=words,
            chart_1=tracked,
            chart_2=None,
            quote=words,
            quote_by="Jordan Alvarez-Whitfield, Director of Emergency Communications",
            next_steps=words,
        )
        return brief_submit(brief=brief, by=by)

    published = brief_approve(brief=write("Crisis calls now get a clinician first"), by=staff)
    return published, write("Night shifts covered by the mobile crisis team since September")


def _shootings_with_comparison(team: Team, by: User) -> DatasetVersion:
    """A processed shootings file (its columns mapped as the platform proposes them) whose
    comparison was named, then changed once: the estimate and the choices have rows to show."""
    with TemporaryDirectory(prefix="lcpa-reflow-") as work:
        path = Path(work) / "nypd-shooting-incidents-historic-export.csv"
        sample = write_shootings(path, rows=3000, seed=7, effect=-0.5)
        with path.open("rb") as handle:
            version = dataset_upload_file(
                team=team, kind="shootings", name="Shooting victims", upload=File(handle), by=by
            )
    process_dataset_version.call(version.pk)  # taken on: it waits for its mapping
    proposed = screen(version)
    column_mapping_confirm(
        version=version,
        level=proposed.level,
        mapping={row.column.name: row.source for row in proposed.columns if row.source},
        value_mappings={
            row.column.name: {raw: value for raw, value in row.values if value}
            for row in proposed.values
        },
        keep=[],
        columns=proposed.preview.columns,
        by=by,
    )
    process_dataset_version.call(version.pk)
    for comparison_area in ("40", sample.comparison_area):
        comparison_choose(
            dataset=version.dataset,
            intervention_area=sample.intervention_area,
            comparison_area=comparison_area,
            starts_on=sample.intervention,
            by=by,
        )
    version.refresh_from_db()
    assert version.status == DatasetVersion.Status.READY, version.status_message
    return version


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
    pending = _pending_import(team, tracked, coordinator)
    published, waiting_brief = _briefs(team, coordinator, tracked, staff)
    cycle = PDSACycle.objects.filter(team_measure__team=team).order_by("pk").first()
    with_cycles = cycle.team_measure_id
    policy = PolicyChange.objects.filter(team=team).order_by("pk").first()
    shootings = _shootings_with_comparison(team, coordinator)
    step = action_step_create(
        submission_key=uuid4(),
        team=team,
        by=coordinator,
        title="Write the memorandum of understanding between dispatch and the county's crisis team",
        details="Both agencies' counsel review it before the council's spring session. " * 3,
        owner=coordinator.memberships.get(),
        due_on=date(2026, 11, 1),
    )
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
        Visit("coordinator", reverse("cohorts:action_steps", args=[team.pk]), "plan steps"),
        Visit(
            "coordinator",
            reverse("cohorts:action_step_edit", args=[team.pk, step.pk]),
            "change a plan step",
        ),
        Visit("coordinator", reverse("cohorts:peers", args=[team.pk]), "cohort peers"),
        Visit("coordinator", reverse("outcomes:team_measures", args=[team.pk]), "measures"),
        Visit(
            "coordinator",
            reverse("outcomes:team_measure", args=[team.pk, tracked.pk]),
            "a measure's values",
        ),
        Visit("expert", reverse("outcomes:team_measure", args=[team.pk, tracked.pk]), "values"),
        Visit(
            "coordinator", reverse("outcomes:team_dashboard", args=[team.pk]), "outcome dashboard"
        ),
        Visit("staff", reverse("outcomes:cohort_rollup", args=[cohort.pk]), "compare teams"),
        Visit("coordinator", reverse("outcomes:observations_import", args=[team.pk]), "import"),
        Visit(
            "coordinator",
            reverse("outcomes:observations_import", args=[team.pk]),
            "an import's problems",
            then=_upload_a_file_with_problems(tracked.measure.code),
        ),
        Visit(
            "coordinator",
            reverse("outcomes:observations_import_preview", args=[team.pk, pending.pk]),
            "an import's preview",
        ),
        Visit("coordinator", reverse("outcomes:pdsa_cycles", args=[team.pk, with_cycles]), "PDSA"),
        Visit(
            "coordinator",
            reverse("outcomes:pdsa_cycle", args=[team.pk, with_cycles, cycle.pk]),
            "a PDSA cycle",
        ),
        Visit("coordinator", reverse("outcomes:policy_changes", args=[team.pk]), "policy changes"),
        Visit(
            "coordinator",
            reverse("outcomes:policy_change_edit", args=[team.pk, policy.pk]),
            "change a policy change",
        ),
        Visit(
            "coordinator",
            reverse("outcomes:policy_change_delete", args=[team.pk, policy.pk]),
            "delete a policy change",
        ),
        Visit("coordinator", reverse("outcomes:own_measure_create", args=[team.pk]), "own measure"),
        Visit("coordinator", reverse("outcomes:datasets", args=[team.pk]), "datasets"),
        Visit("coordinator", reverse("outcomes:dataset_upload", args=[team.pk]), "upload a file"),
        Visit(
            "coordinator",
            reverse("outcomes:dataset", args=[team.pk, shootings.dataset_id]),
            "a dataset and its versions",
        ),
        Visit(
            "coordinator",
            reverse("outcomes:dataset_mapping", args=[team.pk, shootings.pk]),
            "a column mapping",
        ),
        Visit("coordinator", reverse("outcomes:dataset_standard_columns"), "standard columns"),
        Visit(
            "coordinator",
            reverse("outcomes:dataset_comparison", args=[team.pk, shootings.dataset_id]),
            "comparison areas",
        ),
        Visit(
            "coordinator",
            reverse("outcomes:dataset_report", args=[team.pk, shootings.pk]),
            "a difference-in-differences estimate",
        ),
        Visit("staff", reverse("outcomes:staff_progress"), "progress scores"),
        Visit("staff", reverse("outcomes:staff_team_progress", args=[team.pk]), "a team's score"),
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
        Visit("staff", reverse("intake:staff_closure_days"), "closure days"),
        Visit(
            "staff",
            reverse("intake:staff_email_template_edit", args=[EmailTemplate.objects.first().pk]),
            "an email template",
        ),
        Visit("staff", reverse("cohorts:staff_enrol", args=[registration.pk]), "enrol a team"),
        Visit("staff", reverse("cohorts:staff_cohort_create"), "new cohort"),
        Visit("staff", reverse("cohorts:staff_session_create", args=[cohort.pk]), "new session"),
        Visit("staff", reverse("cohorts:staff_cohort_edit", args=[cohort.pk]), "edit a cohort"),
        Visit("staff", reverse("cohorts:staff_cohort_history", args=[cohort.pk]), "history"),
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
        Visit("staff", reverse("assistance:staff_ta_dashboard"), "TA dashboard"),
    ]
    visits += [
        Visit("visitor", reverse("outcomes:results"), "results"),
        Visit("visitor", reverse("outcomes:brief_public", args=[published.slug]), "a brief"),
        Visit("coordinator", reverse("outcomes:briefs", args=[team.pk]), "briefs"),
        Visit("coordinator", reverse("outcomes:brief_create", args=[team.pk]), "write a brief"),
        Visit(
            "coordinator",
            reverse("outcomes:brief", args=[team.pk, waiting_brief.pk]),
            "a brief's preview",
        ),
        Visit("staff", reverse("outcomes:staff_briefs"), "briefs to approve"),
        Visit(
            "staff",
            reverse("outcomes:brief", args=[team.pk, waiting_brief.pk]),
            "a brief to approve",
        ),
    ]
    question = Question.objects.filter(team=team, answers__isnull=False).first()
    case = ImplementationCase.objects.get(team=team)
    booking = Booking.objects.get(team=team)
    slot = open_slots(cohort.pk).first()
    returned = guidance.case_review(
        case=guidance.case_submit(
            submission_key=uuid4(),
            team=team,
            by=coordinator,
            title="Outreach workers leave within a year of being hired",
            context="We hired six outreach workers in 2025; four have left. " * 3,
            tried="Raises at six months; a peer-support circle every other Friday.",
            question="What keeps outreach workers in the job for more than a year?",
        ),
        by=staff,
        approve=False,
        note="Please leave out the workers' names and say how many you hired each quarter.",
    )
    visits += [
        Visit("expert", reverse("guidance:home"), "expert's start page"),
        Visit("expert", reverse("guidance:slots"), "expert's office hours"),
        Visit(
            "expert", reverse("guidance:slot_edit", args=[booking.slot_id]), "move an office hour"
        ),
        Visit("expert", reverse("guidance:question", args=[question.pk]), "a question (expert)"),
        Visit("expert", reverse("guidance:case", args=[case.pk]), "a case (expert)"),
        Visit("coordinator", reverse("guidance:team", args=[team.pk]), "team's guidance"),
        Visit("coordinator", reverse("guidance:question_ask", args=[team.pk]), "ask an expert"),
        Visit("coordinator", reverse("guidance:case_new", args=[team.pk]), "present a case"),
        Visit("coordinator", reverse("guidance:case", args=[case.pk]), "a case (team)"),
        Visit("coordinator", reverse("guidance:case_edit", args=[returned.pk]), "rewrite a case"),
        Visit("coordinator", reverse("guidance:book", args=[slot.pk]), "book an office hour"),
        Visit("coordinator", reverse("guidance:booking", args=[booking.pk]), "a booking"),
        Visit(
            "coordinator",
            reverse("guidance:booking_reschedule", args=[booking.pk]),
            "move a booking",
        ),
        Visit("staff", reverse("guidance:staff_cases"), "implementation cases"),
        Visit("staff", reverse("guidance:case", args=[case.pk]), "a case (staff)"),
    ]
    thread = Thread.objects.get(space__cohort=cohort)
    answer = thread.accepted_post
    visits += [
        Visit("coordinator", reverse("community:space", args=[thread.space_id]), "forum space"),
        Visit("coordinator", reverse("community:thread", args=[thread.pk]), "forum thread"),
        Visit("coordinator", reverse("community:post_flag", args=[answer.pk]), "flag a post"),
        Visit("staff", reverse("community:staff_flags"), "forum flags"),
        Visit("staff", reverse("community:staff_categories"), "forum categories"),
        Visit(
            "staff",
            reverse("community:staff_category_edit", args=[thread.category_id]),
            "a forum category",
        ),
        Visit("staff", reverse("community:staff_thread_move", args=[thread.pk]), "move a thread"),
    ]
    flag_raise(post=answer, reason="Checking the queue lays out on a phone. " * 5, by=staff)
    waiting = Deliverable.objects.filter(status=Deliverable.Status.SUBMITTED).first()
    visits.append(
        Visit("expert", reverse("cohorts:deliverable_review", args=[waiting.pk]), "a review")
    )
    return visits, people


@pytest.fixture
def site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the datasets' files
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
