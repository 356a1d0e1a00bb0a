"""Rows written in bulk for the benchmarks, with what the services would have made beside them."""


def bulk_registrations(registrations, *, batch_size=500):
    """Registrations, each with the model (Initiative) it belongs to: registered once sent."""
    from initiatives.models import Initiative, Status
    from registrations.models import Registration, State

    registrations = list(registrations)
    initiatives = Initiative.objects.bulk_create(
        [
            Initiative(
                name=r.name,
                carrier=r.carrier,
                field=r.field,
                agency=r.agency,
                status=Status.DRAFT if r.state == State.DRAFT else Status.REGISTERED,
                start_year=r.movement.year,
            )
            for r in registrations
        ],
        batch_size=batch_size,
    )
    for registration, initiative in zip(registrations, initiatives, strict=True):
        registration.initiative = initiative
    return Registration.objects.bulk_create(registrations, batch_size=batch_size)
