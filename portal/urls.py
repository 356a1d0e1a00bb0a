from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.functional import lazy

from dashboard.views import home
from showcase.caching import public_page
from showcase.sitemaps import SITEMAPS

from . import views
from .coordinator import current_coordinator

# The site's URL root composes every app; it is the one module of portal/ that names them.

# Lazy: read from the Coordinator row each time the admin renders, so an edit shows at once.
admin.site.site_header = lazy(
    lambda: f"Quản trị phong trào “Dân vận khéo” — {current_coordinator().name}", str
)()
admin.site.site_title = "Quản trị “Dân vận khéo”"
admin.site.index_title = lazy(lambda: f"Công việc của {current_coordinator().short_name}", str)()

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Each user changes their own password; a forgotten one is reset by a one-time e-mail link.
    path("doi-mat-khau/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("quen-mat-khau/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("mo-hinh/", include("registrations.urls")),
    path("so-mo-hinh/", include("initiatives.urls")),
    path("cham-diem/", include("scoring.urls")),
    path("khen-thuong/", include("awards.urls")),
    path("ke-hoach-bao-cao/", include("reports.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("mo-hinh-tieu-bieu/", include("showcase.urls")),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("bang-dieu-khien/", include("dashboard.urls")),
    path("admin/", admin.site.urls),
]
