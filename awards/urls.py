from django.urls import path

from . import views

app_name = "awards"
DOCX = {"fmt": "docx"}
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
    # The same documents as DOCX, to adjust the wording before signing.
    path("<int:movement_pk>/ho-so.docx", views.dossier_download, DOCX, name="dossier_docx"),
    path(
        "<int:movement_pk>/van-ban/<slug:name>.docx",
        views.document_download,
        DOCX,
        name="document_docx",
    ),
    path(
        "<int:movement_pk>/thanh-tich/<int:nominee_pk>.docx",
        views.achievement_download,
        DOCX,
        name="achievement_docx",
    ),
]
