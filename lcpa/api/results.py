"""The public results: the measures teams chose to share, monthly totals only, with every
number whose count or denominator is under the measure's threshold suppressed (null)."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lcpa.outcomes.results import CommunityResults, cached_results

router = Router(tags=["Public"])


class ResultMonthOut(Schema):
    month: date = Field(description="The first day of the month.")
    suppressed: bool = Field(
        description="True when the month's count or denominator is under the threshold: "
        "value, numerator and denominator are then null."
    )
    value: float | None = Field(description="The value in the measure's unit.")
    numerator: float | None
    denominator: float | None


class ResultOut(Schema):
    learning_community: str = Field(description="The learning community's slug.")
    jurisdiction: str
    state: str = Field(description="A two-letter postal code.")
    measure_code: str
    measure: str
    unit: str
    suppress_below: int = Field(
        description="Months whose count or denominator is under this are suppressed."
    )
    trend: str = Field(description="The direction of the latest published months, in words.")
    months: list[ResultMonthOut] = Field(description="Published months, oldest first.")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _rows(communities: list[CommunityResults]) -> list[dict]:
    return [
        {
            "learning_community": community.slug,
            "jurisdiction": place.name,
            "state": place.state,
            "measure_code": measure.code,
            "measure": measure.name,
            "unit": measure.unit,
            "suppress_below": measure.threshold,
            "trend": measure.trend,
            "months": [
                {
                    "month": month.period,
                    "suppressed": month.suppressed,
                    "value": _number(month.value),
                    "numerator": _number(month.numerator),
                    "denominator": _number(month.denominator),
                }
                for month in measure.months
            ],
        }
        for community in communities
        for place in community.jurisdictions
        for measure in place.measures
    ]


@router.get(
    "/results",
    response=list[ResultOut],
    summary="List the shared results",
    operation_id="results_list",
    url_name="results_list",
)
def results_list(request: HttpRequest) -> list[dict]:
    """The measures of the teams that chose to share their results, by learning community and
    jurisdiction: monthly totals of the last 24 months, never records or disaggregations.

    A month whose count or denominator is under the measure's `suppress_below` (10 unless the
    measure says otherwise) is `suppressed`, with no numbers.
    """
    return _rows(cached_results())
