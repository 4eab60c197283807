"""Demo data for cohorts at work: the resource library, sessions (past and future), attendance,
feedback, and the teams' deliverables in every state with expert reviews.

Called by `manage.py seed_demo` after `lcpa.demo.cohorts.seed_cohorts`. The writes go through
lcpa.cohorts.services, as they would in the app, at the real time; each step runs inside
`stamps.dated(moment)`, which then re-dates the rows it wrote (and their change history) to the
moment it happened in the story, so timestamps and histories read in order. Reminders are queued
only for sessions still ahead (the service skips reminder times already past), and the
notification emails the steps write are recorded as sent at their moment. Teams and memberships
made by demo.seed_cohorts are dated to before their cohort started.
Resources are matched by title; a cohort's activity is written only while the cohort has no
sessions and no deliverables, so running the command again changes nothing.

The cohort under way (demo.CohortPlan.under_way) started on the Monday 13 weeks ago: today is day
91 to 97 of its 26 weeks, modules 1 and 2 are due (days 36 and 72), module 3 is not (day 108),
sessions 1 to 3 (days 15, 50 and 85) have been held and 4 and 5 are ahead. Its stories below are
written in days since the start, so the dashboard tells the same story on any day: one team
(Newark) missed the last two sessions and its module 2 deliverable is more than two weeks late;
the others are on track.
"""

import math
import random
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from lcpa.accounts.models import User
from lcpa.cohorts.models import (
    Attendance,
    Cohort,
    CohortModule,
    Deliverable,
    DeliverableReview,
    Membership,
    Session,
    Team,
)
from lcpa.cohorts.services import (
    attendance_record,
    deliverable_review,
    deliverable_save,
    deliverable_share,
    deliverable_submit,
    feedback_submit,
    session_schedule,
)
from lcpa.curriculum.models import DeliverablePrompt, LearningCommunity, Module, TeamRole
from lcpa.demo.answers import ACCEPT_COMMENTS, ANSWERS, CHANGES_COMMENTS, REVISION_NOTES
from lcpa.demo.cohorts import COHORTS, SeededCohorts, organisation_for
from lcpa.demo.stamps import at, dated
from lcpa.library.models import Resource

Kind = DeliverablePrompt.Kind
Present, Absent, Excused = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)
SESSION_START = time(13, 0)
SESSION_LENGTH = timedelta(minutes=90)
TUESDAY = 1

# ---------------------------------------------------------------------------------------------
# The resource library
# ---------------------------------------------------------------------------------------------

ALL = (
    "crisis-systems",
    "traffic-safety",
    "community-violence-intervention",
    "school-based-diversion",
)


@dataclass(frozen=True)
class ResourceSpec:
    title: str
    summary: str
    kind: str
    communities: tuple[str, ...]
    module_number: int | None  # that module of each of its learning communities
    topics: str
    visibility: str = Resource.Visibility.PUBLIC

    @property
    def url(self) -> str:
        return f"https://example.org/library/{slugify(self.title)}"


