"""The quota page's two tables' body rows, written in Python: two hundred rows through template
lookups and number formatting cost more than reading them."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _note(usage) -> str:
    if not usage.rule:
        return "Chưa có chỉ tiêu"
    if usage.collectives_full and usage.individuals_full:
        return "Đủ chỉ tiêu"
    if usage.below_minimum:
        return "Chưa đạt tối thiểu"
    return ""


@register.simple_tag
def quota_rows(usages) -> str:
    """Name, kind, collectives and individuals against the quota, minimum, drafts, a note."""
    if not usages:
        return mark_safe('<tr><td colspan="7">Không có cơ quan, đơn vị nào.</td></tr>')
    lines = []
    for u in usages:
        minimum = (u.rule.min_models if u.rule else 0) or 0
        lines.append(
            f"<tr><td>{escape(u.agency.name)}</td><td>{escape(str(u.agency.kind))}</td>"
            f"<td>{u.collectives}/{u.max_collectives}</td>"
            f"<td>{u.individuals}/{u.max_individuals}</td>"
            f"<td>{minimum}</td><td>{u.drafts}</td><td>{_note(u)}</td></tr>"
        )
    return mark_safe("\n".join(lines))


@register.simple_tag
def missing_rows(usages, kind_id=None) -> str:
    """Name, kind, superior and the agency's own closing moment of who has not registered."""
    if not usages:
        whom = "Mọi cơ quan, đơn vị loại này" if kind_id else "Mọi cơ quan, đơn vị"
        return mark_safe(f'<tr><td colspan="4">{whom} đã đăng ký.</td></tr>')
    lines = []
    for u in usages:
        parent = escape(u.agency.parent.name) if u.agency.parent else ""
        extended = " (được gia hạn)" if u.window.extended else ""
        lines.append(
            f"<tr><td>{escape(u.agency.name)}</td><td>{escape(str(u.agency.kind))}</td>"
            f"<td>{parent}</td><td>{escape(u.window.last_moment_text)}{extended}</td></tr>"
        )
    return mark_safe("\n".join(lines))
