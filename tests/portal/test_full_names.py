"""One full name in Vietnamese order ("Nguyễn Văn An") wherever a person is named.

Django's first/last pair printed "An Nguyễn Văn"; portal 0005 joined the pair into ``full_name``
(họ and tên đệm, then tên) and 0006 dropped it.
"""

from datetime import date
from html import unescape
from importlib import import_module

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from movements.models import DeadlineKind
from portal.models import Role, User
from registrations import services
from scoring import services as scoring
from tests.factories import MovementFactory, RegistrationFactory, UserFactory, extend
from tests.scoring.factories import build_bands, build_sheet, full_answers

pytestmark = pytest.mark.django_db

names = import_module("portal.migrations.0005_user_full_name")

BEFORE = [("portal", "0004_award_role_permissions")]
AFTER = [("portal", "0006_remove_user_first_name_last_name")]


def text(response):
    assert response.status_code == 200, response.status_code
    return " ".join(unescape(response.content.decode()).split())


# ---------------------------------------------------------------------------- the migration


@pytest.mark.parametrize(
    ("last_name", "first_name", "full_name"),
    [
        ("Nguyễn Văn", "An", "Nguyễn Văn An"),
        ("Trần Thị Bích", "Ngọc", "Trần Thị Bích Ngọc"),
        ("", "An", "An"),
        ("Nguyễn Văn", "", "Nguyễn Văn"),
        ("  Nguyễn  Văn ", " An ", "Nguyễn Văn An"),
        ("", "Quản trị hệ thống", "Quản trị hệ thống"),
        ("", "", ""),
    ],
)
def test_the_migration_writes_ho_and_ten_dem_before_ten(last_name, first_name, full_name):
    assert names.join_name(last_name, first_name) == full_name


def test_the_migration_never_writes_more_than_the_column_holds():
    joined = names.join_name("Nguyễn " * 30, "An " * 30)
    assert len(joined) <= 150 and joined == joined.strip()


@pytest.mark.parametrize(
    ("full_name", "last_name", "first_name"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn", "An"),
        ("An", "", "An"),
        ("", "", ""),
        (" Lê  Thị Hồng ", "Lê Thị", "Hồng"),
    ],
)
def test_going_back_the_last_word_is_ten(full_name, last_name, first_name):
    assert names.split_name(full_name) == (last_name, first_name)


