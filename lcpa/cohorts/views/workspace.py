"""Placeholder until this area is built; every view answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404


my_teams = _not_built
team_workspace = _not_built
module_page = _not_built
deliverable_submit_view = _not_built
deliverable_share_view = _not_built
deliverable_file = _not_built
action_plan = _not_built
action_plan_pdf = _not_built
action_plan_doc = _not_built
cohort_peers = _not_built
shared_deliverable = _not_built
