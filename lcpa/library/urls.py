from django.urls import path

from lcpa.library import views

app_name = "library"

urlpatterns = [
    path("resources/", views.resource_list, name="resources"),
    path("resources/<int:pk>/", views.resource_detail, name="resource"),
    path("resources/<int:pk>/download/", views.resource_download, name="resource_download"),
]
