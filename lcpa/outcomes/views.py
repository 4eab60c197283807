"""A team's measures: the ones it chose for its plan (with baseline and target), and the
period grid where its members type the monthly values. Both work without JavaScript.

Rows come through `outcomes.access` (which asks `cohorts.access` about the team): readers are
the team's members, program staff and the people serving its cohort; writers are its members
and program staff. Everyone else gets a 404.
"""

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from lcpa.cohorts.access import get_team_for_user
from lcpa.core.notes import note_saved
from lcpa.outcomes import disaggregations, queries
from lcpa.outcomes.access import get_team_measure_for_user, may_write
from lcpa.outcomes.chart_data import chart_annotations
from lcpa.outcomes.charts import measure_chart
from lcpa.outcomes.disaggregations import Breakdown
from lcpa.outcomes.forms import ObservationGridForm, TeamMeasureForm
from lcpa.outcomes.models import Observation, TeamMeasure
from lcpa.outcomes.services import observations_record, team_measure_choose
from lcpa.outcomes.templatetags.outcomes import plain_number

BASELINE_MONTHS = 36
EARLIEST_MONTH = date(2000, 1, 1)  # the grid pages back no further


def _today():
    return timezone.localdate()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_measures(request: HttpRequest, team_id: int) -> HttpResponse:
    writing = request.method == "POST"
    team = get_team_for_user(request.user, team_id, write=writing)
    can_write = writing or may_write(request.user, team)
    form = None
    if can_write:
        form = TeamMeasureForm(
            request.POST if writing else None,
            measures=queries.measures_to_choose(team),
            months=queries.months_before(_today(), BASELINE_MONTHS),
        )
    if writing and form.is_valid():
        team_measure = team_measure_choose(team=team, by=request.user, **form.cleaned_data)
        note_saved(request, f"“{team_measure.measure.current.name}” is now in your plan.")
        return redirect("outcomes:team_measure", team_id=team.pk, team_measure_id=team_measure.pk)
    return render(
        request,
        "outcomes/team_measures.html",
        {"team": team, "chosen": queries.team_measures(team), "form": form},
    )


def _grid_initial(rows: list[queries.GridRow]) -> dict:
    initial = {}
    for row in rows:
        observation, key = row.observation, f"{row.period:%Y-%m}"
        if observation is None:
            continue
        initial[f"{key}_numerator"] = plain_number(observation.numerator)
        if observation.denominator is not None:
            initial[f"{key}_denominator"] = int(observation.denominator)
        initial[f"{key}_provisional"] = observation.provisional
        initial[f"{key}_note"] = observation.note
    return initial


@dataclass(frozen=True)
class GridPages:
    """The months the grid shows, and where its earlier and later pages end (None: none)."""

    first: date
    last: date
    end: date
    earlier_end: date | None
    later_end: date | None
    earlier_url: str | None
    later_url: str | None
    latest: bool


def _grid_pages(
    team_measure: TeamMeasure, breakdown: Breakdown, end: date, periods: list[date]
) -> GridPages:
    this_month = _today().replace(day=1)
    earlier = periods[-1] if periods[-1] > EARLIEST_MONTH else None
    later = min(_shift(end, queries.GRID_MONTHS), this_month) if end < this_month else None
    return GridPages(
        first=periods[-1],
        last=periods[0],
        end=end,
        earlier_end=earlier,
        later_end=later,
        earlier_url=earlier and _grid_url(team_measure, breakdown, earlier),
        later_url=later and _grid_url(team_measure, breakdown, later),
        latest=end == this_month,
    )


def _render_grid(
    request: HttpRequest,
    team_measure: TeamMeasure,
    rows,
    form,
    breakdown: Breakdown,
    pages: GridPages,
) -> HttpResponse:
    version = team_measure.measure.current
    return render(
        request,
        "outcomes/team_measure.html",
        {
            "team": team_measure.team,
            "team_measure": team_measure,
            "version": version,
            "rows": rows,
            "form": form,
            "computed": any(
                row.observation and row.observation.source == Observation.Source.COMPUTED
                for row in rows
            ),
            "chart": measure_chart(team_measure, annotations=chart_annotations(team_measure)),
            "breakdown": breakdown,
            "pages": pages,
            "breakdowns": disaggregations.listed(version),
            "allows_areas": disaggregations.allows_areas(version),
        },
    )


def _breakdown(request: HttpRequest, team_measure: TeamMeasure) -> Breakdown:
    """The total or the group whose values the page shows (`breakdown`, or an `area` typed);
    one the measure does not allow is a 404."""
    asked = request.POST if request.method == "POST" else request.GET
    found = disaggregations.find(
        team_measure.measure.current, asked.get("breakdown", ""), asked.get("area", "")
    )
    if found is None:
        raise Http404
    return found


def _grid_end(request: HttpRequest) -> date:
    """The month after the grid's last one (`before`, YYYY-MM): this month unless an earlier
    page was asked for; never later than this month nor earlier than `EARLIEST_MONTH`."""
    asked = (request.POST if request.method == "POST" else request.GET).get("before", "")
    this_month = _today().replace(day=1)
    if not asked:
        return this_month
    try:
        month = datetime.strptime(asked, "%Y-%m").date()
    except ValueError:
        raise Http404 from None
    return min(max(month, EARLIEST_MONTH), this_month)


def _shift(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _grid_url(team_measure: TeamMeasure, breakdown: Breakdown, end: date) -> str:
    url = reverse(
        "outcomes:team_measure",
        kwargs={"team_id": team_measure.team_id, "team_measure_id": team_measure.pk},
    )
    query = {"breakdown": breakdown.value} if breakdown.value else {}
    if end < _today().replace(day=1):
        query["before"] = f"{end:%Y-%m}"
    return f"{url}?{urlencode(query)}" if query else url


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def team_measure(request: HttpRequest, team_id: int, team_measure_id: int) -> HttpResponse:
    writing = request.method == "POST"
    team_measure = get_team_measure_for_user(request.user, team_id, team_measure_id, write=writing)
    breakdown = _breakdown(request, team_measure)
    end = _grid_end(request)
    periods = queries.months_before(end)
    rows = queries.observation_grid(team_measure, periods, breakdown.value)
    pages = _grid_pages(team_measure, breakdown, end, periods)
    grid = {
        "version": team_measure.measure.current,
        "periods": periods,
        "stored": {row.period: row.observation for row in rows if row.observation},
        "corrections": {row.period: row.correction for row in rows if row.correction},
    }
    if not writing:
        form = None
        if may_write(request.user, team_measure.team):
            form = ObservationGridForm(initial=_grid_initial(rows), **grid)
        return _render_grid(request, team_measure, rows, form, breakdown, pages)
    form = ObservationGridForm(request.POST, **grid)
    if not form.is_valid():  # what was typed comes back, on the same months
        return _render_grid(request, team_measure, rows, form, breakdown, pages)
    written = observations_record(
        team_measure=team_measure,
        values=form.values(),
        by=request.user,
        disaggregation=breakdown.value,
    )
    if written:
        note_saved(request, f"Saved {written} value{'s' if written != 1 else ''}.")
    else:
        note_saved(request, "Nothing changed: every value was already saved.")
    then = {"earlier": pages.earlier_end, "later": pages.later_end}.get(request.POST.get("then"))
    return redirect(_grid_url(team_measure, breakdown, then or end))
