"""Test helpers of accounts, for every app's tests (no import of the apps above)."""

PASSWORD = "un-mot-de-passe-de-test"


def totp_now(user) -> str:
    """The code the user's authenticator app shows now (django-otp's own TOTP)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def totp_enable(user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
