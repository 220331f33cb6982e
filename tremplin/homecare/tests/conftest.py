import pytest

from .advance_fixtures import catalogue, enrolled_with_urssaf, household_of


@pytest.fixture
def household(world):
    """The household login's household of world.own, with a catalogue service, enrolled with
    the file-based URSSAF (a module defining its own `household` uses that one)."""
    household = household_of(world.own, user=world.user("household"))
    catalogue(world.own)
    enrolled_with_urssaf(household)
    return household
