from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """What was told to whom, read or not, mailed or why not — for the coordinator to check."""

    list_display = (
        "subject",
        "user",
        "agency",
        "created_at",
        "read_at",
        "emailed_at",
        "email_attempts",
    )
    list_filter = ("emailed_at", "read_at", "agency__kind")
    search_fields = ("subject", "user__username", "user__full_name", "agency__name")
    list_select_related = ("user", "agency")
    date_hierarchy = "created_at"
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
