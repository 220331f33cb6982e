"""The federation's training catalogue: what Qualiopi's indicator 1 asks each course to
publish (objectives, prerequisites, duration, methods, assessment, access conditions and
delay, accessibility, price, certification codes). Federation data, public once published."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.models import TimestampedModel


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff of the structures")
    INSERTION = "insertion", _("Employees in insertion paths")
    BOTH = "both", _("Staff and employees in insertion paths")


class Course(TimestampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    objectives = models.TextField(_("objectives"))
    prerequisites = models.TextField(_("prerequisites"), blank=True)
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=5, decimal_places=2)
    methods = models.TextField(_("teaching methods"))
    assessment = models.TextField(_("assessment"))
    access_conditions = models.TextField(_("access conditions"))
    access_delay = models.CharField(_("access delay"), max_length=200)
    accessibility = models.TextField(_("accessibility for disabled people"))
    price_per_trainee_excl_vat = models.DecimalField(
        _("price per trainee (excl. VAT)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
    )
    # RNCP / RS codes of the certification the course prepares, if any.
    certification_codes = models.CharField(_("certification codes"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self):
        return self.title
