from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("ra-soat/", views.review_list, name="review_list"),
    path("ra-soat/<int:deadline_id>/", views.review_detail, name="review"),
]
