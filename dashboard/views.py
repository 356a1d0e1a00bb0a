"""The dashboard for the coordinator's reviewers and the province's leaders: read-only pages."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from movements.models import Movement, MovementStatus
from portal.paging import paginate
from portal.responses import xlsx_response
from registrations.views import home as agency_home

from .excel import dashboard_workbook, drill_workbook
from .selectors import dashboard_for, drill

PERMISSION = "dashboard.view_dashboard"
# A province lists up to 5,000 agencies behind one number: the screen shows them a page at a
# time, the print and the Excel file all of them.
PER_PAGE = 50


def dashboard_reader_required(view):
    """Logged in and allowed to read the dashboard (a clerk gets 403); only GET: it reads."""

    @require_safe
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied("Tài khoản không có quyền xem bảng điều khiển.")
        return view(request, *args, **kwargs)

    return wrapper


def home(request):
    """The provincial leaders' home is the dashboard; everyone else keeps the agency's desk."""
    user = request.user
    if user.is_authenticated and user.agency_id is None and user.has_perm(PERMISSION):
        return redirect("dashboard:index")
    return agency_home(request)


def _movements():
    return Movement.objects.exclude(status=MovementStatus.DRAFT).order_by("-year", "-pk")


@dashboard_reader_required
def index(request):
    movement = _movements().first()
    if movement is None:
        return render(request, "dashboard/dashboard.html", {"movements": []})
    return _page(request, movement)


@dashboard_reader_required
def movement_dashboard(request, movement_pk):
    return _page(request, get_object_or_404(Movement, pk=movement_pk))


def _page(request, movement):
    return render(
        request,
        "dashboard/dashboard.html",
        {"dashboard": dashboard_for(movement), "movement": movement, "movements": _movements()},
    )


def _drill(request, movement_pk):
    """The movement and the rows behind ``?muc=…`` (the key the dashboard links); 404 else."""
    movement = get_object_or_404(Movement, pk=movement_pk)
    key = request.GET.get("muc", "")[:60]
    return movement, key, drill(movement, key)


@dashboard_reader_required
def drill_down(request, movement_pk):
    """The agencies or models behind one number, a page at a time (``?trang=N``)."""
    movement, key, result = _drill(request, movement_pk)
    return render(
        request,
        "dashboard/drill.html",
        {
            "movement": movement,
            "drill": result,
            "key": key,
            "paged": paginate(request, result.rows, PER_PAGE),
        },
    )


@dashboard_reader_required
def drill_print(request, movement_pk):
    """Every row behind one number on one page, to print on A4."""
    movement, key, result = _drill(request, movement_pk)
    return render(
        request, "dashboard/drill.html", {"movement": movement, "drill": result, "key": key}
    )


@dashboard_reader_required
def drill_export(request, movement_pk):
    """Every row behind one number as an Excel file."""
    movement, key, result = _drill(request, movement_pk)
    content = drill_workbook(movement, result)
    return xlsx_response(content, f"chi-tiet-{movement.year}-{movement.pk}-{key}.xlsx")


@dashboard_reader_required
def export(request, movement_pk):
    movement = get_object_or_404(Movement, pk=movement_pk)
    content = dashboard_workbook(dashboard_for(movement))
    return xlsx_response(content, f"bang-dieu-khien-{movement.year}-{movement.pk}.xlsx")
