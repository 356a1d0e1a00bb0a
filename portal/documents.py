"""How state documents write dates, moments, points, numbers and citations (Decree 30/2020).

One home for the formatting every document, export, page and message uses.
"""

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone

# Blanks the văn thư fills in by hand when a document is printed before it is dated.
_BLANK = "\u00a0" * 6
# “    /    /      ”: a date left to fill in by hand.
DATE_BLANK = f"{_BLANK}/{_BLANK}/{_BLANK}"

# Abbreviations of document kinds in numbers and symbols (Decree 30/2020, Appendix III; the
# Party's and joint documents the movement cites).
DOCUMENT_KINDS = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "HDLT": "Hướng dẫn liên tịch",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "GM": "Giấy mời",
}


def _as_date(value) -> date:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"expected a date, not {type(value).__name__}")
    return value


def _month(value: date) -> str:
    # Decree 30: months 1 and 2 take a leading zero (so a 1 cannot be written in front later).
    return f"{value.month:02d}" if value.month < 3 else str(value.month)


def date_in_words(value) -> str:
    """“ngày 05 tháng 01 năm 2025”, “ngày 15 tháng 3 năm 2025”; None leaves blanks to fill in."""
    if value is None or value == "":
        return f"ngày{_BLANK}tháng{_BLANK}năm{_BLANK}"
    value = _as_date(value)
    return f"ngày {value.day:02d} tháng {_month(value)} năm {value.year}"


def document_date(value) -> str:
    """A date as documents cite it: “02/4/2025”, “15/12/2025”, “05/01/2026”; None leaves
    blanks to fill in."""
    if value is None or value == "":
        return DATE_BLANK
    value = _as_date(value)
    return f"{value.day:02d}/{_month(value)}/{value.year}"


def time_in_words(value) -> str:
    """“14 giờ 00 phút” as minutes write the hour; None leaves blanks to fill in."""
    if value is None or value == "":
        return f"{_BLANK}giờ{_BLANK}phút"
    return f"{value.hour:02d} giờ {value.minute:02d} phút"


def moment_text(value, *, last_minute=False) -> str:
    """“23:59 ngày 15/04/2025” on the portal's clock; ``last_minute`` shows the minute before
    an exclusive closing moment (the last one still on time)."""
    if last_minute:
        value = value - timedelta(minutes=1)
    value = timezone.localtime(value)
    return f"{value:%H:%M} ngày {value:%d/%m/%Y}"


def closing_moment_of(day: date, day_counts: bool) -> datetime:
    """The first moment no longer on time, on the portal's clock.

    “chậm nhất là ngày 15/4/2025” (the day counts) closes at 00:00 on 16/4;
    “trước ngày 15/12/2025” (it does not) closes at 00:00 on 15/12.
    """
    first_late_day = day + timedelta(days=1) if day_counts else day
    return timezone.make_aware(datetime.combine(first_late_day, time.min))


def deadline_wording(day: date, day_counts: bool) -> str:
    """The deadline as the plan words it: “chậm nhất là ngày 15/4/2025”, “trước ngày 15/12/2025”."""
    prefix = "chậm nhất là ngày" if day_counts else "trước ngày"
    return f"{prefix} {document_date(day)}"


def points(value) -> str:
    """Vietnamese number format for points: “7,5”, “87”, “-2”, “1.250,25”; empty for None."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def percent(value) -> str:
    """A share as documents write it: “66,67%”, “50%”; empty for None."""
    text = points(value)
    return f"{text}%" if text else ""


def two_digits(count: int) -> str:
    """Counts in documents: “02 tập thể”, “12 cá nhân”."""
    return f"{count:02d}"


def counted(collectives: int, individuals: int, *, none: str = "không có") -> str:
    """“02 tập thể và 01 cá nhân”, “03 cá nhân”: a part that counts none is left out, never
    printed as “00 cá nhân”; ``none`` when both are zero."""
    parts = [
        f"{two_digits(count)} {noun}"
        for count, noun in ((collectives, "tập thể"), (individuals, "cá nhân"))
        if count
    ]
    return " và ".join(parts) or none


def paragraphs(text: str) -> list[str]:
    """A text field as its paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def letter_number(number: str, symbol: str = "", *, blank: bool = False) -> str:
    """“05/TTr-STP”: the number with a leading zero below 10 (Decree 30/2020).

    Not numbered yet: “” or, with ``blank``, “      /TTr-STP” for the văn thư to fill in."""
    number = (number or "").strip()
    symbol = (symbol or "").strip()
    if not number:
        if not blank:
            return ""
        return f"{_BLANK}/{symbol}" if symbol else _BLANK
    if number.isdigit() and len(number) == 1:
        number = f"0{number}"
    return f"{number}/{symbol}" if symbol else number


def document_kind(number: str) -> str:
    """The kind a number or symbol names: “553/QĐ-UBND” → “Quyết định”, “13-KH/ĐU” →
    “Kế hoạch”, “152/2025/NĐ-CP” → “Nghị định”; “Văn bản” when it names none."""
    for token in re.split(r"[\s/\-]+", number or ""):
        if token and not token.isdigit():
            return DOCUMENT_KINDS.get(token, "Văn bản")
    return "Văn bản"


def _subject(text: str) -> str:
    """A trích yếu inside a sentence: “về việc …” once, whatever the clerk typed."""
    text = unicodedata.normalize("NFC", text or "").strip().rstrip(".;,").strip()
    if not text:
        return ""
    lead = re.match(r"về\b\s*", text, re.IGNORECASE)
    rest = text[lead.end() :] if lead else text
    return f"về {rest}" if rest else ""


def cite_document(
    *, kind="", number="", symbol="", issued_on=None, issuer="", subject="", blanks=False
) -> str:
    """“Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long
    về việc …”: each part only when known, never “văn bản số” for a decision.

    The kind defaults to the one the number names; the subject reads “về …” exactly once.
    ``blanks``: a document still to be numbered and dated (one's own) leaves blanks for them.
    """
    reference = letter_number(number, symbol, blank=blanks)
    parts = [(kind or "").strip() or document_kind(reference)]
    if reference:
        parts.append(f"số {reference}")
    if issued_on or blanks:
        parts.append(f"ngày {document_date(issued_on)}")
    if issuer and issuer.strip():
        parts.append(f"của {issuer.strip()}")
    if _subject(subject):
        parts.append(_subject(subject))
    return " ".join(parts)


def movement_citation(movement) -> str:
    """The plan a movement carries out, as documents cite it; “” while it has no number."""
    if not movement.document_number:
        return ""
    return cite_document(
        kind=movement.document_type,
        number=movement.document_number,
        issued_on=movement.document_date,
        issuer=movement.document_issuer,
        subject=movement.document_subject,
    )


def criteria_set_citation(criteria_set) -> str:
    """The document a criteria sheet comes from (“Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU
    ngày 31/5/2023 của …”), its kind read from its number; “” without a number."""
    if criteria_set is None or not criteria_set.code:
        return ""
    return cite_document(
        number=criteria_set.code, issued_on=criteria_set.issued_on, issuer=criteria_set.issuer
    )
