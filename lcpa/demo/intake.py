"""Demo data for the intake app: about 60 interest registrations in every status, with proposed
members, follow-up histories recorded by program staff, and the saved email templates, from
`content/registrations.yaml`.

Called by `manage.py seed_demo`. Registrations are identified by fixed submission keys
(uuid5 of their index), so a second run finds them and creates nothing. The plan is drawn from
random.Random(2026) in full before anything is written, so it is the same on every run: how
many registrations are in each status comes from the file, and when each was submitted and
followed up is drawn within the four months before the story's today (`as_of`, see
content.py).

Rows are written through the intake services, as the public form and the staff pages write
them: `registration_submit` (given the submission time, no emails), then `registration_assign`
and `followup_record` for each follow-up, attributed to the staff member who recorded it. Each
step runs inside `stamps.dated(moment)`, so the rows and the audit trail read as written then.
"""

import random
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import FIRST_RESPONSE_SECTORS, Jurisdiction, LearningCommunity, TeamRole
from lcpa.demo.cohorts import NamePicker, SeededCohorts, email_local_part
from lcpa.demo.content import DemoContent, PeopleFile, PipelineSpec, RegistrationsFile, place_key
from lcpa.demo.stamps import dated
from lcpa.intake.deadlines import follow_up_due_on
from lcpa.intake.models import EmailTemplate, InterestRegistration, ProposedMember
from lcpa.intake.services import followup_record, registration_assign, registration_submit

Status = InterestRegistration.Status
Kind = Jurisdiction.Kind

DEMO_NAMESPACE = uuid.UUID("5d0c8a4e-2f7b-4c55-9a51-6c1f0e2d2026")


def demo_submission_key(index: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"demo-registration-{index}")


def seed_email_templates(registrations: RegistrationsFile) -> int:
    created = 0
    for spec in registrations.email_templates:
        _, new = EmailTemplate.objects.get_or_create(
            name=spec.name, defaults={"subject": spec.subject, "body": spec.body}
        )
        created += new
    return created


# ---------------------------------------------------------------------------------------------
# The plan
# ---------------------------------------------------------------------------------------------


@dataclass
class Step:
    on: date
    status_from: str
    status_to: str
    kind: str = ""
    summary: str = ""
    next_on: date | None = None
    at: datetime | None = None


@dataclass
class RegistrationPlan:
    index: int
    name: str
    state: str
    kind: str
    population: int
    communities: list[LearningCommunity]
    members: list[ProposedMember]
    contact: ProposedMember
    phone: str
    stage: str
    preferred_start: str
    heard_from: str
    submitted_at: datetime
    steps: list[Step] = field(default_factory=list)
    assignee: User | None = None
    recorders: list[User] = field(default_factory=list)
    goals: str = ""


def _specs(registrations: RegistrationsFile) -> list[PipelineSpec]:
    """One spec per registration: the pipeline's, then the possible duplicate pair (an older
    contacted one and a fresh one with no follow-up)."""
    specs = [spec for spec in registrations.pipeline for _ in range(spec.count)]
    return [*specs, registrations.duplicate.older, registrations.duplicate.newer]


def _path(rng: random.Random, spec: PipelineSpec) -> list[str]:
    """The statuses each follow-up moved the registration to, in order."""
    C, IC = Status.CONTACTED, Status.IN_CONVERSATION
    extra_ic = [IC] if rng.random() < 0.4 else []
    match spec.status:
        case Status.NEW:
            return [] if spec.no_follow_up else [Status.NEW]
        case Status.CONTACTED:
            return [C, C] if rng.random() < 0.4 else [C]
        case Status.IN_CONVERSATION:
            return [C, IC, *extra_ic]
        case Status.INVITED:
            return [C, IC, *extra_ic, Status.INVITED]
        case Status.ENROLLED:
            return [C, IC, Status.INVITED, Status.ENROLLED]
        case Status.WAITLISTED:
            return [C, IC, Status.WAITLISTED]
        case Status.DECLINED:
            return [C, IC, Status.DECLINED] if rng.random() < 0.6 else [C, Status.DECLINED]
        case _:
            return [C, Status.WITHDRAWN] if rng.random() < 0.5 else [C, IC, Status.WITHDRAWN]


