from django.urls import path

from lcpa.public import views

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
]
