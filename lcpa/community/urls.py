from django.urls import path

from lcpa.community import views

app_name = "community"

urlpatterns = [
    path("forum/", views.space_list, name="spaces"),
    path("forum/search/", views.forum_search, name="search"),
    path("forum/<int:pk>/", views.space_detail, name="space"),
    path("forum/<int:pk>/new/", views.thread_create, name="thread_create"),
    path("forum/threads/<int:pk>/", views.thread_detail, name="thread"),
    path("forum/threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("forum/threads/<int:pk>/unread/", views.thread_unread, name="thread_unread"),
    path("forum/threads/<int:pk>/follow/", views.thread_follow, name="thread_follow"),
    path("forum/categories/<int:pk>/follow/", views.category_follow, name="category_follow"),
    path("forum/threads/<int:pk>/moderate/", views.thread_moderation, name="thread_moderate"),
    path("forum/posts/<int:pk>/", views.post_jump, name="post"),
    path("forum/threads/<int:pk>/accept/", views.thread_accept_answer, name="thread_accept"),
    path("forum/posts/<int:pk>/helpful/", views.post_helpful, name="post_helpful"),
    path(
        "forum/share/<int:team_id>/module/<int:number>/",
        views.deliverable_post,
        name="deliverable_post",
    ),
    path("forum/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("forum/posts/<int:pk>/flag/", views.post_flag, name="post_flag"),
    path("forum/posts/<int:pk>/edit/", views.post_update, name="post_edit"),
    path("forum/posts/<int:pk>/moderate/", views.post_moderation, name="post_moderate"),
    path("staff/forum/flags/", views.staff_flags, name="staff_flags"),
    path(
        "staff/forum/flags/<int:pk>/resolve/", views.staff_flag_resolve, name="staff_flag_resolve"
    ),
    path("staff/forum/threads/<int:pk>/move/", views.staff_thread_move, name="staff_thread_move"),
    path("staff/forum/categories/", views.staff_categories, name="staff_categories"),
    path("staff/forum/categories/<int:pk>/", views.staff_category_edit, name="staff_category_edit"),
]
