"""The clerk's pages: each one's allowed path, and the denied path for other agencies."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from movements.models import DeadlineKind
from registrations import services
from registrations.models import Carrier, Registration, State
from tests.factories import RegistrationFactory, deadline_on, extend

pytestmark = pytest.mark.django_db


def form_data(field, **overrides):
    data = {
        "carrier": Carrier.COLLECTIVE,
        "name": "Tiếp nhận hồ sơ tại nhà cho người cao tuổi",
        "collective_name": "Bộ phận Một cửa",
        "field": field.pk,
        "situation": "Người cao tuổi đi lại khó khăn.",
        "goals": "Không để người cao tuổi phải đến trụ sở.",
        "content": "Cán bộ đến tận nhà nhận hồ sơ.",
        "scope": "Người từ 75 tuổi trở lên.",
        "resources": "Hai công chức một cửa.",
        "starts_on": "01/05/2026",
        "ends_on": "31/12/2026",
        "expected_outputs": "300 hồ sơ được nhận tại nhà.",
        "replicability": "Nhân rộng ra các xã.",
        "contact": "Chị Hà 0912 000 000",
    }
    data.update(overrides)
    return data


# Home and list


def test_anonymous_visitors_are_sent_to_login_from_every_clerk_page(client, draft_a, movement):
    urls = [
        reverse("registrations:list"),
        reverse("registrations:create", args=[movement.pk]),
        reverse("registrations:detail", args=[draft_a.pk]),
        reverse("registrations:edit", args=[draft_a.pk]),
        reverse("registrations:delete", args=[draft_a.pk]),
        reverse("registrations:withdraw", args=[draft_a.pk]),
        reverse("registrations:print", args=[draft_a.pk]),
        reverse("registrations:counters", args=[movement.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    response = client.post(reverse("registrations:submit", args=[draft_a.pk]))
    assert response.status_code == 302
    assert Registration.objects.get(pk=draft_a.pk).state == State.DRAFT


def test_home_shows_open_movements_with_deadline_and_live_counters(
    client, clerk_a, movement, agency_a, leader_a
):
    sent = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
    services.submit_registration(registration=sent, by=leader_a)
    client.force_login(clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert movement.title in page
    assert "Tập thể <strong>1/2</strong>" in page
    assert "Cá nhân <strong>0/4</strong>" in page
    assert "Hạn đăng ký" in page


def test_after_the_deadline_home_offers_no_register_button_and_says_why(client, clerk_a, movement):
    deadline_on(movement, DeadlineKind.REGISTRATION, timezone.now() - timedelta(days=1))
    last = movement.deadlines.get(kind=DeadlineKind.REGISTRATION).last_moment_text
    client.force_login(clerk_a)

    page = client.get(reverse("home")).content.decode()

    assert movement.title in page
    assert f"Đã hết hạn đăng ký mô hình (hạn cuối {last})" in page
    assert reverse("registrations:create", args=[movement.pk]) not in page
    # The address typed by hand is refused with the same reason, and nothing is made.
    response = client.get(reverse("registrations:create", args=[movement.pk]), follow=True)
    assert f"Đã hết hạn đăng ký mô hình (hạn cuối {last})" in response.content.decode()
    assert not Registration.objects.exists()


def test_an_extended_agency_still_sees_the_buttons_with_its_own_deadline(
    client, clerk_a, agency_a, movement, reviewer
):
    deadline_on(movement, DeadlineKind.REGISTRATION, timezone.now() - timedelta(days=1))
    until = timezone.localdate() + timedelta(days=5)
    extend(movement, DeadlineKind.REGISTRATION, agency_a, until, by=reviewer)
    client.force_login(clerk_a)

    page = client.get(reverse("home")).content.decode()

    assert "+ Đăng ký mô hình tập thể" in page
    assert f"hạn cuối <strong>23:59 ngày {until:%d/%m/%Y}</strong> (đơn vị được gia hạn)" in page


def test_at_a_full_quota_only_that_carriers_button_is_withheld(
    client, clerk_a, movement, agency_a, leader_a
):
    for _ in range(2):
        sent = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
        services.submit_registration(registration=sent, by=leader_a)
    client.force_login(clerk_a)

    page = client.get(reverse("home")).content.decode()

    assert "+ Đăng ký mô hình tập thể" not in page
    assert "Đã đủ chỉ tiêu tập thể 2/2." in page
    assert "+ Đăng ký mô hình cá nhân" in page


def test_a_closed_movement_is_not_listed_as_taking_registrations(client, clerk_a, movement):
    movement.status = "closed"
    movement.save()
    client.force_login(clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert movement.title not in page
    assert "đang nhận đăng ký" not in page


def test_a_user_without_an_agency_is_refused_clearly(client, django_user_model):
    user = django_user_model.objects.create_user("lac-loai", password="x")
    client.force_login(user)
    response = client.get(reverse("registrations:list"))
    assert response.status_code == 403
    assert "chưa được gắn với cơ quan" in response.content.decode()


def test_list_shows_only_the_clerks_own_agency(client, clerk_a, draft_a, draft_b):
    client.force_login(clerk_a)
    page = client.get(reverse("registrations:list")).content.decode()
    assert draft_a.name in page
    assert draft_b.name not in page


def test_list_shows_the_return_reason(client, clerk_a, draft_a, leader_a, reviewer):
    services.submit_registration(registration=draft_a, by=leader_a)
    services.return_registration(registration=draft_a, by=reviewer, reason="Thiếu số liệu cụ thể")
    client.force_login(clerk_a)
    page = client.get(reverse("registrations:list")).content.decode()
    assert "Bị trả lại" in page
    assert "Thiếu số liệu cụ thể" in page


@pytest.mark.parametrize("rows", [1, 25])
def test_list_query_count_does_not_grow_with_rows(
    client, clerk_a, movement, agency_a, field, rows, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(
        rows, movement=movement, agency=agency_a, created_by=clerk_a, field=field
    )
    client.force_login(clerk_a)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registrations:list"))
    assert response.content.decode().count("/mo-hinh/") >= rows


@pytest.mark.parametrize("movements", [1, 6])
def test_home_query_count_does_not_grow_with_movements(
    client, clerk_a, movements, django_assert_max_num_queries
):
    from tests.factories import MovementFactory, QuotaRuleFactory

    for _ in range(movements):
        QuotaRuleFactory(movement=MovementFactory())
    client.force_login(clerk_a)
    # The calendar adds five (its deadlines and their kinds, extensions, one per stage read);
    # every page also reads the coordinator's names and the unread count.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("home"))
    assert response.content.decode().count("Tập thể <strong>") == movements


# Create


def test_clerk_creates_a_draft(client, clerk_a, movement, field, agency_a):
    client.force_login(clerk_a)
    response = client.post(reverse("registrations:create", args=[movement.pk]), form_data(field))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("registrations:detail", args=[registration.pk])
    assert registration.agency == agency_a
    assert registration.state == State.DRAFT
    assert registration.created_by == clerk_a
    assert registration.starts_on.isoformat() == "2026-05-01"


def test_create_form_explains_missing_fields_in_vietnamese(client, clerk_a, movement, field):
    client.force_login(clerk_a)
    response = client.post(
        reverse("registrations:create", args=[movement.pk]),
        form_data(field, name="", collective_name="", starts_on="31/02/2026"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập tên tập thể" in page
    assert "Trường này là bắt buộc" in page or "bắt buộc" in page
    assert Registration.objects.count() == 0


def test_create_is_refused_when_the_quota_is_full(
    client, clerk_a, leader_a, movement, agency_a, field
):
    for _ in range(2):
        sent = RegistrationFactory(movement=movement, agency=agency_a, created_by=leader_a)
        services.submit_registration(registration=sent, by=leader_a)
    client.force_login(clerk_a)
    response = client.post(reverse("registrations:create", args=[movement.pk]), form_data(field))
    assert response.status_code == 200
    assert "đã đủ chỉ tiêu" in response.content.decode()
    assert Registration.objects.count() == 2


def test_create_for_a_closed_or_unknown_movement_is_404(client, clerk_a, movement):
    movement.status = "closed"
    movement.save()
    client.force_login(clerk_a)
    assert client.get(reverse("registrations:create", args=[movement.pk])).status_code == 404
    assert client.get(reverse("registrations:create", args=[999999])).status_code == 404


def test_hostile_input_is_stored_as_text_and_escaped(client, clerk_a, movement, field):
    client.force_login(clerk_a)
    client.post(
        reverse("registrations:create", args=[movement.pk]),
        form_data(field, name="<script>alert('x')</script>"),
    )
    registration = Registration.objects.get()
    page = client.get(reverse("registrations:detail", args=[registration.pk])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


# Detail, edit, delete, print: own agency yes, other agency 404


# The sheet (“print”) is a PDF: tests/registrations/test_registration_sheet.py reads it back.
@pytest.mark.parametrize("name", ["detail", "edit", "delete"])
def test_clerk_reaches_own_registration_pages(client, clerk_a, draft_a, name):
    client.force_login(clerk_a)
    response = client.get(reverse(f"registrations:{name}", args=[draft_a.pk]))
    assert response.status_code == 200
    assert draft_a.name in response.content.decode()


@pytest.mark.parametrize("name", ["detail", "edit", "delete", "withdraw", "print"])
def test_clerk_gets_404_for_another_agencys_registration(client, clerk_a, draft_b, name):
    client.force_login(clerk_a)
    response = client.get(reverse(f"registrations:{name}", args=[draft_b.pk]))
    assert response.status_code == 404
    assert draft_b.name not in response.content.decode()


def test_clerk_cannot_change_another_agencys_registration_by_post(
    client, clerk_a, leader_a, draft_b, field
):
    client.force_login(clerk_a)
    assert (
        client.post(reverse("registrations:edit", args=[draft_b.pk]), form_data(field)).status_code
        == 404
    )
    assert client.post(reverse("registrations:delete", args=[draft_b.pk])).status_code == 404
    client.force_login(leader_a)
    assert client.post(reverse("registrations:submit", args=[draft_b.pk])).status_code == 404
    assert client.post(reverse("registrations:withdraw", args=[draft_b.pk])).status_code == 404
    draft_b.refresh_from_db()
    assert draft_b.state == State.DRAFT
    assert draft_b.name != form_data(field)["name"]


def test_clerk_edits_a_draft(client, clerk_a, draft_a, field):
    client.force_login(clerk_a)
    response = client.post(
        reverse("registrations:edit", args=[draft_a.pk]), form_data(field, goals="Mục tiêu mới")
    )
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.goals == "Mục tiêu mới"


def test_a_submitted_registration_cannot_be_edited(client, clerk_a, leader_a, draft_a, field):
    services.submit_registration(registration=draft_a, by=leader_a)
    client.force_login(clerk_a)
    response = client.post(
        reverse("registrations:edit", args=[draft_a.pk]), form_data(field, goals="Sửa lén")
    )
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.goals != "Sửa lén"


def test_clerk_deletes_a_draft(client, clerk_a, draft_a):
    client.force_login(clerk_a)
    response = client.post(reverse("registrations:delete", args=[draft_a.pk]))
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=draft_a.pk).exists()


# Submit and withdraw: the leader's acts


def test_leader_submits_a_draft(client, leader_a, draft_a):
    client.force_login(leader_a)
    response = client.post(reverse("registrations:submit", args=[draft_a.pk]), follow=True)
    draft_a.refresh_from_db()
    assert draft_a.state == State.SUBMITTED
    assert "Đã gửi mô hình" in response.content.decode()


def test_a_clerk_cannot_submit(client, clerk_a, draft_a):
    client.force_login(clerk_a)
    response = client.post(reverse("registrations:submit", args=[draft_a.pk]))
    assert response.status_code == 403
    assert "Chỉ lãnh đạo đơn vị" in response.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.state == State.DRAFT


def test_submit_needs_post(client, leader_a, draft_a):
    client.force_login(leader_a)
    assert client.get(reverse("registrations:submit", args=[draft_a.pk])).status_code == 405


def test_submit_over_quota_shows_the_refusal(client, leader_a, movement, agency_a):
    regs = RegistrationFactory.create_batch(
        3, movement=movement, agency=agency_a, created_by=leader_a
    )
    client.force_login(leader_a)
    for registration in regs[:2]:
        client.post(reverse("registrations:submit", args=[registration.pk]))
    response = client.post(reverse("registrations:submit", args=[regs[2].pk]), follow=True)
    assert "đã đủ chỉ tiêu" in response.content.decode()
    assert Registration.objects.filter(state=State.SUBMITTED).count() == 2


def test_leader_withdraws_and_clerk_cannot(client, clerk_a, leader_a, draft_a):
    services.submit_registration(registration=draft_a, by=leader_a)
    client.force_login(clerk_a)
    assert client.post(reverse("registrations:withdraw", args=[draft_a.pk])).status_code == 403
    client.force_login(leader_a)
    client.post(reverse("registrations:withdraw", args=[draft_a.pk]))
    draft_a.refresh_from_db()
    assert draft_a.state == State.WITHDRAWN


def test_returned_registration_shows_reason_and_can_be_fixed_and_resubmitted(
    client, clerk_a, leader_a, reviewer, draft_a, field
):
    services.submit_registration(registration=draft_a, by=leader_a)
    services.return_registration(registration=draft_a, by=reviewer, reason="Ghi rõ số hộ dân")
    client.force_login(clerk_a)
    page = client.get(reverse("registrations:detail", args=[draft_a.pk])).content.decode()
    assert "Ghi rõ số hộ dân" in page
    client.post(
        reverse("registrations:edit", args=[draft_a.pk]),
        form_data(field, name=draft_a.name, scope="250 hộ dân ấp Phú Đức"),
    )
    client.force_login(leader_a)
    client.post(reverse("registrations:submit", args=[draft_a.pk]))
    draft_a.refresh_from_db()
    assert draft_a.state == State.RESUBMITTED
    assert draft_a.scope == "250 hộ dân ấp Phú Đức"


def test_print_page_is_a_clean_sheet(client, clerk_a, draft_a):
    client.force_login(clerk_a)
    response = client.get(reverse("registrations:print", args=[draft_a.pk]))
    # A PDF in the state format (tests/registrations/test_registration_sheet.py reads it back).
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_counters_partial_for_htmx(client, clerk_a, movement):
    client.force_login(clerk_a)
    response = client.get(
        reverse("registrations:counters", args=[movement.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Tập thể <strong>0/2</strong>" in response.content.decode()


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_a_crafted_movement_filter_is_ignored_not_an_error(client, clerk_a, draft_a):
    client.force_login(clerk_a)
    for value in ["²", "abc", "1" * 40, "-1"]:
        response = client.get(reverse("registrations:list"), {"phong-trao": value})
        assert response.status_code in (200, 404), value
    assert client.get(reverse("registrations:list"), {"phong-trao": "²"}).status_code == 200


def test_counters_of_a_movement_still_being_drafted_are_404(client, clerk_a, movement):
    movement.status = "draft"
    movement.save()
    client.force_login(clerk_a)
    assert client.get(reverse("registrations:counters", args=[movement.pk])).status_code == 404


def test_counters_only_ever_report_the_callers_agency(
    client, clerk_a, leader_a, movement, agency_b, clerk_b
):
    sent = RegistrationFactory(movement=movement, agency=agency_b, created_by=clerk_b)
    services.submit_registration(registration=sent, by=clerk_b)
    client.force_login(clerk_a)
    page = client.get(reverse("registrations:counters", args=[movement.pk])).content.decode()
    assert "Tập thể <strong>0/2</strong>" in page


def test_an_expired_form_gets_a_vietnamese_csrf_page(clerk_a, movement, field):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clerk_a)
    response = browser.post(reverse("registrations:create", args=[movement.pk]), form_data(field))
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
    assert Registration.objects.count() == 0
