"""The data migration that gives every existing registration its model (registrations 0003)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registrations", "0002_registration_initiative"), ("initiatives", "0001_initial")]


def migrate_to_latest():
    """Forward to every app's latest migration (going back unapplied later ones elsewhere too),
    returning the models as they now stand."""
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(latest)
    return executor.loader.project_state(latest).apps


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

    apps = migrate_to_latest()
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


@pytest.mark.django_db(transaction=True)
def test_on_a_copy_of_the_demo_data_every_registration_is_attached_and_no_model_doubled():
    """The demo province as it stood before models existed: its registrations linked year to
    year (“tiếp nối”), reviews not yet invented. Migrating forward rebuilds the same models."""
    from django.apps import apps as current_apps
    from django.core.management import call_command

    from initiatives.models import InitiativeReview, ReviewItem
    from portal.roles import sync_role_groups
    from registrations.models import Registration as CurrentRegistration

    sync_role_groups(current_apps)  # a transactional test starts from an emptied database
    call_command("seed_demo")
    chains = {}
    for pk, initiative_id in CurrentRegistration.objects.order_by(
        "movement__year", "pk"
    ).values_list("pk", "initiative_id"):
        chains.setdefault(initiative_id, []).append(pk)
    assert any(len(chain) > 1 for chain in chains.values())  # the merged commune's carry-over
    ReviewItem.objects.all().delete()
    InitiativeReview.objects.all().delete()

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Registration = apps.get_model("registrations", "Registration")
    for chain in chains.values():
        for previous, later in zip(chain, chain[1:], strict=False):
            Registration.objects.filter(pk=later).update(continues_from_id=previous)

    apps = migrate_to_latest()
    Registration = apps.get_model("registrations", "Registration")
    Initiative = apps.get_model("initiatives", "Initiative")
    of = dict(Registration.objects.values_list("pk", "initiative_id"))
    assert len(of) == sum(len(chain) for chain in chains.values())
    assert None not in of.values()
    rebuilt = [{of[pk] for pk in chain} for chain in chains.values()]
    assert all(len(ids) == 1 for ids in rebuilt)
    assert len({ids.pop() for ids in rebuilt}) == len(chains) == Initiative.objects.count()
