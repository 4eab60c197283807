"""Program staff's progress scores: every team's latest score beside the one the evidence
suggests, and one team's page to set the month's score, with its history."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.accounts.decorators import staff_required
from lcpa.cohorts.access import get_team_for_user, teams_for_user
from lcpa.outcomes import queries
from lcpa.outcomes.forms_progress import ProgressScoreForm
from lcpa.outcomes.progress import level, suggest
from lcpa.outcomes.services import progress_score_set


@staff_required
@require_GET
def staff_progress(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    teams = list(teams_for_user(request.user).select_related("cohort").order_by("cohort", "name"))
    evidence = queries.progress_evidence(teams)
    latest = queries.latest_progress_scores(teams)
    rows = [
        {
            "team": team,
            "score": latest.get(team.pk),
            "suggested": suggest(evidence[team.pk], today).level,
        }
        for team in teams
    ]
    return render(request, "outcomes/staff_progress.html", {"staff_nav": "progress", "rows": rows})


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def staff_team_progress(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=request.method == "POST")
    today = timezone.localdate()
    form = ProgressScoreForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        progress_score_set(
            team=team, month=data["month"], score=data["score"], note=data["note"], by=request.user
        )
        messages.success(request, f"Scored {team.name} {data['score']} for {data['month']:%B %Y}.")
        return redirect("outcomes:staff_team_progress", team_id=team.pk)
    scores = queries.team_progress_scores(team)
    return render(
        request,
        "outcomes/staff_team_progress.html",
        {
            "staff_nav": "progress",
            "team": team,
            "form": form,
            "suggestion": suggest(queries.progress_evidence([team])[team.pk], today),
            "scores": [(score, level(score.score)) for score in scores],
            "changes": queries.progress_score_changes(team),
        },
        status=400 if request.method == "POST" else 200,
    )
