"""The movement's scoring settings, edited inline on the movement (movements/admin.py)."""

from django.contrib import admin

from movements.admin import MovementAdmin

from ..models import ScoringSettings
from ..rules import movement_scoring_is_locked


class ScoringSettingsInline(admin.StackedInline):
    model = ScoringSettings
    can_delete = False
    max_num = 1
    verbose_name = verbose_name_plural = "Chấm điểm, xếp loại"
    fields = ("criteria_set", "band_scheme", "target_band", "target_share")

    def get_readonly_fields(self, request, obj=None):
        # Once agencies have started scoring against it, the sheet and bands stay put.
        if obj is not None and movement_scoring_is_locked(obj):
            return ("criteria_set", "band_scheme", "target_band")
        return ()


MovementAdmin.stage_inlines.append(ScoringSettingsInline)