MEMBERS = Resource.Visibility.MEMBERS
RESOURCES = [
    ResourceSpec(
        "Team charter template",
        "A two-page charter to fill in at your first meetings: members and roles, how "
        "decisions are made, how members with lived experience take part and are paid, and the "
        "meeting rhythm.",
        Resource.Kind.TEMPLATE,
        ALL,
        1,
        "charter, team, governance",
    ),
    ResourceSpec(
        "Walking through a crisis call from 911 to follow-up",
        "How to map one real call step by step with your team: who answered, who was sent, "
        "how long it took and where the person ended up, with a worksheet for the exercise.",
        Resource.Kind.GUIDE,
        ("crisis-systems",),
        1,
        "call flow, 988, 911, mapping",
    ),
    ResourceSpec(
        "Counting behavioral health calls in dispatch data: a worked example",
        "A step-by-step example of finding crisis calls hidden in dispatch call types, with the "
        "narrative keywords one county used and how it checked a sample by hand.",
        Resource.Kind.EXAMPLE,
        ("crisis-systems",),
        2,
        "data, dispatch, baseline, CAD",
        MEMBERS,
    ),
    ResourceSpec(
        "Mobile crisis dispatch protocol template",
        "A protocol to adapt: eligible call types, the questions call-takers ask, when police "
        "go instead, and how a crisis team asks for backup.",
        Resource.Kind.TEMPLATE,
        ("crisis-systems",),
        4,
        "dispatch, triage, protocol, mobile crisis",
        MEMBERS,
    ),
    ResourceSpec(
        "Mapping your high-injury network",
        "How to find the few corridors where most deaths and serious injuries happen, using "
        "state crash reports and free mapping tools.",
        Resource.Kind.GUIDE,
        ("traffic-safety",),
        2,
        "crashes, mapping, Vision Zero, data",
    ),
    ResourceSpec(
        "Traffic stop data dictionary",
        "A spreadsheet template for stop records: the fields to ask for, how to group stop "
        "reasons into safety and non-safety, and common gaps in the data.",
        Resource.Kind.TEMPLATE,
        ("traffic-safety",),
        2,
        "stops, data, equity",
        MEMBERS,
    ),
    ResourceSpec(
        "Equity safeguards for automated enforcement: a checklist",
        "Questions to settle before any camera goes up: where it goes and why, warnings first, "
        "income-based fines, where the money goes and how the public can see it all.",
        Resource.Kind.TOOL,
        ("traffic-safety",),
        4,
        "cameras, fines, equity, enforcement",
    ),
    ResourceSpec(
        "Information-sharing agreement between outreach programs and police (sample)",
        "An annotated sample agreement that keeps participant information with the program "
        "while letting police share shooting notifications quickly.",
        Resource.Kind.TEMPLATE,
        ("community-violence-intervention",),
        1,
        "trust, privacy, agreements, outreach",
        MEMBERS,
    ),
    ResourceSpec(
        "The bedside handoff: how hospital-based violence intervention works",
        "What happens between a gunshot patient's arrival and their first week home, and how "
        "hospital staff and street outreach workers hand off to each other.",
        Resource.Kind.GUIDE,
        ("community-violence-intervention",),
        4,
        "hospital, outreach, protocol",
    ),
    ResourceSpec(
        "Outreach worker wellness and caseload standards",
        "A summary of research and practice on caseloads, supervision, counseling and pay for "
        "violence intervention workers, and why turnover is the biggest risk to programs.",
        Resource.Kind.RESEARCH,
        ("community-violence-intervention",),
        5,
        "workforce, wellness, caseloads",
    ),
    ResourceSpec(
        "Mapping violence prevention services against shooting data",
        "A worked example of laying outreach, hospital and support programs over a year of "
        "shooting locations, and of the questions the gaps raise.",
        Resource.Kind.EXAMPLE,
        ("community-violence-intervention",),
        3,
        "mapping, services, coverage, data",
        MEMBERS,
    ),
    ResourceSpec(
        "Reading your district's civil rights data on discipline",
        "How to find your district's referral and arrest numbers in the federal Civil Rights "
        "Data Collection and break them down by race, disability and school.",
        Resource.Kind.GUIDE,
        ("school-based-diversion",),
        2,
        "discipline, data, disparities",
    ),
    ResourceSpec(
        "School resource officer agreement: an annotated sample",
        "A sample memorandum of understanding with notes on what it should say: officers stay "
        "out of routine discipline, the narrow cases in which they act, and data reporting.",
        Resource.Kind.EXAMPLE,
        ("school-based-diversion",),
        3,
        "agreement, policy, school safety, MOU",
        MEMBERS,
    ),
    ResourceSpec(
        "Restorative practices in the school day: an implementation guide",
        "How schools move from a one-time training to circles and conferences that are part "
        "of every week, with coaching, time in the schedule and a way to track referrals.",
        Resource.Kind.GUIDE,
        ("school-based-diversion",),
        4,
        "restorative practices, training, implementation",
    ),
    ResourceSpec(
        "Braiding funds for alternative response programs",
        "How teams combine Medicaid, state grants, settlement funds and local budgets so that "
        "a program does not depend on a single grant, with a worksheet for your funding plan.",
        Resource.Kind.GUIDE,
        ALL,
        5,
        "funding, Medicaid, budget, sustainability",
    ),
    ResourceSpec(
        "Telling your program's story to councils and funders",
        "Short, regular reports that pair a few numbers with the words of people the program "
        "served, and how to ask for their consent.",
        Resource.Kind.GUIDE,
        ALL,
        5,
        "storytelling, reporting, communications",
        MEMBERS,
    ),
]


