"""A movement's deadlines, entered as the plan words them, against tables of exact moments:
movements/models.py (Deadline derives its closing moment, an extension must lengthen it) and
movements/selectors.py (which deadline an agency has, its extension, the refusal at both edges
of both wordings, and who sent on time)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from movements import selectors
from movements.models import Deadline, DeadlineExtension, DeadlineKind
from movements.selectors import (
    AgencyDeadline,
    Standing,
    agency_deadline,
    agency_deadlines,
    deadline_standing,
    required_agencies,
)
from registrations import services
from registrations.models import Registration, State
from tests.factories import (
    AgencyFactory,
    AgencyKindFactory,
    MovementFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    UserFactory,
    extend,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db

REGISTRATION, AWARD = DeadlineKind.REGISTRATION, DeadlineKind.AWARD
LATE_REGISTRATION = (
    "Đã hết hạn đăng ký mô hình (hạn cuối {}). Nếu cần gia hạn, vui lòng liên hệ Sở Nội vụ."
)


def at(day, hour=0, minute=0, second=0):
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=VN)


@pytest.fixture
def movement():
    """A movement with no deadline yet: each test enters its own, as the plan words it."""
    return MovementFactory(year=2025, registration_closes_at=None, award_closes_at=None)


@pytest.fixture
def granter(db):
    """Sở Nội vụ's reviewer; Sở Nội vụ is of a kind no deadline below names."""
    home = AgencyFactory(
        code="SNV", name="Sở Nội vụ", kind=AgencyKindFactory(code="noi-vu", name="Nội vụ")
    )
    return UserFactory(username="chuyenvien.snv", agency=home, is_staff=True)


def deadline(movement, kind=REGISTRATION, *, due_on, day_counts, kinds=(), **fields):
    row = Deadline.objects.create(
        movement=movement,
        kind=kind,
        title=fields.pop("title", DeadlineKind(kind).label),
        due_on=due_on,
        due_day_counts=day_counts,
        **fields,
    )
    row.agency_kinds.set(kinds)
    return row


# movements/models.py: a deadline's closing moment comes from its wording


@pytest.mark.parametrize(
    ("due_on", "day_counts", "closes_at", "wording", "last_moment"),
    [
        # Seed 000: “chậm nhất là ngày 15/4/2025” — the 15th counts.
        (
            date(2025, 4, 15),
            True,
            at(date(2025, 4, 16)),
            "chậm nhất là ngày 15/4/2025",
            "23:59 ngày 15/04/2025",
        ),
        # Seed 000: “trước ngày 15/12/2025” — the 15th is already late.
        (
            date(2025, 12, 15),
            False,
            at(date(2025, 12, 15)),
            "trước ngày 15/12/2025",
            "23:59 ngày 14/12/2025",
        ),
        (
            date(2025, 12, 31),
            True,
            at(date(2026, 1, 1)),
            "chậm nhất là ngày 31/12/2025",
            "23:59 ngày 31/12/2025",
        ),
        (
            date(2026, 1, 5),
            False,
            at(date(2026, 1, 5)),
            "trước ngày 05/01/2026",
            "23:59 ngày 04/01/2026",
        ),
    ],
)
def test_a_deadline_derives_its_closing_moment(
    movement, due_on, day_counts, closes_at, wording, last_moment
):
    row = deadline(movement, due_on=due_on, day_counts=day_counts)
    row.refresh_from_db()
    assert row.closes_at == closes_at
    assert row.wording == wording
    assert row.last_moment_text == last_moment
    assert str(row) == f"Đăng ký mô hình ({wording})"


def test_changing_the_wording_moves_the_closing_moment(movement):
    row = deadline(movement, due_on=date(2025, 4, 15), day_counts=True)
    row.due_day_counts = False
    row.save()
    row.refresh_from_db()
    assert row.closes_at == at(date(2025, 4, 15))
    row.due_on = date(2025, 4, 20)
    row.save()
    row.refresh_from_db()
    assert row.closes_at == at(date(2025, 4, 20))


