"""Which of a team's five modules are open. Pure functions: no database access.

Module 1 is always open. Module N+1 opens when the team's module N deliverable has been
submitted (accepted or sent back for changes counts too), or when staff unlocked it.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass

MODULE_COUNT = 5
SUBMITTED_STATUSES = frozenset({"submitted", "changes_requested", "accepted"})


@dataclass(frozen=True)
class ModuleState:
    number: int
    is_open: bool
    status: str  # the deliverable's status, or "not_started"
    unlocked_by_staff: bool


def module_is_open(number: int, statuses: Mapping[int, str], unlocked: Collection[int]) -> bool:
    if number == 1 or number in unlocked:
        return True
    return statuses.get(number - 1) in SUBMITTED_STATUSES


def module_states(statuses: Mapping[int, str], unlocked: Collection[int]) -> list[ModuleState]:
    return [
        ModuleState(
            number=number,
            is_open=module_is_open(number, statuses, unlocked),
            status=statuses.get(number, "not_started"),
            unlocked_by_staff=number in unlocked,
        )
        for number in range(1, MODULE_COUNT + 1)
    ]


def module_reached(states: list[ModuleState]) -> int:
    """The highest open module: where the team has got to on the path."""
    return max(state.number for state in states if state.is_open)
