"""The expert's start page and a team's guidance page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lcpa.guidance import queries
from lcpa.guidance.access import get_team_for_guidance, is_team_member, sees_expert_home


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not sees_expert_home(request.user):
        raise Http404
    return render(request, "guidance/home.html", queries.expert_home(request.user))


@login_required
@require_GET
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_guidance(request.user, team_id)
    member = is_team_member(request.user, team)
    return render(
        request,
        "guidance/team.html",
        {
            "team": team,
            "member": member,
            "questions": queries.team_questions(request.user, team),
            "bookings": queries.team_bookings(request.user, team),
            "cases": queries.team_cases(request.user, team),
            "slots": queries.cohort_open_slots(team.cohort_id) if member else [],
        },
    )
