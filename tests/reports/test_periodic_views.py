"""The agency's report pages: allowed and denied paths for every role. Agency B never sees or
touches agency A's report, scan or PDF; a clerk prepares, only the leader sends."""

import subprocess
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from registrations.models import State as RegistrationState
from reports.models import IndicatorKind, Report, State
from tests.factories import AgencyKindFactory, RegistrationFactory, UserFactory, edit_coordinator

from .periodic_factories import (
    PDF_BYTES,
    content_area,
    filled_report,
    indicator,
    report_deadline,
    scan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def deadline(movement):
    return report_deadline(movement, "Báo cáo 6 tháng", timezone.localdate() + timedelta(days=10))


@pytest.fixture
def figures(movement):
    return {
        "dialogues": indicator(
            movement, "Số cuộc đối thoại trực tiếp với Nhân dân", unit="cuộc", position=1
        ),
        "democracy": indicator(
            movement,
            "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ",
            kind=IndicatorKind.PERCENT,
            position=2,
        ),
    }


@pytest.fixture
def area(movement):
    return content_area(movement, "Tiếp công dân, đối thoại, giải quyết khiếu nại", 1)


@pytest.fixture
def report_a(deadline, agency_a, clerk_a, figures, area):
    return filled_report(
        deadline,
        agency_a,
        clerk_a,
        figures={figures["dialogues"]: "12", figures["democracy"]: "87,5"},
        sections={area: "Tổ chức 12 cuộc đối thoại với Nhân dân tại trụ sở."},
        difficulties="Bí mật của Sở Tư pháp",
    )


def detail(deadline):
    return reverse("reports:report_detail", kwargs={"deadline_id": deadline.pk})


def url(name, deadline):
    return reverse(f"reports:{name}", kwargs={"deadline_id": deadline.pk})


# Who may come in


@pytest.mark.parametrize("name", ["report_list", "report_detail", "report_scan", "report_pdf"])
def test_anonymous_is_sent_to_the_login_page(client, deadline, name):
    target = reverse(f"reports:{name}") if name == "report_list" else url(name, deadline)
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_an_agency_is_refused(client, deadline):
    client.force_login(UserFactory(agency=None))
    assert client.get(reverse("reports:report_list")).status_code == 403


# The list


def test_the_list_shows_the_deadlines_naming_the_agency_kind_or_none(
    client, movement, clerk_a, report_a, deadline
):
    communes = AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường")
    report_deadline(movement, "Báo cáo đột xuất của xã", date(2026, 8, 1), kinds=[communes])
    mine = report_deadline(movement, "Báo cáo năm", date(2026, 11, 30), kinds=[clerk_a.agency.kind])
    client.force_login(clerk_a)
    text = client.get(reverse("reports:report_list")).content.decode()
    assert "Báo cáo 6 tháng" in text and "Báo cáo năm" in text
    assert "Báo cáo đột xuất của xã" not in text
    assert "Bản nháp" in text and detail(mine) in text


@pytest.mark.parametrize("count", [1, 12])
def test_list_query_count_does_not_grow_with_deadlines(
    client, movement, clerk_a, agency_a, count, django_assert_max_num_queries
):
    for n in range(count):
        deadline = report_deadline(
            movement, f"Báo cáo đột xuất số {n}", date(2026, 7, 1) + timedelta(days=n)
        )
        Report.objects.create(deadline=deadline, agency=agency_a, created_by=clerk_a)
    client.force_login(clerk_a)
    # Every page also reads the coordinator's names and the unread count.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:report_list"))
    assert response.content.decode().count("Báo cáo đột xuất số") == count


# Starting, filling, sending


def test_opening_starts_nothing_and_the_button_starts_the_report(client, clerk_a, deadline, area):
    client.force_login(clerk_a)
    response = client.get(detail(deadline))
    assert "Bắt đầu lập báo cáo" in response.content.decode()
    assert not Report.objects.exists()
    response = client.post(url("report_start", deadline))
    assert response.status_code == 302 and response["Location"] == detail(deadline)
    report = Report.objects.get()
    assert report.agency == clerk_a.agency and report.sections.get().area == area


def test_a_post_to_an_unstarted_report_starts_nothing(client, clerk_a, deadline):
    client.force_login(clerk_a)
    assert client.post(detail(deadline), {"difficulties": "x"}).status_code == 404
    assert (
        client.post(url("report_scan_upload", deadline), {"signed_scan": scan()}).status_code == 404
    )
    assert not Report.objects.exists()


def test_clerk_fills_the_report_and_a_wrong_percentage_is_explained(
    client, clerk_a, deadline, figures, area
):
    client.force_login(clerk_a)
    client.post(url("report_start", deadline))
    report = Report.objects.get()
    form = {
        "number": "15/BC-STP",
        "issued_on": "25/06/2026",
        f"section-{area.pk}": "Tiếp 40 lượt công dân.",
        f"figure-{figures['dialogues'].pk}": "7",
        f"figure-{figures['democracy'].pk}": "120",
        "difficulties": "Thiếu kinh phí.",
        "proposals": "",
    }
    response = client.post(detail(deadline), form)
    assert response.status_code == 200
    assert "tỷ lệ phải từ 0 đến 100%" in response.content.decode()
    assert not report.figures.exists() and report.sections.get().results == ""
    form[f"figure-{figures['democracy'].pk}"] = "95,5"
    response = client.post(detail(deadline), form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.number == "15/BC-STP" and report.issued_on == date(2026, 6, 25)
    assert report.sections.get().results == "Tiếp 40 lượt công dân."
    assert {f.indicator.name: str(f.value) for f in report.figures.all()} == {
        "Số cuộc đối thoại trực tiếp với Nhân dân": "7.00",
        "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ": "95.50",
    }
    text = client.get(detail(deadline)).content.decode()
    assert 'value="95,5"' in text and "bản scan có chữ ký" in text


def test_model_statuses_are_edited_on_the_page(
    client, clerk_a, agency_a, movement, deadline, field
):
    model = RegistrationFactory(
        movement=movement,
        agency=agency_a,
        field=field,
        state=RegistrationState.ACCEPTED,
        name="Một cửa thân thiện",
    )
    client.force_login(clerk_a)
    client.post(url("report_start", deadline))
    response = client.post(detail(deadline), {f"model-{model.pk}": "Phục vụ 300 lượt người dân."})
    assert response.status_code == 302
    status = Report.objects.get().model_statuses.get()
    assert (status.running, status.results) == (False, "Phục vụ 300 lượt người dân.")


def test_clerk_uploads_the_scan_but_cannot_send(client, clerk_a, deadline, report_a):
    client.force_login(clerk_a)
    response = client.post(url("report_scan_upload", deadline), {"signed_scan": scan("ky-lai.pdf")})
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.signed_scan.name.rsplit("/", 1)[-1].startswith("ky-lai")
    assert client.post(url("report_submit", deadline)).status_code == 403
    assert Report.objects.get().state == State.DRAFT


def test_a_renamed_file_is_refused_as_scan(client, clerk_a, deadline, report_a):
    client.force_login(clerk_a)
    fake = scan("ban-scan.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(url("report_scan_upload", deadline), {"signed_scan": fake}, follow=True)
    assert "không phải là PDF" in response.content.decode()


def test_leader_sends_and_the_report_is_no_longer_editable(
    client, leader_a, deadline, report_a, figures
):
    edit_coordinator(
        name="Văn phòng UBND tỉnh Đồng Nai", short_name="Văn phòng", place_name="Đồng Nai"
    )
    client.force_login(leader_a)
    response = client.post(url("report_submit", deadline), follow=True)
    assert "Đã gửi báo cáo đến Văn phòng." in response.content.decode()
    report_a.refresh_from_db()
    assert report_a.state == State.SUBMITTED and report_a.submitted_by == leader_a
    response = client.post(
        detail(deadline), {f"figure-{figures['dialogues'].pk}": "99"}, follow=True
    )
    assert "không thể sửa" in response.content.decode()
    assert report_a.figures.get(indicator=figures["dialogues"]).value == 12


def test_a_late_send_is_refused_with_the_one_late_message(
    client, leader_a, movement, agency_a, figures
):
    past = report_deadline(movement, "Báo cáo 6 tháng", timezone.localdate() - timedelta(days=1))
    filled_report(
        past, agency_a, leader_a, figures={figures["dialogues"]: "1", figures["democracy"]: "1"}
    )
    client.force_login(leader_a)
    response = client.post(url("report_submit", past), follow=True)
    assert "Đã hết hạn báo cáo 6 tháng" in response.content.decode()
    assert Report.objects.get().state == State.DRAFT


# Agency B never reaches A's report


def test_agency_b_sees_its_own_empty_report_never_as(client, clerk_b, deadline, report_a):
    stored = report_a.signed_scan.name
    client.force_login(clerk_b)
    text = client.get(detail(deadline)).content.decode()
    assert "Bắt đầu lập báo cáo" in text and "Bí mật của Sở Tư pháp" not in text
    assert client.get(url("report_scan", deadline)).status_code == 404
    assert client.get(url("report_pdf", deadline)).status_code == 404
    assert (
        client.post(url("report_scan_upload", deadline), {"signed_scan": scan()}).status_code == 404
    )
    report_a.refresh_from_db()
    assert report_a.signed_scan.name == stored


def test_a_deadline_for_other_kinds_is_404(client, clerk_b, movement):
    communes = AgencyKindFactory(code="ubnd-xa", name="UBND xã, phường")
    theirs = report_deadline(movement, "Báo cáo của xã", date(2026, 8, 1), kinds=[communes])
    client.force_login(clerk_b)
    for name in ("report_detail", "report_scan", "report_pdf"):
        assert client.get(url(name, theirs)).status_code == 404
    assert client.post(url("report_start", theirs)).status_code == 404
    assert not Report.objects.exists()


def test_the_own_scan_and_pdf_are_served(client, clerk_a, deadline, report_a, tmp_path):
    client.force_login(clerk_a)
    response = client.get(url("report_scan", deadline))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    response = client.get(url("report_pdf", deadline))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(response.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
        ).stdout.split()
    )
    assert "BÁO CÁO" in text and "SỞ TƯ PHÁP" in text
    assert "Kết quả thực hiện phong trào thi đua “Dân vận khéo” 6 tháng năm 2026" in text
    assert "Tổ chức 12 cuộc đối thoại với Nhân dân tại trụ sở." in text
    assert "Tỷ lệ đơn vị thực hiện tốt quy chế dân chủ" in text and "87,5" in text
