"""The admin site: Django's, with the sidebar's list of models built without reversing its
URLs again on every page (some sixty a page: a millisecond and more of every admin page), and
kept per process for each set of grants (a hundred permission checks a page otherwise)."""

import contextlib

from django.apps import apps
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import capfirst

# Kept lists of models at most: one per set of grants and app page (a dozen pages), and the
# grants are a handful of roles in fact.
_KEPT_APP_LISTS = 2048


class PortalAdminSite(AdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)
        self._urls = {}
        self._app_dicts = {}

    def _url(self, where, name, **kwargs):
        """``reverse()`` once per URL conf and prefix (``where``): the answer never changes."""
        key = (where, name, *kwargs.items())
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = reverse(name, kwargs=kwargs or None, current_app=self.name)
        return url

    def _app_dict_key(self, request, label, where):
        """What the model admins' permission checks read: the person's standing and grants, and
        whether the coordinator is entered (CoordinatorAdmin's add, once). An admin whose check
        reads anything else must be named here, or its link would show for the wrong people."""
        # Here, not at the top: this module is imported while the apps load (PortalAdminConfig).
        from .coordinator import current_coordinator

        user = request.user
        return (
            user.is_active,
            user.is_staff,
            user.is_superuser,
            frozenset(user.get_all_permissions()),
            current_coordinator().pk is not None,
            label,
            where,
        )

    def _build_app_dict(self, request, label=None):
        """The apps and models this person may reach, worked out once per set of grants; a
        copy, as Django's get_app_list sorts the lists it gets."""
        where = (get_urlconf(), get_script_prefix())
        key = self._app_dict_key(request, label, where)
        found = self._app_dicts.get(key)
        if found is None:
            if len(self._app_dicts) >= _KEPT_APP_LISTS:
                self._app_dicts.clear()
            found = self._app_dicts[key] = self._compute_app_dict(request, label, where)
        return {name: {**app, "models": list(app["models"])} for name, app in found.items()}

    def _compute_app_dict(self, request, label, where):
        """Django's own (django/contrib/admin/sites.py, 5.2), its URLs from ``_url``."""
        app_dict = {}
        if label:
            models = {m: m_a for m, m_a in self._registry.items() if m._meta.app_label == label}
        else:
            models = self._registry
        for model, model_admin in models.items():
            app_label = model._meta.app_label
            has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            model_name = model._meta.model_name
            model_dict = {
                "model": model,
                "name": capfirst(model._meta.verbose_name_plural),
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                model_dict["view_only"] = not perms.get("change")
                with contextlib.suppress(NoReverseMatch):
                    model_dict["admin_url"] = self._url(
                        where, f"admin:{app_label}_{model_name}_changelist"
                    )
            if perms.get("add"):
                with contextlib.suppress(NoReverseMatch):
                    model_dict["add_url"] = self._url(where, f"admin:{app_label}_{model_name}_add")
            if app_label in app_dict:
                app_dict[app_label]["models"].append(model_dict)
            else:
                app_dict[app_label] = {
                    "name": apps.get_app_config(app_label).verbose_name,
                    "app_label": app_label,
                    "app_url": self._url(where, "admin:app_list", app_label=app_label),
                    "has_module_perms": has_module_perms,
                    "models": [model_dict],
                }
        return app_dict


class PortalAdminConfig(AdminConfig):
    """``django.contrib.admin`` in INSTALLED_APPS, its site the one above."""

    default_site = "portal.admin_site.PortalAdminSite"
