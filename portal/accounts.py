"""Agency accounts: who may be made, by whom, and how a new person sets their own password.

A reviewer onboards the people of agencies (a clerk or a leader of one agency); only a
superuser makes staff, superusers or changes what a role may do. Nobody is ever sent a
password: a new account gets a one-time link to choose its own.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import Role

# The roles a reviewer may give: people of an agency, never the coordinator's own staff.
AGENCY_ROLES = (Role.CLERK, Role.LEADER)
AGENCY_ROLE_CHOICES = [(role.value, role.label) for role in AGENCY_ROLES]


def may_manage_accounts(actor) -> bool:
    return actor.is_superuser or actor.has_perm("portal.change_user")


def is_agency_account(user) -> bool:
    """An account a reviewer may touch: not staff, not superuser, not holding a staff role."""
    if user.pk is None:
        return True
    if user.is_staff or user.is_superuser:
        return False
    return not user.groups.exclude(name__in=[role.label for role in AGENCY_ROLES]).exists()


def agency_role_of(user):
    if user.pk is None:
        return None
    names = set(user.groups.values_list("name", flat=True))
    return next((role for role in AGENCY_ROLES if role.label in names), None)


def check_may_manage(actor, user):
    if actor.is_superuser:
        return
    if not may_manage_accounts(actor) or not is_agency_account(user):
        raise PermissionDenied("Chỉ quản trị hệ thống mới được sửa tài khoản này.")


@transaction.atomic
def save_agency_account(user, *, role, by, request=None):
    """Create or update a clerk's or leader's account of one agency; a new one gets a link.

    ``role`` is one of AGENCY_ROLES. The account never becomes staff or superuser here, and
    its groups become exactly the one role.
    """
    role = Role(role)
    if role not in AGENCY_ROLES:
        raise ValidationError("Chỉ được giao vai trò cán bộ phụ trách hoặc lãnh đạo đơn vị.")
    check_may_manage(by, user)
    if user.agency_id is None:
        raise ValidationError({"agency": "Tài khoản của cơ quan phải thuộc một cơ quan, đơn vị."})
    is_new = user.pk is None
    if is_new:
        if not user.email:
            raise ValidationError({"email": "Cần thư điện tử để gửi liên kết đặt mật khẩu."})
        # The person chooses their own password through the one-time link.
        user.set_unusable_password()
    user.is_staff = False
    user.is_superuser = False
    user.save()
    user.user_permissions.clear()
    user.groups.set([Group.objects.get(name=role.label)])
    if is_new and request is not None:
        send_password_link(user, request=request, new_account=True)
    return user


def password_link(user, *, request) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return request.build_absolute_uri(path)


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def send_password_link(user, *, request, new_account=False):
    """Mail a one-time link to set the password, after the account's row is committed.

    The token changes once the password is set (Django signs the password hash), so the link
    works once; it lapses after PASSWORD_RESET_TIMEOUT.
    """
    if not user.email:
        raise ValidationError(f"Tài khoản {user.username} chưa có thư điện tử.")
    context = {
        "user": user,
        "link": password_link(user, request=request),
        "valid_days": link_valid_days(),
        "new_account": new_account,
    }
    subject = render_to_string("registration/account_link_subject.txt", context).strip()
    body = render_to_string("registration/account_link_email.txt", context)
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    )
