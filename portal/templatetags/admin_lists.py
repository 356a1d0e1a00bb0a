"""The admin list's table drawn by portal.admin_lists: Django's headers, the rows in Python."""

from django.contrib.admin.templatetags.admin_list import result_headers, result_list
from django.template import Library

from portal.admin_lists import result_rows

register = Library()


@register.inclusion_tag("admin/portal/fast_change_list_results.html")
def fast_result_list(cl):
    rows = result_rows(cl)
    if rows is None:  # editable lists and popups: Django's own table
        return {**result_list(cl), "rows": None}
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "rows": rows,
    }
