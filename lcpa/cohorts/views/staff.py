"""Program staff's cohort pages and the invitation page, gathered for the URL map.

The views live in staff_cohorts (list, new cohort, editing a cohort, dashboard, history, scheduling,
attendance CSV),
staff_teams (roster, invitations, removal, unlocks), staff_enrol (a registration becomes a
team), staff_sessions (attendance, feedback results) and staff_invitations (accepting an
invitation). Three newer modules are routed directly: staff_session_changes (edit, move, cancel,
delete a session), staff_removals (withdraw an invitation, unenrol a team) and staff_warnings
(check-ins and emails on early-warning flags).
"""

from lcpa.cohorts.views.staff_cohorts import (
    cohort_attendance_csv,
    cohort_create_view,
    cohort_dashboard,
    cohort_edit_view,
    cohort_history_view,
    cohort_list,
    session_create_view,
)
from lcpa.cohorts.views.staff_enrol import registration_enrol
from lcpa.cohorts.views.staff_invitations import invitation_accept_view
from lcpa.cohorts.views.staff_sessions import attendance_view, feedback_results
from lcpa.cohorts.views.staff_teams import (
    invitation_resend_view,
    member_invite,
    member_remove_view,
    module_unlock_view,
    team_manage,
)

__all__ = [
    "attendance_view",
    "cohort_attendance_csv",
    "cohort_create_view",
    "cohort_dashboard",
    "cohort_edit_view",
    "cohort_history_view",
    "cohort_list",
    "feedback_results",
    "invitation_accept_view",
    "invitation_resend_view",
    "member_invite",
    "member_remove_view",
    "module_unlock_view",
    "registration_enrol",
    "session_create_view",
    "team_manage",
]
