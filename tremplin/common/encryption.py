"""Encrypted model fields with a key of their own.

django-fernet-encrypted-fields derives its Fernet keys from SECRET_KEY and SALT_KEY only: a
new SECRET_KEY makes every stored value unreadable. These fields keep the library's storage
format (a Fernet token in a text column) but take their keys from the settings:

- FIELD_ENCRYPTION_KEY: the current Fernet key, the only one that encrypts;
- FIELD_ENCRYPTION_KEYS_FALLBACK: old Fernet keys, tried in order to decrypt;
- the library's derived keys (SECRET_KEY and SECRET_KEY_FALLBACKS × SALT_KEY), tried last,
  so that values written before this module existed are still read.

`manage.py rotate_field_keys` encrypts every value again with the current key, after which
old keys can be removed. A value that looks like a token but that no key opens is an error
that names the settings to fix, never a silent garbage string."""

from __future__ import annotations

import base64
import binascii
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from encrypted_fields import fields as library

# Every Fernet token starts with the version byte 0x80 and a timestamp whose high bytes are
# zero: "gAAAAA" in base64. Anything else read from an encrypted column was stored in clear
# (a column encrypted after the fact) and is returned as it is.
TOKEN_PREFIX = "gAAAAA"


class FieldDecryptionError(ImproperlyConfigured):
    pass


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX) and len(value) >= 100


def validate_fernet_key(key: str, *, setting: str) -> None:
    """Raise ImproperlyConfigured unless `key` is a Fernet key (32 bytes, URL-safe base64)."""
    try:
        valid = len(base64.urlsafe_b64decode(key.encode())) == 32
    except (binascii.Error, ValueError):
        valid = False
    if not valid:
        raise ImproperlyConfigured(
            f"{setting} must be a Fernet key (32 random bytes in URL-safe base64, 44 "
            'characters); make one with: python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"'
        )


@functools.cache
def _derived_key(secret: str, salt: str) -> bytes:
    """The library's key for one (SECRET_KEY, salt) pair: PBKDF2 is slow, so computed once."""
    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt.encode(), iterations=100_000)
    return base64.urlsafe_b64encode(kdf.derive(secret.encode()))


@functools.cache
def _fernet(current: str, fallbacks: tuple[str, ...], legacy: tuple[tuple[str, str], ...]):
    keys = [Fernet(current), *(Fernet(key) for key in fallbacks)]
    keys += [Fernet(_derived_key(secret, salt)) for secret, salt in legacy]
    return MultiFernet(keys)


def fernet() -> MultiFernet:
    """The keys of the current settings, the one that encrypts first. Read at each use (and
    cached per set of keys), so that a change of settings takes effect."""
    salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list) else [settings.SALT_KEY]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return _fernet(
        settings.FIELD_ENCRYPTION_KEY,
        tuple(settings.FIELD_ENCRYPTION_KEYS_FALLBACK),
        tuple((secret, salt) for secret in secrets for salt in salts if salt),
    )


def current_fernet() -> Fernet:
    return Fernet(settings.FIELD_ENCRYPTION_KEY)


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise FieldDecryptionError(
            "An encrypted field cannot be decrypted with FIELD_ENCRYPTION_KEY nor any key of "
            "FIELD_ENCRYPTION_KEYS_FALLBACK (nor the keys derived from SECRET_KEY, "
            "SECRET_KEY_FALLBACKS and FIELD_ENCRYPTION_SALT): put back the key it was "
            "encrypted with in FIELD_ENCRYPTION_KEYS_FALLBACK."
        ) from None


class EncryptedFieldMixin(library.EncryptedFieldMixin):
    """The library's field, with Tremplin's keys (see the module's docstring)."""

    @property
    def f(self) -> MultiFernet:
        # The library encrypts and decrypts with self.f: a MultiFernet encrypts with its
        # first key, the current one.
        return fernet()

    def get_prep_value(self, value):
        # The library tests `if value:`, which stores False and 0 as NULL ("unknown"): only
        # None and the empty string are left empty here.
        value = super(library.EncryptedFieldMixin, self).get_prep_value(value)
        if value is None:
            return None
        if value == "":
            # Nothing to hide; a NOT NULL column (an erased note) keeps its empty string.
            return None if self.null else ""
        return self.f.encrypt(str(value).encode()).decode()

    def to_python(self, value):
        if value is None or not isinstance(value, str) or hasattr(self, "_already_decrypted"):
            return value
        if is_token(value):
            value = decrypt(value)
        # Skip the library's to_python, which would swallow an unreadable token.
        return super(library.EncryptedFieldMixin, self).to_python(value)


class EncryptedCharField(EncryptedFieldMixin, models.CharField):
    pass


class EncryptedTextField(EncryptedFieldMixin, models.TextField):
    pass


class EncryptedBooleanField(EncryptedFieldMixin, models.BooleanField):
    pass


class EncryptedDateField(EncryptedFieldMixin, models.DateField):
    pass


class EncryptedDateTimeField(EncryptedFieldMixin, models.DateTimeField):
    pass


class EncryptedIntegerField(EncryptedFieldMixin, library.EncryptedIntegerField):
    pass


class EncryptedEmailField(EncryptedFieldMixin, models.EmailField):
    pass
