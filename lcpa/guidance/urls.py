from django.urls import path

from lcpa.guidance.views import cases, home, office_hours, questions

app_name = "guidance"

urlpatterns = [
    path("guidance/", home.home, name="home"),
    path("teams/<int:team_id>/guidance/", home.team, name="team"),
    path("teams/<int:team_id>/guidance/ask/", questions.question_ask, name="question_ask"),
    path("teams/<int:team_id>/guidance/cases/new/", cases.case_new, name="case_new"),
    path("guidance/questions/<int:pk>/", questions.question, name="question"),
    path("guidance/questions/<int:pk>/reply/", questions.answer_post, name="answer_post"),
    path("guidance/questions/<int:pk>/follow-up/", questions.follow_up, name="follow_up"),
    path("guidance/office-hours/", office_hours.slots, name="slots"),
    path("guidance/office-hours/<int:pk>/edit/", office_hours.slot_edit, name="slot_edit"),
    path(
        "guidance/office-hours/<int:pk>/withdraw/",
        office_hours.slot_withdraw,
        name="slot_withdraw",
    ),
    path("guidance/office-hours/<int:pk>/book/", office_hours.book, name="book"),
    path("guidance/bookings/<int:pk>/", office_hours.booking, name="booking"),
    path("guidance/bookings/<int:pk>/cancel/", office_hours.booking_cancel, name="booking_cancel"),
    path(
        "guidance/bookings/<int:pk>/reschedule/",
        office_hours.booking_reschedule,
        name="booking_reschedule",
    ),
    path("guidance/cases/<int:pk>/", cases.case, name="case"),
    path("guidance/cases/<int:pk>/edit/", cases.case_edit, name="case_edit"),
    path("guidance/cases/<int:pk>/files/<int:file_id>/", cases.case_file, name="case_file"),
    path("guidance/cases/<int:pk>/review/", cases.case_review, name="case_review"),
    path("guidance/cases/<int:pk>/schedule/", cases.case_schedule, name="case_schedule"),
    path(
        "guidance/cases/<int:pk>/recommendations/",
        cases.recommendation_post,
        name="recommendation_post",
    ),
    path(
        "guidance/recommendations/<int:pk>/step/",
        cases.recommendation_step,
        name="recommendation_step",
    ),
    path("guidance/cases/<int:pk>/report/", cases.case_report, name="case_report"),
    path("staff/cases/", cases.staff_cases, name="staff_cases"),
]
