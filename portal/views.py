from django.db import connection
from django.http import HttpResponse, JsonResponse


def healthz(request):
    """200 when the database answers; docker-compose and monitors poll it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
