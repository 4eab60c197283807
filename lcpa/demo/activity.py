"""Demo data for cohorts at work: the resource library (`content/resources.yaml`), sessions
(past and future), attendance, feedback, and the teams' deliverables in every state with expert
reviews.

Called by `manage.py seed_demo` after `lcpa.demo.cohorts.seed_cohorts`. The writes go through
lcpa.cohorts.services, as they would in the app, at the real time; each step runs inside
`stamps.dated(moment)`, which then re-dates the rows it wrote (and their change history) to the
moment it happened in the story, so timestamps and histories read in order. Reminders are queued
only for sessions still ahead (the service skips reminder times already past), and the
notification emails the steps write are recorded as sent at their moment. Teams and memberships
made by demo.seed_cohorts are dated to before their cohort started. Resources are matched by
title; a cohort's activity is written only while the cohort has no sessions and no
deliverables, so running the command again changes nothing.

The story is `content/cohorts.yaml`: a finished cohort's teams did every module, drafted a week
or two before its due date, submitted near it and accepted (drawn here at random, a fixed seed);
the cohort under way plays the day-by-day stories written for its teams, and nobody from a team
comes to its `missed_sessions`. Words (agendas, notes, feedback, review comments) come from the
data files too.
"""

import random
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta

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
from lcpa.curriculum.models import LearningCommunity, Module
from lcpa.demo.answers import team_answers, team_context
from lcpa.demo.cohorts import SeededCohorts
from lcpa.demo.content import CohortSpec, DemoContent, ResourcesFile, TeamSpec, place_key
from lcpa.demo.stamps import at, dated
from lcpa.library.models import Resource

Present, Absent, Excused = (
    Attendance.Status.PRESENT,
    Attendance.Status.ABSENT,
    Attendance.Status.EXCUSED,
)
TUESDAY = 1
Event = tuple[int, datetime, str]  # (module number, when, action)

# ---------------------------------------------------------------------------------------------
# The resource library
# ---------------------------------------------------------------------------------------------


def seed_resources(
    resources: ResourcesFile, communities: dict[str, LearningCommunity]
) -> tuple[list[Resource], int]:
    """The library's resources, created when missing (matched by title), and how many were."""
    specs = resources.resources
    existing = {
        resource.title: resource
        for resource in Resource.objects.filter(title__in=[spec.title for spec in specs])
    }
    found, created = [], 0
    for spec in specs:
        resource = existing.get(spec.title)
        if resource is None:
            resource = Resource.objects.create(
                title=spec.title,
                summary=spec.summary,
                kind=spec.kind,
                url=f"https://example.org/library/{slugify(spec.title)}",
                topics=spec.topics,
                visibility=spec.visibility,
            )
            slugs = communities if spec.learning_communities == "all" else spec.learning_communities
            tagged = [communities[slug] for slug in slugs]
            resource.learning_communities.set(tagged)
            if spec.module:
                resource.modules.set(
                    Module.objects.filter(learning_community__in=tagged, number=spec.module)
                )
            created += 1
        found.append(resource)
    return found, created


# ---------------------------------------------------------------------------------------------
# Writing the story
# ---------------------------------------------------------------------------------------------


@dataclass
class ActivitySummary:
    sessions: int = 0
    attendance: int = 0
    deliverables: int = 0
    reviews: int = 0


def _session_days(cohort: Cohort) -> list[date]:
    """One session per module, five weeks apart, on the Tuesday after week 2, 7, 12, 17, 22."""
    days = []
    for number in range(5):
        day = cohort.starts_on + timedelta(days=14 + 35 * number)
        days.append(day + timedelta(days=(TUESDAY - day.weekday()) % 7 or 7))
    return days


