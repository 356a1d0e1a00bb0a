from django.urls import path

from . import views

app_name = "showcase"
urlpatterns = [
    path("", views.model_list, name="list"),
    path("<int:pk>/", views.model_detail, name="detail"),
    path("don-vi/<int:pk>/", views.agency_detail, name="agency"),
    path("du-lieu.csv", views.open_data_csv, name="csv"),
    path("du-lieu.json", views.open_data_json, name="json"),
]
