from datetime import date

from django.db import migrations



def attach(apps, schema_editor):
    """Every registration joins its model, following the “tiếp nối” links year after year; a
    model held by a unit merged into another passes to the successor."""
    Registration = apps.get_model("registrations", "Registration")
    Initiative = apps.get_model("initiatives", "Initiative")
    Event = apps.get_model("initiatives", "InitiativeEvent")
    Agency = apps.get_model("portal", "Agency")

    initiative_of: dict[int, object] = {}
    movements_of: dict[int, set[int]] = {}
    registrations = Registration.objects.select_related("movement").order_by(
        "movement__year", "pk"
    )
    for registration in registrations:
        initiative = initiative_of.get(registration.continues_from_id)
        # Two registrations of one movement continuing the same model: the second starts its own.
        if initiative is None or registration.movement_id in movements_of[initiative.pk]:
            initiative = Initiative.objects.create(
                name=registration.name,
                carrier=registration.carrier,
                field_id=registration.field_id,
                agency_id=registration.agency_id,
                status="draft",
            )
            movements_of[initiative.pk] = set()
        movements_of[initiative.pk].add(registration.movement_id)
        initiative.agency_id = registration.agency_id
        if registration.state != "draft" and registration.submitted_at and (
            initiative.status == "draft"
        ):
            initiative.status = "registered"
            initiative.start_year = registration.movement.year
            Event.objects.create(
                initiative=initiative,
                kind="registered",
                year=registration.movement.year,
                recorded_by_id=registration.submitted_by_id,
            )
        initiative.save()
        registration.initiative = initiative
        registration.save(update_fields=["initiative"])
        initiative_of[registration.pk] = initiative

    for merged in Agency.objects.filter(merged_into__isnull=False):
        successor, seen = merged, {merged.pk}
        while successor.merged_into_id and successor.merged_into_id not in seen:
            successor = Agency.objects.get(pk=successor.merged_into_id)
            seen.add(successor.pk)
        for initiative in Initiative.objects.filter(agency=merged):
            initiative.agency = successor
            initiative.save(update_fields=["agency"])
            Event.objects.create(
                initiative=initiative,
                kind="transferred",
                year=date.today().year,
                from_agency=merged,
                to_agency=successor,
            )


def detach(apps, schema_editor):
    apps.get_model("registrations", "Registration").objects.update(initiative=None)
    apps.get_model("initiatives", "Initiative").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0002_registration_initiative"),
        ("initiatives", "0001_initial"),
        ("portal", "0014_coordinator_is_data"),
    ]

    operations = [migrations.RunPython(attach, detach)]