def seed_resources(communities: dict[str, LearningCommunity]) -> list[Resource]:
    """The library's resources, created when missing (matched by title)."""
    existing = {
        resource.title: resource
        for resource in Resource.objects.filter(title__in=[spec.title for spec in RESOURCES])
    }
    resources = []
    for spec in RESOURCES:
        resource = existing.get(spec.title)
        if resource is None:
            resource = Resource.objects.create(
                title=spec.title,
                summary=spec.summary,
                kind=spec.kind,
                url=spec.url,
                topics=spec.topics,
                visibility=spec.visibility,
            )
            tagged = [communities[slug] for slug in spec.communities]
            resource.learning_communities.set(tagged)
            if spec.module_number:
                resource.modules.set(
                    Module.objects.filter(learning_community__in=tagged, number=spec.module_number)
                )
        resources.append(resource)
    return resources


# ---------------------------------------------------------------------------------------------
# Stories of the cohort under way, in days since it started (negative: days before today)
# ---------------------------------------------------------------------------------------------

# Actions: "draft" saves about half the answers, "more" all but the last, "full" all of them;
# "submit" submits; "changes" and "accept" are the expert's review; "revise" saves the answers
# with what the team changed after review; "share" shares the deliverable with the cohort.
UNDER_WAY_STORIES: dict[tuple[str, str], list[tuple[int, int, str]]] = {
    ("Oakland", "CA"): [
        (1, 20, "draft"),
        (1, 28, "full"),
        (1, 33, "submit"),
        (1, 38, "accept"),
        (1, 39, "share"),
        (2, 45, "draft"),
        (2, 60, "full"),
        (2, 68, "submit"),
        (2, 73, "changes"),
        (2, 76, "revise"),
        (2, 78, "submit"),
        (2, 82, "accept"),
        (3, 86, "draft"),
        (3, -2, "more"),
    ],
    ("Milwaukee", "WI"): [
        (1, 22, "draft"),
        (1, 31, "full"),
        (1, 35, "submit"),
        (1, 40, "accept"),
        (2, 52, "draft"),
        (2, 66, "full"),
        (2, 71, "submit"),
        (2, 79, "changes"),
        (3, 88, "draft"),
    ],
    ("Baltimore", "MD"): [
        (1, 18, "draft"),
        (1, 27, "full"),
        (1, 30, "submit"),
        (1, 34, "changes"),
        (1, 36, "revise"),
        (1, 37, "submit"),
        (1, 41, "accept"),
        (2, 48, "draft"),
        (2, 63, "full"),
        (2, 70, "submit"),
        (3, 89, "draft"),
    ],
    ("Savannah", "GA"): [
        (1, 16, "draft"),
        (1, 24, "full"),
        (1, 29, "submit"),
        (1, 33, "accept"),
        (2, 40, "draft"),
        (2, 55, "full"),
        (2, 62, "submit"),
        (2, 67, "accept"),
        (2, 68, "share"),
        (3, 74, "draft"),
        (3, 84, "full"),
        (3, -1, "submit"),
    ],
    # Falling behind: module 1 late, module 2 stalled as a draft, no one at sessions 2 and 3.
    ("Newark", "NJ"): [
        (1, 30, "draft"),
        (1, 41, "full"),
        (1, 44, "submit"),
        (1, 52, "accept"),
        (2, 55, "draft"),
        (2, 58, "more"),
    ],
}
# Teams of the cohort under way nobody from which came to these sessions (by number).
UNDER_WAY_MISSED = {("Newark", "NJ"): {2, 3}}

