"""A team's datasets: the list, one dataset's versions, the upload page (a plain form without
JavaScript; with it, dataset-upload.js sends the file in chunks through the JSON endpoints
below, resuming after a dropped connection), cancelling a version, downloading its original,
mapping its columns (`dataset_mapping.py`) and reading its validation report.

The list and a dataset's page are for the team's active members and program staff; uploading,
the original files and anything else record-level for its data coordinators and program staff
(`outcomes.access`). Everyone else gets a 404.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.outcomes import comparisons, dataset_mapping, datasets, queries
from lcpa.outcomes.access import (
    get_dataset_for_user,
    get_dataset_team_for_user,
    get_dataset_version_for_user,
    may_handle_records,
)
from lcpa.outcomes.analytics import rri
from lcpa.outcomes.analytics.schemas import SchemaError, load_all
from lcpa.outcomes.analytics.warehouse import IngestError, ValidationReport
from lcpa.outcomes.dataset_files import (
    CONTENT_TYPES,
    chunk_count,
    download_name,
    received_chunks,
)
from lcpa.outcomes.dataset_tasks import NOT_COMPUTED
from lcpa.outcomes.forms_datasets import ColumnMappingForm, DatasetBeginForm, DatasetUploadForm
from lcpa.outcomes.models import Dataset, DatasetVersion

# Web Crypto hashes a file held whole in memory: the browser hashes files up to this size and
# leaves larger ones to the server.
BROWSER_HASH_LIMIT = 256 * 1024 * 1024
# A version may be mapped (again) while its file is kept and it is not being processed.
MAPPABLE = (
    DatasetVersion.Status.UPLOADED,
    DatasetVersion.Status.WAITING_FOR_MAPPING,
    DatasetVersion.Status.FAILED,
    DatasetVersion.Status.READY,
)
# A joined file kept (the upload's page follows the version until it is in one of these).
TAKEN_ON = (
    DatasetVersion.Status.WAITING_FOR_MAPPING,
    DatasetVersion.Status.PROCESSING,
    DatasetVersion.Status.READY,
)
# A version in these is in the background task's hands: the dataset's page updates itself.
WORKING = (
    DatasetVersion.Status.JOINING,
    DatasetVersion.Status.UPLOADED,
    DatasetVersion.Status.PROCESSING,
)


@login_required
@require_GET
def standard_columns(request: HttpRequest) -> HttpResponse:
    """The standard columns of each kind of records, from the schema files
    (lcpa/outcomes/analytics/schemas/), for anyone signed in."""
    return render(request, "outcomes/datasets/standard_columns.html", {"schemas": load_all()})


@login_required
@require_GET
def team_datasets(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_dataset_team_for_user(request.user, team_id)
    return render(
        request,
        "outcomes/datasets/list.html",
        {
            "team": team,
            "datasets": queries.team_datasets(team),
            "handles_records": may_handle_records(request.user, team),
        },
    )


def _dataset_page(
    request: HttpRequest, dataset: Dataset, *, status: int = 200, problem: str = ""
) -> HttpResponse:
    versions = list(queries.dataset_versions(dataset))
    return render(
        request,
        "outcomes/datasets/detail.html",
        {
            "team": dataset.team,
            "dataset": dataset,
            "versions": versions,
            "working": [version for version in versions if version.status in WORKING],
            "handles_records": may_handle_records(request.user, dataset.team),
            "takes_comparison": comparisons.has_comparison(dataset.kind),
            "cancellable": datasets.CANCELLABLE,
            "mappable": MAPPABLE,
            "problem": problem,
        },
        status=status,
    )


@login_required
@require_GET
def dataset(request: HttpRequest, team_id: int, dataset_id: int) -> HttpResponse:
    return _dataset_page(request, get_dataset_for_user(request.user, team_id, dataset_id))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dataset_upload(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_dataset_team_for_user(request.user, team_id, records=True)
    initial = {}
    if (dataset_id := request.GET.get("dataset", "")).isdigit():
        chosen = get_dataset_for_user(request.user, team.pk, int(dataset_id))
        initial = {"kind": chosen.kind, "name": chosen.name}
    form = DatasetUploadForm(initial=initial)
    existing = None
    if request.method == "POST":
        form = DatasetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = datasets.dataset_upload_file(
                    team=team,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    upload=form.cleaned_data["file"],
                    by=request.user,
                )
            except datasets.UploadProblem as problem:
                form.add_error("file", problem.message)
                existing = problem.existing
            else:
                messages.success(request, _uploaded_message(version))
                return redirect("outcomes:dataset", team_id=team.pk, dataset_id=version.dataset_id)
    return render(
        request,
        "outcomes/datasets/upload.html",
        {"team": team, "form": form, "hash_limit": BROWSER_HASH_LIMIT, "existing": existing},
    )


def _uploaded_message(version: DatasetVersion) -> str:
    uploaded = f"{version.original_name} is uploaded as version {version.number} of "
    uploaded += f"{version.dataset.name}. "
    if dataset_mapping.confirmed_mapping(version.dataset.team, version.dataset.kind) is None:
        return uploaded + (
            "Next, match its columns to the standard ones: this page links to the matching "
            "as soon as the file is read."
        )
    return uploaded + (
        "It is being read: if it has the same columns as your team’s earlier file of this kind, "
        "it is processed with the same mapping; otherwise this page asks you to match them."
    )


def _existing_url(version: DatasetVersion | None) -> str:
    """The page of the version that holds the same file (its dataset's page)."""
    if version is None:
        return ""
    return reverse("outcomes:dataset", args=[version.dataset.team_id, version.dataset_id])


def _upload_state(version: DatasetVersion) -> dict:
    team_id, pk = version.dataset.team.pk, version.pk
    waiting = version.status == DatasetVersion.Status.WAITING_FOR_MAPPING
    return {
        "id": pk,
        "status": version.status,
        "status_message": version.status_message,
        "joined_bytes": version.joined_bytes,
        "mapping_url": reverse("outcomes:dataset_mapping", args=[team_id, pk]) if waiting else "",
        "existing_url": _existing_url(version.duplicate_of),
        "size": version.size,
        "chunk_size": version.chunk_size,
        "chunk_count": chunk_count(version.size, version.chunk_size),
        "received": received_chunks(default_storage, version.storage_key)
        if version.status == DatasetVersion.Status.UPLOADING
        else [],
        "status_url": reverse("outcomes:dataset_upload_status", args=[team_id, pk]),
        # Chunk n is PUT to chunks_url + "n/".
        "chunks_url": reverse("outcomes:dataset_upload_chunk", args=[team_id, pk, 0])[:-2],
        "finish_url": reverse("outcomes:dataset_upload_finish", args=[team_id, pk]),
        "cancel_url": reverse("outcomes:dataset_version_cancel", args=[team_id, pk]),
        "dataset_url": reverse("outcomes:dataset", args=[team_id, version.dataset_id]),
    }


def _problem_response(problem: datasets.UploadProblem) -> JsonResponse:
    return JsonResponse(
        {
            "error": problem.message,
            "missing": problem.missing,
            "existing_url": _existing_url(problem.existing),
        },
        status=problem.status,
    )


@login_required
@require_POST
def dataset_upload_begin(request: HttpRequest, team_id: int) -> JsonResponse:
    team = get_dataset_team_for_user(request.user, team_id, records=True)
    form = DatasetBeginForm(request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in found] for name, found in form.errors.items()}
        first = next(iter(errors.values()))[0]
        return JsonResponse({"error": first, "errors": errors}, status=400)
    try:
        version = datasets.dataset_upload_begin(team=team, by=request.user, **form.cleaned_data)
    except datasets.UploadProblem as problem:
        return _problem_response(problem)
    version.dataset.team = team
    return JsonResponse(_upload_state(version), status=201)


