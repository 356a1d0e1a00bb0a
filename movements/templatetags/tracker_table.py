"""The tracker's body rows, written in Python: a thousand agencies × eight deadlines through
template loops took longer than building the whole tracker."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


# Cell texts are the portal's own words, dates and numbers (no typed input), so they go out
# unescaped: 8,000 escape() calls were a sixth of the page. Names and links are escaped.
def _cell_parts(cell, deadline_tail: str) -> tuple[str, str]:
    """The cell's HTML around its agency's id: what comes before it and what comes after."""
    text = cell.text
    if cell.url:
        text = f'<a href="{escape(cell.url)}">{text}</a>'
    if not cell.window:
        return f'<td class="state-{cell.state}">{text}</td>', ""
    # “o-<agency>-<deadline>” names a required cell, for a reader's link or a test to find it.
    return f'<td class="state-{cell.state}" id="o-', f"{deadline_tail}{text}</td>"


@register.simple_tag
def tracker_rows(tracker, paged=None) -> str:
    """One <tr> per row of ``tracker`` (a page's rows, numbered across pages by ``paged``:
    number, name, kind, a cell per deadline), or the empty-filter row."""
    if not tracker.rows:
        return mark_safe(
            f'<tr><td colspan="{len(tracker.deadlines) + 3}">'
            "Không có cơ quan, đơn vị nào khớp bộ lọc.</td></tr>"
        )
    tails = [f'-{deadline.pk}">' for deadline in tracker.deadlines]
    # Most cells are one column's shared “not sent” cell: its HTML is written once.
    parts: dict[int, tuple[str, str]] = {}
    kinds: dict[str, str] = {}
    lines = []
    start = 1 if paged is None else paged.page.start_index()
    for number, row in enumerate(tracker.rows, start=start):
        pk = str(row.agency.pk)
        cells = []
        for cell, deadline_tail in zip(row.cells, tails, strict=True):
            head_tail = parts.get(id(cell))
            if head_tail is None:
                head_tail = parts[id(cell)] = _cell_parts(cell, deadline_tail)
            head, tail = head_tail
            cells.append(f"{head}{pk}{tail}" if tail else head)
        kind = row.agency.kind_name
        if kind not in kinds:
            kinds[kind] = escape(kind)
        # html.escape is what Django's escape calls, minus the SafeString wrapping per call.
        lines.append(
            f"<tr><td>{number}</td><td>{escape(row.agency.name)}</td>"
            f"<td>{kinds[kind]}</td>{''.join(cells)}</tr>"
        )
    return mark_safe("\n".join(lines))
