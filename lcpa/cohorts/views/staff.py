"""Placeholder until this area is built; every view answers 404."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    raise Http404


invitation_accept_view = _not_built
cohort_list = _not_built
cohort_create_view = _not_built
cohort_dashboard = _not_built
session_create_view = _not_built
cohort_attendance_csv = _not_built
team_manage = _not_built
member_invite = _not_built
module_unlock_view = _not_built
member_remove_view = _not_built
invitation_resend_view = _not_built
attendance_view = _not_built
feedback_results = _not_built
