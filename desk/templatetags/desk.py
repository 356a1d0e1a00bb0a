from django import template

from ..selectors import deadlines_around, open_movements, waiting_for

register = template.Library()


@register.inclusion_tag("admin/desk.html", takes_context=True)
def reviewer_desk(context):
    """The admin home's “việc cần xử lý”: for staff who review, never for an empty desk."""
    user = context["request"].user
    return {
        "waiting": waiting_for(user),
        "deadlines": deadlines_around(user),
        "movements": open_movements(user),
    }
