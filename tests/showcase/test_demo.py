"""The demo shows the showcase: five recognised models published, one commended, and the demo's
own private particulars (a nominee's birth date and hometown) nowhere on the public pages."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_recognised_models_and_keeps_particulars_private(client):
    call_command("seed_demo", stdout=io.StringIO())
    response = client.get(reverse("showcase:list"), {"q": "dan van kheo"})
    assert response.status_code == 200
    assert Initiative.objects.filter(published=True).count() == 5
    commended = client.get(reverse("showcase:list"), {"khen-thuong": "co"})
    [model] = commended.context["page"].object_list
    for url in (
        reverse("showcase:detail", args=[model.pk]),
        reverse("showcase:agency", args=[model.agency_id]),
        reverse("showcase:csv"),
        reverse("showcase:json"),
    ):
        text = client.get(url).content.decode("utf-8-sig")
        for private in ("14/03/1982", "1982", "Phú Quới", "Thạc sĩ Luật", "phiếu"):
            assert private not in text, f"{url}: {private}"
    assert "215/QĐ-UBND" in client.get(reverse("showcase:detail", args=[model.pk])).text
