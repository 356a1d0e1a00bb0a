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


def mixed_registrations(*, movement, agencies, field, author, count, name, start=0):
    """``count`` registrations spread over ``agencies``, in turn sent, accepted, returned and
    draft; a third of them by individuals."""
    from registrations.models import Carrier, Registration, State

    states = [State.SUBMITTED, State.ACCEPTED, State.RETURNED, State.DRAFT]
    return bulk_registrations(
        Registration(
            movement=movement,
            agency=agencies[i % len(agencies)],
            carrier=Carrier.COLLECTIVE if i % 3 else Carrier.INDIVIDUAL,
            name=f"{name} {i}",
            collective_name="Tập thể",
            person_name="Nguyễn Văn A",
            field=field,
            state=states[i % len(states)],
            return_reason="Bổ sung" if states[i % len(states)] == State.RETURNED else "",
            created_by=author,
        )
        for i in range(start, start + count)
    )
