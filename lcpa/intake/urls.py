from django.urls import path

from lcpa.intake.views import closures, registration, staff

app_name = "intake"

registration_urlpatterns = [
    path("register-interest/", registration.register, name="register"),
    path("register-interest/member-row/", registration.member_row, name="member_row"),
    path("register-interest/thanks/<str:token>/", registration.confirmation, name="confirmation"),
    path("registration/<str:token>/", registration.status, name="registration_status"),
    path(
        "registration/<str:token>/members/",
        registration.members_change,
        name="registration_members",
    ),
]

staff_urlpatterns = [
    path("staff/", staff.dashboard, name="staff_dashboard"),
    path("staff/registrations/", staff.pipeline, name="staff_pipeline"),
    path("staff/registrations/export.csv", staff.pipeline_export, name="staff_pipeline_export"),
    path("staff/registrations/bulk/", staff.pipeline_bulk, name="staff_pipeline_bulk"),
    path(
        "staff/registrations/saved-filters/",
        staff.saved_filter_create,
        name="staff_saved_filter_create",
    ),
    path(
        "staff/registrations/saved-filters/<int:pk>/delete/",
        staff.saved_filter_delete,
        name="staff_saved_filter_delete",
    ),
    path("staff/registrations/<int:pk>/", staff.registration_detail, name="staff_registration"),
    path("staff/registrations/<int:pk>/follow-up/", staff.followup_create, name="staff_followup"),
    path("staff/registrations/<int:pk>/assign/", staff.registration_assign, name="staff_assign"),
    path("staff/registrations/<int:pk>/email/", staff.registration_email, name="staff_email"),
    path("staff/registrations/<int:pk>/merge/", staff.registration_merge, name="staff_merge"),
    path("staff/registrations/<int:pk>/reply/", staff.registration_reply, name="staff_reply"),
    path("staff/closure-days/", closures.closure_days, name="staff_closure_days"),
    path(
        "staff/closure-days/<int:pk>/remove/",
        closures.closure_day_remove,
        name="staff_closure_day_remove",
    ),
    path("staff/email-templates/", staff.email_templates, name="staff_email_templates"),
    path(
        "staff/email-templates/new/",
        staff.email_template_edit,
        name="staff_email_template_create",
    ),
    path(
        "staff/email-templates/<int:pk>/",
        staff.email_template_edit,
        name="staff_email_template_edit",
    ),
]

urlpatterns = registration_urlpatterns + staff_urlpatterns
