import pytest
from django.core.cache import cache
from django.urls import reverse

from tremplin.accounts import services
from tremplin.accounts.models import StructureRole, UserKind
from tremplin.accounts.testing import PASSWORD


@pytest.fixture(autouse=True)
def empty_cache():
    """The throttling counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def director(structure):
    user = services.user_create(
        email="direction@tremplin.test", kind=UserKind.STRUCTURE_STAFF, password=PASSWORD
    )
    services.structure_membership_add(user=user, structure=structure, role=StructureRole.DIRECTOR)
    return user


@pytest.fixture
def conseiller(structure):
    user = services.user_create(
        email="cip@tremplin.test", kind=UserKind.STRUCTURE_STAFF, password=PASSWORD
    )
    services.structure_membership_add(user=user, structure=structure, role=StructureRole.CONSEILLER)
    return user


@pytest.fixture
def employee(db):
    return services.user_create(
        email="salarie@tremplin.test", kind=UserKind.EMPLOYEE, password=PASSWORD
    )


def post_login(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session
