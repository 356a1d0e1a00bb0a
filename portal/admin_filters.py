"""Admin list filters shared by the reviewed lists: the state (one “Chờ duyệt” choice for what
waits on the coordinator, sent and sent again alike, then each state by its name), and the
agency typed rather than picked from hundreds of links."""

from django.contrib import admin
from django.db.models import Q
from django.http import QueryDict

from .models import Agency

AWAITING = "cho-duyet"


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
