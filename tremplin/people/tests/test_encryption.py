"""Encrypted personal fields: their key is FIELD_ENCRYPTION_KEY, not SECRET_KEY; old keys are
read from the fallback list; rotate_field_keys moves every value to the current key."""

import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from encrypted_fields import fields as library

from tremplin.common import encryption
from tremplin.common.encryption import FieldDecryptionError
from tremplin.people.models import Person

from .conftest import make_person

VALID_NIR = "190057512301575"
KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def _raw(person, column="nir"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM people_person WHERE id = %s", [person.pk])
        return cursor.fetchone()[0]


def _set_raw(person, value, column="nir"):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE people_person SET {column} = %s WHERE id = %s", [value, person.pk])


def _reread(person):
    return Person.objects.get(pk=person.pk)


def test_a_new_secret_key_leaves_the_fields_readable(world):
    person = make_person(world, nir=VALID_NIR, sex="M", rqth=True)
    with override_settings(SECRET_KEY="a-brand-new-secret-key-" + "x" * 40, SALT_KEY=[]):
        again = _reread(person)
        assert (again.nir, again.rqth) == (VALID_NIR, True)


def test_a_rotated_key_reads_old_values_from_the_fallback_list_and_writes_new_ones(world):
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A, SALT_KEY=[]):
        person = make_person(world, nir=VALID_NIR, sex="M")
        untouched = make_person(world, last_name="Durand", rqth=True)
    with override_settings(
        FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_FALLBACK=[KEY_A], SALT_KEY=[]
    ):
        assert _reread(untouched).rqth is True
        again = _reread(person)
        assert again.nir == VALID_NIR
        again.rqth = True
        again.save()
        assert Fernet(KEY_B).decrypt(_raw(person, "rqth").encode()) == b"True"
    # Saved again: under the new key alone. Never saved: its old key must stay listed.
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, SALT_KEY=[]):
        assert _reread(person).nir == VALID_NIR
        with pytest.raises(FieldDecryptionError, match="FIELD_ENCRYPTION_KEYS_FALLBACK"):
            _reread(untouched)


def test_rotate_field_keys_moves_every_value_to_the_current_key(world):
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_A, SALT_KEY=[]):
        person = make_person(world, nir=VALID_NIR, sex="M", rqth=False)
        person.leaving_detention = True
        person.save()  # a second history row, under the old key too
        # (its other encrypted fields, refugee for one, under the old key as well)
        other = make_person(world, last_name="Durand")
    _set_raw(other, "1", column="leaving_detention")
    out = io.StringIO()
    with override_settings(
        FIELD_ENCRYPTION_KEY=KEY_B, FIELD_ENCRYPTION_KEYS_FALLBACK=[KEY_A], SALT_KEY=[]
    ):
        call_command("rotate_field_keys", "--batch-size", "1", stdout=out)
    text = out.getvalue()
    assert "people.Person: 1/2" in text and "people.Person: 2/2" in text
    assert "people.HistoricalPerson:" in text
    assert "1 values in clear" in text
    # The old key is gone: everything, history included, is read with the new one alone.
    with override_settings(FIELD_ENCRYPTION_KEY=KEY_B, SALT_KEY=[]):
        again = _reread(person)
        assert (again.nir, again.rqth, again.leaving_detention) == (VALID_NIR, False, True)
        assert _reread(other).leaving_detention is True
        assert {h.nir for h in person.history.all()} == {VALID_NIR}
        out = io.StringIO()
        call_command("rotate_field_keys", "--dry-run", stdout=out)
        assert out.getvalue().splitlines()[-1].startswith("0 values under an old key and 0")


def test_values_of_the_scheme_derived_from_secret_key_are_still_read(world, settings):
    """What django-fernet-encrypted-fields wrote before FIELD_ENCRYPTION_KEY existed."""
    person = make_person(world)
    legacy = library.EncryptedCharField()  # its keys: SECRET_KEY × SALT_KEY
    _set_raw(person, legacy.get_prep_value(VALID_NIR))
    assert _raw(person) != VALID_NIR
    assert _reread(person).nir == VALID_NIR
    call_command("rotate_field_keys", stdout=io.StringIO())
    settings.SALT_KEY = []
    assert _reread(person).nir == VALID_NIR


def test_false_is_stored_as_false_not_as_unknown(world):
    person = make_person(world, rqth=False)
    assert _raw(person, "rqth") is not None
    assert _reread(person).rqth is False


def test_every_encrypted_field_takes_tremplins_keys():
    """A field of the library used directly would encrypt with SECRET_KEY again."""
    direct = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, library.EncryptedFieldMixin)
        and not isinstance(field, encryption.EncryptedFieldMixin)
    ]
    assert not direct, f"use tremplin.common.encryption's fields: {direct}"
