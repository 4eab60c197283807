"""Demo data for the intake app: about 60 interest registrations in every status, with proposed
members, follow-up histories recorded by program staff, and the saved email templates.

Called by `manage.py seed_demo`. Registrations are identified by fixed submission keys
(uuid5 of their index), so a second run finds them and creates nothing. The plan is drawn from
random.Random(2026) in full before anything is written, so it is the same on every run.

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
from lcpa.cohorts.models import Cohort
from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import FIRST_RESPONSE_SECTORS, Jurisdiction, LearningCommunity, TeamRole
from lcpa.demo.cohorts import (
    COORDINATOR_SECTORS,
    COORDINATOR_TITLES,
    EXTRA_SEATS,
    IMPLEMENTER_TITLES,
    RESPONDER_TITLES,
    NamePicker,
    SeededCohorts,
    email_local_part,
    organisation_for,
)
from lcpa.demo.stamps import dated
from lcpa.intake.deadlines import follow_up_due_on
from lcpa.intake.models import EmailTemplate, FollowUp, InterestRegistration, ProposedMember
from lcpa.intake.services import followup_record, registration_assign, registration_submit

Status = InterestRegistration.Status
Kind = Jurisdiction.Kind

DEMO_NAMESPACE = uuid.UUID("5d0c8a4e-2f7b-4c55-9a51-6c1f0e2d2026")


def demo_submission_key(index: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"demo-registration-{index}")


# ---------------------------------------------------------------------------------------------
# Email templates
# ---------------------------------------------------------------------------------------------

EMAIL_TEMPLATES = [
    {
        "name": "First contact",
        "subject": "Your interest in the Learning Communities: next steps for $jurisdiction",
        "body": (
            "Dear $contact_name,\n\n"
            "Thank you for registering the $jurisdiction team's interest in the Learning "
            "Communities for Policing Alternatives. My name is $staff_name and I will be your "
            "contact on the program team.\n\n"
            "I would like to hear more about your team and what you hope to achieve, and to "
            "explain how a cohort runs. Could you reply with two or three times in the next two "
            "weeks that suit you for a 30-minute call?\n\n"
            "Registering does not reserve a place in a cohort: we talk with every team before "
            "cohorts are formed. You can see where your registration stands at any time here:\n"
            "$status_link\n\n"
            "Best regards,\n"
            "$staff_name"
        ),
    },
    {
        "name": "Invitation to an information call",
        "subject": "Information call for the $jurisdiction team",
        "body": (
            "Dear $contact_name,\n\n"
            "We would like to invite you and your team to a 45-minute information call about "
            "the Learning Communities. We will walk through the five modules, the time each "
            "team member should expect to give each month, and the support teams receive from "
            "national experts and technical assistance providers.\n\n"
            "It helps if your data coordinator and your first-response and implementing-sector "
            "representatives can join. Please reply with the times that work for your team and "
            "I will send a calendar invitation.\n\n"
            "Your registration status: $status_link\n\n"
            "Best regards,\n"
            "$staff_name"
        ),
    },
    {
        "name": "Waitlist notice",
        "subject": "The $jurisdiction team is on the waitlist",
        "body": (
            "Dear $contact_name,\n\n"
            "Thank you for the time your team has spent talking with us. The next cohort in "
            "your learning community is full, so we have placed the $jurisdiction team on the "
            "waitlist. You do not need to register again: we will contact you as soon as a "
            "place opens or the next cohort is scheduled.\n\n"
            "In the meantime, you are welcome to start gathering the data described in module "
            "2, which will give your team a head start.\n\n"
            "You can check your registration here: $status_link\n\n"
            "Best regards,\n"
            "$staff_name"
        ),
    },
]


def seed_email_templates() -> None:
    for spec in EMAIL_TEMPLATES:
        EmailTemplate.objects.get_or_create(
            name=spec["name"], defaults={"subject": spec["subject"], "body": spec["body"]}
        )


# ---------------------------------------------------------------------------------------------
# Places and words for registrations
# ---------------------------------------------------------------------------------------------

# Places that registered interest but are not (yet) on a team: (name, state, kind, population)
PLACES = [
    ("Brattleboro", "VT", Kind.CITY, 12_000),
    ("Marquette", "MI", Kind.CITY, 21_000),
    ("Bozeman", "MT", Kind.CITY, 56_000),
    ("Hood River County", "OR", Kind.COUNTY, 24_000),
    ("Taos", "NM", Kind.CITY, 6_500),
    ("Athens County", "OH", Kind.COUNTY, 62_000),
    ("Ames", "IA", Kind.CITY, 66_000),
    ("Laramie", "WY", Kind.CITY, 32_000),
    ("Northampton", "MA", Kind.CITY, 29_000),
    ("Bar Harbor", "ME", Kind.CITY, 5_500),
    ("Oxford", "MS", Kind.CITY, 26_000),
    ("Chapel Hill", "NC", Kind.CITY, 62_000),
    ("Boulder County", "CO", Kind.COUNTY, 330_000),
    ("Lawrence", "KS", Kind.CITY, 95_000),
    ("Missoula County", "MT", Kind.COUNTY, 120_000),
    ("Flagstaff", "AZ", Kind.CITY, 77_000),
    ("Pueblo", "CO", Kind.CITY, 111_000),
    ("Duluth", "MN", Kind.CITY, 87_000),
    ("Eau Claire", "WI", Kind.CITY, 69_000),
    ("Bloomington", "IN", Kind.CITY, 80_000),
    ("Champaign", "IL", Kind.CITY, 88_000),
    ("Charlottesville", "VA", Kind.CITY, 46_000),
    ("Juneau", "AK", Kind.CITY, 32_000),
    ("Hawaii County", "HI", Kind.COUNTY, 205_000),
    ("Santa Fe", "NM", Kind.CITY, 89_000),
    ("Columbia", "MO", Kind.CITY, 128_000),
    ("Knoxville", "TN", Kind.CITY, 195_000),
    ("Chattanooga", "TN", Kind.CITY, 185_000),
    ("Richmond", "VA", Kind.CITY, 230_000),
    ("Providence", "RI", Kind.CITY, 190_000),
    ("New Haven", "CT", Kind.CITY, 135_000),
    ("Syracuse", "NY", Kind.CITY, 145_000),
    ("Rochester", "NY", Kind.CITY, 210_000),
    ("Pittsburgh", "PA", Kind.CITY, 300_000),
    ("Louisville", "KY", Kind.CITY, 620_000),
    ("Kansas City", "MO", Kind.CITY, 510_000),
    ("Omaha", "NE", Kind.CITY, 485_000),
    ("Salt Lake County", "UT", Kind.COUNTY, 1_190_000),
    ("Maricopa County", "AZ", Kind.COUNTY, 4_500_000),
    ("King County", "WA", Kind.COUNTY, 2_270_000),
    ("Cook County", "IL", Kind.COUNTY, 5_100_000),
    ("Wayne County", "MI", Kind.COUNTY, 1_750_000),
    ("Fulton County", "GA", Kind.COUNTY, 1_070_000),
    ("Travis County", "TX", Kind.COUNTY, 1_330_000),
    ("Miami-Dade County", "FL", Kind.COUNTY, 2_700_000),
    ("Los Angeles County", "CA", Kind.COUNTY, 9_700_000),
    ("Coachella Valley", "CA", Kind.REGION, 470_000),
    ("Boise", "ID", Kind.CITY, 235_000),
    ("Fargo", "ND", Kind.CITY, 130_000),
    ("Las Cruces", "NM", Kind.CITY, 112_000),
    ("New Orleans", "LA", Kind.CITY, 365_000),
    ("Little Rock", "AR", Kind.CITY, 203_000),
    ("Wilmington", "DE", Kind.CITY, 71_000),
    ("Portland", "ME", Kind.CITY, 68_000),
    ("Spokane", "WA", Kind.CITY, 230_000),
    ("Reno", "NV", Kind.CITY, 270_000),
    ("Sioux Falls", "SD", Kind.CITY, 200_000),
]
# Two registrations from the same place with a shared learning community: a possible duplicate.
DUPLICATE_PLACE = ("Asheville", "NC", Kind.CITY, 95_000)
DUPLICATE_COMMUNITY = "crisis-systems"

# Enrolled registrations: teams of the upcoming cohorts that came in through the form.
ENROLLED_PLACES = [
    ("Community Violence Intervention cohort 1", ("Oakland", "CA")),
    ("Community Violence Intervention cohort 1", ("Milwaukee", "WI")),
    ("Community Violence Intervention cohort 1", ("Baltimore", "MD")),
    ("Community Violence Intervention cohort 1", ("Newark", "NJ")),
    ("School-Based Diversion cohort 1", ("Ithaca", "NY")),
    ("School-Based Diversion cohort 1", ("Tulsa", "OK")),
    ("School-Based Diversion cohort 1", ("Dayton", "OH")),
]

GOALS = {
    "crisis-systems": [
        "stand up a mobile crisis team that answers mental health calls around the clock "
        "instead of patrol officers",
        "route suitable 911 calls to our 988 center and cut repeat calls for the same people",
        "grow our co-responder pilot from one shift to the whole city and count how many calls "
        "no longer need police",
    ],
    "traffic-safety": [
        "stop pulling drivers over for equipment and paperwork problems and focus on the "
        "speeding that causes serious crashes on our main corridors",
        "move minor crash reports to civilian staff and redesign the streets on our "
        "high-injury network",
        "introduce speed cameras near schools with fair fines and a warning period, and report "
        "on who receives tickets",
    ],
    "community-violence-intervention": [
        "launch street outreach in the two neighborhoods with the most shootings and link it to "
        "the trauma center",
        "give our violence interruption program steady city funding and a clear agreement on "
        "what is shared with police",
        "start a hospital-based violence intervention program so every shooting victim is met "
        "at the bedside",
    ],
    "school-based-diversion": [
        "cut referrals from our schools to police by half and train staff in restorative practices",
        "rewrite our agreement with the police department so school resource officers do not "
        "handle discipline",
        "give every middle school a counselor or social worker and a way to call a mobile "
        "crisis team instead of police",
    ],
}
STAGE_SENTENCES = {
    InterestRegistration.Stage.EXPLORING: "We are early on and want to learn what has worked "
    "in places like ours.",
    InterestRegistration.Stage.PLANNING: "Our council has asked for a plan by the end of the "
    "fiscal year and we want a tested approach.",
    InterestRegistration.Stage.PILOTING: "We are running a small pilot and need help measuring "
    "whether it works.",
    InterestRegistration.Stage.OPERATING: "Our program is running and we want to improve it "
    "and make the case for steady funding.",
}

# Follow-up summaries by (status_from, status_to). Placeholders are filled from the registration.
SUMMARIES: dict[tuple[str, str], tuple[str, list[str]]] = {
    (Status.NEW, Status.NEW): (
        FollowUp.Kind.CALL,
        [
            "Called {contact} and left a voicemail introducing the program. Will try again "
            "by email.",
            "Tried the number on the form twice; no answer and no voicemail. Will email.",
        ],
    ),
    (Status.NEW, Status.CONTACTED): (
        FollowUp.Kind.EMAIL,
        [
            "Emailed {contact} to thank the team for registering and offered times for a "
            "30-minute information call.",
            "Sent the first-contact email with the curriculum overview and asked who else on "
            "the team should join a first call.",
            "Reached {contact} by phone. Explained how cohorts run and that registering does "
            "not guarantee a place; sent the curriculum overview afterwards.",
        ],
    ),
    (Status.CONTACTED, Status.CONTACTED): (
        FollowUp.Kind.NOTE,
        [
            "No reply to the first email yet; sent a short reminder with the call times.",
            "{contact} replied that the team needs two weeks to confirm who can join a call.",
        ],
    ),
    (Status.CONTACTED, Status.IN_CONVERSATION): (
        FollowUp.Kind.MEETING,
        [
            "Information call with {contact} and {others} other team members. They want to "
            "{goal}. Next step: confirm the data coordinator can give four hours a month.",
            "Video call with the {place} team. Walked through the five modules and the time "
            "commitment. They are checking whether their first-response partner can commit.",
        ],
    ),
    (Status.IN_CONVERSATION, Status.IN_CONVERSATION): (
        FollowUp.Kind.CALL,
        [
            "Second call with the team's data coordinator about which records they can export "
            "and how far back they go.",
            "{contact} asked for references from a team in a past cohort; connected them with "
            "a peer team.",
        ],
    ),
    (Status.IN_CONVERSATION, Status.INVITED): (
        FollowUp.Kind.EMAIL,
        [
            "Invited the {place} team to {cohort}, starting {start}. Asked for the signed "
            "participation agreement and the final team list within three weeks.",
        ],
    ),
    (Status.INVITED, Status.ENROLLED): (
        FollowUp.Kind.EMAIL,
        [
            "{contact} returned the signed participation agreement and the final team list. "
            "Enrolled the team in {cohort} and sent the onboarding packet.",
        ],
    ),
    (Status.IN_CONVERSATION, Status.WAITLISTED): (
        FollowUp.Kind.EMAIL,
        ["{waitlist} Sent the waitlist notice; the team is happy to wait."],
    ),
    (Status.IN_CONVERSATION, Status.DECLINED): (
        FollowUp.Kind.CALL,
        [
            "Agreed with {contact} that the program is not the right fit now: the team is "
            "mainly looking for officer training, which the learning communities do not "
            "offer. Shared other resources and closed the registration.",
            "{place} has just joined a similar state-funded program with the same "
            "partners. Agreed with {contact} to close this registration; they may register "
            "again later.",
        ],
    ),
    (Status.CONTACTED, Status.DECLINED): (
        FollowUp.Kind.CALL,
        [
            "Spoke with {contact}: the implementing agency cannot commit staff time until its "
            "new contract starts. Closed the registration and suggested registering again "
            "next year.",
        ],
    ),
    (Status.CONTACTED, Status.WITHDRAWN): (
        FollowUp.Kind.EMAIL,
        [
            "{contact} wrote to withdraw: the council postponed the initiative until the next "
            "fiscal year.",
            "{contact} wrote to withdraw: the project lead has left and the team is regrouping.",
        ],
    ),
    (Status.IN_CONVERSATION, Status.WITHDRAWN): (
        FollowUp.Kind.EMAIL,
        [
            "{contact} wrote to withdraw: the team has joined a state-run program on the same "
            "topic and cannot do both.",
        ],
    ),
}


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
    status: str
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
    jurisdiction: Jurisdiction | None = None
    cohort: Cohort | None = None
    goals: str = ""


@dataclass(frozen=True)
class Spec:
    status: str
    no_follow_up: bool = False
    overdue: bool = False


def _specs() -> list[Spec]:
    """The 60 registrations: how many in each status, and which are overdue."""
    specs = [
        *[Spec(Status.NEW, no_follow_up=True)] * 2,
        *[Spec(Status.NEW, no_follow_up=True, overdue=True)] * 2,
        Spec(Status.NEW, overdue=True),
        *[Spec(Status.NEW)] * 5,
        *[Spec(Status.CONTACTED, overdue=True)] * 2,
        *[Spec(Status.CONTACTED)] * 7,
        Spec(Status.IN_CONVERSATION, overdue=True),
        *[Spec(Status.IN_CONVERSATION)] * 8,
        *[Spec(Status.INVITED)] * 7,
        *[Spec(Status.ENROLLED)] * 7,
        *[Spec(Status.WAITLISTED)] * 6,
        *[Spec(Status.DECLINED)] * 5,
        *[Spec(Status.WITHDRAWN)] * 5,
    ]
    # The duplicate pair comes last: an older contacted one and a fresh one with no follow-up.
    specs += [Spec(Status.CONTACTED), Spec(Status.NEW, no_follow_up=True)]
    return specs


def _path(rng: random.Random, spec: Spec) -> list[str]:
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
    names: NamePicker,
    communities: list[LearningCommunity],
    place: str,
    kind: str,
) -> list[ProposedMember]:
    coordinator_sector = rng.choice(COORDINATOR_SECTORS)
    responder_sector = rng.choice(sorted(FIRST_RESPONSE_SECTORS))
    seats = [
        (TeamRole.DATA_COORDINATOR, coordinator_sector, rng.choice(COORDINATOR_TITLES)),
        (
            TeamRole.FIRST_RESPONSE,
            responder_sector,
            rng.choice(RESPONDER_TITLES[responder_sector]),
        ),
    ]
    for community in communities:
        sector = community.implementing_sector
        seats.append((TeamRole.IMPLEMENTING_SECTOR, sector, IMPLEMENTER_TITLES[sector]))
    count = rng.randint(max(3, len(seats)), 6)
    seats += rng.sample(EXTRA_SEATS, count - len(seats))
    domain = _domain(place)
    members = []
    for position, (role, sector, title) in enumerate(seats, start=1):
        full_name = names.pick()
        members.append(
            ProposedMember(
                name=full_name,
                email=f"{email_local_part(full_name)}@{domain}",
                organisation=organisation_for(sector, place, kind),
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
    *, staff: list[User], seeded: SeededCohorts, today: date
) -> list[RegistrationPlan]:
    rng = random.Random(2026)
    names = NamePicker(rng)
    communities = sorted(seeded.communities.values(), key=lambda c: c.position)
    upcoming = sorted(
        (cohort for cohort in seeded.cohorts.values() if cohort.starts_on > today),
        key=lambda cohort: cohort.starts_on,
    )
    upcoming_by_community = {cohort.learning_community_id: cohort for cohort in upcoming}
    places = list(PLACES)
    rng.shuffle(places)
    enrolled = list(ENROLLED_PLACES)

    plans: list[RegistrationPlan] = []
    specs = _specs()
    for index, spec in enumerate(specs):
        is_duplicate = index >= len(specs) - 2
        cohort = jurisdiction = None
        if spec.status == Status.ENROLLED:
            cohort_name, place_key = enrolled.pop(0)
            cohort = seeded.cohorts[cohort_name]
            jurisdiction = seeded.jurisdictions[place_key]
            name, state = place_key
            kind, population = jurisdiction.kind, jurisdiction.population or 10_000
            required = cohort.learning_community
        elif is_duplicate:
            name, state, kind, population = DUPLICATE_PLACE
            required = seeded.communities[DUPLICATE_COMMUNITY]
        else:
            name, state, kind, population = places.pop()
            if spec.status == Status.INVITED and upcoming:
                cohort = rng.choice(upcoming)
                required = cohort.learning_community
            else:
                required = rng.choice(communities)
        chosen = _communities(rng, communities, required)
        members = _members(rng, names, chosen, name, kind)
        contact = members[0] if rng.random() < 0.75 else rng.choice(members[1:])
        stage = rng.choice(InterestRegistration.Stage.values)
        goal = GOALS[required.slug][rng.randrange(3)]

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
            days_ago = 40 if spec.status == Status.CONTACTED else 4
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
            status=spec.status,
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
            jurisdiction=jurisdiction,
            cohort=cohort,
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
                f"{waitlist_cohort.name} is full; the team is first in line for a place."
                if waitlist_cohort
                else f"No {required.name} cohort is scheduled yet; the team will be offered "
                "a place in the next one."
            ),
        }
        for step in steps:
            kind_of_step, texts = SUMMARIES[(step.status_from, step.status_to)]
            step.kind = kind_of_step
            step.summary = rng.choice(texts).format(**context)
            step.at = _at(step.on, rng)
        also = [c.name for c in chosen if c != required]
        plan.goals = (
            f"We want to {goal}"
            + (f", and to learn from teams working on {' and '.join(also)}" if also else "")
            + f". {STAGE_SENTENCES[stage]}"
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


def seed_intake(
    *, staff: list[User], seeded: SeededCohorts, today: date | None = None
) -> SeededIntake:
    """Create the demo registrations that are missing, and the saved email templates."""
    today = today or timezone.localdate()
    seed_email_templates()
    plans = plan_registrations(staff=staff, seeded=seeded, today=today)
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
    return SeededIntake(created=created, total=len(plans))
