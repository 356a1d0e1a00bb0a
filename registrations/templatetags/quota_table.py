"""The quota page's two tables' body rows, printed from the rows kept with the movement's
counts (registrations.selectors.QuotaRow): two hundred rows through template lookups and
number formatting cost more than reading them."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def quota_rows(rows) -> str:
    """Name, kind, collectives and individuals against the quota, minimum, drafts, a note."""
    if not rows:
        return mark_safe('<tr><td colspan="7">Không có cơ quan, đơn vị nào.</td></tr>')
    return mark_safe(
        "\n".join(
            f"<tr><td>{escape(row.name)}</td><td>{escape(row.kind)}</td>"
            f"<td>{row.collectives}</td><td>{row.individuals}</td>"
            f"<td>{row.minimum}</td><td>{row.drafts}</td><td>{row.note}</td></tr>"
            for row in rows
        )
    )


@register.simple_tag
def missing_rows(rows, kind_id=None) -> str:
    """Name, kind, superior and the agency's own closing moment of who has not registered."""
    if not rows:
        whom = "Mọi cơ quan, đơn vị loại này" if kind_id else "Mọi cơ quan, đơn vị"
        return mark_safe(f'<tr><td colspan="4">{whom} đã đăng ký.</td></tr>')
    return mark_safe(
        "\n".join(
            f"<tr><td>{escape(row.name)}</td><td>{escape(row.kind)}</td>"
            f"<td>{escape(row.superior)}</td><td>{escape(row.closes)}"
            f"{' (được gia hạn)' if row.extended else ''}</td></tr>"
            for row in rows
        )
    )
