"""Writes and checks of the second factor: a TOTP app (django-otp) and recovery codes."""

from __future__ import annotations

import hashlib
import secrets

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCode, User
from .security import two_factor_required

RECOVERY_CODE_COUNT = 10
# Without look-alike letters and digits (0/O, 1/l/I), easy to copy from paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _hash(code: str) -> str:
    return hashlib.sha256(_normalize(code).encode()).hexdigest()


def _normalize(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def totp_device(user: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


@transaction.atomic
def totp_setup_start(*, user: User) -> TOTPDevice:
    """A new secret, not in force until a code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic
def totp_setup_confirm(*, user: User, code: str) -> list[str]:
    """Put the pending secret in force when `code` comes from it; returns fresh recovery
    codes (to show once). Replaces an earlier app."""
    device = totp_device(user, confirmed=False)
    if device is None:
        raise ValidationError(_("Start the setup again: no secret is waiting to be confirmed."))
    if not device.verify_token(_normalize(code)):
        raise ValidationError(
            {"code": _("This code is wrong or expired. Type the 6 digits the app shows now.")}
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_generate(user=user)


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working. Only their hashes are kept."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _char in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def second_factor_verify(*, user: User, code: str) -> bool:
    """True when `code` is the app's current code, or an unused recovery code (then used up)."""
    code = _normalize(code)
    if not code:
        return False
    if code.isdigit():
        device = totp_device(user)
        return device is not None and device.verify_token(code)
    # A conditional update: two requests with the same code cannot both use it.
    used = RecoveryCode.objects.filter(
        user=user, code_hash=_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    return used == 1


@transaction.atomic
def two_factor_disable(*, user: User) -> None:
    if two_factor_required(user):
        raise ValidationError(_("Your role requires a second factor: it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()


def totp_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (no image library needed)."""
    image = qrcode.make(
        device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    return image.to_string(encoding="unicode")


def totp_secret_b32(device: TOTPDevice) -> str:
    """The secret as authenticator apps ask for it when typed by hand."""
    from base64 import b32encode

    return b32encode(device.bin_key).decode()
