"""Two leaders submitting at the same instant must not both take the last slot."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from registrations import services
from registrations.models import Registration, State
from tests.factories import MovementFactory, QuotaRuleFactory, RegistrationFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_cannot_both_take_the_last_slot(agency_a, leader_a, field):
    movement = MovementFactory()
    QuotaRuleFactory(movement=movement, max_collectives=1, max_individuals=1)
    drafts = RegistrationFactory.create_batch(
        6, movement=movement, agency=agency_a, created_by=leader_a, field=field
    )
    barrier = threading.Barrier(len(drafts))
    outcomes = []

    def submit(draft):
        try:
            barrier.wait()
            services.submit_registration(registration=draft, by=leader_a)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] + ["refused"] * 5
    assert Registration.objects.filter(state=State.SUBMITTED).count() == 1