FEEDBACK_REMARKS = [
    "More time in breakout rooms with our own team, please.",
    "Share the slides a day ahead so we can read them first.",
    "Hearing from the other teams was the most useful part; give it more time.",
    "",
    "Most examples came from large cities. One from a smaller place would help.",
    "Start on time: we lost ten minutes to sound problems.",
    "",
]


@dataclass
class ActivitySummary:
    sessions: int = 0
    attendance: int = 0
    deliverables: int = 0
    reviews: int = 0


# ---------------------------------------------------------------------------------------------
# Filling in answers
# ---------------------------------------------------------------------------------------------

COUNCILS = {"city": "city council", "county": "county board", "region": "regional council"}


def team_context(team: Team, memberships: list[Membership], rng: random.Random) -> dict:
    """What answer templates may use: the place, the team's people and a few facts."""
    jurisdiction = team.jurisdiction
    by_role: dict[str, Membership] = {}
    for membership in memberships:
        by_role.setdefault(membership.role, membership)

    def person(role: str, fallback: str) -> str:
        membership = by_role.get(role)
        return membership.user.full_name if membership else fallback

    def organisation(role: str, sector: str) -> str:
        membership = by_role.get(role)
        if membership and membership.organisation:
            return membership.organisation
        return organisation_for(sector, jurisdiction.name, jurisdiction.kind)

    return {
        "place": jurisdiction.name,
        "state": jurisdiction.state,
        "government": organisation_for("local_government", jurisdiction.name, jurisdiction.kind),
        "council": COUNCILS.get(jurisdiction.kind, "governing board"),
        "coordinator": person(TeamRole.DATA_COORDINATOR, "our data coordinator"),
        "responder": person(TeamRole.FIRST_RESPONSE, "our first-response member"),
        "implementer": person(TeamRole.IMPLEMENTING_SECTOR, "our implementing-sector lead"),
        "responder_org": organisation(TeamRole.FIRST_RESPONSE, "law_enforcement"),
        "police": organisation_for("law_enforcement", jurisdiction.name, jurisdiction.kind),
        "dispatch": organisation_for("911_communications", jurisdiction.name, jurisdiction.kind),
        "implementer_org": organisation(
            TeamRole.IMPLEMENTING_SECTOR, team.cohort.learning_community.implementing_sector
        ),
        "year": team.cohort.starts_on.year - 1,
        "starts_on": team.cohort.starts_on,
        "pop": jurisdiction.population or 50_000,
        "jitter": rng.uniform(0.85, 1.15),
    }


def _answer(prompt: dict, template: Any, context: dict, rng: random.Random) -> Any:
    """The team's answer to one prompt, or None for prompts answered with a file."""
    kind = prompt["kind"]
    if kind == Kind.FILE:
        return None
    if kind == Kind.CHOICE:
        options = prompt.get("options") or []
        if not options:
            return ""
        index = template if isinstance(template, int) else rng.randrange(len(options))
        return options[min(index, len(options) - 1)]
    if kind == Kind.TABLE:
        columns = prompt.get("options") or ["Entry"]
        rows = template if isinstance(template, list) else [("To be completed",)]
        return [
            [(row[i] if i < len(row) else "").format_map(context) for i in range(len(columns))]
            for row in rows
        ]
    if kind == Kind.NUMBER:
        return template(context) if callable(template) else 0
    if kind == Kind.DATE:
        day = template(context) if callable(template) else context["starts_on"]
        return day.isoformat()
    if isinstance(template, tuple):
        template = rng.choice(template)
    if not isinstance(template, str):
        template = "Our team is still working on this answer."
    return template.format_map(context)


