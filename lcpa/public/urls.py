from django.urls import path

from lcpa.public import views, views_staff

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("learning-communities/", views.learning_communities, name="learning_communities"),
    path(
        "learning-communities/<slug:slug>/",
        views.learning_community,
        name="learning_community",
    ),
    path("jurisdictions/", views.jurisdictions, name="jurisdictions"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("staff/messages/", views_staff.message_list, name="staff_messages"),
    path("staff/messages/<int:pk>/", views_staff.message_detail, name="staff_message"),
    path(
        "staff/messages/<int:pk>/assign/", views_staff.message_assign, name="staff_message_assign"
    ),
    path(
        "staff/messages/<int:pk>/answered/",
        views_staff.message_answered,
        name="staff_message_answered",
    ),
]
