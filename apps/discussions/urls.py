from django.urls import path

from apps.discussions import views

app_name = "discussions"

urlpatterns = [
    path("threads/<int:thread_id>/comments/", views.comment_create, name="comment-create"),
    path("threads/<int:thread_id>/follow/", views.thread_follow, name="thread-follow"),
    path("comments/<int:pk>/", views.comment_permalink, name="comment-detail"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/remove/", views.comment_remove, name="comment-remove"),
    path("comments/<int:pk>/react/", views.comment_react, name="comment-react"),
]
