from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("<int:movement_pk>/", views.scorecard_page, name="scorecard"),
    path("<int:movement_pk>/tieu-chi/<int:criterion_pk>/", views.save_one, name="save_one"),
    path(
        "<int:movement_pk>/tieu-chi/<int:criterion_pk>/minh-chung/",
        views.upload_evidence,
        name="upload_evidence",
    ),
    path("<int:movement_pk>/gui/", views.scorecard_submit, name="submit"),
    path("<int:movement_pk>/ban-cham-diem.pdf", views.scorecard_pdf, name="pdf"),
    path(
        "<int:movement_pk>/ban-cham-diem.docx",
        views.scorecard_pdf,
        {"fmt": "docx"},
        name="docx",
    ),
    path("<int:movement_pk>/xep-hang/", views.ranking_page, name="ranking"),
    path("minh-chung/<int:entry_pk>/", views.evidence_file, name="evidence"),
]
