from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .facts import target_text
from .models import Target


# A page of its own rather than a movement inline: the movement's form stays as its stages and
# their tests know it, and targets are filtered by movement here.
@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("name", "movement", "position", "fact_kind", "wanted", "dashboard_link")
    list_filter = ("movement", "fact_kind")
    list_select_related = ("movement",)
    search_fields = ("name",)
    ordering = ("movement", "position", "pk")
    fieldsets = (
        (None, {"fields": ("movement", "position", "name")}),
        ("Chỉ tiêu", {"fields": ("value_kind", "comparison", "target_value")}),
        (
            "Cách tính thực tế",
            {"fields": ("fact_kind", "deadline", "band", "indicator", "manual_value", "source")},
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("movement")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Each choice names its movement's year: deadlines and indicators of every movement share
        # the list, and Target.clean refuses another movement's.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("deadline", "indicator"):
            field.queryset = field.queryset.select_related("movement")
            field.label_from_instance = lambda obj: f"{obj.movement.year} — {obj}"
        return field

    @admin.display(description="Chỉ tiêu đặt ra")
    def wanted(self, obj):
        return target_text(obj)

    @admin.display(description="Bảng điều khiển")
    def dashboard_link(self, obj):
        url = reverse("dashboard:movement", args=[obj.movement_id])
        return format_html('<a href="{}">Xem thực tế</a>', url)
