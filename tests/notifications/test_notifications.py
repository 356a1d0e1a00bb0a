"""Reminders before and after deadlines, review outcomes, mailed once and read in the portal."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from movements.models import DeadlineKind
from notifications.delivery import MAX_ATTEMPTS, deliver
from notifications.models import Notification
from notifications.reminders import create_reminders
from portal.models import Coordinator, Role
from registrations import services as registrations
from tests.factories import MovementFactory, RegistrationFactory, UserFactory, deadline_on, extend

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSES = datetime(2026, 12, 10, tzinfo=VN)  # “trước ngày 10/12/2026”


@pytest.fixture
def board(db):
    return Coordinator.objects.update_or_create(
        singleton=True,
        defaults={
            "name": "Ban Xây dựng Đảng Đảng ủy phường Bình Định",
            "short_name": "Ban Xây dựng Đảng",
            "place_name": "Bình Định",
            "reminder_days": "7, 1",
        },
    )[0]


@pytest.fixture
def plan_year(board, agency_a, agency_b):
    movement = MovementFactory(registration_closes_at=CLOSES, award_closes_at=None)
    return movement


def subjects(user):
    return list(Notification.objects.filter(user=user).values_list("subject", flat=True))


def test_reminders_go_7_and_1_days_before_and_once_after_to_who_has_not_sent(
    plan_year, clerk_a, leader_a, clerk_b, reviewer
):
    RegistrationFactory(
        movement=plan_year, agency=clerk_b.agency, state="submitted", submitted_at=CLOSES
    )
    RegistrationFactory.reset_sequence()
    # B sent (on the registration deadline) — but B's row says submitted at the closing moment,
    # which is late; it still counts as sent, so B is not chased.
    assert create_reminders(now=CLOSES - timedelta(days=8)) == 0
    assert create_reminders(now=CLOSES - timedelta(days=6)) == 2  # A's clerk and leader
    assert create_reminders(now=CLOSES - timedelta(days=5)) == 0  # already told
    assert create_reminders(now=CLOSES - timedelta(hours=12)) == 2
    assert create_reminders(now=CLOSES + timedelta(hours=1)) == 2
    assert create_reminders(now=CLOSES + timedelta(days=2)) == 0

    assert subjects(clerk_a) == [
        "Quá hạn: Đăng ký mô hình",
        "Nhắc hạn: Đăng ký mô hình — hạn cuối 23:59 ngày 09/12/2026",
        "Nhắc hạn: Đăng ký mô hình — hạn cuối 23:59 ngày 09/12/2026",
    ]
    assert len(subjects(leader_a)) == 3
    assert subjects(clerk_b) == [] and subjects(reviewer) == []
    late = Notification.objects.get(user=clerk_a, key__endswith="qua-han")
    assert "Ban Xây dựng Đảng chưa nhận được của đơn vị" in late.body
    assert "trước ngày 10/12/2026" in late.body


def test_a_first_run_one_day_before_sends_only_the_nearest_reminder(plan_year, clerk_a):
    assert create_reminders(now=CLOSES - timedelta(hours=20)) == 1
    assert Notification.objects.get(user=clerk_a).key.endswith("truoc-1")


def test_an_extension_moves_the_reminders_and_a_missed_deadline_long_ago_stays_quiet(
    plan_year, clerk_a, reviewer
):
    extend(plan_year, DeadlineKind.REGISTRATION, clerk_a.agency, CLOSES.date(), by=reviewer)
    # Extended until 10/12 (the 10th counts): nothing is missed at 10/12 01:00.
    assert create_reminders(now=CLOSES + timedelta(hours=1)) == 1
    (reminder,) = Notification.objects.filter(user=clerk_a)
    assert "đã được gia hạn" in reminder.body and "23:59 ngày 10/12/2026" in reminder.body
    assert create_reminders(now=CLOSES + timedelta(days=30)) == 0


def test_the_reminder_days_are_the_coordinators_data(plan_year, board, clerk_a):
    board.reminder_days = "3"
    board.save()
    assert create_reminders(now=CLOSES - timedelta(days=6)) == 0
    assert create_reminders(now=CLOSES - timedelta(days=2)) == 1


def test_a_closed_movement_sends_no_reminders(plan_year, clerk_a):
    plan_year.status = "closed"
    plan_year.save()
    assert create_reminders(now=CLOSES - timedelta(days=6)) == 0


def test_a_return_tells_the_agency_why_and_is_mailed_once_in_both_forms(
    board, movement, draft_a, clerk_a, leader_a, clerk_b, reviewer
):
    clerk_a.email, leader_a.email = "an@stp.gov.vn", ""
    clerk_a.save(), leader_a.save()
    registrations.submit_registration(registration=draft_a, by=leader_a)
    registrations.return_registration(
        registration=draft_a, by=reviewer, reason="Thiếu kết quả dự kiến cụ thể"
    )

    (told,) = Notification.objects.filter(user=clerk_a)
    assert told.subject == f"Đăng ký mô hình “{draft_a.name}” bị trả lại"
    assert "Ban Xây dựng Đảng đã trả lại đăng ký mô hình" in told.body
    assert "Lý do: Thiếu kết quả dự kiến cụ thể" in told.body
    assert told.link == reverse("registrations:detail", args=[draft_a.pk])
    assert Notification.objects.filter(user=leader_a).count() == 1  # in the portal, no mail
    assert not Notification.objects.filter(user__in=[clerk_b, reviewer]).exists()

    assert deliver() == (1, 0)
    assert deliver() == (0, 0)
    (message,) = mail.outbox
    assert message.to == ["an@stp.gov.vn"]
    assert message.from_email == (
        "Ban Xây dựng Đảng Đảng ủy phường Bình Định <khong-tra-loi@localhost>"
    )
    assert "Lý do: Thiếu kết quả dự kiến cụ thể" in message.body
    assert f"http://127.0.0.1:8000/mo-hinh/{draft_a.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Thiếu kết quả dự kiến cụ thể" in html
    assert "Sở Nội vụ" not in message.body + html

    registrations.update_registration(registration=draft_a, by=clerk_a, goals="Rõ hơn")
    registrations.submit_registration(registration=draft_a, by=leader_a)
    registrations.accept_registration(registration=draft_a, by=reviewer)
    assert subjects(clerk_a)[0] == f"Đăng ký mô hình “{draft_a.name}” đã được chấp thuận"


def test_a_failed_send_is_recorded_and_retried_and_never_blocks_the_action(
    settings, board, movement, draft_a, clerk_a, leader_a, reviewer
):
    clerk_a.email = "an@stp.gov.vn"
    clerk_a.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    registrations.submit_registration(registration=draft_a, by=leader_a)
    registrations.return_registration(registration=draft_a, by=reviewer, reason="Thiếu số liệu")
    draft_a.refresh_from_db()
    assert draft_a.state == "returned"  # the decision stands whatever the mail does

    assert deliver() == (0, 1)
    failed = Notification.objects.get(user=clerk_a)
    assert failed.emailed_at is None and failed.email_attempts == 1
    assert "ConnectionRefusedError" in failed.email_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert deliver() == (1, 0)
    failed.refresh_from_db()
    assert failed.emailed_at is not None and failed.email_error == ""
    assert len(mail.outbox) == 1


def test_a_message_that_keeps_failing_stops_being_tried(board, clerk_a):
    Notification.objects.create(
        key="x", user=clerk_a, subject="S", body="B", email_attempts=MAX_ATTEMPTS
    )
    clerk_a.email = "an@stp.gov.vn"
    clerk_a.save()
    assert deliver() == (0, 0)


def test_the_command_creates_and_sends_and_a_second_run_sends_nothing(plan_year, clerk_a, capsys):
    clerk_a.email = "an@stp.gov.vn"
    clerk_a.save()
    deadline_on(plan_year, DeadlineKind.REGISTRATION, datetime.now(VN) + timedelta(days=2))
    call_command("send_notifications")
    call_command("send_notifications")
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Đã tạo 1 thông báo nhắc hạn; đã gửi 1 thư; 0 thư lỗi (sẽ thử lại).",
        "Đã tạo 0 thông báo nhắc hạn; đã gửi 0 thư; 0 thư lỗi (sẽ thử lại).",
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Nhắc hạn: Đăng ký mô hình")


# The pages


def told(user, subject="Bản chấm điểm tiêu chí bị trả lại", link="/cham-diem/"):
    return Notification.objects.create(
        key=f"k-{subject}",
        user=user,
        agency=user.agency,
        subject=subject,
        body="Lý do: …",
        link=link,
    )


def test_the_list_shows_only_ones_own_and_the_header_counts_unread(
    client, clerk_a, clerk_b, django_assert_max_num_queries
):
    for n in range(12):
        told(clerk_a, subject=f"Việc số {n}")
    told(clerk_b, subject="Việc của đơn vị B")
    client.force_login(clerk_a)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifications:list")).content.decode()
    assert "Việc số 11" in page and "Việc của đơn vị B" not in page
    assert 'aria-label="12 thông báo chưa đọc"' in page
    assert Notification.objects.filter(read_at__isnull=False).count() == 0  # reading wrote nothing


def test_opening_marks_read_and_goes_to_the_item(client, clerk_a):
    notification = told(clerk_a)
    client.force_login(clerk_a)
    open_url = reverse("notifications:open", args=[notification.pk])
    assert client.get(open_url).status_code == 405
    response = client.post(open_url)
    assert response.status_code == 302 and response.url == "/cham-diem/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "thông báo chưa đọc" not in client.get(reverse("home")).content.decode()


def test_an_offsite_link_is_never_followed(client, clerk_a):
    notification = told(clerk_a, link="https://ke-gian.example/")
    client.force_login(clerk_a)
    response = client.post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")


def test_another_agencys_notification_cannot_be_opened(client, clerk_a, clerk_b):
    notification = told(clerk_b)
    client.force_login(clerk_a)
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_and_the_anonymous_go_to_login(client, clerk_a, clerk_b):
    told(clerk_a, "Một"), told(clerk_a, "Hai"), told(clerk_b, "Của B")
    assert client.get(reverse("notifications:list")).status_code == 302
    client.force_login(clerk_a)
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_a_reviewer_reads_what_was_told_and_cannot_change_it(client, reviewer, clerk_a):
    notification = told(clerk_a)
    client.force_login(reviewer)
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 200
    change = reverse("admin:notifications_notification_change", args=[notification.pk])
    client.post(change, {"subject": "Đổi"})
    notification.refresh_from_db()
    assert notification.subject == "Bản chấm điểm tiêu chí bị trả lại"


def test_people_without_an_agency_role_hear_nothing(board, movement, draft_a, leader_a, reviewer):
    outsider = UserFactory(agency=draft_a.agency)  # in the agency, but holding no role
    registrations.submit_registration(registration=draft_a, by=leader_a)
    registrations.return_registration(registration=draft_a, by=reviewer, reason="Thiếu")
    assert not Notification.objects.filter(user=outsider).exists()
    assert Notification.objects.filter(user=leader_a).count() == 1
    assert Role.LEADER  # the leader is told; the outsider is not


def test_a_returned_plan_is_told_to_its_agency_with_the_reason(
    board, movement, agency_a, clerk_a, leader_a, reviewer
):
    from reports.models import PlanTask
    from reports.services import plans
    from tests.reports.plan_factories import PlanFactory, plan_deadline

    plan = PlanFactory(deadline=plan_deadline(movement), agency=agency_a, created_by=clerk_a)
    PlanTask.objects.create(plan=plan, task="Tiếp dân định kỳ", position=1)
    plans.submit_plan(plan=plan, by=leader_a)
    plans.return_plan(plan=plan, by=reviewer, reason="Bổ sung chỉ tiêu")

    told = Notification.objects.get(user=clerk_a)
    assert told.subject == f"Kế hoạch “{plan.title}” bị trả lại"
    assert "Lý do: Bổ sung chỉ tiêu" in told.body
    assert told.link == reverse("reports:plan_detail", kwargs={"deadline_id": plan.deadline_id})


def test_an_accepted_report_is_told_to_its_agency(
    board, movement, agency_a, clerk_a, leader_a, reviewer
):
    from reports.services import periodic
    from tests.reports.periodic_factories import filled_report, report_deadline

    deadline = report_deadline(
        movement, "Báo cáo 6 tháng", datetime.now(VN).date() + timedelta(days=9)
    )
    report = filled_report(deadline, agency_a, leader_a)
    periodic.submit_report(report=report, by=leader_a)
    periodic.accept_report(report=report, by=reviewer)

    told = Notification.objects.get(user=clerk_a)
    assert told.subject == "Báo cáo “Báo cáo 6 tháng” đã được tiếp nhận"
    assert "Ban Xây dựng Đảng đã tiếp nhận báo cáo “Báo cáo 6 tháng”" in told.body


def test_the_senders_queries_do_not_grow_with_agencies(plan_year, department_kind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AgencyFactory

    deadline_on(plan_year, DeadlineKind.REGISTRATION, datetime.now(VN) + timedelta(days=2))

    def add_agencies(count, prefix):
        for n in range(count):
            agency = AgencyFactory(
                code=f"{prefix}{n}", name=f"Sở {prefix}{n}", kind=department_kind
            )
            for role in (Role.CLERK, Role.LEADER):
                UserFactory(agency=agency, role=role, email=f"{role.value}.{prefix}{n}@so.gov.vn")

    def run():
        Notification.objects.all().delete()
        mail.outbox = []
        with CaptureQueriesContext(connection) as queries:
            call_command("send_notifications")
        return len(queries), len(mail.outbox)

    add_agencies(2, "A")
    run()  # warm caches (the coordinator, content types)
    few, mailed_few = run()
    add_agencies(20, "B")
    many, mailed_many = run()

    assert mailed_many - mailed_few == 40
    assert many == few
