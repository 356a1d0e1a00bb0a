"""Who may reach what: a clerk's pages serve only their own agency."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def agency_member_required(view):
    """Logged in and belonging to an agency; the agency scopes every query that follows."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.agency_id is None:
            raise PermissionDenied("Tài khoản chưa được gắn với cơ quan, đơn vị nào.")
        return view(request, *args, **kwargs)

    return wrapper


def require_perm(user, perm, message):
    if not user.has_perm(perm):
        raise PermissionDenied(message)
