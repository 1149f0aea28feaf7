from django.urls import path

from apps.territories import views

app_name = "territories"

urlpatterns = [
    path("", views.territory_index, name="territory-index"),
    path("<str:kato>/", views.territory_detail, name="territory-detail"),
]
