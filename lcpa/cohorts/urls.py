from django.urls import path

from lcpa.cohorts.views import (
    expert,
    sessions,
    staff,
    staff_removals,
    staff_session_changes,
    staff_warnings,
    steps,
    workspace,
)

app_name = "cohorts"

workspace_urlpatterns = [
    path("workspace/", workspace.my_teams, name="my_teams"),
    path("teams/<int:team_id>/", workspace.team_workspace, name="workspace"),
    path("teams/<int:team_id>/modules/<int:number>/", workspace.module_page, name="module"),
    path(
        "teams/<int:team_id>/modules/<int:number>/submit/",
        workspace.deliverable_submit_view,
        name="deliverable_submit",
    ),
    path(
        "teams/<int:team_id>/modules/<int:number>/share/",
        workspace.deliverable_share_view,
        name="deliverable_share",
    ),
    path(
        "teams/<int:team_id>/files/<int:file_id>/",
        workspace.deliverable_file,
        name="deliverable_file",
    ),
    path("teams/<int:team_id>/action-plan/", workspace.action_plan, name="action_plan"),
    path("teams/<int:team_id>/action-plan.pdf", workspace.action_plan_pdf, name="action_plan_pdf"),
    path("teams/<int:team_id>/action-plan.doc", workspace.action_plan_doc, name="action_plan_doc"),
    path("teams/<int:team_id>/action-plan/steps/", steps.action_steps, name="action_steps"),
    path(
        "teams/<int:team_id>/action-plan/steps/<int:step_id>/",
        steps.action_step_edit,
        name="action_step_edit",
    ),
    path("teams/<int:team_id>/peers/", workspace.cohort_peers, name="peers"),
    path(
        "memberships/<int:pk>/contact-sharing/",
        workspace.membership_contact_share_view,
        name="membership_contact_share",
    ),
    path(
        "teams/<int:team_id>/shared/<int:deliverable_id>/",
        workspace.shared_deliverable,
        name="shared_deliverable",
    ),
]

expert_urlpatterns = [
    path("reviews/", expert.review_queue, name="review_queue"),
    path("reviews/<int:pk>/", expert.deliverable_review_view, name="deliverable_review"),
]

session_urlpatterns = [
    path("sessions/", sessions.session_list, name="session_list"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/event.ics", sessions.session_ics, name="session_ics"),
    path("sessions/<int:pk>/feedback/", sessions.session_feedback, name="session_feedback"),
    path("calendar/<str:token>.ics", sessions.calendar_feed, name="calendar_feed"),
    path("calendar/reset/", sessions.calendar_reset, name="calendar_reset"),
]

invitation_urlpatterns = [
    path("invitations/<str:token>/", staff.invitation_accept_view, name="invitation_accept"),
]

staff_urlpatterns = [
    path(
        "staff/registrations/<int:pk>/enrol/",
        staff.registration_enrol,
        name="staff_enrol",
    ),
    path("staff/cohorts/", staff.cohort_list, name="staff_cohorts"),
    path("staff/cohorts/new/", staff.cohort_create_view, name="staff_cohort_create"),
    path("staff/cohorts/<int:pk>/", staff.cohort_dashboard, name="staff_cohort"),
    path("staff/cohorts/<int:pk>/edit/", staff.cohort_edit_view, name="staff_cohort_edit"),
    path("staff/cohorts/<int:pk>/history/", staff.cohort_history_view, name="staff_cohort_history"),
    path(
        "staff/cohorts/<int:pk>/sessions/new/",
        staff.session_create_view,
        name="staff_session_create",
    ),
    path(
        "staff/cohorts/<int:pk>/attendance.csv",
        staff.cohort_attendance_csv,
        name="staff_attendance_csv",
    ),
    path("staff/teams/<int:pk>/", staff.team_manage, name="staff_team"),
    path("staff/teams/<int:pk>/invite/", staff.member_invite, name="staff_invite"),
    path("staff/teams/<int:pk>/unlock/", staff.module_unlock_view, name="staff_unlock"),
    path(
        "staff/teams/<int:pk>/unenrol/",
        staff_removals.team_unenrol_view,
        name="staff_team_unenrol",
    ),
    path(
        "staff/teams/<int:pk>/check-in/",
        staff_warnings.team_check_in_view,
        name="staff_team_check_in",
    ),
    path("staff/teams/<int:pk>/email/", staff_warnings.team_email_view, name="staff_team_email"),
    path(
        "staff/memberships/<int:pk>/remove/", staff.member_remove_view, name="staff_member_remove"
    ),
    path(
        "staff/invitations/<int:pk>/resend/",
        staff.invitation_resend_view,
        name="staff_invitation_resend",
    ),
    path(
        "staff/invitations/<int:pk>/revoke/",
        staff_removals.invitation_revoke_view,
        name="staff_invitation_revoke",
    ),
    path("staff/sessions/<int:pk>/attendance/", staff.attendance_view, name="staff_attendance"),
    path("staff/sessions/<int:pk>/feedback/", staff.feedback_results, name="staff_feedback"),
    path(
        "staff/sessions/<int:pk>/edit/",
        staff_session_changes.session_edit_view,
        name="staff_session_edit",
    ),
    path(
        "staff/sessions/<int:pk>/reschedule/",
        staff_session_changes.session_reschedule_view,
        name="staff_session_reschedule",
    ),
    path(
        "staff/sessions/<int:pk>/cancel/",
        staff_session_changes.session_cancel_view,
        name="staff_session_cancel",
    ),
    path(
        "staff/sessions/<int:pk>/delete/",
        staff_session_changes.session_delete_view,
        name="staff_session_delete",
    ),
]

urlpatterns = (
    workspace_urlpatterns
    + expert_urlpatterns
    + session_urlpatterns
    + invitation_urlpatterns
    + staff_urlpatterns
)
