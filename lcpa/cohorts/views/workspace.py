"""The team workspace: the five modules as a path, module pages with the team's deliverable,
the action plan (page, PDF, Word), and what the cohort's teams share with each other.

Every team page fetches the team through access.get_team_for_user: members of other teams,
members of other cohorts and removed members get a 404; visitors are sent to sign in.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.models import User
from lcpa.accounts.roles import is_program_staff, supports_cohorts
from lcpa.cohorts import actionplan, queries
from lcpa.cohorts.access import (
    active_membership,
    get_deliverable_file_for_user,
    get_membership_for_user,
    get_shared_deliverable_for_user,
    get_team_for_user,
    is_reviewer,
)
from lcpa.cohorts.forms_deliverable import (
    DeliverableForm,
    PromptItem,
    prompt_anchor,
)
from lcpa.cohorts.models import CohortModule, Deliverable, Team
from lcpa.cohorts.services import (
    EDITABLE_STATUSES,
    CohortError,
    DeliverableConflict,
    deliverable_file_attach,
    deliverable_save,
    deliverable_share,
    deliverable_submit,
    membership_contact_share,
    missing_answers,
)
from lcpa.cohorts.uploads import ALLOWED_FILES, upload_response
from lcpa.core.notes import note_saved


def _can_write(request: HttpRequest, team: Team) -> bool:
    """Current members and program staff edit a team's drafts; experts and TA only read."""
    return bool(is_program_staff(request.user) or active_membership(request.user, team))


@login_required
@require_GET
def my_teams(request: HttpRequest) -> HttpResponse:
    teams = queries.member_teams(request.user)
    cohorts = queries.served_cohorts(request.user)
    if len(teams) == 1 and not cohorts:
        return redirect("cohorts:workspace", team_id=teams[0].pk)
    return render(
        request,
        "cohorts/workspace/my_teams.html",
        {
            "teams": teams,
            "cohorts": cohorts,
            "is_reviewer": is_reviewer(request.user),
            "heading": _my_teams_heading(request.user, has_teams=bool(teams)),
        },
    )


def _my_teams_heading(user: User, *, has_teams: bool) -> str:
    """Named after what the page holds for this person: their teams, or the cohorts they see."""
    if has_teams:
        return "Your teams"
    if is_program_staff(user):
        return "All cohorts"
    if supports_cohorts(user):
        return "Cohorts you support"
    return "Your workspace"


