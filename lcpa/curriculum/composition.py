"""The team-composition rule, shared by interest registrations and enrolled teams.

A team needs a data coordinator (by role), someone from a traditional first response (by
sector: law enforcement, fire or EMS) and, for each learning community it joins, someone from
that community's implementing sector. Sectors decide the last two whatever role label was
picked. The positions must be held by at least two different people.
"""

from collections.abc import Iterable, Sequence
from typing import Protocol

from lcpa.curriculum.models import FIRST_RESPONSE_SECTORS, Sector, TeamRole


class MemberLike(Protocol):
    role: str
    sector: str


class CommunityLike(Protocol):
    name: str
    implementing_sector: str


def composition_gaps(
    members: Sequence[MemberLike], learning_communities: Iterable[CommunityLike]
) -> list[str]:
    """Return one plain-language message per missing position; empty when the team is complete."""
    gaps: list[str] = []
    holders: set[int] = set()

    coordinators = {i for i, m in enumerate(members) if m.role == TeamRole.DATA_COORDINATOR}
    if coordinators:
        holders |= coordinators
    else:
        gaps.append("Add a data coordinator: give one member the team role “Data coordinator”.")

    responders = {i for i, m in enumerate(members) if m.sector in FIRST_RESPONSE_SECTORS}
    if responders:
        holders |= responders
    else:
        gaps.append(
            "Add someone from a traditional first response: a member whose organization’s "
            "sector is law enforcement, fire or EMS."
        )

    for community in learning_communities:
        sector = community.implementing_sector
        implementers = {i for i, m in enumerate(members) if m.sector == sector}
        if implementers:
            holders |= implementers
        else:
            gaps.append(
                f"{community.name} needs someone from its implementing sector: add a member "
                f"whose organization’s sector is {Sector(sector).label.lower()}."
            )

    if not gaps and len(holders) < 2:
        gaps.append(
            "The data coordinator, first-response and implementing-sector positions must be "
            "held by at least two different people."
        )
    return gaps
