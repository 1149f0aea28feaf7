from django.urls import path

from apps.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("<slug:slug>/", views.document_detail, name="document-detail"),
    path("<slug:slug>/report/", views.discussion_report, name="discussion-report"),
    path("<slug:slug>/s/<str:key>/", views.section_detail, name="section-detail"),
    path("<slug:slug>/p/<str:key>/", views.provision_detail, name="provision-detail"),
    path("<slug:slug>/p/<str:key>/comment/", views.provision_comment, name="provision-comment"),
    path("<slug:slug>/p/<str:key>/follow/", views.provision_follow, name="provision-follow"),
]
