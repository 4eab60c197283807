"""Briefs: a team's list (with its choice to share results), writing and previewing a brief,
submitting it, staff's decision and queue, and the published brief with its PDF.

Unpublished briefs come through `outcomes.access`: the team's active members, program staff
and the cohort's national experts read them; its members and program staff write them. Anyone
else gets a 404. A published brief is public, like the results page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.decorators import staff_required
from lcpa.accounts.roles import is_program_staff
from lcpa.core.public_cache import public_cached
from lcpa.outcomes import brief_document, briefs, queries
from lcpa.outcomes.access import get_brief_for_user, get_brief_team_for_user, get_published_brief
from lcpa.outcomes.access import may_write as may_write_team
from lcpa.outcomes.forms_briefs import BriefDecisionForm, BriefForm, ResultsSharingForm
from lcpa.outcomes.models import Brief


def _today():
    return timezone.localdate()


@login_required
@require_GET
def team_briefs(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_brief_team_for_user(request.user, team_id)
    can_write = may_write_team(request.user, team)
    shared = queries.shares_results(team)
    plan = queries.team_measures(team)
    shown = [tm for tm in plan if tm.shared] if shared else []
    form = None
    if can_write:
        form = ResultsSharingForm(initial={"measures": shown}, team_measures=plan)
    return render(
        request,
        "outcomes/briefs.html",
        {
            "team": team,
            "briefs": queries.team_briefs(team),
            "can_write": can_write,
            "shared": shared,
            "shown": shown,
            "sharing_form": form,
        },
    )


@login_required
@require_POST
def results_sharing(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_brief_team_for_user(request.user, team_id, write=True)
    form = ResultsSharingForm(request.POST, team_measures=queries.team_measures(team))
    if not form.is_valid():  # a measure that is not in the plan (any more)
        messages.error(request, "A measure you chose is no longer in your plan: choose again.")
        return redirect("outcomes:briefs", team_id=team.pk)
    chosen = list(form.cleaned_data["measures"])
    briefs.results_sharing_set(team=team, shared=bool(chosen), by=request.user, measures=chosen)
    if chosen:
        count = f"{len(chosen)} measure{'s' if len(chosen) != 1 else ''}"
        messages.success(request, f"The public results page now shows {count} of your team.")
    else:
        messages.success(request, "Your team's measures are no longer on the public results page.")
    return redirect("outcomes:briefs", team_id=team.pk)


def _render_form(request: HttpRequest, team, form: BriefForm, brief: Brief | None) -> HttpResponse:
    return render(
        request,
        "outcomes/brief_form.html",
        {"team": team, "form": form, "brief": brief},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def brief_create(request: HttpRequest, team_id: int) -> HttpResponse:
    writing = request.method == "POST"
    team = get_brief_team_for_user(request.user, team_id, write=writing)
    if not writing and not may_write_team(request.user, team):
        return redirect("outcomes:briefs", team_id=team.pk)
    form = BriefForm(request.POST if writing else None, team_measures=queries.team_measures(team))
    if not (writing and form.is_valid()):
        return _render_form(request, team, form, None)
    brief = briefs.brief_create(
        submission_key=form.cleaned_data["submission_key"],
        team=team,
        by=request.user,
        **form.brief_fields(),
    )
    messages.success(request, "Brief saved as a draft. This is how it will look once published.")
    return redirect("outcomes:brief", team_id=team.pk, brief_id=brief.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def brief_edit(request: HttpRequest, team_id: int, brief_id: int) -> HttpResponse:
    writing = request.method == "POST"
    brief = get_brief_for_user(request.user, team_id, brief_id, write=writing)
    if not brief.editable or not may_write_team(request.user, brief.team):
        messages.info(request, "This brief cannot be changed now.")
        return redirect("outcomes:brief", team_id=brief.team.pk, brief_id=brief.pk)
    initial = {name: getattr(brief, name) for name in briefs.BRIEF_FIELDS}
    form = BriefForm(
        request.POST if writing else None,
        initial=initial,
        team_measures=queries.team_measures(brief.team),
    )
    if not (writing and form.is_valid()):
        return _render_form(request, brief.team, form, brief)
    briefs.brief_update(brief=brief, by=request.user, **form.brief_fields())
    messages.success(request, "Brief saved.")
    return redirect("outcomes:brief", team_id=brief.team.pk, brief_id=brief.pk)


def _render_brief(request: HttpRequest, brief: Brief, decision: BriefDecisionForm | None):
    staff = is_program_staff(request.user)
    if decision is None and staff and brief.status == Brief.Status.SUBMITTED:
        decision = BriefDecisionForm()
    return render(
        request,
        "outcomes/brief.html",
        {
            "team": brief.team,
            "brief": brief,
            "view": brief_document.assemble(brief, _today()),
            "can_write": brief.editable and may_write_team(request.user, brief.team),
            "decision": decision,
            "history": queries.brief_history(brief),
        },
    )


@login_required
@require_GET
def brief(request: HttpRequest, team_id: int, brief_id: int) -> HttpResponse:
    return _render_brief(request, get_brief_for_user(request.user, team_id, brief_id), None)


@login_required
@require_POST
def brief_submit(request: HttpRequest, team_id: int, brief_id: int) -> HttpResponse:
    brief = get_brief_for_user(request.user, team_id, brief_id, write=True)
    if brief.editable:
        briefs.brief_submit(brief=brief, by=request.user)
        messages.success(request, "Brief sent to program staff. We will email you their answer.")
    else:
        messages.info(request, "This brief is already with program staff or published.")
    return redirect("outcomes:brief", team_id=brief.team.pk, brief_id=brief.pk)


@staff_required
@require_POST
def brief_decide(request: HttpRequest, team_id: int, brief_id: int) -> HttpResponse:
    brief = get_brief_for_user(request.user, team_id, brief_id, write=True)
    form = BriefDecisionForm(request.POST)
    if brief.status != Brief.Status.SUBMITTED:
        messages.info(request, "This brief is not waiting for approval.")
        return redirect("outcomes:brief", team_id=brief.team.pk, brief_id=brief.pk)
    if not form.is_valid():
        return _render_brief(request, brief, form)
    try:
        if form.cleaned_data["decision"] == "approve":
            briefs.brief_approve(brief=brief, by=request.user)
            messages.success(request, "Brief approved and published. The team was told.")
        else:
            briefs.brief_return(brief=brief, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, "Brief returned to the team with your note.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("outcomes:brief", team_id=brief.team.pk, brief_id=brief.pk)


@staff_required
@require_GET
def staff_briefs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outcomes/staff_briefs.html",
        {"briefs": queries.briefs_waiting_for_approval(), "staff_nav": "briefs"},
    )


def _published_view(brief_slug: str) -> brief_document.BriefView:
    today = _today()
    return public_cached(
        "published-brief",
        brief_slug,
        today,
        build=lambda: brief_document.assemble(get_published_brief(brief_slug), today),
    )


@require_GET
def brief_public(request: HttpRequest, brief_slug: str) -> HttpResponse:
    return render(request, "outcomes/brief_public.html", {"view": _published_view(brief_slug)})


@require_GET
def brief_pdf(request: HttpRequest, brief_slug: str) -> HttpResponse:
    view = _published_view(brief_slug)
    response = HttpResponse(brief_document.render_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{view.filename_stem}.pdf"'
    return response
