"""Posted data for the register-interest form, shared by the intake tests."""

import uuid
from collections.abc import Iterable, Sequence

from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole

REGISTER_URL = "/register-interest/"


def member(
    name: str,
    sector: str,
    role: str,
    *,
    email: str | None = None,
    organisation: str = "City of Amherst",
    job_title: str = "",
) -> dict[str, str]:
    return {
        "name": name,
        "email": email or f"{name.split()[0].lower()}@amherst.example",
        "organisation": organisation,
        "sector": str(sector),
        "job_title": job_title,
        "role": str(role),
    }


DATA_COORDINATOR = member("Dana Data", Sector.PUBLIC_HEALTH, TeamRole.DATA_COORDINATOR)
FIREFIGHTER = member("Frank Fire", Sector.FIRE, TeamRole.FIRST_RESPONSE, job_title="Captain")
CLINICIAN = member(
    "Bea Health",
    Sector.BEHAVIORAL_HEALTH,
    TeamRole.IMPLEMENTING_SECTOR,
    organisation="Valley Mental Health",
)
CRISIS_TEAM = [DATA_COORDINATOR, FIREFIGHTER, CLINICIAN]


def registration_post(
    communities: Iterable[LearningCommunity],
    members: Sequence[dict[str, str]] = CRISIS_TEAM,
    *,
    submission_key: uuid.UUID | str | None = None,
    **fields: object,
) -> dict[str, object]:
    """A complete, valid submission unless members or fields say otherwise."""
    data: dict[str, object] = {
        "submission_key": str(submission_key or uuid.uuid4()),
        "website": "",
        "jurisdiction_name": "Amherst",
        "state": "MA",
        "jurisdiction_kind": "city",
        "population": "39,263",
        "learning_communities": [str(community.pk) for community in communities],
        "goals": "Send clinicians, not officers, to mental health calls.",
        "stage": "planning",
        "preferred_start": "next",
        "heard_from": "colleague",
        "contact_name": "Casey Contact",
        "contact_email": "casey@amherst.example",
        "contact_phone": "(413) 555-0142",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(members):
        for key, value in row.items():
            data[f"members-{index}-{key}"] = value
    data.update(fields)
    return data
