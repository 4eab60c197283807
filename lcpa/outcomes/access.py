"""The only way views fetch outcomes rows, and the one place that says who may see them.

A team's measures and values follow its workspace (`cohorts.access`): its active members,
program staff and the people serving its cohort read them; its members and program staff
change them. Anyone else gets a 404.
"""

from django.http import Http404

from lcpa.accounts.models import User
from lcpa.cohorts.access import get_team_for_user, writable_teams_for_user
from lcpa.cohorts.models import Team
from lcpa.outcomes.models import PDSACycle, TeamMeasure


def get_team_measure_for_user(
    user: User, team_id: int, pk: int, *, write: bool = False
) -> TeamMeasure:
    team: Team = get_team_for_user(user, team_id, write=write)
    try:
        team_measure = TeamMeasure.objects.select_related(
            "measure__current", "measure__learning_community"
        ).get(pk=pk, team=team)
    except TeamMeasure.DoesNotExist:
        raise Http404 from None
    team_measure.team = team
    return team_measure


def may_write(user: User, team: Team) -> bool:
    """Whether the user changes the team's measures and values (its members, program staff)."""
    return writable_teams_for_user(user).filter(pk=team.pk).exists()


def get_pdsa_cycle_for_user(
    user: User, team_id: int, team_measure_id: int, pk: int, *, write: bool = False
) -> PDSACycle:
    """A PDSA cycle on one of the team's measures: readers and writers as for its values."""
    team_measure = get_team_measure_for_user(user, team_id, team_measure_id, write=write)
    try:
        cycle = PDSACycle.objects.select_related("previous", "created_by").get(
            pk=pk, team_measure=team_measure
        )
    except PDSACycle.DoesNotExist:
        raise Http404 from None
    cycle.team_measure = team_measure
    return cycle
