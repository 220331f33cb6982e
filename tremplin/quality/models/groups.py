"""The certificates' numbering: gap-free per year, under a row lock (as the missions'
invoices are numbered)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateSequence(models.Model):
    """The last certificate number given in a year; locked while a number is taken."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate numbering")
        verbose_name_plural = _("certificate numberings")

    def __str__(self):
        return f"{self.year}: {self.last_number}"
