"""API test data: the shared cast, two registrations with members and follow-ups, and tokens."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from lcpa.accounts.models import User
from lcpa.accounts.services import api_token_create
from lcpa.curriculum.models import Jurisdiction, Sector, TeamRole
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.services import followup_record, registration_submit
from lcpa.testing import Cast

MEMBERS = [
    {
        "name": "Dana Data",
        "email": "dana@amherst.example",
        "organisation": "Town of Amherst",
        "sector": Sector.LOCAL_GOVERNMENT,
        "job_title": "Analyst",
        "role": TeamRole.DATA_COORDINATOR,
    },
    {
        "name": "Finn Fire",
        "email": "finn@amherst.example",
        "organisation": "Amherst Fire",
        "sector": Sector.FIRE,
        "job_title": "Captain",
        "role": TeamRole.FIRST_RESPONSE,
    },
    {
        "name": "Bo Health",
        "email": "bo@amherst.example",
        "organisation": "Valley Clinic",
        "sector": Sector.BEHAVIORAL_HEALTH,
        "job_title": "Director",
        "role": TeamRole.IMPLEMENTING_SECTOR,
    },
]


def submit(cast: Cast, *, name: str, state: str, submitted_at: datetime) -> InterestRegistration:
    return registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name=name,
        state=state,
        jurisdiction_kind=Jurisdiction.Kind.CITY,
        population=52_000,
        learning_communities=[cast.communities["crisis-systems"]],
        goals="Send clinicians, not officers, to mental health calls.",
        stage=InterestRegistration.Stage.PLANNING,
        preferred_start=InterestRegistration.PreferredStart.NEXT,
        contact_name=f"Casey of {name}",
        contact_email=f"casey@{name.lower()}.example",
        contact_phone="555-0100",
        heard_from=InterestRegistration.HeardFrom.COLLEAGUE,
        members=MEMBERS,
        submitted_at=submitted_at,
        send_emails=False,
    ).registration


@dataclass
class ApiWorld:
    cast: Cast
    followed_up: InterestRegistration  # in conversation, with a follow-up
    overdue: InterestRegistration  # new, submitted long ago, never followed up
    staff_token: str
    member_token: str  # a token a former staff member made, now a team member


@pytest.fixture
def world(cast: Cast) -> ApiWorld:
    followed_up = submit(
        cast, name="Northampton", state="MA", submitted_at=timezone.now() - timedelta(days=1)
    )
    followup_record(
        registration=followed_up,
        by=cast.staff,
        kind=FollowUp.Kind.CALL,
        summary="Talked through the cohort dates.",
        status_to=InterestRegistration.Status.IN_CONVERSATION,
        next_follow_up_on=date.today() + timedelta(days=7),
    )
    overdue = submit(
        cast,
        name="Eugene",
        state="OR",
        submitted_at=timezone.make_aware(datetime(2025, 1, 6, 10, 0)),
    )
    _, staff_token = api_token_create(user=cast.staff, name="Reports")
    former = cast.member_b
    User.objects.filter(pk=former.pk).update(role=User.Role.PROGRAM_STAFF)
    former.refresh_from_db()
    _, member_token = api_token_create(user=former, name="Old script")
    User.objects.filter(pk=former.pk).update(role=User.Role.PARTICIPANT)
    return ApiWorld(
        cast=cast,
        followed_up=followed_up,
        overdue=overdue,
        staff_token=staff_token,
        member_token=member_token,
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
