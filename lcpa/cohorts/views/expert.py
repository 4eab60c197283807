"""Expert review: the queue of submitted deliverables and the review page (accept, or ask for
changes with comments). Experts and facilitators see their cohorts only; program staff see all.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from lcpa.cohorts import actionplan, queries
from lcpa.cohorts.access import get_deliverable_for_review, sees_review_queue
from lcpa.cohorts.forms_deliverable import ReviewForm
from lcpa.cohorts.models import Deliverable
from lcpa.cohorts.services import CohortError, deliverable_review
from lcpa.core.forms import add_service_error


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    if not sees_review_queue(request.user):
        raise Http404
    return render(
        request, "cohorts/expert/review_queue.html", {"items": queries.review_queue(request.user)}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def deliverable_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    deliverable = get_deliverable_for_review(request.user, pk)
    module = deliverable.module
    can_review = deliverable.status == Deliverable.Status.SUBMITTED
    form = None
    if can_review:
        form = ReviewForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form is None:
            status = 409
            messages.error(request, "This deliverable is not waiting for a review any more.")
        elif form.is_valid():
            try:
                review = deliverable_review(
                    deliverable=deliverable,
                    reviewer=request.user,
                    decision=form.cleaned_data["decision"],
                    comments=form.cleaned_data["comments"].strip(),
                )
            except CohortError as error:
                add_service_error(form, error)
            else:
                outcome = "accepted" if review.decision == review.Decision.ACCEPT else "sent back"
                messages.success(
                    request,
                    f"You {outcome} {deliverable.team}'s {module.deliverable_name}. "
                    "The team has been emailed.",
                )
                return redirect("cohorts:review_queue")
        if form is not None and form.errors:
            status = 400
    return render(
        request,
        "cohorts/expert/review.html",
        {
            "deliverable": deliverable,
            "team": deliverable.team,
            "module": module,
            "form": form,
            "answers": actionplan.answers_for(
                module.prompts, deliverable.answers, queries.deliverable_files(deliverable)
            ),
            "reviews": queries.deliverable_reviews(deliverable),
            "status_label": queries.MODULE_STATUS_LABELS[deliverable.status],
        },
        status=status,
    )
