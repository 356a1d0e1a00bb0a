"""Admin list filters shared by the reviewed lists: the state (one “Chờ duyệt” choice for what
waits on the coordinator, sent and sent again alike, then each state by its name), the agency
typed rather than picked from hundreds of links, and links to a few related rows (movements,
kinds of agency, fields) kept in the cache."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import QueryDict
from django.utils.translation import get_language

from .models import Agency

AWAITING = "cho-duyet"
# Read on every list page, changed a few times a year: a save or delete of a related row drops
# them at once (forget_choices); the timeout bounds a read that raced the change.
CHOICES_SECONDS = 60
# Related model → the models whose lists link to its rows (related_filter fills it).
_LISTS_LINKING = {}


def _choices_key(model, language) -> str:
    return f"admin:choices:{model._meta.label_lower}:{language}"


def forget_choices(sender, **kwargs):
    # Now, for this transaction's own reads; after commit, for a read that raced the change.
    keys = [
        _choices_key(model, code)
        for model in _LISTS_LINKING.get(sender, ())
        for code, _ in settings.LANGUAGES
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class CachedRelatedFilter(admin.RelatedFieldListFilter):
    """Django's filter on a related model, its links (each row of that model) read from the
    cache rather than queried on every list page: one read a page for all such filters of the
    list. Declared through related_filter()."""

    def field_choices(self, field, request, model_admin):
        # Stored by the field (its limit_choices_to) and the ordering asked for.
        asked = (str(field), tuple(self.field_admin_ordering(field, request, model_admin) or ()))
        key = _choices_key(model_admin.model, get_language())
        read = getattr(request, "_cached_filter_choices", None)
        if read is None or read[0] != key:
            read = request._cached_filter_choices = (key, cache.get(key) or {})
        stored = read[1]
        if asked not in stored:
            stored[asked] = super().field_choices(field, request, model_admin)
            cache.set(key, stored, CHOICES_SECONDS)
        return stored[asked]


def related_filter(model, path):
    """``list_filter`` entry for ``path`` (a relation of ``model``, "agency__kind"): Django's
    related filter, cached, with the related model's saves and deletes watched in every process
    (admin modules are imported at start-up)."""
    related = get_fields_from_path(model, path)[-1].remote_field.model
    _LISTS_LINKING.setdefault(related, set()).add(model)
    uid = f"admin-choices:{related._meta.label_lower}"
    post_save.connect(forget_choices, sender=related, dispatch_uid=f"{uid}:saved")
    post_delete.connect(forget_choices, sender=related, dispatch_uid=f"{uid}:deleted")
    return (path, CachedRelatedFilter)


def state_filter(awaiting_states):
    """A list filter on ``state`` whose first choice is every state in ``awaiting_states``."""

    class StateFilter(admin.SimpleListFilter):
        title = "trạng thái"
        parameter_name = "trang-thai"

        def lookups(self, request, model_admin):
            choices = model_admin.model._meta.get_field("state").choices
            return [(AWAITING, "Chờ duyệt (gửi lần đầu và gửi lại)"), *choices]

        def queryset(self, request, queryset):
            value = self.value()
            if value == AWAITING:
                return queryset.filter(state__in=awaiting_states)
            if value in {code for code, _ in self.lookup_choices}:
                return queryset.filter(state=value)
            return queryset

    return StateFilter


class AgencyFilter(admin.ListFilter):
    """An agency typed by its code or part of its name: a province has hundreds, and a link to
    each would cost more to draw than the list it filters. Links from the tracker name one
    agency exactly (``agency__id__exact``), which this filter also reads."""

    title = "cơ quan, đơn vị"
    template = "admin/portal/agency_filter.html"
    text_parameter = "co-quan"
    id_parameter = "agency__id__exact"
    # A name is a few words; a longer value is cut, never an error.
    max_length = 100

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        for name in self.expected_parameters():
            if name in params:
                value = params.pop(name)
                self.used_parameters[name] = (value[-1] if isinstance(value, list) else value)[
                    : self.max_length
                ].strip()

    @property
    def text(self) -> str:
        return self.used_parameters.get(self.text_parameter, "")

    @property
    def agency_id(self) -> int | None:
        value = self.used_parameters.get(self.id_parameter, "")
        return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.text_parameter, self.id_parameter]

    def queryset(self, request, queryset):
        if self.used_parameters.get(self.id_parameter):
            # A malformed id matches nothing rather than everything.
            queryset = queryset.filter(agency_id=self.agency_id or 0)
        if self.text:
            queryset = queryset.filter(
                Q(agency__code__iexact=self.text) | Q(agency__name__icontains=self.text)
            )
        return queryset

    def choices(self, changelist):
        kept = changelist.get_query_string(remove=[*self.expected_parameters(), "p"])
        chosen = None
        if self.agency_id:
            chosen = Agency.objects.filter(pk=self.agency_id).values_list("name", flat=True).first()
        yield {
            "text": self.text,
            "parameter": self.text_parameter,
            "hidden": [
                (key, value) for key, values in QueryDict(kept[1:]).lists() for value in values
            ],
            "chosen": chosen,
            "active": bool(self.used_parameters),
            "reset": kept,
        }