class CohortStory:
    """Writes one cohort's sessions, attendance, feedback, deliverables and reviews."""

    def __init__(
        self,
        *,
        content: DemoContent,
        cohort: Cohort,
        teams: list[Team],
        materials: dict[int, list[Resource]],
        staff: User,
        expert: User,
        authors: set[int],
        now: datetime,
        summary: ActivitySummary,
    ) -> None:
        self.content = content
        self.words = content.cohorts.sessions
        self.reviews = content.answers.reviews
        self.cohort = cohort
        self.teams = teams
        self.slug = cohort.learning_community.slug
        self.materials = materials
        self.staff = staff
        self.expert = expert
        self.authors = authors
        self.now = now
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

    def _words(self, module: CohortModule, number: int) -> dict[str, object]:
        return {
            "cohort": slugify(self.cohort.name),
            "number": number,
            "module": module.title,
            "module_lower": module.title.lower(),
            "deliverable_lower": module.deliverable_name.lower(),
            "expert": self.expert.full_name,
            "due": f"{module.due_on:%B} {module.due_on.day}",
        }

    def sessions(self, missed: dict[int, set[int]]) -> None:
        """Five sessions; those already over get attendance, notes and a recording."""
        hour, minute = map(int, self.words.starts_at.split(":"))
        for number, day in enumerate(_session_days(self.cohort), start=1):
            module = self.modules.get(number)
            if module is None:
                continue
            words = self._words(module, number)
            starts_at = at(day, hour, minute)
            ends_at = starts_at + timedelta(minutes=self.words.minutes)
            # Scheduled a month before the cohort started (or now, for a cohort that has not
            # started yet); reminders are queued only for sessions still ahead.
            scheduled = at(self.cohort.starts_on - timedelta(days=30), 9)
            with dated(scheduled) if scheduled < self.now else nullcontext():
                session = session_schedule(
                    by=self.staff,
                    module=module,
                    title=self.words.title.format_map(words),
                    starts_at=starts_at,
                    ends_at=ends_at,
                    meeting_url=self.words.meeting_url.format_map(words),
                    agenda=self.words.agenda.format_map(words),
                    facilitators=[self.staff],
                    presenters=[self.expert],
                )
            if ends_at <= self.now:
                # Held already: attendance that afternoon, then the notes and the recording
                # were added that evening.
                self.attendance(session, missed, first=number == 1)
                first, second = self.rng.sample(self.teams, 2)
                words |= {"first": first.jurisdiction.name, "second": second.jurisdiction.name}
                with dated(ends_at + timedelta(hours=4)):
                    session.recording_url = self.words.recording_url.format_map(words)
                    session.notes = self.words.notes.format_map(words)
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
                    reason=self.words.correction_reason,
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
                    improve=self.rng.choice(self.words.feedback),
                )

    # --- deliverables --------------------------------------------------------------------

    def team_story(self, team: Team, events: list[tuple[int, datetime, str]]) -> None:
        """Play one team's deliverable events, in order, through the services."""
        people = self.memberships[team.pk]
        rng = random.Random(f"demo answers {self.cohort.name} {team.jurisdiction}")
        context = team_context(
            team, people, rng, people=self.content.people, answers=self.content.answers
        )
        answers = {
            number: team_answers(module, self.slug, context, rng, self.content.answers)
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
                        answers=answers[number].saved(action, self.reviews.revised[number]),
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
                        comments=self.reviews.changes[number]
                        if changes
                        else rng.choice(self.reviews.accept),
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

    def under_way_events(self, team: Team, spec: TeamSpec) -> list[Event]:
        """The story cohorts.yaml tells for this team, at a random hour of each day."""
        rng = random.Random(f"demo story {self.cohort.name} {team.jurisdiction}")
        return [
            (event.module, at(event.day, rng.randint(9, 16), rng.choice([0, 20, 40])), event.do)
            for event in spec.story
        ]


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
    content: DemoContent,
    seeded: SeededCohorts,
    resources: list[Resource],
    staff: User,
    expert: User,
    authors: Iterable[User] = (),
) -> ActivitySummary:
    """Sessions, attendance, feedback, deliverables and reviews for the demo cohorts that have
    none yet. `authors` (the demo logins) write their own teams' deliverables."""
    today, now = content.today, timezone.now()
    summary = ActivitySummary()
    materials = _materials(resources)
    for spec in content.cohorts.cohorts:
        cohort = seeded.cohorts[spec.name]
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
            content=content,
            cohort=cohort,
            teams=teams,
            materials={
                number: materials.get((spec.learning_community, number), [])
                for number in range(1, 6)
            },
            staff=staff,
            expert=expert,
            authors={user.pk for user in authors},
            now=now,
            summary=summary,
        )
        team_specs = _team_specs(spec, teams)
        started = cohort.starts_on <= today
        if started:
            enrolment_backdate(cohort, teams, story.rng)
        story.sessions({team.pk: set(team_specs[team.pk].missed_sessions) for team in teams})
        if not started:
            continue
        for team in teams:
            if cohort.ends_on < today:
                story.team_story(team, story.finished_events(team))
            else:
                story.team_story(team, story.under_way_events(team, team_specs[team.pk]))
    return summary


def _team_specs(spec: CohortSpec, teams: list[Team]) -> dict[int, TeamSpec]:
    by_place = {place_key(team.place): team for team in spec.teams}
    return {team.pk: by_place[(team.jurisdiction.name, team.jurisdiction.state)] for team in teams}


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