@pytest.mark.django_db(transaction=True)
def test_migrating_existing_users_joins_their_names_and_going_back_splits_them():
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        OldUser = executor.loader.project_state(BEFORE).apps.get_model("portal", "User")
        OldUser.objects.create(username="an", last_name="Nguyễn Văn", first_name="An")
        OldUser.objects.create(username="quantri", first_name="Quản trị hệ thống")
        OldUser.objects.create(username="khongten")

        executor.migrate(AFTER)
        executor.loader.build_graph()
        NewUser = executor.loader.project_state(AFTER).apps.get_model("portal", "User")
        assert dict(NewUser.objects.values_list("username", "full_name")) == {
            "an": "Nguyễn Văn An",
            "quantri": "Quản trị hệ thống",
            "khongten": "",
        }
        assert {"first_name", "last_name"}.isdisjoint(f.name for f in NewUser._meta.get_fields())

        executor.migrate(BEFORE)
        executor.loader.build_graph()
        OldUser = executor.loader.project_state(BEFORE).apps.get_model("portal", "User")
        assert OldUser.objects.values_list("last_name", "first_name").get(username="an") == (
            "Nguyễn Văn",
            "An",
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


# ---------------------------------------------------------------------------- the model


def test_the_user_is_named_in_vietnamese_order():
    user = UserFactory(full_name="Nguyễn Văn An")

    assert str(user) == user.get_full_name() == "Nguyễn Văn An"
    assert user.get_short_name() == "An"
    for dropped in ("first_name", "last_name"):
        with pytest.raises(FieldDoesNotExist):
            User._meta.get_field(dropped)


def test_a_user_without_a_name_is_shown_by_username():
    user = UserFactory(username="khongten", full_name="")

    assert str(user) == "khongten"
    assert user.get_short_name() == ""


def test_clean_tidies_the_spaces_of_a_name():
    user = User(username="an", full_name="  Nguyễn   Văn An ")
    user.clean()
    assert user.full_name == "Nguyễn Văn An"


# ---------------------------------------------------------------------------- the admin


def test_the_admin_user_list_shows_and_finds_the_full_name(admin_client, agency_a):
    UserFactory(username="canbo.an", full_name="Nguyễn Văn An", agency=agency_a)
    UserFactory(username="canbo.ngoc", full_name="Trần Thị Bích Ngọc", agency=agency_a)

    page = text(admin_client.get("/admin/portal/user/"))
    assert "Họ và tên" in page
    assert "Nguyễn Văn An" in page and "Trần Thị Bích Ngọc" in page
    assert "An Nguyễn Văn" not in page

    found = admin_client.get("/admin/portal/user/", {"q": "Văn An"})
    assert [u.username for u in found.context["cl"].result_list] == ["canbo.an"]


def test_the_admin_user_forms_ask_for_one_full_name(admin_client, agency_a):
    user = UserFactory(username="canbo.an", full_name="Nguyễn Văn An", agency=agency_a)

    change = admin_client.get(f"/admin/portal/user/{user.pk}/change/")
    assert "full_name" in change.context["adminform"].form.fields
    page = text(change)
    assert "Họ và tên" in page and 'value="Nguyễn Văn An"' in page
    assert "first_name" not in page and "last_name" not in page

    add = admin_client.get("/admin/portal/user/add/")
    assert "full_name" in add.context["adminform"].form.fields
    response = admin_client.post(
        "/admin/portal/user/add/",
        {
            "username": "canbo.hong",
            "full_name": "Lê Thị Hồng",
            "usable_password": "true",
            "password1": "Mat-khau-rat-dai-2026",
            "password2": "Mat-khau-rat-dai-2026",
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    assert User.objects.get(username="canbo.hong").full_name == "Lê Thị Hồng"


def test_demo_users_get_their_full_names(capsys):
    call_command("seed_demo")

    assert User.objects.get(username="snv.chuyenvien").full_name == "Trần Thị Bích Ngọc"
    assert User.objects.get(username="stp.lanhdao").get_full_name() == "Lê Thị Hồng"
    assert User.objects.get(username="quantri").full_name == "Quản trị hệ thống"
    assert User.objects.filter(groups__name=Role.CLERK.label, full_name="Nguyễn Văn An").exists()


# ---------------------------------------------------------------------------- pages


@pytest.fixture
def reviewer_ngoc(reviewer):
    reviewer.full_name = "Trần Thị Bích Ngọc"
    reviewer.save()
    return reviewer


@pytest.fixture
def leader_hong(leader_a):
    leader_a.full_name = "Lê Thị Hồng"
    leader_a.save()
    return leader_a


def test_the_header_names_the_signed_in_user(client, clerk_a):
    client.force_login(clerk_a)

    page = text(client.get("/"))

    assert '<span class="who">Nguyễn Văn An · Sở Tư pháp</span>' in page
    assert "An Nguyễn Văn" not in page


def test_the_home_page_greets_a_user_without_an_agency_by_full_name(client):
    user = UserFactory(full_name="Trần Thị Bích Ngọc", agency=None)
    client.force_login(user)

    page = text(client.get("/"))

    assert "Xin chào Trần Thị Bích Ngọc" in page
    assert '<span class="who">Trần Thị Bích Ngọc</span>' in page


def test_a_registrations_history_names_who_did_what(client, clerk_a, leader_hong, draft_a):
    services.submit_registration(registration=draft_a, by=leader_hong)
    client.force_login(clerk_a)

    page = text(client.get(reverse("registrations:detail", args=[draft_a.pk])))

    assert "— Lê Thị Hồng: " in page


def test_the_admin_names_who_sent_and_who_reviewed_a_registration(
    client, reviewer_ngoc, leader_hong, movement, agency_a, field
):
    registration = RegistrationFactory(movement=movement, agency=agency_a, field=field)
    services.submit_registration(registration=registration, by=leader_hong)
    services.accept_registrations(registrations=[registration], by=reviewer_ngoc)
    client.force_login(reviewer_ngoc)

    change = text(client.get(f"/admin/registrations/registration/{registration.pk}/change/"))
    assert "Lê Thị Hồng" in change and "Trần Thị Bích Ngọc" in change

    history = text(client.get(f"/admin/registrations/registration/{registration.pk}/history/"))
    assert "Lê Thị Hồng" in history and "Trần Thị Bích Ngọc" in history


def test_the_appraisal_page_names_who_finalised_and_who_scored(
    client, clerk_a, leader_hong, reviewer_ngoc, agency_a
):
    scheme, _ = build_bands()
    movement = MovementFactory(criteria_set=build_sheet(), band_scheme=scheme)
    card = scoring.start_scorecard(movement=movement, agency=agency_a, by=None)
    scoring.save_self_scores(
        scorecard=card, by=leader_hong, answers=full_answers(card.criteria_set)
    )
    scoring.submit_scorecard(scorecard=card, by=leader_hong)
    scoring.finalise_scorecard(scorecard=card, by=reviewer_ngoc)
    client.force_login(reviewer_ngoc)

    page = text(client.get(reverse("admin:scoring_scorecard_appraise", args=[card.pk])))

    assert "(Trần Thị Bích Ngọc, " in page  # finalised by
    assert "<td>Lê Thị Hồng</td>" in page  # the entries' history


def test_the_deadline_extension_list_names_the_grantor(client, reviewer_ngoc, movement, agency_b):
    extend(movement, DeadlineKind.REGISTRATION, agency_b, date(2027, 1, 19), by=reviewer_ngoc)
    client.force_login(reviewer_ngoc)

    page = text(client.get("/admin/movements/deadlineextension/"))

    assert "Trần Thị Bích Ngọc" in page
