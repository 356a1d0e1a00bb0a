from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_pk>/mo/", views.open_notification, name="open"),
    path("da-doc-het/", views.mark_all_read, name="mark_all_read"),
]