@pytest.mark.parametrize(
    ("opens_at", "valid"),
    [
        (None, True),
        (at(date(2025, 4, 2)), True),
        (at(date(2025, 4, 15), 23, 59), True),  # the last minute still on time
        (at(date(2025, 4, 16)), False),  # opening as it closes
        (at(date(2025, 4, 20)), False),
    ],
)
def test_a_deadline_opens_before_it_closes(movement, opens_at, valid):
    row = Deadline(
        movement=movement,
        kind=REGISTRATION,
        title="Đăng ký mô hình",
        due_on=date(2025, 4, 15),
        due_day_counts=True,
        opens_at=opens_at,
    )
    if valid:
        row.clean()
    else:
        with pytest.raises(ValidationError, match="bắt đầu nhận phải trước hạn cuối"):
            row.clean()


# movements/models.py: an extension lengthens the plan's deadline, “until” a day that counts


@pytest.mark.parametrize(
    ("due_on", "day_counts", "until_on", "accepted"),
    [
        # “chậm nhất là ngày 15/4/2025” closes at 00:00 on 16/4: until 16/4 is the first gain.
        (date(2025, 4, 15), True, date(2025, 4, 14), False),
        (date(2025, 4, 15), True, date(2025, 4, 15), False),  # the same moment
        (date(2025, 4, 15), True, date(2025, 4, 16), True),
        (date(2025, 4, 15), True, date(2025, 4, 20), True),
        # “trước ngày 15/12/2025” closes at 00:00 on 15/12: until 15/12 already gains a day.
        (date(2025, 12, 15), False, date(2025, 12, 14), False),  # the same moment
        (date(2025, 12, 15), False, date(2025, 12, 15), True),
        (date(2025, 12, 15), False, date(2025, 12, 1), False),
    ],
)
def test_an_extension_must_come_after_the_deadline(
    movement, granter, due_on, day_counts, until_on, accepted
):
    row = deadline(movement, due_on=due_on, day_counts=day_counts)
    extension = DeadlineExtension(
        deadline=row, agency=AgencyFactory(), until_on=until_on, reason="Lý do", granted_by=granter
    )
    if accepted:
        extension.clean()
    else:
        with pytest.raises(ValidationError) as refused:
            extension.clean()
        assert refused.value.message_dict == {
            "until_on": [f"Ngày gia hạn phải sau hạn chung ({row.wording})."]
        }


def test_an_extension_derives_its_closing_moment(movement, granter):
    deadline(movement, due_on=date(2025, 4, 15), day_counts=True)
    extension = extend(movement, REGISTRATION, AgencyFactory(), date(2025, 4, 20), by=granter)
    extension.refresh_from_db()
    assert extension.closes_at == at(date(2025, 4, 21))
    assert extension.wording == "chậm nhất là ngày 20/4/2025"


# movements/selectors.py: which deadline an agency has


@pytest.mark.parametrize(
    ("specific_due", "general_due"),
    [
        (date(2025, 4, 30), date(2025, 4, 15)),  # the named kind has longer
        (date(2025, 4, 10), date(2025, 4, 15)),  # … or shorter: it wins either way
    ],
)
def test_a_deadline_naming_the_agencys_kind_wins_over_the_general_one(
    movement, health_kind, department_kind, specific_due, general_due
):
    general = deadline(movement, due_on=general_due, day_counts=True, title="Đăng ký chung")
    specific = deadline(
        movement, due_on=specific_due, day_counts=True, kinds=[health_kind], title="Đăng ký y tế"
    )
    hospital = AgencyFactory(kind=health_kind)
    department = AgencyFactory(kind=department_kind)

    assert agency_deadline(movement=movement, kind=REGISTRATION, agency=hospital).deadline == (
        specific
    )
    assert agency_deadline(movement=movement, kind=REGISTRATION, agency=department).deadline == (
        general
    )
    both = agency_deadlines(
        movements=[movement], kind=REGISTRATION, agencies=[hospital, department]
    )
    assert {key: window.deadline for key, window in both.items()} == {
        (movement.pk, hospital.pk): specific,
        (movement.pk, department.pk): general,
    }


