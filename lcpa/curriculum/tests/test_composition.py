from dataclasses import dataclass

import pytest

from lcpa.curriculum.composition import composition_gaps
from lcpa.curriculum.models import Sector, TeamRole


@dataclass
class Person:
    role: str
    sector: str


@dataclass
class Community:
    name: str
    implementing_sector: str


CRISIS = Community("Crisis Systems", Sector.BEHAVIORAL_HEALTH)
TRAFFIC = Community("Policing Alternatives to Traffic Safety", Sector.TRANSPORTATION)
CVI = Community("Community Violence Intervention", Sector.COMMUNITY_VIOLENCE_INTERVENTION)
SCHOOLS = Community("School-Based Diversion", Sector.EDUCATION)

COORDINATOR = Person(TeamRole.DATA_COORDINATOR, Sector.PUBLIC_HEALTH)
POLICE = Person(TeamRole.FIRST_RESPONSE, Sector.LAW_ENFORCEMENT)


def test_it_accepts_a_complete_crisis_team():
    team = [COORDINATOR, POLICE, Person(TeamRole.IMPLEMENTING_SECTOR, Sector.BEHAVIORAL_HEALTH)]
    assert composition_gaps(team, [CRISIS]) == []


def test_it_rejects_a_team_without_a_data_coordinator():
    team = [POLICE, Person(TeamRole.IMPLEMENTING_SECTOR, Sector.BEHAVIORAL_HEALTH)]
    assert composition_gaps(team, [CRISIS]) == [
        "Add a data coordinator: give one member the team role “Data coordinator”."
    ]


def test_it_rejects_a_team_without_a_first_responder_whatever_roles_say():
    team = [
        COORDINATOR,
        Person(TeamRole.FIRST_RESPONSE, Sector.COMMUNICATIONS_911),
        Person(TeamRole.IMPLEMENTING_SECTOR, Sector.BEHAVIORAL_HEALTH),
    ]
    (gap,) = composition_gaps(team, [CRISIS])
    assert "traditional first response" in gap
    assert "law enforcement, fire or EMS" in gap


@pytest.mark.parametrize("sector", [Sector.LAW_ENFORCEMENT, Sector.FIRE, Sector.EMS])
def test_any_traditional_first_response_sector_counts(sector):
    team = [COORDINATOR, Person(TeamRole.OTHER, sector), Person(TeamRole.OTHER, Sector.EDUCATION)]
    assert composition_gaps(team, [SCHOOLS]) == []


@pytest.mark.parametrize(
    ("community", "right", "wrong"),
    [
        (CRISIS, Sector.BEHAVIORAL_HEALTH, Sector.PUBLIC_HEALTH),
        (TRAFFIC, Sector.TRANSPORTATION, Sector.LOCAL_GOVERNMENT),
        (CVI, Sector.COMMUNITY_VIOLENCE_INTERVENTION, Sector.COMMUNITY_ORGANISATION),
        (SCHOOLS, Sector.EDUCATION, Sector.BEHAVIORAL_HEALTH),
    ],
)
def test_the_implementing_sector_matches_each_learning_community(community, right, wrong):
    assert composition_gaps([COORDINATOR, POLICE, Person(TeamRole.OTHER, right)], [community]) == []
    labelled_but_wrong = Person(TeamRole.IMPLEMENTING_SECTOR, wrong)
    (gap,) = composition_gaps([COORDINATOR, POLICE, labelled_but_wrong], [community])
    assert gap.startswith(community.name)
    assert Sector(right).label.lower() in gap


def test_several_communities_each_need_their_own_implementing_sector():
    team = [COORDINATOR, POLICE, Person(TeamRole.IMPLEMENTING_SECTOR, Sector.EDUCATION)]
    gaps = composition_gaps(team, [CRISIS, SCHOOLS, TRAFFIC])
    assert len(gaps) == 2
    assert gaps[0].startswith("Crisis Systems")
    assert gaps[1].startswith("Policing Alternatives to Traffic Safety")


def test_one_person_holding_every_role_is_not_a_team():
    everything = Person(TeamRole.DATA_COORDINATOR, Sector.LAW_ENFORCEMENT)
    gaps = composition_gaps([everything], [CRISIS])
    assert gaps == [
        "Crisis Systems needs someone from its implementing sector: add a member whose "
        "organization’s sector is behavioral health."
    ]


def test_the_data_coordinator_may_also_be_the_first_responder_when_someone_else_implements():
    team = [
        Person(TeamRole.DATA_COORDINATOR, Sector.EMS),
        Person(TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
    ]
    assert composition_gaps(team, [CRISIS]) == []


def test_an_empty_team_names_every_gap():
    assert len(composition_gaps([], [CRISIS, CVI])) == 4