def _offsets(rng: random.Random, span: int, steps: int) -> list[int]:
    """Increasing day offsets after submission, the first within about two weeks, all <= span."""
    if steps == 0:
        return []
    first = rng.randint(1, max(1, min(14, span - 2 * (steps - 1))))
    offsets = [first]
    for i in range(1, steps):
        room = span - offsets[-1] - 2 * (steps - i - 1)
        offsets.append(offsets[-1] + rng.randint(2, max(2, min(room, 30))))
    return offsets


def _on_a_weekday(submitted_on: date, days: list[date], today: date) -> list[date]:
    """Move follow-ups that fall on a weekend to the nearest weekday that keeps the order."""
    moved: list[date] = []
    for i, day in enumerate(days):
        if day.weekday() >= 5:
            before = moved[-1] if moved else submitted_on
            after = days[i + 1] if i + 1 < len(days) else today
            monday = day + timedelta(days=7 - day.weekday())
            friday = day - timedelta(days=day.weekday() - 4)
            if monday < after:
                day = monday
            elif friday > before:
                day = friday
        moved.append(day)
    return moved


def _at(day: date, rng: random.Random, start_hour: int = 9, end_hour: int = 17) -> datetime:
    moment = time(rng.randint(start_hour, end_hour - 1), rng.choice([0, 10, 15, 20, 30, 40, 45]))
    return timezone.make_aware(datetime.combine(day, moment))


