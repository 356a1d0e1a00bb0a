import pytest

from .factories import build_scoring_movement


@pytest.fixture
def scoring_movement(db):
    return build_scoring_movement()
