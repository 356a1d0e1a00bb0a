"""The data migration that gives every existing registration its model (registrations 0003)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registrations", "0002_registration_initiative"), ("initiatives", "0001_initial")]
AFTER = [("registrations", "0004_initiative_required")]


@pytest.mark.django_db(transaction=True)
def test_every_registration_joins_its_model_following_the_carry_over_links():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Agency = apps.get_model("portal", "Agency")
    AgencyKind = apps.get_model("portal", "AgencyKind")
    Field = apps.get_model("movements", "Field")
    Movement = apps.get_model("movements", "Movement")
    Registration = apps.get_model("registrations", "Registration")
    User = apps.get_model("portal", "User")

    kind = AgencyKind.objects.create(code="xa", name="Xã", tier="commune")
    ward = Agency.objects.create(code="PBD", name="Phường Bình Định", kind=kind)
    former = Agency.objects.create(code="XNK", name="Xã Nhơn Khánh", kind=kind)
    field = Field.objects.create(code="mig", name="Văn hóa")
    user = User.objects.create(username="mig")
    years = {
        y: Movement.objects.create(title=f"Phong trào {y}", year=y) for y in (2024, 2025, 2026)
    }
    sent = datetime(2025, 4, 1, tzinfo=UTC)

    def add(year, agency, name, state="accepted", after=None):
        return Registration.objects.create(
            movement=years[year],
            agency=agency,
            carrier="collective",
            name=name,
            field=field,
            created_by=user,
            state=state,
            submitted_at=None if state == "draft" else sent,
            submitted_by=None if state == "draft" else user,
            continues_from=after,
        )

    first = add(2024, former, "Tổ hòa giải")
    second = add(2025, former, "Tổ hòa giải năm 2", after=first)
    third = add(2026, ward, "Tổ hòa giải năm 3", after=second)
    alone = add(2026, ward, "Chợ văn minh", state="draft")
    Agency.objects.filter(pk=former.pk).update(active=False, merged_into=ward)
    # A second continuation of the same model in one movement starts its own model.
    branch = add(2026, ward, "Tổ hòa giải nhánh", after=second)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Registration = apps.get_model("registrations", "Registration")
    Initiative = apps.get_model("initiatives", "Initiative")
    of = dict(Registration.objects.values_list("pk", "initiative_id"))

    assert of[first.pk] == of[second.pk] == of[third.pk]
    assert len({of[first.pk], of[alone.pk], of[branch.pk]}) == 3
    assert Initiative.objects.count() == 3
    carried = Initiative.objects.get(pk=of[first.pk])
    assert (carried.status, carried.start_year, carried.agency_id) == ("registered", 2024, ward.pk)
    assert Initiative.objects.get(pk=of[alone.pk]).status == "draft"
    kinds = sorted(carried.events.values_list("kind", flat=True))
    assert kinds == ["registered"]
