from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from registrations.selectors import open_movements_for_agency


def home(request):
    usages = []
    if request.user.is_authenticated and request.user.agency_id:
        usages = open_movements_for_agency(agency=request.user.agency)
    return render(request, "portal/home.html", {"usages": usages})


def healthz(request):
    """200 when the database answers; docker-compose and monitors poll it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
