"""One rule for text on the way in (portal/text.py, applied by portal/middleware.py): control
characters are dropped and Vietnamese marks composed, on every page — never a 500."""

import unicodedata

import pytest
from django.test import Client
from django.urls import reverse

from portal.text import clean_text
from scoring.models import ScoreEntry
from tests.factories import MovementFactory
from tests.scoring.factories import build_bands, build_sheet, leaf

pytestmark = pytest.mark.django_db
DECOMPOSED = unicodedata.normalize("NFD", "Dân vận khéo")


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Giải\x00 trình", "Giải trình"),
        ("dòng 1\ndòng 2\tcột\r", "dòng 1\ndòng 2\tcột\r"),
        ("\x07\x1b\x7fchữ", "chữ"),
        (DECOMPOSED, "Dân vận khéo"),
        (None, None),
        (7, 7),
    ],
)
def test_clean_text_drops_controls_keeps_lines_and_composes_marks(typed, kept):
    assert clean_text(typed) == kept


@pytest.fixture
def scoring_movement():
    scheme, bands = build_bands()
    return MovementFactory(criteria_set=build_sheet(), band_scheme=scheme)


def test_a_nul_in_a_scorecard_explanation_is_dropped_not_a_500(client, clerk_a, scoring_movement):
    criterion = leaf(scoring_movement.scoring_settings.criteria_set, "1.1")
    client.force_login(clerk_a)
    response = client.post(
        reverse("scoring:save_one", args=[scoring_movement.pk, criterion.pk]),
        {
            f"points-{criterion.pk}": "4",
            f"explanation-{criterion.pk}": "Đã\x00 tổ chức " + DECOMPOSED,
        },
    )
    assert response.status_code == 200
    assert ScoreEntry.objects.get().explanation == "Đã tổ chức Dân vận khéo"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/registrations/registration/?q=%00abc&state=%00",
        "/admin/movements/movement/?q=%00",
        "/admin/autocomplete/?term=%00&app_label=movements&model_name=deadlineextension"
        "&field_name=agency",
        "/admin/portal/agency/?q=S%E1%BB%9F%00",
    ],
)
def test_a_nul_in_admin_filters_and_autocomplete_is_not_a_500(url, reviewer):
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    assert client.get(url).status_code < 500


def test_a_nul_in_the_rankings_kind_filter_is_not_a_500(leader_a, scoring_movement):
    client = Client(raise_request_exception=False)
    client.force_login(leader_a)
    response = client.get(reverse("scoring:ranking", args=[scoring_movement.pk]) + "?loai=%00")
    assert response.status_code == 200


def test_a_search_typed_with_combining_marks_finds_the_precomposed_name(reviewer, agency_a):
    client = Client()
    client.force_login(reviewer)
    typed = unicodedata.normalize("NFD", "Tư pháp")
    page = client.get("/admin/portal/agency/", {"q": typed}).content.decode()
    assert "Sở Tư pháp" in page