def test_a_deadline_of_another_kind_or_for_other_agencies_is_none_of_this_agencys(
    movement, health_kind, department_kind
):
    deadline(movement, AWARD, due_on=date(2025, 12, 15), day_counts=False)
    deadline(movement, due_on=date(2025, 4, 15), day_counts=True, kinds=[health_kind])
    window = agency_deadline(
        movement=movement, kind=REGISTRATION, agency=AgencyFactory(kind=department_kind)
    )
    assert window == AgencyDeadline(None)
    assert window.closes_at is None and window.last_moment is None
    assert (window.wording, window.last_moment_text) == ("", "")
    assert window.refusal(at(date(2025, 4, 1))) == "Phong trào chưa đặt thời hạn cho nội dung này."
    assert not window.has_passed(at(date(2030, 1, 1)))


@pytest.mark.parametrize(
    ("due_on", "day_counts", "now", "refusal"),
    [
        # “chậm nhất là ngày 15/4/2025”: on time to the last second of the 15th.
        (date(2025, 4, 15), True, at(date(2025, 4, 15), 23, 59, 59), None),
        (
            date(2025, 4, 15),
            True,
            at(date(2025, 4, 16)),
            LATE_REGISTRATION.format("23:59 ngày 15/04/2025"),
        ),
        # “trước ngày 15/12/2025”: on time to the last second of the 14th.
        (date(2025, 12, 15), False, at(date(2025, 12, 14), 23, 59, 59), None),
        (
            date(2025, 12, 15),
            False,
            at(date(2025, 12, 15)),
            LATE_REGISTRATION.format("23:59 ngày 14/12/2025"),
        ),
        # Not open yet.
        (
            date(2025, 4, 15),
            True,
            at(date(2025, 4, 1), 23, 59),
            "Chưa đến thời gian đăng ký mô hình; bắt đầu nhận từ 00:00 ngày 02/04/2025.",
        ),
        (date(2025, 4, 15), True, at(date(2025, 4, 2)), None),
    ],
)
def test_refusal_at_both_edges_of_both_wordings(movement, due_on, day_counts, now, refusal):
    deadline(movement, due_on=due_on, day_counts=day_counts, opens_at=at(date(2025, 4, 2)))
    window = agency_deadline(movement=movement, kind=REGISTRATION, agency=AgencyFactory())
    assert window.refusal(now) == refusal
    assert window.is_open(now) is (refusal is None)
    assert window.has_passed(now) is (now >= window.closes_at)
    assert not window.extended


@pytest.mark.parametrize(
    ("now", "refusal"),
    [
        (at(date(2025, 4, 16)), None),  # past the plan's deadline, within the extension
        (at(date(2025, 4, 20), 23, 59), None),
        (at(date(2025, 4, 20), 23, 59, 59), None),
        (at(date(2025, 4, 21)), LATE_REGISTRATION.format("23:59 ngày 20/04/2025")),
    ],
)
def test_an_extension_until_20_4_is_open_through_the_20th(movement, granter, now, refusal):
    deadline(movement, due_on=date(2025, 4, 15), day_counts=True)
    extended, usual = AgencyFactory(), AgencyFactory()
    extend(movement, REGISTRATION, extended, date(2025, 4, 20), by=granter)

    window = agency_deadline(movement=movement, kind=REGISTRATION, agency=extended)
    assert window.extended
    assert window.closes_at == at(date(2025, 4, 21))
    assert window.wording == "chậm nhất là ngày 20/4/2025"
    assert window.last_moment_text == "23:59 ngày 20/04/2025"
    assert window.refusal(now) == refusal
    # Everyone else keeps the plan's deadline.
    other = agency_deadline(movement=movement, kind=REGISTRATION, agency=usual)
    assert not other.extended
    assert other.refusal(now) == LATE_REGISTRATION.format("23:59 ngày 15/04/2025")


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (at(date(2025, 4, 20), 23, 59), True),
        (at(date(2025, 4, 21)), False),
    ],
)
def test_submitting_under_an_extension(movement, granter, now, accepted):
    deadline(movement, due_on=date(2025, 4, 15), day_counts=True)
    QuotaRuleFactory(movement=movement)
    agency = AgencyFactory()
    leader = UserFactory(agency=agency)
    extend(movement, REGISTRATION, agency, date(2025, 4, 20), by=granter)
    draft = RegistrationFactory(movement=movement, agency=agency, created_by=leader)

    if accepted:
        services.submit_registration(registration=draft, by=leader, now=now)
        assert Registration.objects.get(pk=draft.pk).state == State.SUBMITTED
    else:
        with pytest.raises(ValidationError) as refused:
            services.submit_registration(registration=draft, by=leader, now=now)
        assert refused.value.messages == [LATE_REGISTRATION.format("23:59 ngày 20/04/2025")]
        assert Registration.objects.get(pk=draft.pk).state == State.DRAFT


