from django.urls import path

from . import views

app_name = "awards"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:movement_pk>/", views.proposal_page, name="proposal"),
    path("<int:movement_pk>/de-cu/them/", views.nominee_add, name="nominee_add"),
    path("<int:movement_pk>/de-cu/<int:nominee_pk>/", views.nominee_edit, name="nominee"),
    path(
        "<int:movement_pk>/de-cu/<int:nominee_pk>/bo/",
        views.nominee_remove,
        name="nominee_remove",
    ),
    path("<int:movement_pk>/gui/", views.proposal_submit, name="submit"),
    path("<int:movement_pk>/ho-so.pdf", views.dossier_download, name="dossier"),
    path("<int:movement_pk>/van-ban/<slug:name>.pdf", views.document_download, name="document"),
    path(
        "<int:movement_pk>/thanh-tich/<int:nominee_pk>.pdf",
        views.achievement_download,
        name="achievement",
    ),
    path(
        "<int:movement_pk>/ho-so-ky-so/tai-len/",
        views.signed_dossier_upload,
        name="signed_dossier_upload",
    ),
    path(
        "<int:movement_pk>/ho-so-ky-so.pdf",
        views.signed_dossier_download,
        name="signed_dossier",
    ),
]