def _domain(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".example.org"


def _members(
    rng: random.Random,
    people: PeopleFile,
    names: NamePicker,
    communities: list[LearningCommunity],
    place: str,
    kind: str,
) -> list[ProposedMember]:
    words = people.seats
    coordinator_sector = rng.choice(words.coordinator_sectors)
    responder_sector = rng.choice(sorted(FIRST_RESPONSE_SECTORS))
    seats = [
        (TeamRole.DATA_COORDINATOR, coordinator_sector, rng.choice(words.coordinator_titles)),
        (
            TeamRole.FIRST_RESPONSE,
            responder_sector,
            rng.choice(words.responder_titles[responder_sector]),
        ),
    ]
    for community in communities:
        sector = community.implementing_sector
        seats.append((TeamRole.IMPLEMENTING_SECTOR, sector, words.implementer_titles[sector]))
    count = rng.randint(max(3, len(seats)), 6)
    seats += [
        (extra.role, extra.sector, extra.job_title)
        for extra in rng.sample(words.extra, count - len(seats))
    ]
    domain = _domain(place)
    members = []
    for position, (role, sector, title) in enumerate(seats, start=1):
        full_name = names.pick()
        members.append(
            ProposedMember(
                name=full_name,
                email=f"{email_local_part(full_name)}@{domain}",
                organisation=people.organisation_for(sector, place, kind),
                sector=sector,
                job_title=title,
                role=role,
                position=position,
            )
        )
    gaps = composition_gaps(members, communities)
    if gaps:
        raise ValueError(f"Demo registration for {place} is incomplete: {gaps}")
    return members


def _communities(
    rng: random.Random, all_communities: list[LearningCommunity], required: LearningCommunity
) -> list[LearningCommunity]:
    how_many = rng.choices([1, 2, 3, 4], weights=[55, 28, 11, 6])[0]
    others = [c for c in all_communities if c != required]
    chosen = [required, *rng.sample(others, how_many - 1)]
    return sorted(chosen, key=lambda c: c.position)


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def plan_registrations(
    *, content: DemoContent, staff: list[User], seeded: SeededCohorts
) -> list[RegistrationPlan]:
    today, people, registrations = content.today, content.people, content.registrations
    words = registrations.words
    rng = random.Random(2026)
    names = NamePicker(rng, people)
    communities = sorted(seeded.communities.values(), key=lambda c: c.position)
    upcoming = sorted(
        (cohort for cohort in seeded.cohorts.values() if cohort.starts_on > today),
        key=lambda cohort: cohort.starts_on,
    )
    upcoming_by_community = {cohort.learning_community_id: cohort for cohort in upcoming}
    places = list(registrations.places)
    rng.shuffle(places)
    enrolled = list(registrations.enrolled)
    duplicate = registrations.duplicate

    plans: list[RegistrationPlan] = []
    specs = _specs(registrations)
    for index, spec in enumerate(specs):
        is_duplicate = index >= len(specs) - 2
        cohort = None
        if spec.status == Status.ENROLLED:
            team = enrolled.pop(0)
            cohort = seeded.cohorts[team.cohort]
            jurisdiction = seeded.jurisdictions[place_key(team.place)]
            name, state = place_key(team.place)
            kind, population = jurisdiction.kind, jurisdiction.population or 10_000
            required = cohort.learning_community
        elif is_duplicate:
            place = duplicate.place
            name, state, kind, population = place.name, place.state, place.kind, place.population
            required = seeded.communities[duplicate.learning_community]
        else:
            place = places.pop()
            name, state, kind, population = place.name, place.state, place.kind, place.population
            if spec.status == Status.INVITED and upcoming:
                cohort = rng.choice(upcoming)
                required = cohort.learning_community
            else:
                required = rng.choice(communities)
        chosen = _communities(rng, communities, required)
        members = _members(rng, people, names, chosen, name, kind)
        contact = members[0] if rng.random() < 0.75 else rng.choice(members[1:])
        stage = rng.choice(InterestRegistration.Stage.values)
        goals = words.goals[required.slug]
        goal = goals[rng.randrange(len(goals))]

        # When it was submitted, and when staff followed up.
        path = _path(rng, spec)
        if spec.no_follow_up:
            days_ago = rng.randint(22, 45) if spec.overdue else rng.randint(1, 6)
            span = 0
        elif spec.overdue:
            days_ago = rng.randint(60, 110)
            span = days_ago - rng.randint(32, 45)
        elif spec.status == Status.NEW:
            days_ago = rng.randint(5, 14)
            span = days_ago - 1
        else:
            days_ago = rng.randint(max(10, 12 * len(path)), 118)
            span = days_ago - 1
        if is_duplicate:
            older = index == len(specs) - 2
            days_ago = duplicate.older_days_before if older else duplicate.newer_days_before
            span = days_ago - 1
        submitted_on = today - timedelta(days=days_ago)
        offsets = _offsets(rng, span, len(path))
        days = _on_a_weekday(
            submitted_on, [submitted_on + timedelta(days=o) for o in offsets], today
        )

        # Who owns it: everyone past "contacted", most of the rest.
        share = 0.3 if not path else 0.7 if spec.status in (Status.NEW, Status.CONTACTED) else 1
        assignee = rng.choice(staff) if rng.random() < share else None
        recorders = [assignee or rng.choice(staff) for _ in path]

        steps = []
        previous = Status.NEW
        for day, status_to in zip(days, path, strict=True):
            steps.append(Step(on=day, status_from=previous, status_to=status_to))
            previous = status_to
        # Promised next steps: kept for earlier follow-ups; for the last one of an open
        # registration, a date ahead (or long past, for the overdue ones).
        for step, following in zip(steps, steps[1:], strict=False):
            step.next_on = following.on if rng.random() < 0.6 else None
        if steps and spec.status not in InterestRegistration.CLOSED_STATUSES:
            if spec.overdue:
                steps[-1].next_on = steps[-1].on + timedelta(days=rng.randint(5, 10))
            else:
                steps[-1].next_on = today + timedelta(days=rng.randint(2, 20))

        plan = RegistrationPlan(
            index=index,
            name=name,
            state=state,
            kind=kind,
            population=population,
            communities=chosen,
            members=members,
            contact=contact,
            phone=f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}",
            stage=stage,
            preferred_start=rng.choice(InterestRegistration.PreferredStart.values),
            heard_from=(
                "" if rng.random() < 0.15 else rng.choice(InterestRegistration.HeardFrom.values)
            ),
            submitted_at=_at(submitted_on, rng, 7, 22),
            steps=steps,
            assignee=assignee,
            recorders=recorders,
        )
        waitlist_cohort = upcoming_by_community.get(required.pk)
        context = {
            "contact": contact.name,
            "place": name,
            "others": len(members) - 1,
            "goal": goal,
            "cohort": cohort.name if cohort else "",
            "start": _long_date(cohort.starts_on) if cohort else "",
            "waitlist": (
                words.waitlist_full.format(cohort=waitlist_cohort.name)
                if waitlist_cohort
                else words.waitlist_unscheduled.format(community=required.name)
            ),
        }
        for step in steps:
            summaries = registrations.summaries(step.status_from, step.status_to)
            step.kind = summaries.kind
            step.summary = rng.choice(summaries.summaries).format(**context)
            step.at = _at(step.on, rng)
        also = [c.name for c in chosen if c != required]
        plan.goals = words.goals_text.format(
            goal=goal,
            also=words.also.format(communities=" and ".join(also)) if also else "",
            stage=words.stages[stage],
        )
        plans.append(plan)
    return plans


