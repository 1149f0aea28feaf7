from django.urls import path

from apps.initiatives import views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/check/", views.initiative_check, name="check"),
    path("photos/<int:pk>/<str:variant>/", views.initiative_photo, name="photo"),
    path("checks/<int:pk>/photo/<str:variant>/", views.check_photo, name="check-photo"),
    path("ledger/<str:kato>/", views.ledger, name="ledger"),
]
