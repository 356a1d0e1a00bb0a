"""Admins that only show what agencies wrote or a service recorded, past versions included."""

from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied


class ReadOnlyAdminMixin:
    """Content written by agencies or recorded through a service: the admin only shows it, and
    a past version (simple-history) opens read-only with no revert — going back to it would
    bypass the service that guards the row."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        # simple-history's past-version page asks without change=True; asked with it, every
        # field is left out, as on Django's own view-only change page.
        return super().get_form(request, obj, change=change or obj is not None, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fieldsets = self.fieldsets or [(None, {"fields": self.fields or ()})]
        return (*super().get_readonly_fields(request, obj), *flatten_fieldsets(fieldsets))

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
