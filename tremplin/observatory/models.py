"""The observatory holds aggregates only: one row per structure, year, period of the year
(the year, a half, a quarter, a month), indicator and category — never a row per person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.accounts.tenancy import Level, TenantQuerySet


class FigureQuerySet(TenantQuerySet):
    # A structure's own figures, unsuppressed, for its staff only. Everyone else reads
    # figures through selectors.network_table(), which applies disclosure control.
    tenant_path = "structure_id"
    tenant_level = Level.PERSONAL


class Figure(models.Model):
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=3, default="Y")  # compute.periods(): Y, H1, Q1, M01…
    key = models.CharField(max_length=30)
    category = models.CharField(max_length=60, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    people = models.PositiveIntegerField(default=0)  # people counted: disclosure control

    objects = FigureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year", "period", "key", "category"],
                name="figure_unique_period",
                violation_error_message=_("This figure was already computed for this period."),
            )
        ]
        indexes = [models.Index(fields=["year", "period", "key"], name="figure_year_period_key")]

    def __str__(self):
        return f"{self.structure_id} {self.year}/{self.period} {self.key}:{self.category}"


class StaleSlice(models.Model):
    """A structure's year whose figures no longer match the operations (marked when they
    change, cleared when the slice is computed again)."""

    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "year"],
                name="stale_slice_unique",
                violation_error_message=_(
                    "This slice of figures is already marked for recomputing."
                ),
            )
        ]

    def __str__(self):
        return f"{self.structure_id}/{self.year}"


class Publication(models.Model):
    """A year the federation published: the public page shows its network figures."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("publication")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)
