"""Charts of a team's measures: the files of one chart (SVG, PNG), the team's outcome
dashboard (its measures as small multiples, beside the timeline of its action plan's steps),
and the cohort roll-up of one measure across the cohort's teams with a funnel plot.

Team pages follow the team's measures (`outcomes.access`: its members, program staff, the
people serving its cohort); the roll-up is for program staff and the cohort's experts and
facilitators. Everyone else gets a 404.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts import queries as cohort_queries
from lcpa.cohorts.access import get_team_for_user
from lcpa.outcomes import chart_data
from lcpa.outcomes.access import (
    get_cohort_for_rollup,
    get_team_measure_for_user,
    may_write,
    sees_rollup,
)
from lcpa.outcomes.charts import chart_png, chart_svg, cohort_funnel, measure_chart


def _chart_file(request: HttpRequest, team_id: int, team_measure_id: int):
    team_measure = get_team_measure_for_user(request.user, team_id, team_measure_id)
    chart = measure_chart(team_measure, annotations=chart_data.chart_annotations(team_measure))
    name = slugify(f"{team_measure.team.name} {chart.version.name}")[:80]
    return chart, name


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def team_measure_svg(request: HttpRequest, team_id: int, team_measure_id: int) -> HttpResponse:
    chart, name = _chart_file(request, team_id, team_measure_id)
    return _download(chart_svg(chart.spec), "image/svg+xml", f"{name}.svg")


@login_required
@require_GET
def team_measure_png(request: HttpRequest, team_id: int, team_measure_id: int) -> HttpResponse:
    chart, name = _chart_file(request, team_id, team_measure_id)
    return _download(chart_png(chart.spec), "image/png", f"{name}.png")


@login_required
@require_GET
def team_dashboard(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    chosen = list(chart_data.team_chart_measures(team))
    values = chart_data.chart_observations(chosen)
    notes = chart_data.team_annotations(team)
    charts = [
        measure_chart(
            team_measure,
            observations=values[team_measure.pk],
            annotations=chart_data.annotations_for(notes, team_measure),
        )
        for team_measure in chosen
    ]
    return render(
        request,
        "outcomes/team_dashboard.html",
        {
            "team": team,
            "charts": charts,
            "steps": cohort_queries.team_action_steps(team, today=timezone.localdate()),
            "sees_rollup": sees_rollup(request.user, team.cohort),
            "records_policy": may_write(request.user, team),
        },
    )


@login_required
@require_GET
def cohort_rollup(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_for_rollup(request.user, cohort_id)
    measures = list(chart_data.cohort_measures(cohort))
    code = request.GET.get("measure", "")
    measure = next((m for m in measures if m.code == code), measures[0] if measures else None)
    funnel = None
    if measure is not None:
        chosen = list(chart_data.cohort_team_measures(cohort, measure))
        values = chart_data.chart_observations(chosen)
        charts = [measure_chart(tm, observations=values[tm.pk]) for tm in chosen]
        funnel = cohort_funnel(measure.current, charts, today=timezone.localdate())
    return render(
        request,
        "outcomes/cohort_rollup.html",
        {
            "cohort": cohort,
            "measures": measures,
            "measure": measure,
            "funnel": funnel,
            "staff_nav": "cohorts" if is_program_staff(request.user) else None,
        },
    )
