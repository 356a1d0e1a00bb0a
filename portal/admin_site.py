"""The admin site: Django's, with the sidebar's list of models built without reversing its
URLs again on every page (some sixty a page: a millisecond and more of every admin page)."""

import contextlib

from django.apps import apps
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.text import capfirst


class PortalAdminSite(AdminSite):
    def __init__(self, name="admin"):
        super().__init__(name)
        self._urls = {}

    def _url(self, where, name, **kwargs):
        """``reverse()`` once per URL conf and prefix (``where``): the answer never changes."""
        key = (where, name, *kwargs.items())
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = reverse(name, kwargs=kwargs or None, current_app=self.name)
        return url

    def _build_app_dict(self, request, label=None):
        """Django's own (django/contrib/admin/sites.py, 5.2), its URLs from ``_url``."""
        app_dict = {}
        where = (get_urlconf(), get_script_prefix())
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
