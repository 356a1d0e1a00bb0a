"""The state filter every reviewed list shares: one “Chờ duyệt” choice for what waits on the
coordinator (sent and sent again alike), then each state by its name."""

from django.contrib import admin

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
