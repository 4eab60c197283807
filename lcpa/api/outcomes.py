"""Data coordinators' endpoints: a team's monthly values of one measure, read and sent.

`PUT /teams/{team_id}/measures/{code}/observations` is for systems that push monthly figures:
each item is upserted (a new month and group is created, a different value corrects the stored
one, with its history, the same value changes nothing), and the answer says which. The items
are checked as an imported file's rows are (`outcomes.imports`); one bad item and nothing is
stored, with a 422 listing every problem by item. The token is the coordinator's personal one;
a token of anyone who is not an active data coordinator of the team gets a 404.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Body, Field, Router, Schema
from ninja.responses import Status

from lcpa.api.auth import personal_token
from lcpa.api.schemas import ErrorOut, ValidationErrorOut, _choices_enum
from lcpa.outcomes.access import get_team_measure_for_coordinator
from lcpa.outcomes.imports import Entry, check_values
from lcpa.outcomes.models import Observation, TeamMeasure
from lcpa.outcomes.queries import observations_of
from lcpa.outcomes.services import observations_upsert

router = Router(tags=["Data coordinators: observations"], auth=personal_token)

MAX_ITEMS = 1000
ObservationSource = _choices_enum("ObservationSource", Observation.Source.values)
PATH = "/teams/{int:team_id}/measures/{code}/observations"
ERRORS = {401: ErrorOut, 404: ErrorOut}
ERROR_DOCS = {
    401: {"description": "No API token, an unknown token or a revoked one."},
    404: {
        "description": "No such team or measure, the measure is not in the team's plan, or the "
        "token's owner is not an active data coordinator of the team."
    },
}


class ObservationIn(Schema):
    period: str = Field(
        max_length=10,
        description="The month, as 2026-03, or a date in it (2026-03-31).",
        examples=["2026-03"],
    )
    disaggregation: str = Field(
        "",
        max_length=120,
        description="Empty for the total, or `<dimension>:<group>` with a dimension the "
        "measure allows, such as `race:Black`.",
    )
    numerator: Decimal = Field(description="What is counted (a whole number for counts).")
    denominator: Decimal | None = Field(
        None, description="Out of what; required for proportions and rates, empty for counts."
    )
    note: str = Field("", max_length=500)
    provisional: bool = Field(False, description="True while the number may still change.")


class ObservationOut(Schema):
    period: date = Field(description="The first day of the month.")
    disaggregation: str
    numerator: float
    denominator: float | None
    note: str
    provisional: bool
    source: ObservationSource
    measure_version: int = Field(description="The definition version it was recorded under.")
    updated_at: datetime

    @staticmethod
    def resolve_numerator(obj: Observation) -> float:
        return float(obj.numerator)

    @staticmethod
    def resolve_denominator(obj: Observation) -> float | None:
        return None if obj.denominator is None else float(obj.denominator)

    @staticmethod
    def resolve_measure_version(obj: Observation) -> int:
        return obj.measure_version.number


class ObservationKey(Schema):
    period: date
    disaggregation: str


class UpsertOut(Schema):
    created: list[ObservationKey]
    updated: list[ObservationKey]
    unchanged: list[ObservationKey]


class RowsInvalid(Exception):
    def __init__(self, detail: list[dict]) -> None:
        self.detail = detail


def _as_text(value: Decimal | None) -> str:
    # str(), not format(value, "f"): 1E+999999999 stays short (and is refused as too large).
    return "" if value is None else str(value)


def _entries(team_measure: TeamMeasure, items: list[ObservationIn]) -> list[Entry]:
    """The items checked like a file's rows; RowsInvalid lists every problem by item."""
    if len(items) > MAX_ITEMS:
        raise RowsInvalid(
            [
                {
                    "loc": ["body"],
                    "msg": f"Send at most {MAX_ITEMS} items a request.",
                    "type": "too_long",
                }
            ]
        )
    today = timezone.localdate()
    version = team_measure.measure.current
    entries, problems, seen = [], [], {}
    for index, item in enumerate(items):
        raw = {
            "period": item.period,
            "disaggregation": item.disaggregation,
            "numerator": _as_text(item.numerator),
            "denominator": _as_text(item.denominator),
            "note": item.note,
            "provisional": "yes" if item.provisional else "no",
        }
        value, found = check_values(raw, version, today)
        if value is not None:
            key = (value.period, value.disaggregation)
            if key in seen:
                found = [("period", f"Item {seen[key]} has the same month and group.")]
            else:
                seen[key] = index
                entries.append(Entry(index, team_measure, value))
        problems += [
            {"loc": ["body", index, column], "msg": message, "type": "value_error"}
            for column, message in found
        ]
    if problems:
        raise RowsInvalid(problems)
    return entries


@router.get(
    PATH,
    response={200: list[ObservationOut], **ERRORS},
    summary="List a team's values of a measure",
    operation_id="observations_list",
    url_name="observations_list",
    openapi_extra={"responses": ERROR_DOCS},
)
def observations_list(request: HttpRequest, team_id: int, code: str) -> list[Observation]:
    """Every value the team has recorded for the measure under its current definition, by
    month and group (the total first). Needs the personal token of a data coordinator of the
    team."""
    team_measure = get_team_measure_for_coordinator(request.auth, team_id, code)
    return list(observations_of(team_measure).select_related("measure_version"))


@router.put(
    PATH,
    response={200: UpsertOut, 400: ErrorOut, **ERRORS, 422: ValidationErrorOut},
    summary="Send a team's values of a measure",
    operation_id="observations_put",
    url_name="observations_put",
    openapi_extra={
        "responses": {
            400: {"description": "The body is not JSON."},
            **ERROR_DOCS,
            422: {
                "description": "The body is not a list of values, or some values are wrong: "
                "one entry per problem, its `loc` the item's index and field. Nothing is "
                "stored."
            },
        }
    },
)
def observations_put(
    request: HttpRequest, team_id: int, code: str, items: Body[list[ObservationIn]]
) -> Status:
    """Create or correct the team's values of the measure, one item per month and group.

    An item for a month and group already stored replaces its numbers, note and provisional
    flag (the earlier value stays in the history); an identical item changes nothing. Sending
    the same body twice is harmless. Needs the personal token of a data coordinator of the
    team."""
    team_measure = get_team_measure_for_coordinator(request.auth, team_id, code)
    try:
        entries = _entries(team_measure, items)
    except RowsInvalid as error:
        return Status(422, {"detail": error.detail})
    changes = observations_upsert(
        team=team_measure.team, entries=entries, by=request.auth, source=Observation.Source.API
    )
    answer: dict[str, list] = {"created": [], "updated": [], "unchanged": []}
    names = {"created": "created", "corrected": "updated", "unchanged": "unchanged"}
    for change in changes:
        value = change.entry.value
        answer[names[change.status]].append(
            {"period": value.period, "disaggregation": value.disaggregation}
        )
    return Status(200, answer)
