"""Staff pages of every area under /staff/, with the console that leads to them."""

from django.urls import path

from apps.documents import views as document_views
from apps.proposals import views as proposal_views
from apps.staff import views as staff_views
from apps.territories import views

app_name = "staff"

urlpatterns = [
    path("", staff_views.console, name="console"),
    path("residencies/", views.residency_queue, name="residency-queue"),
    path("residencies/<int:pk>/decide/", views.residency_decide, name="residency-decide"),
    path("roles/", views.staff_roles, name="roles"),
    path("roles/<int:pk>/end/", views.staff_role_end, name="role-end"),
    path("documents/new/", document_views.publish_for_discussion, name="document-publish"),
    path("documents/<slug:slug>/report/", document_views.discussion_report_answer, name="discussion-report"),
    path("proposals/", proposal_views.staff_queue, name="proposal-queue"),
    path("proposals/<int:pk>/decide/", proposal_views.staff_decide, name="proposal-decide"),
]
