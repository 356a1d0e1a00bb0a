"""History in templates as the admin's history pages show it (portal/history.py)."""

from django import template

from portal import history

register = template.Library()


@register.filter
def local_time(moment) -> str:
    return history.local_time(moment)


@register.filter
def person(user) -> str:
    return history.person(user)