@login_required
@require_GET
def dataset_upload_status(request: HttpRequest, team_id: int, version_id: int) -> JsonResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    if request.GET.get("joined") and version.status in TAKEN_ON:
        # Said once the file is kept, on the page the upload goes to next; a file refused
        # meanwhile leaves no "arrived" behind for a later page.
        messages.success(
            request,
            f"{version.original_name} arrived as version {version.number} of "
            f"{version.dataset.name}. It is joined and checked; next, its columns are matched "
            "to the standard ones.",
        )
    return JsonResponse(_upload_state(version))


@login_required
@require_http_methods(["PUT"])
def dataset_upload_chunk(
    request: HttpRequest, team_id: int, version_id: int, number: int
) -> JsonResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        received = datasets.dataset_chunk_store(
            version=version, number=number, stream=request, length=length
        )
    except datasets.UploadProblem as problem:
        return _problem_response(problem)
    return JsonResponse({"received": received})


@login_required
@require_POST
def dataset_upload_finish(request: HttpRequest, team_id: int, version_id: int) -> JsonResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    team = version.dataset.team
    try:
        version = datasets.dataset_upload_finish(version=version)
    except datasets.UploadProblem as problem:
        return _problem_response(problem)
    version.dataset.team = team
    return JsonResponse(_upload_state(version))


@login_required
@require_POST
def dataset_version_cancel(request: HttpRequest, team_id: int, version_id: int) -> HttpResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    dataset = version.dataset
    if request.POST.get("confirm") != "yes":
        return _dataset_page(
            request,
            dataset,
            status=400,
            problem="Nothing was cancelled. Use the “Cancel this version” button to cancel.",
        )
    try:
        datasets.dataset_version_cancel(version=version)
    except datasets.UploadProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(request, f"Version {version.number} of {dataset.name} is cancelled.")
    return redirect("outcomes:dataset", team_id=dataset.team.pk, dataset_id=dataset.pk)


