"""History pages in the admin, and admins that only show what agencies wrote or a service
recorded, past versions included."""

from html import escape

from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from .history import Entry, timeline, tracked_relations


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


class HistoryAdmin(SimpleHistoryAdmin):
    """Every history page in the admin reads as Vietnamese: local dd/mm/yyyy HH:MM, the
    person's full name, state labels instead of codes, and each change as label: old → new."""

    object_history_list_template = "admin/history/object_history_list.html"

    def action_checkbox(self, obj):
        """Django's own row checkbox, written directly: its widget goes through the form
        template renderer, 50 times a page, which cost more than the rest of a row."""
        return self.action_checkbox_writer()(obj)

    @staticmethod
    def action_checkbox_writer():
        """The row checkbox for any row, its label translated once for a page of rows:
        format_html's work by hand, the name and the pk escaped."""
        label = gettext("Select this object for an action - {}")

        def checkbox(obj):
            return mark_safe(
                f'<input type="checkbox" name="{helpers.ACTION_CHECKBOX_NAME}" '
                f'value="{escape(str(obj.pk))}" class="action-select" '
                f'aria-label="{label.format(escape(str(obj)))}">'
            )

        return checkbox

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        return (
            history_manager.filter(**{pk_name: object_id})
            .select_related(*tracked_relations(history_manager.model))
            .order_by("-history_date", "-history_id")
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        pass  # the page's rows come from history_entries, compared field by field there

    def history_entries(self, request, obj, page_obj) -> list[Entry]:
        """The page's records, each compared with the one before it: for the oldest on the
        page that one is fetched too (one query, however long the page)."""
        records = list(page_obj.object_list)
        if not records:
            return []
        oldest = records[-1]
        earlier = (
            type(oldest)
            .objects.filter(**{self.model._meta.pk.attname: obj.pk})
            .filter(
                Q(history_date__lt=oldest.history_date)
                | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
            )
            .select_related(*tracked_relations(type(oldest)))
            .order_by("-history_date", "-history_id")
            .first()
        )
        shown = {r.history_id for r in records}
        return timeline(
            [*records, *([earlier] if earlier else [])], shown=lambda r: r.history_id in shown
        )

    def render_history_view(self, request, template, context, **kwargs):
        if "page_obj" in context:  # the list of versions, not one past version's form
            context["entries"] = self.history_entries(
                request, context["object"], context["page_obj"]
            )
        return super().render_history_view(request, template, context, **kwargs)