@dataclass
class TeamAnswers:
    """Every answer a team gives in a module, and the subsets it saves on the way."""

    prompts: list[dict]
    full: dict

    def part(self, share: float) -> dict:
        keys = [prompt["key"] for prompt in self.prompts if prompt["key"] in self.full]
        count = max(1, math.ceil(len(keys) * share))
        return {key: self.full[key] for key in keys[:count]}

    def all_but_last(self) -> dict:
        keys = [prompt["key"] for prompt in self.prompts if prompt["key"] in self.full]
        return {key: self.full[key] for key in keys[: max(1, len(keys) - 1)]}

    def saved(self, action: str, revision_note: str) -> dict:
        """What the team saves: about half ("draft"), all but the last answer ("more"), all of
        them ("full") or all of them revised after a review ("revise")."""
        if action == "draft":
            return self.part(0.5)
        if action == "more":
            return self.all_but_last()
        if action == "revise":
            return self.revised(revision_note)
        return dict(self.full)

    def revised(self, note: str) -> dict:
        """Every answer, with a note of what changed added to the last long one."""
        answers = dict(self.full)
        for prompt in reversed(self.prompts):
            if prompt["kind"] == Kind.LONG_TEXT and answers.get(prompt["key"]):
                answers[prompt["key"]] = f"{answers[prompt['key']]}\n\n{note}"
                break
        return answers


def team_answers(module: CohortModule, slug: str, context: dict, rng: random.Random) -> TeamAnswers:
    templates = ANSWERS.get(slug, {})
    answers = {}
    for prompt in module.prompts:
        value = _answer(prompt, templates.get(prompt["key"]), context, rng)
        if value is not None:
            answers[prompt["key"]] = value
    return TeamAnswers(prompts=module.prompts, full=answers)


def enrolment_backdate(cohort: Cohort, teams: Iterable[Team], rng: random.Random) -> None:
    """Demo teams are made before their story is written: the cohort was set up six weeks
    before it started, and its teams enrolled and their members joined in the weeks after."""
    created = at(cohort.starts_on - timedelta(days=45), 11)
    Cohort.objects.filter(pk=cohort.pk).update(created_at=created)
    Cohort.history.filter(id=cohort.pk, history_type="+").update(history_date=created)
    CohortModule.objects.filter(cohort=cohort).update(created_at=created, updated_at=created)
    CohortModule.history.filter(cohort_id=cohort.pk).update(history_date=created)
    for team in teams:
        enrolled = at(cohort.starts_on - timedelta(days=rng.randint(20, 35)), 10)
        joined = enrolled + timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 6))
        Team.objects.filter(pk=team.pk).update(created_at=enrolled, updated_at=enrolled)
        Team.history.filter(id=team.pk, history_type="+").update(history_date=enrolled)
        Membership.objects.filter(team=team).update(created_at=joined, updated_at=joined)
        Membership.history.filter(team_id=team.pk, history_type="+").update(history_date=joined)


# ---------------------------------------------------------------------------------------------
# Writing it
# ---------------------------------------------------------------------------------------------


def _session_days(cohort: Cohort) -> list[date]:
    """One session per module, five weeks apart, on the Tuesday after week 2, 7, 12, 17, 22."""
    days = []
    for number in range(5):
        day = cohort.starts_on + timedelta(days=14 + 35 * number)
        days.append(day + timedelta(days=(TUESDAY - day.weekday()) % 7 or 7))
    return days


def _agenda(module: CohortModule, expert: User) -> str:
    return (
        f"1. Welcome and check-in (10 minutes)\n"
        f"2. {expert.full_name} on {module.title.lower()} (25 minutes)\n"
        "3. Two teams share their work so far, with questions (30 minutes)\n"
        f"4. Team breakouts on the deliverable: {module.deliverable_name.lower()} (20 minutes)\n"
        "5. What to do before the next session (5 minutes)"
    )