# movements/selectors.py: who sent on time


DUE = date(2025, 12, 15)  # “trước ngày 15/12/2025”: closes at 00:00 on the 15th
UNTIL = date(2025, 12, 20)  # an extension “until 20/12”: closes at 00:00 on the 21st


@pytest.mark.parametrize(
    ("sent_at", "extended", "now", "standing", "late_by"),
    [
        (at(DUE - timedelta(days=1), 23, 59), False, at(DUE, 9), Standing.ON_TIME, ""),
        (at(DUE - timedelta(days=5), 8), False, at(DUE - timedelta(days=6)), Standing.ON_TIME, ""),
        (at(DUE), False, at(DUE, 9), Standing.LATE, "1 phút"),  # at the closing moment
        (at(DUE, 0, 45), False, at(DUE, 9), Standing.LATE, "45 phút"),
        (at(DUE, 3), False, at(DUE, 9), Standing.LATE, "3 giờ"),
        (at(DUE, 3, 20), False, at(DUE, 9), Standing.LATE, "3 giờ 20 phút"),
        (at(DUE + timedelta(days=1), 0, 30), False, at(DUE, 9), Standing.LATE, "1 ngày"),
        (at(date(2025, 12, 17), 0, 10), False, at(DUE, 9), Standing.LATE, "2 ngày"),
        (at(date(2025, 12, 18), 4, 30), False, at(DUE, 9), Standing.LATE, "3 ngày 4 giờ"),
        (None, False, at(DUE - timedelta(days=1), 23, 59), Standing.PENDING, ""),
        (None, False, at(DUE), Standing.MISSING, ""),
        # An extension: nothing sent is “extended” until it closes, then missing.
        (None, True, at(DUE - timedelta(days=3)), Standing.EXTENDED, ""),
        (None, True, at(DUE, 9), Standing.EXTENDED, ""),
        (None, True, at(UNTIL, 23, 59), Standing.EXTENDED, ""),
        (None, True, at(UNTIL + timedelta(days=1)), Standing.MISSING, ""),
        (at(UNTIL, 23), True, at(UNTIL + timedelta(days=2)), Standing.ON_TIME, ""),
        (at(UNTIL + timedelta(days=1), 1), True, at(DUE, 9), Standing.LATE, "1 giờ"),
    ],
)
def test_deadline_standing(
    movement, granter, department_kind, sent_at, extended, now, standing, late_by
):
    row = deadline(movement, AWARD, due_on=DUE, day_counts=False, kinds=[department_kind])
    agency = AgencyFactory(kind=department_kind)
    if extended:
        extend(movement, AWARD, agency, UNTIL, by=granter)
    sent = {agency.pk: sent_at} if sent_at else {}

    (result,) = deadline_standing(deadline=row, sent_at=sent, now=now)

    assert result.agency == agency
    assert result.sent_at == sent_at
    assert result.standing == standing
    assert result.standing_label == Standing(standing).label
    assert result.late_by_text == late_by
    assert result.window.extended is extended
    if standing == Standing.LATE:
        assert result.late_by == sent_at - result.window.closes_at
    else:
        assert result.late_by is None


