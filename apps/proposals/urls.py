from django.urls import path

from apps.proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path("mine/", views.my_proposals, name="mine"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/author/", views.proposal_author_action, name="author-action"),
    path("<int:pk>/vote/", views.proposal_vote, name="vote"),
    path("<int:pk>/photos/<int:number>/", views.proposal_photo_page, name="photo-page"),
    path("<int:pk>/photos/<int:image_pk>/<str:variant>/", views.proposal_photo, name="photo"),
]
