"""Importing a team's monthly values from a spreadsheet: the upload (with a row-level report
of every problem), the preview of what confirming would create, correct or leave alone, the
confirmation (once, whatever the number of clicks) and the template to start from.

Only the team's writers (its members and program staff) import, as only they use the grid;
anyone else gets a 404. Nothing is stored before the confirmation.
"""

import csv
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.cohorts.access import get_team_for_user
from lcpa.cohorts.models import Team
from lcpa.outcomes import queries
from lcpa.outcomes.access import get_observation_import_for_user
from lcpa.outcomes.forms_import import ObservationImportForm
from lcpa.outcomes.imports import (
    ImportFileError,
    check_rows,
    entries_from_json,
    plan_changes,
    read_rows,
    template_rows,
)
from lcpa.outcomes.models import ObservationImport
from lcpa.outcomes.services import observation_import_confirm, observation_import_prepare

STATUSES = ("created", "corrected", "unchanged")
LEFT_THE_PLAN = (
    "A measure in this file is no longer in your team's plan, so the file was not stored. "
    "Add the measure again or remove its rows, and upload the file again."
)


def _today():
    return timezone.localdate()


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _import_page(request: HttpRequest, team: Team, form, **context) -> HttpResponse:
    return render(
        request,
        "outcomes/import_upload.html",
        {"team": team, "form": form, "chosen": queries.team_measures(team), **context},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def observations_import(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    if request.method != "POST":
        return _import_page(request, team, ObservationImportForm())
    form = ObservationImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, team, form)
    upload = form.cleaned_data["file"]
    try:
        rows = read_rows(upload, form.content_type)
    except ImportFileError as error:
        form.add_error("file", str(error))
        return _import_page(request, team, form)
    chosen = queries.chosen_by_code(team)
    checked = check_rows(
        rows, chosen=chosen, known_codes=queries.measure_codes(team), today=_today()
    )
    if checked.problems:
        return _import_page(
            request,
            team,
            form,
            problems=checked.problems,
            changes=plan_changes(team, checked.entries),
            file_name=upload.name,
        )
    if not checked.entries:
        form.add_error("file", "The file has no values: fill in the numerator column.")
        return _import_page(request, team, form)
    observation_import = observation_import_prepare(
        team=team,
        by=request.user,
        file_name=upload.name,
        content_type=form.content_type,
        sha256=_sha256(upload),
        checked=checked,
    )
    return redirect(
        "outcomes:observations_import_preview",
        team_id=team.pk,
        import_id=observation_import.pk,
    )


def _preview_page(
    request: HttpRequest, observation_import: ObservationImport, *, status: int = 200, **context
) -> HttpResponse:
    return render(
        request,
        "outcomes/import_preview.html",
        {"team": observation_import.team, "observation_import": observation_import, **context},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def observations_import_preview(request: HttpRequest, team_id: int, import_id: int) -> HttpResponse:
    observation_import = get_observation_import_for_user(request.user, team_id, import_id)
    team = observation_import.team
    chosen = queries.chosen_by_code(team)
    if request.method == "POST":
        if "confirm" not in request.POST:
            return _preview_page(
                request,
                observation_import,
                status=400,
                message="Nothing was stored. Use the “Store these values” button to confirm.",
            )
        try:
            stored = observation_import_confirm(
                observation_import=observation_import, chosen=chosen, by=request.user
            )
        except KeyError:
            messages.error(request, LEFT_THE_PLAN)
            return redirect("outcomes:observations_import", team_id=team.pk)
        if stored:
            messages.success(request, f"The values of {observation_import.file_name} are stored.")
        else:
            messages.info(request, "This file was already stored; nothing was stored twice.")
        return redirect(
            "outcomes:observations_import_preview", team_id=team.pk, import_id=observation_import.pk
        )
    if observation_import.status == ObservationImport.Status.CONFIRMED:
        return _preview_page(request, observation_import)
    try:
        entries = entries_from_json(observation_import.rows, chosen)
    except KeyError:
        return _preview_page(request, observation_import, message=LEFT_THE_PLAN)
    changes = plan_changes(team, entries)
    counts = {status: sum(c.status == status for c in changes) for status in STATUSES}
    return _preview_page(request, observation_import, changes=changes, counts=counts)


@login_required
@require_GET
def observations_import_template(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id, write=True)
    period = queries.months_before(_today(), 1)[0]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{slugify(team.name) or 'team'}-values-template.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    csv.writer(response).writerows(template_rows(queries.team_measures(team), period))
    return response
