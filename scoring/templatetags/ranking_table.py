"""The ranking's body rows, written in Python: a hundred rows through template lookups and
filters were half the page's time."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

from portal.documents import points

register = template.Library()


@register.simple_tag
def ranked_rows(ranked) -> str:
    """Rank, agency, kind, self-assessed and appraised totals, their difference, the band (the
    units are the ranking's plain values: scoring.selectors.RANKING_VALUES and RANKING_NAMES)."""
    if not ranked:
        return mark_safe(
            '<tr><td colspan="7" class="empty">Chưa có đơn vị nào được xếp hạng (bản chấm điểm '
            "chưa được thẩm định xong).</td></tr>"
        )
    return mark_safe(
        "\n".join(
            f'<tr><td data-label="Hạng">{rank}</td>'
            f'<td data-label="Cơ quan, đơn vị">{escape(card["agency_name"])}</td>'
            f'<td data-label="Loại">{escape(card["kind_name"])}</td>'
            f'<td data-label="Tự chấm">{points(card["self_total"])}</td>'
            f'<td data-label="Thẩm định">{points(card["appraised_total"])}</td>'
            f'<td data-label="Chênh lệch">{points(card["difference"])}</td>'
            f'<td data-label="Xếp loại">{escape(str(card["classification"]))}</td></tr>'
            for rank, card in ranked
        )
    )


@register.simple_tag
def unranked_rows(unranked) -> str:
    """Agency, kind, both totals and why the unit is not classified."""
    return mark_safe(
        "\n".join(
            f'<tr><td data-label="Cơ quan, đơn vị">{escape(card["agency_name"])}</td>'
            f'<td data-label="Loại">{escape(card["kind_name"])}</td>'
            f'<td data-label="Tự chấm">{points(card["self_total"])}</td>'
            f'<td data-label="Thẩm định">{points(card["appraised_total"])}</td>'
            f'<td data-label="Lý do">{escape(card["not_classifiable_reason"])}</td></tr>'
            for card in unranked
        )
    )