@login_required
@require_GET
def team_workspace(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    steps = queries.team_module_steps(team)
    return render(
        request,
        "cohorts/workspace/workspace.html",
        {
            "team": team,
            "steps": steps,
            "due": [step for step in steps if step.is_due],
            "next_session": queries.team_next_session(team),
            "roster": queries.team_roster(team),
            "peers": queries.cohort_peer_teams(team),
            "shared": queries.cohort_shared_deliverables(team),
            "can_write": _can_write(request, team),
        },
    )


@login_required
@require_GET
def cohort_peers(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    return render(
        request,
        "cohorts/workspace/peers.html",
        {
            "team": team,
            "peers": queries.cohort_peer_teams(team),
            "shared": queries.cohort_shared_deliverables(team),
            # The viewer's own place on this team, where they choose to share their contact
            # details (staff, experts and TA providers have none).
            "my_membership": active_membership(request.user, team),
        },
    )


SHARE_ANSWERS = {"yes": True, "no": False}


@login_required
@require_POST
def membership_contact_share_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk, write=True)
    share = SHARE_ANSWERS.get(request.POST.get("share", ""))
    if share is None:
        return HttpResponseBadRequest("Choose whether to share your contact details.")
    membership_contact_share(membership=membership, share=share, by=request.user)
    cohort = membership.team.cohort
    messages.success(
        request,
        f"The other teams in {cohort} now see your contact details."
        if share
        else f"Your contact details are no longer shown to the other teams in {cohort}.",
    )
    return redirect(reverse("cohorts:peers", args=[membership.team_id]) + "#contact")


# ---------------------------------------------------------------------------------------------
# Module page and the deliverable
# ---------------------------------------------------------------------------------------------


@dataclass
class ModulePage:
    """What a module page is about: the team, its path and this module's step."""

    team: Team
    steps: list[queries.ModuleStep]
    step: queries.ModuleStep
    can_write: bool

    @property
    def module(self) -> CohortModule:
        return self.step.module

    @property
    def deliverable(self) -> Deliverable | None:
        return self.step.deliverable

    @property
    def prompts(self) -> list[dict]:
        return self.module.prompts

    @property
    def is_editable(self) -> bool:
        return (
            self.can_write
            and self.step.is_open
            and (self.deliverable is None or self.deliverable.status in EDITABLE_STATUSES)
        )

    @property
    def url(self) -> str:
        return reverse("cohorts:module", args=[self.team.pk, self.module.number])

    def blank_form(self) -> DeliverableForm:
        return DeliverableForm(
            self.prompts, answers=self.deliverable.answers if self.deliverable else {}
        )

    def bound_form(self, request: HttpRequest, *, add_row_to: str = "") -> DeliverableForm:
        return DeliverableForm(
            self.prompts,
            answers=self.deliverable.answers if self.deliverable else {},
            add_row_to=add_row_to,
            data=request.POST,
            files=request.FILES,
        )


def _module_page(request: HttpRequest, team_id: int, number: int, *, write: bool) -> ModulePage:
    team = get_team_for_user(request.user, team_id, write=write)
    steps = queries.team_module_steps(team)
    step = next((step for step in steps if step.number == number), None)
    if step is None:
        raise Http404
    return ModulePage(
        team=team, steps=steps, step=step, can_write=write or _can_write(request, team)
    )


def _earlier_answers(page: ModulePage) -> dict[str, tuple[queries.ModuleStep, actionplan.Answer]]:
    """Answers from earlier modules that this module's prompts refer to, by prompt key."""
    wanted = {prompt.get("refers_to") for prompt in page.prompts} - {"", None}
    if not wanted:
        return {}
    files = queries.team_files_by_module(page.team)
    found = {}
    for step in page.steps:
        if step.number >= page.module.number:
            break
        answers = step.deliverable.answers if step.deliverable else {}
        for answer in actionplan.answers_for(
            step.module.prompts, answers, files.get(step.number, [])
        ):
            if answer.key in wanted:
                found[answer.key] = (step, answer)
    return found


def _render_module(
    request: HttpRequest,
    page: ModulePage,
    *,
    form: DeliverableForm | None = None,
    status: int = 200,
    version: int | None = None,
    **extra: Any,
) -> HttpResponse:
    """The module page. `version` is the one the form carries: the posted one when the page
    shows a post again, so a save in between is still detected."""
    deliverable = page.deliverable
    files = queries.deliverable_files(deliverable)
    editable = page.is_editable and not extra.get("refusal")
    items: list[PromptItem] = []
    if editable:
        form = form or page.blank_form()
        earlier = _earlier_answers(page)
        conflict = {answer.key: answer for answer in extra.get("conflict_answers", [])}
        for item in form.items():
            item.files = [file for file in files if file.prompt_key == item.key]
            item.earlier = earlier.get(item.prompt.get("refers_to") or "")
            item.conflict = conflict.get(item.key)
            items.append(item)
    reviews = queries.deliverable_reviews(deliverable)
    context = {
        "team": page.team,
        "page": page,
        "step": page.step,
        "module": page.module,
        "deliverable": deliverable,
        "editable": editable,
        "form": form if editable else None,
        "items": items,
        "answers": actionplan.answers_for(
            page.prompts, deliverable.answers if deliverable else {}, files
        ),
        "version": version if version is not None else (deliverable.version if deliverable else 0),
        "reviews": reviews,
        "latest_review": reviews[0] if reviews else None,
        "history": queries.deliverable_history(deliverable),
        "resources": queries.module_resources(page.module),
        "sessions": queries.module_sessions(page.module),
        "previous_step": next(
            (step for step in page.steps if step.number == page.module.number - 1), None
        ),
        "allowed_files": ALLOWED_FILES,
        # (anchor, message) for the error summary.
        "error_links": [
            (item.anchor, f"{item.prompt['label']}: {error}")
            for item in items
            for error in item.errors
        ],
        **extra,
    }
    return render(request, "cohorts/workspace/module.html", context, status=status)


def _posted_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _save_answers(request: HttpRequest, page: ModulePage) -> Deliverable | HttpResponse:
    """Save the posted answers and files; the saved deliverable, or the page explaining why
    nothing was saved (invalid answers, a newer save by someone else, a locked module)."""
    form = page.bound_form(request)
    if not form.is_valid():
        return _render_module(
            request, page, form=form, status=400, version=_posted_version(request)
        )
    current = page.deliverable.answers if page.deliverable else {}
    try:
        with transaction.atomic():
            saved = deliverable_save(
                team=page.team,
                module=page.module,
                answers={**current, **form.answers()},
                base_version=_posted_version(request),
                by=request.user,
            )
            for key, upload, content_type in form.uploads():
                deliverable_file_attach(
                    deliverable=saved,
                    prompt_key=key,
                    upload=upload,
                    content_type=content_type,
                    by=request.user,
                )
    except DeliverableConflict as conflict:
        theirs = conflict.current
        mine = form.answers()
        page.step = _with_deliverable(page.step, theirs)
        return _render_module(
            request,
            page,
            form=form,
            status=409,
            conflict=theirs,
            conflict_message=str(conflict),
            conflict_answers=[
                answer
                for answer in actionplan.answers_for(page.prompts, theirs.answers)
                if not answer.is_file and answer.value != mine.get(answer.key)
            ],
            dropped_files=[upload.name for _key, upload, _type in form.uploads()],
        )
    except CohortError as error:
        return _render_module(request, page, status=409, refusal=str(error))
    return saved


def _with_deliverable(step: queries.ModuleStep, deliverable: Deliverable) -> queries.ModuleStep:
    return queries.ModuleStep(
        module=step.module, state=step.state, deliverable=deliverable, today=step.today
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def module_page(request: HttpRequest, team_id: int, number: int) -> HttpResponse:
    if request.method != "POST":
        return _render_module(request, _module_page(request, team_id, number, write=False))
    page = _module_page(request, team_id, number, write=True)
    if not page.step.is_open:
        return _render_module(request, page, status=409, refusal=_locked_reason(page))
    add_row_to = request.POST.get("add_row", "")
    if add_row_to:
        # "Add a row" without JavaScript: show the same answers with one more row, unsaved.
        form = page.bound_form(request, add_row_to=add_row_to)
        return _render_module(
            request, page, form=form, version=_posted_version(request), added_row_to=add_row_to
        )
    result = _save_answers(request, page)
    if isinstance(result, HttpResponse):
        return result
    note_saved(request, "Your draft is saved.")
    return redirect(page.url)


def _locked_reason(page: ModulePage) -> str:
    number = page.module.number
    return (
        f"Module {number} opens when your team submits the module {number - 1} deliverable. "
        "Nothing was saved."
    )


@login_required
@require_POST
def deliverable_submit_view(request: HttpRequest, team_id: int, number: int) -> HttpResponse:
    page = _module_page(request, team_id, number, write=True)
    if not page.step.is_open:
        return _render_module(request, page, status=409, refusal=_locked_reason(page))
    if "version" in request.POST:
        # "Save and submit": the form's answers are saved first, with the same checks.
        result = _save_answers(request, page)
        if isinstance(result, HttpResponse):
            return result
        page.step = _with_deliverable(page.step, result)
    deliverable = page.deliverable
    if deliverable is None:
        labels = [prompt["label"] for prompt in page.prompts if prompt.get("required")]
        if not labels:
            return _render_module(
                request, page, status=400, problem="Save your answers before you submit them."
            )
    else:
        labels = missing_answers(deliverable, page.prompts)
    if labels:
        missing = [
            (prompt_anchor(prompt), prompt["label"])
            for prompt in page.prompts
            if prompt["label"] in set(labels)
        ]
        return _render_module(
            request,
            page,
            status=400,
            missing=missing,
            missing_heading="Answer this question before you submit"
            if len(missing) == 1
            else f"Answer these {len(missing)} questions before you submit",
        )
    try:
        deliverable_submit(deliverable=deliverable, by=request.user)
    except CohortError as error:
        return _render_module(request, page, status=409, refusal=str(error))
    following = next((step for step in page.steps if step.number == number + 1), None)
    note = f" Module {number + 1} is open now." if following else ""
    messages.success(request, f"You submitted {page.module.deliverable_name} for review.{note}")
    return redirect(page.url)


@login_required
@require_POST
def deliverable_share_view(request: HttpRequest, team_id: int, number: int) -> HttpResponse:
    page = _module_page(request, team_id, number, write=True)
    if page.deliverable is None:
        raise Http404
    shared = request.POST.get("shared") == "1"
    deliverable_share(deliverable=page.deliverable, shared=shared, by=request.user)
    messages.success(
        request,
        "The other teams in your cohort can now read this deliverable."
        if shared
        else "This deliverable is private to your team again.",
    )
    return redirect(page.url + "#sharing")


@login_required
@require_GET
def deliverable_file(request: HttpRequest, team_id: int, file_id: int) -> FileResponse:
    team = get_team_for_user(request.user, team_id)
    stored = get_deliverable_file_for_user(request.user, team, file_id)
    return upload_response(
        stored.file, original_name=stored.original_name, content_type=stored.content_type
    )


# ---------------------------------------------------------------------------------------------
# Action plan
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def action_plan(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    return render(
        request,
        "cohorts/workspace/action_plan.html",
        {"team": team, "plan": actionplan.assemble(team)},
    )


@login_required
@require_GET
def action_plan_pdf(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    plan = actionplan.assemble(team)
    response = HttpResponse(actionplan.render_pdf(plan), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{plan.filename_stem}.pdf"'
    return response


@login_required
@require_GET
def action_plan_doc(request: HttpRequest, team_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    plan = actionplan.assemble(team)
    response = HttpResponse(actionplan.render_docx(plan), content_type=actionplan.DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{plan.filename_stem}.docx"'
    return response


# ---------------------------------------------------------------------------------------------
# What other teams share
# ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def shared_deliverable(request: HttpRequest, team_id: int, deliverable_id: int) -> HttpResponse:
    team = get_team_for_user(request.user, team_id)
    deliverable = get_shared_deliverable_for_user(request.user, team, deliverable_id)
    module = deliverable.module
    return render(
        request,
        "cohorts/workspace/shared_deliverable.html",
        {
            "team": team,
            "deliverable": deliverable,
            "module": module,
            "answers": actionplan.answers_for(
                module.prompts, deliverable.answers, queries.deliverable_files(deliverable)
            ),
        },
    )
