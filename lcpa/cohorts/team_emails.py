"""Starting texts for emailing a team (lcpa/cohorts/content/team_emails.yaml).

Staff pick one on the "Email the team" page and edit it before sending; $team, $cohort and
$staff_name are filled in when it is picked.
"""

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team

SOURCE = Path(__file__).parent / "content" / "team_emails.yaml"


@dataclass(frozen=True)
class TeamEmailTemplate:
    key: str
    name: str
    subject: str
    body: str


@cache
def team_email_templates() -> tuple[TeamEmailTemplate, ...]:
    with SOURCE.open(encoding="utf-8") as source:
        return tuple(TeamEmailTemplate(**entry) for entry in yaml.safe_load(source))


def filled(key: str, *, team: Team, by: User) -> dict[str, str] | None:
    """The subject and body of template `key` for `team`, or None for an unknown key."""
    template = next((t for t in team_email_templates() if t.key == key), None)
    if template is None:
        return None
    values = {"team": team.name, "cohort": team.cohort.name, "staff_name": by.get_full_name()}
    return {
        "subject": string.Template(template.subject).safe_substitute(values),
        "body": string.Template(template.body).safe_substitute(values).strip(),
    }
