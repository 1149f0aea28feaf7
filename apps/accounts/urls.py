from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("staff-enrolment/<str:token>/", views.staff_enrolment, name="staff-enrolment"),
    path("staff-enrolment/", views.staff_enrolment_resend, name="staff-enrolment-resend"),
]