def _notes(module: CohortModule, teams: list[Team], rng: random.Random) -> str:
    first, second = rng.sample(teams, 2)
    return (
        f"{first.jurisdiction.name} and {second.jurisdiction.name} shared their work on "
        f"{module.deliverable_name.lower()}. Common questions: where to find the data, who has "
        "to sign off, and how to keep members with lived experience involved between "
        "meetings.\n\n"
        "- The recording is linked on this page; the slides went out by email.\n"
        f"- Deliverables for module {module.number} are due "
        f"{module.due_on:%B} {module.due_on.day}."
    )


class CohortStory:
    """Writes one cohort's sessions, attendance, feedback, deliverables and reviews."""

    def __init__(
        self,
        *,
        cohort: Cohort,
        teams: list[Team],
        materials: dict[int, list[Resource]],
        staff: User,
        expert: User,
        authors: set[int],
        now: datetime,
        today: date,
        summary: ActivitySummary,
    ) -> None:
        self.cohort = cohort
        self.teams = teams
        self.slug = cohort.learning_community.slug
        self.materials = materials
        self.staff = staff
        self.expert = expert
        self.authors = authors
        self.now = now
        self.today = today
        self.summary = summary
        self.rng = random.Random(f"demo activity {cohort.name}")
        self.modules = {module.number: module for module in cohort.modules.order_by("number")}
        self.memberships: dict[int, list[Membership]] = {team.pk: [] for team in teams}
        for membership in (
            Membership.objects.filter(team__in=teams, removed_at__isnull=True)
            .select_related("user")
            .order_by("team_id", "pk")
        ):
            self.memberships[membership.team_id].append(membership)

    # --- sessions, attendance and feedback -----------------------------------------------

    def sessions(self, missed: dict[int, set[int]]) -> None:
        """Five sessions; those already over get attendance, notes and a recording."""
        for number, day in enumerate(_session_days(self.cohort), start=1):
            module = self.modules.get(number)
            if module is None:
                continue
            starts_at = at(day, SESSION_START.hour)
            ends_at = starts_at + SESSION_LENGTH
            title = f"Session {number}: {module.title}"
            meeting_url = f"https://meet.example.org/lcpa/{slugify(self.cohort.name)}-{number}"
            # Scheduled a month before the cohort started (or now, for a cohort that has not
            # started yet); reminders are queued only for sessions still ahead.
            scheduled = at(self.cohort.starts_on - timedelta(days=30), 9)
            with dated(scheduled) if scheduled < self.now else nullcontext():
                session = session_schedule(
                    module=module,
                    title=title,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    meeting_url=meeting_url,
                    agenda=_agenda(module, self.expert),
                    facilitators=[self.staff],
                    presenters=[self.expert],
                )
            if ends_at <= self.now:
                # Held already: attendance that afternoon, then the notes and the recording
                # were added that evening.
                self.attendance(session, missed, first=number == 1)
                with dated(ends_at + timedelta(hours=4)):
                    session.recording_url = (
                        f"https://video.example.org/lcpa/{slugify(self.cohort.name)}-{number}"
                    )
                    session.notes = _notes(module, self.teams, self.rng)
                    session.save(update_fields=["recording_url", "notes", "updated_at"])
                self.feedback(session)
            session.materials.set(self.materials.get(number, []))
            self.summary.sessions += 1

    def attendance(self, session: Session, missed: dict[int, set[int]], *, first: bool) -> None:
        marks: dict[int, str] = {}
        for team in self.teams:
            people = self.memberships[team.pk]
            if session.module.number in missed.get(team.pk, set()):
                for membership in people:
                    marks[membership.pk] = Excused if self.rng.random() < 0.3 else Absent
                continue
            for membership in people:
                roll = self.rng.random()
                marks[membership.pk] = (
                    Present if roll < 0.82 else Absent if roll < 0.91 else Excused
                )
            if people and all(marks[m.pk] != Present for m in people):
                marks[people[0].pk] = Present
        with dated(session.ends_at + timedelta(minutes=20)):
            attendance_record(session=session, marks=marks, by=self.staff)
        self.summary.attendance += len(marks)
        # One correction, with its reason, in each cohort's first session.
        absent = [pk for pk, status in marks.items() if status == Absent]
        if first and absent:
            with dated(session.ends_at + timedelta(days=2, hours=1)):
                attendance_record(
                    session=session,
                    marks={absent[0]: Excused},
                    by=self.staff,
                    reason="Had told the facilitator ahead of time: a budget hearing ran late.",
                )

    def feedback(self, session: Session) -> None:
        present = list(
            session.attendance.filter(status=Present)
            .select_related("membership__user")
            .order_by("pk")
        )
        for mark in self.rng.sample(present, min(3, len(present))):
            with dated(session.ends_at + timedelta(hours=self.rng.randint(1, 30))):
                feedback_submit(
                    session=session,
                    user=mark.membership.user,
                    usefulness=self.rng.choice([3, 4, 4, 5, 5]),
                    improve=self.rng.choice(FEEDBACK_REMARKS),
                )

    # --- deliverables --------------------------------------------------------------------

    def team_story(self, team: Team, events: list[tuple[int, datetime, str]]) -> None:
        """Play one team's deliverable events, in order, through the services."""
        people = self.memberships[team.pk]
        rng = random.Random(f"demo answers {self.cohort.name} {team.jurisdiction}")
        context = team_context(team, people, rng)
        answers = {
            number: team_answers(module, self.slug, context, rng)
            for number, module in self.modules.items()
        }
        # A demo login writes its own team's deliverables; elsewhere the data coordinator (the
        # first member) does most of it, with others joining in.
        writers = [membership.user for membership in people] or [self.staff]
        author = next((user for user in writers if user.pk in self.authors), None)
        deliverables: dict[int, Deliverable] = {}
        for number, when, action in sorted(events, key=lambda event: event[1]):
            deliverable = deliverables.get(number)
            by = author or (writers[0] if rng.random() < 0.6 else rng.choice(writers))
            with dated(when):
                if action in ("draft", "more", "full", "revise"):
                    if deliverable is None:
                        self.summary.deliverables += 1
                    deliverable = deliverable_save(
                        team=team,
                        module=self.modules[number],
                        answers=answers[number].saved(action, REVISION_NOTES[number]),
                        base_version=deliverable.version if deliverable else 0,
                        by=by,
                    )
                elif action == "submit":
                    deliverable = deliverable_submit(deliverable=deliverable, by=by)
                elif action in ("changes", "accept"):
                    changes = action == "changes"
                    deliverable_review(
                        deliverable=deliverable,
                        reviewer=self.expert if rng.random() < 0.8 else self.staff,
                        decision=(
                            DeliverableReview.Decision.CHANGES
                            if changes
                            else DeliverableReview.Decision.ACCEPT
                        ),
                        comments=CHANGES_COMMENTS[number]
                        if changes
                        else rng.choice(ACCEPT_COMMENTS),
                    )
                    self.summary.reviews += 1
                elif action == "share":
                    deliverable_share(deliverable=deliverable, shared=True, by=by)
            deliverable.team = team
            deliverables[number] = deliverable

    def finished_events(self, team: Team) -> list[tuple[int, datetime, str]]:
        """A team of a past cohort: every module drafted a week or two before its due date,
        submitted near it and accepted, some after a round of changes."""
        rng = random.Random(f"demo story {self.cohort.name} {team.jurisdiction}")
        events = []
        for number, module in self.modules.items():
            due = module.due_on or self.cohort.ends_on

            def on(days: int, due: date = due) -> datetime:
                return at(due + timedelta(days=days), rng.randint(9, 16), rng.choice([0, 15, 30]))

            submitted = rng.randint(-5, 3)
            events += [
                (number, on(-rng.randint(7, 14)), "full"),
                (number, on(submitted), "submit"),
            ]
            reviewed = submitted + rng.randint(3, 8)
            if rng.random() < 0.25:
                revised = reviewed + rng.randint(2, 5)
                events += [
                    (number, on(reviewed), "changes"),
                    (number, on(revised), "revise"),
                    (number, on(revised + 1), "submit"),
                    (number, on(revised + rng.randint(4, 8)), "accept"),
                ]
                reviewed = revised + 8
            else:
                events.append((number, on(reviewed), "accept"))
            if rng.random() < 0.2:
                events.append((number, on(reviewed + 1), "share"))
        return events

    def under_way_events(self, team: Team) -> list[tuple[int, datetime, str]]:
        key = (team.jurisdiction.name, team.jurisdiction.state)
        rng = random.Random(f"demo story {self.cohort.name} {team.jurisdiction}")
        events = []
        for number, day, action in UNDER_WAY_STORIES.get(key, []):
            on = self.today if day < 0 else self.cohort.starts_on
            when = at(on + timedelta(days=day), rng.randint(9, 16), rng.choice([0, 20, 40]))
            events.append((number, when, action))
        return events


