from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:movement_pk>/", views.movement_dashboard, name="movement"),
    path("<int:movement_pk>/chi-tiet/", views.drill_down, name="drill"),
    path("<int:movement_pk>/chi-tiet/in/", views.drill_print, name="drill_print"),
    path("<int:movement_pk>/chi-tiet/excel/", views.drill_export, name="drill_excel"),
    path("<int:movement_pk>/excel/", views.export, name="excel"),
]
