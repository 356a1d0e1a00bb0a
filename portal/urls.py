from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from registrations.views import home

from . import views

# The site's URL root composes every app; it is the one module of portal/ that names them.

admin.site.site_header = "Quản trị phong trào “Dân vận khéo” — Sở Nội vụ"
admin.site.site_title = "Quản trị “Dân vận khéo”"
admin.site.index_title = "Công việc của Sở Nội vụ"

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mo-hinh/", include("registrations.urls")),
    path("cham-diem/", include("scoring.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("admin/", admin.site.urls),
]
