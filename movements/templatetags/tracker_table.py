"""The tracker's body rows, written in Python: a thousand agencies × eight deadlines through
template loops took longer than building the whole tracker."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


# Cell texts are the portal's own words, dates and numbers (no typed input), so they go out
# unescaped: 8,000 escape() calls were a sixth of the page. Names and links are escaped.
def _cell_html(agency_pk, cell) -> str:
    text = cell.text
    if cell.url:
        text = f'<a href="{escape(cell.url)}">{text}</a>'
    # “o-<agency>-<deadline>” names a required cell, for a reader's link or a test to find it.
    cell_id = f' id="o-{agency_pk}-{cell.window.deadline.pk}"' if cell.window else ""
    return f'<td class="state-{cell.state}"{cell_id}>{text}</td>'


@register.simple_tag
def tracker_rows(tracker) -> str:
    """One <tr> per agency (number, name, kind, a cell per deadline), or the empty-filter row."""
    if not tracker.rows:
        return mark_safe(
            f'<tr><td colspan="{len(tracker.deadlines) + 3}">'
            "Không có cơ quan, đơn vị nào khớp bộ lọc.</td></tr>"
        )
    # Every value below is escaped here: html.escape is what Django's escape calls, minus the
    # SafeString wrapping per call.
    return mark_safe(
        "\n".join(
            f"<tr><td>{number}</td><td>{escape(row.agency.name)}</td>"
            f"<td>{escape(row.agency.kind_name)}</td>"
            f"{''.join(_cell_html(row.agency.pk, cell) for cell in row.cells)}</tr>"
            for number, row in enumerate(tracker.rows, start=1)
        )
    )
