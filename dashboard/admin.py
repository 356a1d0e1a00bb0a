from django.contrib import admin

from movements.admin import MovementAdmin

from .models import Target


class TargetInline(admin.StackedInline):
    """A movement's targets (seed 003), each with how its fact is read; the dashboard shows them."""

    model = Target
    extra = 0
    fields = (
        ("position", "name"),
        ("fact_kind", "value_kind", "comparison", "target_value"),
        ("deadline", "band", "indicator"),
        ("manual_value", "source"),
    )
    autocomplete_fields = ()


MovementAdmin.stage_inlines.append(TargetInline)
