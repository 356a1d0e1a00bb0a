"""The admin's lists, drawn cheaply: the row checkbox written directly is exactly Django's."""

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.utils import translation

from registrations.models import Registration
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_row_checkbox_is_djangos_own(client, reviewer):
    registration = RegistrationFactory(name="Mô hình <b>“Dân vận khéo”</b> & bạn")
    model_admin = admin.site._registry[Registration]
    with translation.override("vi"):
        ours = model_admin.action_checkbox(registration)
        djangos = ModelAdmin.action_checkbox(model_admin, registration)
    assert ours == djangos
    assert 'class="action-select"' in ours and "&lt;b&gt;" in ours
    client.force_login(reviewer)
    page = client.get("/admin/registrations/registration/").content.decode()
    assert f'name="_selected_action" value="{registration.pk}"' in page
    assert 'id="action-toggle"' in page
