from django.urls import path

from . import views

app_name = "registrations"
urlpatterns = [
    path("", views.registration_list, name="list"),
    path("dang-ky/<int:movement_pk>/", views.registration_create, name="create"),
    path("chi-tieu/<int:movement_pk>/", views.movement_counters, name="counters"),
    path("<int:pk>/", views.registration_detail, name="detail"),
    path("<int:pk>/sua/", views.registration_edit, name="edit"),
    path("<int:pk>/xoa/", views.registration_delete, name="delete"),
    path("<int:pk>/gui/", views.registration_submit, name="submit"),
    path("<int:pk>/rut/", views.registration_withdraw, name="withdraw"),
    path("<int:pk>/in/", views.registration_print, name="print"),
]
