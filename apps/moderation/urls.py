from django.urls import path

from apps.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("comments/<int:pk>/decide/", views.decide, name="decide"),
]