def _materials(resources: list[Resource]) -> dict[tuple[str, int], list[Resource]]:
    """Resources by (learning community slug, module number), for session materials."""
    by_pk = {resource.pk: resource for resource in resources}
    tags = Resource.modules.through.objects.filter(resource__in=resources)
    found: dict[tuple[str, int], list[Resource]] = {}
    rows = tags.values_list("resource_id", "module__learning_community__slug", "module__number")
    for resource_id, slug, number in rows:
        found.setdefault((slug, number), []).append(by_pk[resource_id])
    return found


def seed_activity(
    *,
    seeded: SeededCohorts,
    resources: list[Resource],
    staff: User,
    expert: User,
    authors: Iterable[User] = (),
    today: date | None = None,
) -> ActivitySummary:
    """Sessions, attendance, feedback, deliverables and reviews for the demo cohorts that have
    none yet. `authors` (the demo logins) write their own teams' deliverables."""
    today = today or timezone.localdate()
    now = timezone.now()
    summary = ActivitySummary()
    materials = _materials(resources)
    for plan in COHORTS:
        cohort = seeded.cohorts[plan.name]
        if (
            Session.objects.filter(cohort=cohort).exists()
            or Deliverable.objects.filter(team__cohort=cohort).exists()
        ):
            continue
        # One cohort object, with the people the services notify, shared by all its teams.
        cohort = (
            Cohort.objects.select_related("learning_community")
            .prefetch_related("experts", "facilitators")
            .get(pk=cohort.pk)
        )
        teams = list(Team.objects.filter(cohort=cohort).select_related("jurisdiction"))
        for team in teams:
            team.cohort = cohort
        teams.sort(key=lambda team: team.name)
        story = CohortStory(
            cohort=cohort,
            teams=teams,
            materials={
                number: materials.get((plan.community_slug, number), []) for number in range(1, 6)
            },
            staff=staff,
            expert=expert,
            authors={user.pk for user in authors},
            now=now,
            today=today,
            summary=summary,
        )
        started = cohort.starts_on <= today
        if started:
            enrolment_backdate(cohort, teams, story.rng)
        missed = {
            team.pk: UNDER_WAY_MISSED.get((team.jurisdiction.name, team.jurisdiction.state), set())
            for team in teams
        }
        story.sessions(missed if plan.under_way else {})
        if not started:
            continue
        for team in teams:
            if cohort.ends_on < today:
                story.team_story(team, story.finished_events(team))
            elif plan.under_way:
                story.team_story(team, story.under_way_events(team))
    return summary