@login_required
@require_GET
def dataset_original(request: HttpRequest, team_id: int, version_id: int) -> FileResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    if not version.original:
        raise Http404
    try:
        handle = version.original.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(version.original_name, version.file_type),
        content_type=CONTENT_TYPES[version.file_type],
    )
    # Never rendered as a page of this site (nosniff comes from SecurityMiddleware).
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _posted_mapping(request: HttpRequest) -> dict[str, str] | None:
    if request.method != "POST":
        return None
    prefix = "column_"
    return {
        name[len(prefix) :]: value
        for name, value in request.POST.items()
        if name.startswith(prefix) and value
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dataset_mapping_page(request: HttpRequest, team_id: int, version_id: int) -> HttpResponse:
    """Match the version's columns to the standard ones, and its coded values to standard
    values; saving queues the records' processing."""
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    team = version.dataset.team
    back = redirect("outcomes:dataset", team_id=team.pk, dataset_id=version.dataset_id)
    if version.status not in MAPPABLE or not version.original:
        messages.info(request, f"Version {version.number} cannot be mapped now.")
        return back
    level = request.POST.get("level") or request.GET.get("level", "")
    try:
        screen = dataset_mapping.screen(version, level=level, chosen=_posted_mapping(request))
    except SchemaError:
        raise Http404 from None
    except IngestError as error:
        messages.error(request, str(error))
        return back
    form = ColumnMappingForm(request.POST if request.method == "POST" else None, screen=screen)
    if request.method == "POST" and form.is_valid():
        confirmed = dataset_mapping.column_mapping_confirm(
            version=version,
            level=screen.level,
            mapping=form.mapping(),
            value_mappings=form.value_mappings(),
            keep=form.cleaned_data["keep"],
            columns=screen.preview.columns,
            by=request.user,
        )
        messages.success(
            request,
            f"The mapping is saved. Version {version.number} is being checked; its measures "
            f"appear when it is ready.{_others_checked_again(confirmed.others)}",
        )
        return back
    return render(
        request,
        "outcomes/datasets/mapping.html",
        {
            "team": team,
            "dataset": version.dataset,
            "version": version,
            "screen": screen,
            "form": form,
            "column_rows": [(row, form[f"column_{row.column.name}"]) for row in screen.columns],
            "value_rows": [
                (row, form[f"source_{row.column.name}"], form.value_fields(row.column.name))
                for row in screen.values
            ],
        },
    )


def _others_checked_again(others: list[DatasetVersion]) -> str:
    """The message's sentence on the other versions processed again ("" when none)."""
    if not others:
        return ""
    names = " and ".join(dict.fromkeys(other.dataset.name for other in others))
    files = "1 other file" if len(others) == 1 else f"{len(others)} other files"
    verb = "is" if len(others) == 1 else "are"
    return f" {files} of {names} {verb} being checked again with this mapping."


def _report(version: DatasetVersion) -> ValidationReport | None:
    return ValidationReport.from_dict(version.report) if version.report else None


def _file_columns(version: DatasetVersion) -> dict[str, str]:
    """{standard column: the column of the file it was read from} of the version's mapping."""
    used = (version.report or {}).get(dataset_mapping.MAPPING_USED) or {}
    return {name: source for name, source in used.get("mapping", {}).items() if source}


def _with_file_columns(text: str, columns: dict[str, str]) -> str:
    """`text` (a reason of the report) with each standard column it names followed by the
    file's column it was read from: what the coordinator sees in their own export."""
    if not columns:
        return text
    names = "|".join(re.escape(name) for name in sorted(columns, key=len, reverse=True))
    return re.sub(rf"\b({names})\b", lambda m: f"{m[1]} (your column “{columns[m[1]]}”)", text)


@login_required
@require_GET
def dataset_report(request: HttpRequest, team_id: int, version_id: int) -> HttpResponse:
    """What processing the version read, kept and rejected, and why."""
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    report, columns = _report(version), _file_columns(version)
    return render(
        request,
        "outcomes/datasets/report.html",
        {
            "team": version.dataset.team,
            "dataset": version.dataset,
            "version": version,
            "report": report,
            "reasons": [
                (_with_file_columns(r.reason, columns), r) for r in getattr(report, "rejected", [])
            ],
            "missing": [
                (name, columns.get(name, ""), share)
                for name, share in getattr(report, "missing_share", {}).items()
            ],
            "comparison": comparisons.version_comparison(version),
            "handles_records": True,
            "rri_years": rri.table_from_dict((version.report or {}).get(rri.REPORT_KEY, [])),
            "rri_min_base": rri.MIN_BASE,
            "not_computed": (version.report or {}).get(NOT_COMPUTED, {}),
            "new_call_types": sorted(
                (version.report or {})
                .get(dataset_mapping.NEW_CALL_TYPES, {})
                .get("call_category", {})
                .items()
            ),
        },
    )


@login_required
@require_GET
def dataset_report_csv(request: HttpRequest, team_id: int, version_id: int) -> HttpResponse:
    version = get_dataset_version_for_user(request.user, team_id, version_id, records=True)
    report = _report(version)
    if report is None:
        return redirect("outcomes:dataset_report", team_id=team_id, version_id=version_id)
    response = HttpResponse(report.to_csv(), content_type="text/csv; charset=utf-8")
    name = f"validation-report-version-{version.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
