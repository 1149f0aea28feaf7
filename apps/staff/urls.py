"""Staff pages of every area under /staff/, with the console that leads to them."""

from django.urls import path

from apps.documents import views as document_views
from apps.initiatives import views as initiative_views
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
    path("initiatives/", initiative_views.staff_queue, name="initiative-queue"),
    path("initiatives/new/", initiative_views.initiative_create, name="initiative-create"),
    path("initiatives/<int:pk>/plan/", initiative_views.initiative_edit, name="initiative-edit"),
    path("initiatives/<int:pk>/update/", initiative_views.update_create, name="initiative-update"),
    path("initiatives/<int:pk>/step/", initiative_views.initiative_step, name="initiative-step"),
    path("initiatives/<int:pk>/milestones/", initiative_views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/", initiative_views.milestone_change, name="milestone-change"),
]
