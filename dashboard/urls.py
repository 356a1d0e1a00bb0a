from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.movement_dashboard, name="movement"),
    path("<int:pk>/chi-tiet/<slug:key>/", views.drill_down, name="drill"),
    path("<int:pk>/excel/", views.export, name="excel"),
]