def test_one_row_per_required_agency_in_the_kinds_order(movement, granter, department_kind):
    health = AgencyKindFactory(code="y-te-2", name="Ngành y tế", order=2)
    department_kind.order = 1
    department_kind.save()
    row = deadline(movement, AWARD, due_on=DUE, day_counts=False, kinds=[department_kind, health])
    on_time = AgencyFactory(kind=department_kind, name="Sở A")
    late = AgencyFactory(kind=department_kind, name="Sở B")
    waiting = AgencyFactory(kind=health, name="Bệnh viện C")
    AgencyFactory(kind=health, name="Bệnh viện D")
    AgencyFactory(kind=department_kind, name="Sở đã sáp nhập", active=False)
    extend(movement, AWARD, waiting, UNTIL, by=granter)

    rows = deadline_standing(
        deadline=row,
        sent_at={on_time.pk: at(DUE, 0) - timedelta(hours=2), late.pk: at(DUE, 10)},
        now=at(DUE, 12),
    )

    assert [(r.agency.name, r.standing, r.late_by_text) for r in rows] == [
        ("Sở A", Standing.ON_TIME, ""),
        ("Sở B", Standing.LATE, "10 giờ"),
        ("Bệnh viện C", Standing.EXTENDED, ""),
        ("Bệnh viện D", Standing.MISSING, ""),
    ]


@pytest.mark.parametrize(
    ("named", "required"),
    [
        ((), {"Sở A", "Bệnh viện C", "Công an D"}),  # no kind named: every active agency
        (("health",), {"Bệnh viện C"}),
        (("health", "police"), {"Bệnh viện C", "Công an D"}),
        (("department",), {"Sở A"}),
    ],
)
def test_required_agencies_are_limited_to_the_kinds_a_deadline_names(
    movement, department_kind, health_kind, named, required
):
    kinds = {
        "department": department_kind,
        "health": health_kind,
        "police": AgencyKindFactory(code="cong-an", name="Công an tỉnh"),
    }
    AgencyFactory(kind=kinds["department"], name="Sở A")
    AgencyFactory(kind=kinds["health"], name="Bệnh viện C")
    AgencyFactory(kind=kinds["police"], name="Công an D")
    AgencyFactory(kind=kinds["health"], name="Bệnh viện đã giải thể", active=False)
    row = deadline(
        movement, AWARD, due_on=DUE, day_counts=False, kinds=[kinds[name] for name in named]
    )

    assert {agency.name for agency in required_agencies(row)} == required
    rows = deadline_standing(deadline=row, sent_at={}, now=at(DUE - timedelta(days=1)))
    assert {r.agency.name for r in rows} == required
    assert {r.standing for r in rows} == {Standing.PENDING}


def test_standing_reads_the_stages_registered_reader(movement, department_kind, monkeypatch):
    row = deadline(movement, DeadlineKind.REPORT, due_on=DUE, day_counts=False)
    sent, silent = AgencyFactory(kind=department_kind), AgencyFactory(kind=department_kind)
    monkeypatch.setattr(selectors, "_SENT_TIMES", {})
    monkeypatch.setattr(selectors, "_SENT_ROWS", {})

    @selectors.register_sent_times(DeadlineKind.REPORT)
    def reports_sent(read_deadline):
        assert read_deadline == row
        return {sent.pk: at(DUE, 1)}

    rows = {r.agency: r.standing for r in deadline_standing(deadline=row, now=at(DUE, 2))}
    assert rows == {sent: Standing.LATE, silent: Standing.MISSING}
    # A kind no stage reads: nobody has sent anything.
    other = deadline(movement, DeadlineKind.OTHER, due_on=DUE, day_counts=False)
    rows = {r.agency: r.standing for r in deadline_standing(deadline=other, now=at(DUE, 2))}
    assert rows == {sent: Standing.MISSING, silent: Standing.MISSING}
