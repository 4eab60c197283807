"""Naming a shootings dataset's difference-in-differences design (domain-metrics C3): the
intervention area, the comparison area and the start date, for the team's data coordinators
and program staff, before they look at outcomes. Every change is kept and shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lcpa.outcomes import comparisons
from lcpa.outcomes.access import get_dataset_for_user
from lcpa.outcomes.forms_comparison import ComparisonForm


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dataset_comparison(request: HttpRequest, team_id: int, dataset_id: int) -> HttpResponse:
    dataset = get_dataset_for_user(request.user, team_id, dataset_id, records=True)
    if not comparisons.has_comparison(dataset.kind):
        raise Http404
    initial = {
        "intervention_area": dataset.intervention_area,
        "comparison_area": dataset.comparison_area,
        "starts_on": dataset.intervention_starts_on,
    }
    form = ComparisonForm(request.POST if request.method == "POST" else None, initial=initial)
    first_results = comparisons.first_results_at(dataset)
    if request.method == "POST" and form.is_valid():
        comparisons.comparison_choose(
            dataset=dataset,
            intervention_area=form.cleaned_data["intervention_area"],
            comparison_area=form.cleaned_data["comparison_area"],
            starts_on=form.cleaned_data["starts_on"],
            by=request.user,
        )
        messages.success(request, "The comparison is saved. Every change to it is kept.")
        return redirect("outcomes:dataset", team_id=dataset.team.pk, dataset_id=dataset.pk)
    return render(
        request,
        "outcomes/datasets/comparison.html",
        {
            "team": dataset.team,
            "dataset": dataset,
            "form": form,
            "choices": comparisons.design_choices(dataset),
            "first_results": first_results,
        },
    )
