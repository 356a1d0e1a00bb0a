"""The admin list's table and filters as Django draws them, written by portal.admin_lists."""

from django.contrib.admin.templatetags.admin_list import result_headers, result_list
from django.template import Library

from portal.admin_lists import list_filter_html, result_headers_html, result_rows

register = Library()


@register.inclusion_tag("admin/portal/fast_change_list_results.html")
def fast_result_list(cl):
    rows = result_rows(cl)
    if rows is None:  # editable lists and popups: Django's own table
        return {**result_list(cl), "rows": None}
    headers = list(result_headers(cl))
    num_sorted_fields = sum(1 for h in headers if h["sortable"] and h["sorted"])
    return {"headers": result_headers_html(headers, num_sorted_fields), "rows": rows}


@register.simple_tag
def fast_list_filter(cl, spec):
    return list_filter_html(cl, spec)
