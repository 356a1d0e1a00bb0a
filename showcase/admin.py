"""The coordinator's publication controls on the model register (admin → “Sổ theo dõi mô
hình”): two bulk actions and the public story on a model's page. The register itself stays in
initiatives/admin.py; this extends it, and every write calls showcase/services.py."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html

from initiatives.admin import InitiativeAdmin
from initiatives.models import Initiative

from . import services

# Publishing is a decision on the model, taken by whoever may decide on models.
PUBLISH_PERMISSION = "initiatives.decide_initiative"


class PublicStoryForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ("public_story",)
        widgets = {"public_story": forms.Textarea(attrs={"rows": 14, "cols": 90})}

    def clean_public_story(self):
        story = (self.cleaned_data.get("public_story") or "").strip()
        if self.instance.published and not story:
            raise ValidationError("Mô hình đang được công bố: vui lòng nhập nội dung giới thiệu.")
        return story


@admin.action(description="Công bố lên trang công khai")
def publish_selected(model_admin, request, queryset):
    if not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    try:
        rows = services.publish(list(queryset), by=request.user)
    except ValidationError as error:
        for message in error.messages:
            model_admin.message_user(request, message, messages.ERROR)
        return None
    model_admin.message_user(request, f"Đã công bố {len(rows)} mô hình lên trang công khai.")
    return None


@admin.action(description="Thôi công bố trên trang công khai")
def unpublish_selected(model_admin, request, queryset):
    if not request.user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied
    rows = services.unpublish(list(queryset), by=request.user)
    model_admin.message_user(request, f"Đã thôi công bố {len(rows)} mô hình.")
    return None


class PublishedFilter(admin.SimpleListFilter):
    title = "trên trang công khai"
    parameter_name = "cong-khai"

    def lookups(self, request, model_admin):
        return [("co", "Đang công bố"), ("khong", "Chưa công bố")]

    def queryset(self, request, queryset):
        if self.value() in ("co", "khong"):
            return queryset.filter(published=self.value() == "co")
        return queryset


class ShowcaseInitiativeAdmin(InitiativeAdmin):
    form = PublicStoryForm
    list_display = (*InitiativeAdmin.list_display, "public_link")
    list_filter = (*InitiativeAdmin.list_filter, PublishedFilter)
    actions = [*InitiativeAdmin.actions, publish_selected, unpublish_selected]
    fieldsets = (
        *InitiativeAdmin.fieldsets,
        ("Trang công khai", {"fields": ("published", "published_at", "public_story")}),
    )

    @admin.display(description="Trang công khai")
    def public_link(self, obj):
        if not obj.published:
            return "—"
        return format_html(
            '<a href="{}">Đang công bố</a>', reverse("showcase:detail", args=[obj.pk])
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(PUBLISH_PERMISSION):
            actions.pop("publish_selected", None)
            actions.pop("unpublish_selected", None)
        return actions

    # The one field written here is the public story; the rest stays as the services left it.
    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and self.has_change_permission(request, obj):
            return tuple(field for field in fields if field != "public_story")
        return fields

    def save_model(self, request, obj, form, change):
        services.edit_story(obj, story=form.cleaned_data["public_story"], by=request.user)


admin.site.unregister(Initiative)
admin.site.register(Initiative, ShowcaseInitiativeAdmin)
