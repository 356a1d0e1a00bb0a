"""How a signed-in person and what they may do are read on each request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from . import versions


def _user_scope(user_id) -> str:
    return f"user:{user_id}"


class PortalBackend(ModelBackend):
    """Django's password backend, reading the person with their agency in the same query (every
    agency page names it), and their permissions kept under the permissions' data version:
    two queries on every page that checks one, moved by any change of roles or grants."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("agency").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = versions.remember(
                f"permissions:{user_obj.pk}",
                ("permissions", _user_scope(user_obj.pk)),
                lambda: super(PortalBackend, self).get_all_permissions(user_obj),
                local=False,
            )
        return user_obj._perm_cache


def _on_grants(sender, **kwargs):
    versions.bump("permissions")


def _on_user(sender, instance, **kwargs):
    versions.bump(_user_scope(instance.pk))


def _on_user_links(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if reverse:
        # group.user_set.add(...) and the like: the users named, or every user on a clear.
        if pk_set:
            versions.bump(*(_user_scope(pk) for pk in pk_set))
        else:
            versions.bump("permissions")
    else:
        versions.bump(_user_scope(instance.pk))


def connect():
    """What moves the permissions' versions: a role's grants, a person's roles or own grants,
    a person saved (made superuser, deactivated), and a migration (its grants bypass these)."""
    user = get_user_model()
    post_migrate.connect(_on_grants, dispatch_uid="perms:migrate")
    for model in (Group, Permission):
        post_save.connect(_on_grants, sender=model, dispatch_uid=f"perms:{model._meta}")
        post_delete.connect(_on_grants, sender=model, dispatch_uid=f"perms-:{model._meta}")
    m2m_changed.connect(_on_grants, sender=Group.permissions.through, dispatch_uid="perms:group")
    post_save.connect(_on_user, sender=user, dispatch_uid="perms:user")
    post_delete.connect(_on_user, sender=user, dispatch_uid="perms-:user")
    for through in (user.groups.through, user.user_permissions.through):
        m2m_changed.connect(_on_user_links, sender=through, dispatch_uid=f"perms:{through._meta}")
