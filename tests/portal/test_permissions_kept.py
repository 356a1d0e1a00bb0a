"""A person's permissions kept between requests (portal.backends.PortalBackend): a role taken
away or given, a role's grant removed, a person deactivated all count on the next request."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.models import Role
from tests.factories import MovementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(client, reviewer):
    movement = MovementFactory(award_closes_at=None)
    client.force_login(reviewer)
    url = reverse("admin:movements_movement_tracker", args=[movement.pk])
    return lambda: client.get(url).status_code


def test_a_role_taken_away_and_given_back_counts_on_the_next_request(tracker, reviewer):
    assert tracker() == 200
    group = Group.objects.get(name=Role.REVIEWER.label)

    reviewer.groups.remove(group)
    assert tracker() == 403

    group.user_set.add(reviewer)
    assert tracker() == 200


def test_a_grant_removed_from_the_role_counts_on_the_next_request(tracker):
    assert tracker() == 200
    group = Group.objects.get(name=Role.REVIEWER.label)
    # Seeing a movement: its view or change grant.
    grants = list(group.permissions.filter(codename__in=["view_movement", "change_movement"]))
    assert grants

    group.permissions.remove(*grants)
    assert tracker() == 403

    grants[0].group_set.add(group)
    assert tracker() == 200


def test_a_deactivated_person_is_signed_out_on_the_next_request(tracker, reviewer):
    assert tracker() == 200

    reviewer.is_active = False
    reviewer.save()

    assert tracker() == 302
