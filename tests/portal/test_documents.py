"""portal/documents.py, the one home of state-document formatting (Decree 30/2020): every
function against a table of exact strings, and the template filters that wrap them."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from portal.documents import (
    DATE_BLANK,
    cite_document,
    closing_moment_of,
    criteria_set_citation,
    date_in_words,
    deadline_wording,
    document_date,
    document_kind,
    letter_number,
    moment_text,
    movement_citation,
    paragraphs,
    percent,
    points,
    two_digits,
)

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NB = "\u00a0" * 6  # the blank the văn thư fills in by hand
ROOT = Path(__file__).resolve().parents[2]
DECISION = "Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long"


# Dates


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2025, 4, 2), "ngày 02 tháng 4 năm 2025"),  # a day below 10 takes a 0
        (date(2025, 1, 15), "ngày 15 tháng 01 năm 2025"),  # months 1 and 2 take a 0
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2025, 3, 15), "ngày 15 tháng 3 năm 2025"),  # months 3–12 do not
        (date(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (datetime(2025, 4, 1, 17, 30, tzinfo=UTC), "ngày 02 tháng 4 năm 2025"),  # local day
        (datetime(2025, 4, 2, 23, 59), "ngày 02 tháng 4 năm 2025"),  # naive: as written
        (None, f"ngày{NB}tháng{NB}năm{NB}"),  # undated: blanks to fill in
        ("", f"ngày{NB}tháng{NB}năm{NB}"),
    ],
)
def test_date_in_words(value, text):
    assert date_in_words(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2025, 4, 2), "02/4/2025"),
        (date(2023, 5, 31), "31/5/2023"),
        (date(2025, 1, 5), "05/01/2025"),
        (date(2026, 2, 28), "28/02/2026"),
        (date(2025, 12, 10), "10/12/2025"),
        (datetime(2025, 12, 14, 17, 0, tzinfo=UTC), "15/12/2025"),  # 00:00 on the 15th here
        (None, f"{NB}/{NB}/{NB}"),
        ("", f"{NB}/{NB}/{NB}"),
    ],
)
def test_document_date(value, text):
    assert document_date(value) == text


def test_document_date_blank_is_the_exported_constant():
    assert document_date(None) == DATE_BLANK


@pytest.mark.parametrize("value", ["2025-04-02", 20250402])
def test_document_date_refuses_what_is_not_a_date(value):
    with pytest.raises(TypeError):
        document_date(value)


@pytest.mark.parametrize(
    ("value", "last_minute", "text"),
    [
        (datetime(2025, 4, 15, 23, 59, tzinfo=HCM), False, "23:59 ngày 15/04/2025"),
        (datetime(2025, 4, 15, 16, 59, tzinfo=UTC), False, "23:59 ngày 15/04/2025"),
        (datetime(2025, 4, 2, 8, 5, tzinfo=HCM), False, "08:05 ngày 02/04/2025"),
        # An exclusive closing moment shows the last minute still on time.
        (datetime(2025, 4, 16, 0, 0, tzinfo=HCM), True, "23:59 ngày 15/04/2025"),
        (datetime(2025, 12, 15, 0, 0, tzinfo=HCM), True, "23:59 ngày 14/12/2025"),
        (datetime(2026, 1, 1, 0, 0, tzinfo=HCM), True, "23:59 ngày 31/12/2025"),
    ],
)
def test_moment_text(value, last_minute, text):
    assert moment_text(value, last_minute=last_minute) == text


# Deadlines as the plan words them


@pytest.mark.parametrize(
    ("day", "day_counts", "closes_at", "wording", "last_minute"),
    [
        # “chậm nhất là ngày 15/4/2025”: the 15th counts, the 16th at 00:00 is late.
        (
            date(2025, 4, 15),
            True,
            datetime(2025, 4, 16, 0, 0, tzinfo=HCM),
            "chậm nhất là ngày 15/4/2025",
            "23:59 ngày 15/04/2025",
        ),
        # “trước ngày 15/12/2025”: the 15th itself is late.
        (
            date(2025, 12, 15),
            False,
            datetime(2025, 12, 15, 0, 0, tzinfo=HCM),
            "trước ngày 15/12/2025",
            "23:59 ngày 14/12/2025",
        ),
        # The last day of a year, and a month that takes a 0.
        (
            date(2025, 12, 31),
            True,
            datetime(2026, 1, 1, 0, 0, tzinfo=HCM),
            "chậm nhất là ngày 31/12/2025",
            "23:59 ngày 31/12/2025",
        ),
        (
            date(2026, 1, 5),
            False,
            datetime(2026, 1, 5, 0, 0, tzinfo=HCM),
            "trước ngày 05/01/2026",
            "23:59 ngày 04/01/2026",
        ),
    ],
)
def test_closing_moment_and_wording(day, day_counts, closes_at, wording, last_minute):
    closing = closing_moment_of(day, day_counts)
    assert closing == closes_at
    assert closing.utcoffset().total_seconds() == 7 * 3600  # on the portal's clock (+07)
    assert deadline_wording(day, day_counts) == wording
    assert moment_text(closing, last_minute=True) == last_minute


# Numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7.5"), "7,5"),
        (Decimal("7.50"), "7,5"),
        (Decimal("87.00"), "87"),
        (87, "87"),
        (7.5, "7,5"),
        ("6.25", "6,25"),
        (Decimal("0"), "0"),
        (Decimal("0.00"), "0"),
        (Decimal("-2"), "-2"),
        (Decimal("-2.00"), "-2"),
        (Decimal("-0.5"), "-0,5"),
        (Decimal("1000"), "1.000"),
        (Decimal("1250.25"), "1.250,25"),
        (Decimal("-1250.5"), "-1.250,5"),
        (1234567, "1.234.567"),
        (Decimal("1E+2"), "100"),
        (None, ""),
        ("", ""),
        ("abc", "abc"),  # not a number: as typed
        (Decimal("NaN"), "NaN"),
    ],
)
def test_points(value, text):
    assert points(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("66.67"), "66,67%"),
        (Decimal("50.00"), "50%"),
        (Decimal("88.90"), "88,9%"),
        (Decimal("100"), "100%"),
        (Decimal("0.00"), "0%"),
        (None, ""),
    ],
)
def test_percent(value, text):
    assert percent(value) == text


@pytest.mark.parametrize(
    ("count", "text"), [(0, "00"), (1, "01"), (2, "02"), (9, "09"), (12, "12"), (120, "120")]
)
def test_two_digits(count, text):
    assert two_digits(count) == text


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Một.\nHai.", ["Một.", "Hai."]),
        ("  Một.  \r\n\n\n  Hai.\n", ["Một.", "Hai."]),
        ("Một dòng", ["Một dòng"]),
        ("", []),
        ("\n \n", []),
        (None, []),
    ],
)
def test_paragraphs(text, lines):
    assert paragraphs(text) == lines


# Numbers of documents


@pytest.mark.parametrize(
    ("number", "symbol", "blank", "text"),
    [
        ("5", "TTr-STP", False, "05/TTr-STP"),  # a leading 0 below 10
        ("05", "TTr-STP", False, "05/TTr-STP"),
        (" 7 ", "TTr-SNV", False, "07/TTr-SNV"),
        ("12", "TTr-SNV", False, "12/TTr-SNV"),
        ("120", "TTr-SNV", False, "120/TTr-SNV"),
        ("5", "", False, "05"),
        ("553/QĐ-UBND", "", False, "553/QĐ-UBND"),  # already whole
        ("", "TTr-STP", False, ""),  # not numbered yet
        (None, "TTr-STP", False, ""),
        ("", "TTr-STP", True, f"{NB}/TTr-STP"),  # … or blanks for the văn thư
        ("", "", True, NB),
        ("5", "TTr-STP", True, "05/TTr-STP"),
    ],
)
def test_letter_number(number, symbol, blank, text):
    assert letter_number(number, symbol, blank=blank) == text


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("553/QĐ-UBND", "Quyết định"),
        ("3225/QĐ-UBND", "Quyết định"),
        ("61/KH-UBND", "Kế hoạch"),
        ("13-KH/ĐU", "Kế hoạch"),
        ("01/HDLT-UBND-BDVTU", "Hướng dẫn liên tịch"),
        ("01/HD-BDVTU", "Hướng dẫn"),
        ("152/2025/NĐ-CP", "Nghị định"),  # the year is not the kind
        ("15/2025/TT-BNV", "Thông tư"),
        ("05/TTr-STP", "Tờ trình"),
        ("TTr-STP", "Tờ trình"),  # a symbol alone
        ("12/BC-STP", "Báo cáo"),
        ("12/XYZ-UBND", "Văn bản"),
        ("123/UBND-VX", "Văn bản"),  # a công văn names no kind
        ("", "Văn bản"),
        (None, "Văn bản"),
    ],
)
def test_document_kind(number, kind):
    assert document_kind(number) == kind


# Citations

PLAN_SUBJECT = "về việc ban hành Kế hoạch phát động phong trào thi đua năm 2025"
PLAN = f"Quyết định số 553/QĐ-UBND ngày 02/4/2025 của {DECISION} {PLAN_SUBJECT}"


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        (
            {
                "kind": "Quyết định",
                "number": "553/QĐ-UBND",
                "issued_on": date(2025, 4, 2),
                "issuer": DECISION,
                "subject": PLAN_SUBJECT,
            },
            PLAN,
        ),
        # The kind the number names; the subject however the clerk typed it: “về” once.
        (
            {
                "number": "553/QĐ-UBND",
                "issued_on": date(2025, 4, 2),
                "issuer": DECISION,
                "subject": "Về việc ban hành Kế hoạch phát động phong trào thi đua năm 2025.",
            },
            PLAN,
        ),
        (
            {
                "number": "553/QĐ-UBND",
                "issued_on": date(2025, 4, 2),
                "issuer": f" {DECISION} ",
                "subject": "  việc ban hành Kế hoạch phát động phong trào thi đua năm 2025;",
            },
            PLAN,
        ),
        (
            {"number": "01/HDLT-UBND-BDVTU", "issued_on": date(2023, 5, 31), "issuer": "UBND tỉnh"},
            "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của UBND tỉnh",
        ),
        # Each part only when known.
        ({"number": "01/HDLT-UBND-BDVTU"}, "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU"),
        ({"number": "553/QĐ-UBND", "subject": "   "}, "Quyết định số 553/QĐ-UBND"),
        ({"number": "553/QĐ-UBND", "subject": "Về."}, "Quyết định số 553/QĐ-UBND"),
        (
            {
                "kind": "Biên bản họp bình xét",
                "issued_on": date(2025, 12, 5),
                "issuer": "Sở Tư pháp",
            },
            "Biên bản họp bình xét ngày 05/12/2025 của Sở Tư pháp",
        ),
        (
            {"kind": "Biên bản họp bình xét", "issuer": "Sở Tư pháp"},
            "Biên bản họp bình xét của Sở Tư pháp",
        ),
        ({}, "Văn bản"),
        ({"number": "123/UBND-VX"}, "Văn bản số 123/UBND-VX"),
        # One's own letter: number and symbol apart, a leading 0, blanks while undated.
        (
            {
                "kind": "Tờ trình",
                "number": "5",
                "symbol": "TTr-STP",
                "issued_on": date(2025, 12, 10),
                "issuer": "Sở Tư pháp",
                "blanks": True,
            },
            "Tờ trình số 05/TTr-STP ngày 10/12/2025 của Sở Tư pháp",
        ),
        (
            {"kind": "Tờ trình", "symbol": "TTr-SNV", "issuer": "Sở Nội vụ", "blanks": True},
            f"Tờ trình số {NB}/TTr-SNV ngày {NB}/{NB}/{NB} của Sở Nội vụ",
        ),
        (
            {"kind": "Tờ trình", "issuer": "Sở Xây dựng", "blanks": True},
            f"Tờ trình số {NB} ngày {NB}/{NB}/{NB} của Sở Xây dựng",
        ),
        (
            {"kind": "Tờ trình", "symbol": "TTr-SNV", "issuer": "Sở Nội vụ"},
            "Tờ trình của Sở Nội vụ",  # without blanks: what is not known is left out
        ),
    ],
)
def test_cite_document(parts, text):
    assert cite_document(**parts) == text


@pytest.mark.parametrize(
    "subject",
    [
        "về việc ban hành Kế hoạch",
        "Về việc ban hành Kế hoạch",
        "VỀ VIỆC ban hành Kế hoạch",
        "việc ban hành Kế hoạch",
        "ban hành Kế hoạch",
    ],
)
def test_a_citation_says_ve_once(subject):
    text = cite_document(number="553/QĐ-UBND", subject=subject)
    assert text.lower().count("về") == 1
    assert text.startswith("Quyết định số 553/QĐ-UBND về ")
    assert "…" not in text and "văn bản số" not in text.lower()


def fixture_rows(name, model):
    rows = json.loads((ROOT / "fixtures" / name).read_text(encoding="utf-8"))
    return [row["fields"] for row in rows if row["model"] == model]


def test_the_vinh_long_plan_is_cited_with_its_own_subject():
    fields = fixture_rows("vinh_long_2025.json", "movements.movement")[0]
    movement = SimpleNamespace(
        document_type=fields["document_type"],
        document_number=fields["document_number"],
        document_date=date.fromisoformat(fields["document_date"]),
        document_issuer=fields["document_issuer"],
        document_subject=fields["document_subject"],
    )
    assert movement_citation(movement) == (
        "Quyết định số 553/QĐ-UBND ngày 02/4/2025 của Chủ tịch Ủy ban nhân dân tỉnh Vĩnh Long "
        "về việc ban hành Kế hoạch phát động phong trào thi đua thực hiện công tác Dân vận chính "
        "quyền và thực hiện mô hình “Dân vận khéo” năm 2025 trên địa bàn tỉnh Vĩnh Long"
    )


def plan(**fields):
    values = {
        "document_type": "Quyết định",
        "document_number": "553/QĐ-UBND",
        "document_date": date(2025, 4, 2),
        "document_issuer": DECISION,
        "document_subject": "",
    }
    return SimpleNamespace(**{**values, **fields})


@pytest.mark.parametrize(
    ("movement", "text"),
    [
        (plan(), f"Quyết định số 553/QĐ-UBND ngày 02/4/2025 của {DECISION}"),
        (plan(document_subject=PLAN_SUBJECT), PLAN),
        (
            plan(document_type="", document_number="13-KH/ĐU", document_issuer="Đảng ủy"),
            "Kế hoạch số 13-KH/ĐU ngày 02/4/2025 của Đảng ủy",
        ),
        (
            plan(document_type="Kế hoạch", document_number="61/KH-UBND", document_date=None),
            "Kế hoạch số 61/KH-UBND của " + DECISION,
        ),
        (plan(document_number=""), ""),  # no number: nothing to cite
    ],
)
def test_movement_citation(movement, text):
    assert movement_citation(movement) == text


def criteria(**fields):
    values = {
        "code": "01/HDLT-UBND-BDVTU",
        "issued_on": date(2023, 5, 31),
        "issuer": "Ủy ban nhân dân tỉnh Vĩnh Long và Ban Dân vận Tỉnh ủy",
    }
    return SimpleNamespace(**{**values, **fields})


@pytest.mark.parametrize(
    ("criteria_set", "text"),
    [
        (
            criteria(),
            "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của Ủy ban nhân dân tỉnh "
            "Vĩnh Long và Ban Dân vận Tỉnh ủy",
        ),
        (
            criteria(code="3225/QĐ-UBND", issued_on=date(2024, 12, 20), issuer="UBND tỉnh"),
            "Quyết định số 3225/QĐ-UBND ngày 20/12/2024 của UBND tỉnh",
        ),
        (criteria(issued_on=None, issuer=""), "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU"),
        (criteria(code=""), ""),
        (None, ""),
    ],
)
def test_criteria_set_citation(criteria_set, text):
    assert criteria_set_citation(criteria_set) == text


def test_the_sample_criteria_set_is_cited_by_its_kind():
    fields = fixture_rows("criteria_sample.json", "scoring.criteriaset")[0]
    criteria_set = SimpleNamespace(
        code=fields["code"],
        issued_on=date.fromisoformat(fields["issued_on"]),
        issuer=fields["issuer"],
    )
    assert criteria_set_citation(criteria_set) == (
        "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của Ủy ban nhân dân tỉnh "
        "Vĩnh Long và Ban Dân vận Tỉnh ủy"
    )


# The template filters say exactly what the functions say


@pytest.mark.parametrize(
    ("source", "context", "text"),
    [
        ("{{ d|date_in_words }}", {"d": date(2025, 4, 2)}, "ngày 02 tháng 4 năm 2025"),
        ("{{ d|date_in_words }}", {"d": None}, f"ngày{NB}tháng{NB}năm{NB}"),
        ("{{ d|document_date }}", {"d": date(2025, 4, 2)}, "02/4/2025"),
        ("{{ d|document_date }}", {"d": None}, f"{NB}/{NB}/{NB}"),
        ("{{ v|points }}", {"v": Decimal("1250.50")}, "1.250,5"),
        ("{{ v|percent }}", {"v": Decimal("66.67")}, "66,67%"),
        ("{{ v|percent }}", {"v": None}, ""),
        ("{{ n|two_digits }}", {"n": 2}, "02"),
        ("{{ rows|two_digits }}", {"rows": ["a", "b", "c"]}, "03"),
        ("{{ rows|length|two_digits }}", {"rows": []}, "00"),
        ("{{ m|movement_citation }}", {"m": plan(document_subject=PLAN_SUBJECT)}, PLAN),
        (
            "{{ c|criteria_set_citation }}",
            {"c": criteria(issuer="UBND tỉnh")},
            "Hướng dẫn liên tịch số 01/HDLT-UBND-BDVTU ngày 31/5/2023 của UBND tỉnh",
        ),
        ("{% for l in v|as_lines %}[{{ l }}]{% endfor %}", {"v": "Một"}, "[Một]"),
        ("{% for l in v|as_lines %}[{{ l }}]{% endfor %}", {"v": ["Một", "Hai"]}, "[Một][Hai]"),
        ("{% for l in v|as_lines %}[{{ l }}]{% endfor %}", {"v": None}, ""),
    ],
)
def test_template_filters(source, context, text):
    template = Template("{% load documents %}" + source)
    assert template.render(Context(context, autoescape=False)) == text
