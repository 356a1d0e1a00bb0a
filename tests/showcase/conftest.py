"""Published models as the coordinator makes them: an accepted registration, a recognition
decision, then publication — all through the services."""

from datetime import date

import pytest
from django.core.cache import cache

from initiatives import services as initiatives
from initiatives.models import Initiative, Status
from registrations.models import State
from showcase import services
from tests.factories import RegistrationFactory

RECOGNISED_ON = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The public pages are cached per URL: each test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


def recognised(movement, agency, field, *, by, name, decided_on=RECOGNISED_ON, **fields):
    """A model registered in ``movement`` and recognised by the coordinator."""
    registration = RegistrationFactory(
        movement=movement, agency=agency, field=field, name=name, state=State.ACCEPTED, **fields
    )
    initiatives.decide(
        [registration.initiative],
        status=Status.RECOGNISED,
        by=by,
        number=f"{registration.pk}/QĐ-UBND",
        decided_on=decided_on,
        recognised_by="UBND tỉnh Vĩnh Long",
    )
    return Initiative.objects.get(pk=registration.initiative_id)


def published(movement, agency, field, *, by, name, story=None, **fields):
    initiative = recognised(movement, agency, field, by=by, name=name, **fields)
    services.publish([initiative], by=by, story=story)
    return Initiative.objects.get(pk=initiative.pk)