# ---------------------------------------------------------------------------------------------
# Writing it
# ---------------------------------------------------------------------------------------------


def _create(plan: RegistrationPlan) -> InterestRegistration:
    """Submit the registration and record its follow-ups through the intake services, each
    step dated to its moment in the story."""
    with dated(plan.submitted_at):
        registration = registration_submit(
            submission_key=demo_submission_key(plan.index),
            jurisdiction_name=plan.name,
            state=plan.state,
            jurisdiction_kind=plan.kind,
            population=plan.population,
            learning_communities=plan.communities,
            goals=plan.goals,
            stage=plan.stage,
            preferred_start=plan.preferred_start,
            contact_name=plan.contact.name,
            contact_email=plan.contact.email,
            contact_phone=plan.phone,
            heard_from=plan.heard_from,
            members=[
                {
                    "name": member.name,
                    "email": member.email,
                    "organisation": member.organisation,
                    "sector": member.sector,
                    "job_title": member.job_title,
                    "role": member.role,
                }
                for member in plan.members
            ],
            submitted_at=plan.submitted_at,
            send_emails=False,
        ).registration
        if plan.assignee and not plan.steps:
            registration_assign(registration=registration, by=plan.assignee, assignee=plan.assignee)
    for step, recorder in zip(plan.steps, plan.recorders, strict=True):
        with dated(step.at):
            if plan.assignee and registration.assigned_to_id is None:
                registration_assign(registration=registration, by=recorder, assignee=plan.assignee)
            followup_record(
                registration=registration,
                by=recorder,
                kind=step.kind,
                summary=step.summary,
                status_to=step.status_to,
                next_follow_up_on=step.next_on,
            )
            if registration.is_open and step.next_on is None:
                _due_from(registration, step.on)
    return registration


def _due_from(registration: InterestRegistration, day: date) -> None:
    """followup_record counts the due date from today when no next follow-up is promised; in
    the story, "today" was the day of the follow-up. Corrected on the row and its history."""
    due = follow_up_due_on(day)
    InterestRegistration.objects.filter(pk=registration.pk).update(follow_up_due_on=due)
    latest = registration.history.order_by("-history_id").first()
    InterestRegistration.history.filter(history_id=latest.history_id).update(follow_up_due_on=due)
    registration.follow_up_due_on = due


@dataclass
class SeededIntake:
    created: int
    total: int
    templates: int = 0  # email templates added


def seed_intake(*, content: DemoContent, staff: list[User], seeded: SeededCohorts) -> SeededIntake:
    """Create the demo registrations that are missing, and the saved email templates."""
    templates = seed_email_templates(content.registrations)
    plans = plan_registrations(content=content, staff=staff, seeded=seeded)
    keys = [demo_submission_key(plan.index) for plan in plans]
    existing = set(
        InterestRegistration.objects.filter(submission_key__in=keys).values_list(
            "submission_key", flat=True
        )
    )
    created = 0
    for plan in plans:
        if demo_submission_key(plan.index) not in existing:
            _create(plan)
            created += 1
    return SeededIntake(created=created, total=len(plans), templates=templates)
