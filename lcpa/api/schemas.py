"""What the API sends: one schema per shape, named as they appear in the OpenAPI document."""

from datetime import date, datetime
from enum import Enum

from ninja import Field, Schema

from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Sector, TeamRole
from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.queries import is_overdue


def _choices_enum(name: str, values: list[str]) -> type[Enum]:
    """An enum of a model's choice values, so the schema lists every allowed value."""
    return Enum(name, {value or "empty": value for value in values}, type=str)


SectorCode = _choices_enum("SectorCode", Sector.values)
TeamRoleCode = _choices_enum("TeamRoleCode", TeamRole.values)
JurisdictionKind = _choices_enum("JurisdictionKind", Jurisdiction.Kind.values)
RegistrationStatus = _choices_enum("RegistrationStatus", InterestRegistration.Status.values)
FollowUpKind = _choices_enum("FollowUpKind", FollowUp.Kind.values)
Stage = _choices_enum("Stage", InterestRegistration.Stage.values)
PreferredStart = _choices_enum("PreferredStart", InterestRegistration.PreferredStart.values)
HeardFrom = _choices_enum("HeardFrom", ["", *InterestRegistration.HeardFrom.values])


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong, in plain words.")


class ValidationErrorOut(Schema):
    detail: list[dict] = Field(description="One entry per invalid parameter.")


class ModuleOut(Schema):
    number: int = Field(ge=1, le=5)
    title: str


class LearningCommunityRef(Schema):
    slug: str
    name: str


class LearningCommunityOut(Schema):
    slug: str
    name: str
    short_name: str
    tagline: str
    implementing_sector: SectorCode
    implementing_sector_label: str
    url: str = Field(description="The learning community's page on the public site.")
    modules: list[ModuleOut]

    @staticmethod
    def resolve_implementing_sector_label(obj: LearningCommunity) -> str:
        return obj.get_implementing_sector_display()

    @staticmethod
    def resolve_url(obj: LearningCommunity) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_modules(obj: LearningCommunity) -> list:
        return list(obj.modules.all())


class JurisdictionOut(Schema):
    id: int
    name: str
    state: str = Field(description="Two-letter postal code.")
    kind: JurisdictionKind
    population: int | None
    latitude: float | None
    longitude: float | None
    learning_communities: list[LearningCommunityRef] = Field(
        description="Learning communities in which the jurisdiction has a team."
    )

    @staticmethod
    def resolve_latitude(obj: Jurisdiction) -> float | None:
        return None if obj.latitude is None else float(obj.latitude)

    @staticmethod
    def resolve_longitude(obj: Jurisdiction) -> float | None:
        return None if obj.longitude is None else float(obj.longitude)

    @staticmethod
    def resolve_learning_communities(obj: Jurisdiction) -> list:
        seen: dict[str, LearningCommunity] = {}
        for team in obj.teams.all():
            community = team.cohort.learning_community
            seen.setdefault(community.slug, community)
        return sorted(seen.values(), key=lambda c: (c.position, c.name))


class RegistrationOut(Schema):
    id: int
    jurisdiction_name: str
    state: str
    jurisdiction_kind: JurisdictionKind
    population: int
    learning_communities: list[LearningCommunityRef]
    status: RegistrationStatus
    status_label: str
    stage: Stage
    preferred_start: PreferredStart
    contact_name: str
    contact_email: str
    assigned_to: str | None = Field(description="Email address of the assigned staff member.")
    follow_up_due_on: date | None
    is_overdue: bool
    first_followed_up_at: datetime | None
    last_followed_up_at: datetime | None
    merged_into: int | None = Field(description="Id of the registration this one was merged into.")
    created_at: datetime

    @staticmethod
    def resolve_learning_communities(obj: InterestRegistration) -> list:
        return list(obj.learning_communities.all())

    @staticmethod
    def resolve_status_label(obj: InterestRegistration) -> str:
        return obj.get_status_display()

    @staticmethod
    def resolve_assigned_to(obj: InterestRegistration) -> str | None:
        return obj.assigned_to.email if obj.assigned_to_id else None

    @staticmethod
    def resolve_is_overdue(obj: InterestRegistration) -> bool:
        return is_overdue(obj)

    @staticmethod
    def resolve_merged_into(obj: InterestRegistration) -> int | None:
        return obj.merged_into_id


class ProposedMemberOut(Schema):
    name: str
    email: str
    organisation: str
    sector: SectorCode
    job_title: str
    role: TeamRoleCode


class FollowUpOut(Schema):
    id: int
    kind: FollowUpKind
    summary: str
    status_from: RegistrationStatus
    status_to: RegistrationStatus
    next_follow_up_on: date | None
    recorded_by: str = Field(description="Email address of the staff member who recorded it.")
    created_at: datetime

    @staticmethod
    def resolve_recorded_by(obj: FollowUp) -> str:
        return obj.recorded_by.email


class RegistrationDetailOut(RegistrationOut):
    goals: str
    heard_from: HeardFrom = Field(description="How they heard of the program; empty if not said.")
    contact_phone: str
    members: list[ProposedMemberOut]
    follow_ups: list[FollowUpOut]

    @staticmethod
    def resolve_members(obj: InterestRegistration) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_follow_ups(obj: InterestRegistration) -> list:
        return list(obj.follow_ups.all())
