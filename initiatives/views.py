"""An agency's own models (sổ mô hình của đơn vị), current and past, and each one's life."""

from django.shortcuts import get_object_or_404, render

from portal.access import agency_member_required

from .models import ACTIVE_STATUSES
from .selectors import came_from, held_by, life_of, register


@agency_member_required
def initiative_list(request):
    initiatives = list(held_by(request.user.agency))
    origins = came_from(initiatives)
    rows = [(initiative, origins.get(initiative.pk, "")) for initiative in initiatives]
    return render(
        request,
        "initiatives/list.html",
        {
            "current": [row for row in rows if row[0].status in ACTIVE_STATUSES],
            "past": [row for row in rows if row[0].status not in ACTIVE_STATUSES],
        },
    )


@agency_member_required
def initiative_detail(request, pk):
    # Another agency's model is not found, never shown.
    initiative = get_object_or_404(register().filter(agency_id=request.user.agency_id), pk=pk)
    return render(request, "initiatives/detail.html", {"life": life_of(initiative)})
