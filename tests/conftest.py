"""Personas and the province they work in, shared by every test."""

import pytest
from django.core.cache import cache

from movements.models import Field
from portal.models import Coordinator, Role

from .factories import (
    AgencyFactory,
    AgencyKindFactory,
    FieldFactory,
    MovementFactory,
    QuotaRuleFactory,
    RegistrationFactory,
    UserFactory,
)

# The demo province's coordinating body, as a deployment enters it in the admin; tests of
# another body (a ward's Party-building board) change the row.
COORDINATOR = {
    "name": "Sở Nội vụ tỉnh Vĩnh Long",
    "short_name": "Sở Nội vụ",
    "parent_name": "UBND tỉnh Vĩnh Long",
    "place_name": "Vĩnh Long",
}


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts from an empty cache: what an earlier test cached (its coordinator, its
    pages) was rolled back with its rows."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def coordinator(request, empty_cache):
    """The Coordinator row, for every test that uses the database."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db", "live_server"}:
        return None
    transactional = (marker is not None and marker.kwargs.get("transaction")) or names & {
        "transactional_db",
        "live_server",
    }
    request.getfixturevalue("transactional_db" if transactional else "db")
    return Coordinator.objects.update_or_create(singleton=True, defaults=COORDINATOR)[0]


@pytest.fixture
def field(db) -> Field:
    return FieldFactory()


@pytest.fixture
def department_kind(db):
    return AgencyKindFactory(code="so-nganh", name="Sở, ban, ngành cấp tỉnh")


@pytest.fixture
def health_kind(db):
    return AgencyKindFactory(code="y-te", name="Sở Y tế")


@pytest.fixture
def movement(db, health_kind):
    """Seed 000's shape: default 02/04, the health sector 05/10."""
    movement = MovementFactory()
    QuotaRuleFactory(movement=movement, agency_kind=None, max_collectives=2, max_individuals=4)
    QuotaRuleFactory(
        movement=movement, agency_kind=health_kind, max_collectives=5, max_individuals=10
    )
    return movement


@pytest.fixture
def agency_a(department_kind):
    return AgencyFactory(code="STP", name="Sở Tư pháp", kind=department_kind)


@pytest.fixture
def agency_b(department_kind):
    return AgencyFactory(code="SXD", name="Sở Xây dựng", kind=department_kind)


@pytest.fixture
def clerk_a(agency_a):
    return UserFactory(username="canbo.a", agency=agency_a, role=Role.CLERK)


@pytest.fixture
def leader_a(agency_a):
    return UserFactory(username="lanhdao.a", agency=agency_a, role=Role.LEADER)


@pytest.fixture
def clerk_b(agency_b):
    return UserFactory(username="canbo.b", agency=agency_b, role=Role.CLERK)


@pytest.fixture
def reviewer(db):
    snv = AgencyFactory(code="SNV", name="Sở Nội vụ")
    return UserFactory(username="chuyenvien", agency=snv, role=Role.REVIEWER, is_staff=True)


@pytest.fixture
def draft_a(movement, agency_a, clerk_a, field):
    return RegistrationFactory(movement=movement, agency=agency_a, created_by=clerk_a, field=field)


@pytest.fixture
def draft_b(movement, agency_b, clerk_b, field):
    return RegistrationFactory(movement=movement, agency=agency_b, created_by=clerk_b, field=field)
