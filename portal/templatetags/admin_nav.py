"""The admin sidebar's list of models, written by portal.admin_nav."""

from django.template import Library

from portal.admin_nav import sidebar_app_list

register = Library()


@register.simple_tag(takes_context=True)
def nav_app_list(context):
    return sidebar_app_list(context.get("available_apps"), context["request"].path)
