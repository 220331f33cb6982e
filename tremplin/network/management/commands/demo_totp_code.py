"""The current second-factor code of the demo accounts (those seeded with the demo's
published secret only: no other account's code can be read this way)."""

from django.core.management.base import BaseCommand
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.network.demo import DEMO_DOMAIN, DEMO_TOTP_DEVICE_NAME, DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment des comptes de démonstration."

    def handle(self, *args, **options):
        devices = TOTPDevice.objects.filter(
            name=DEMO_TOTP_DEVICE_NAME,
            key=DEMO_TOTP_KEY,
            confirmed=True,
            user__email__endswith=f"@{DEMO_DOMAIN}",
        ).select_related("user")
        if not devices:
            self.stdout.write("Aucun compte de démonstration n'a de double authentification.")
            return
        code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
        self.stdout.write(f"Code du moment (valable 30 secondes) : {code}")
        for device in devices:
            self.stdout.write(f"  {device.user.email}")
