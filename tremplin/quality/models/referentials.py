"""Référentiels as data, versioned: chapters → requirements → the evidence expected.

Loaded from a file the federation maintains (quality/referentials/, see its README), never
written in code. A version once used by an assessment or an audit is never edited: the
federation loads a new version."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.common.models import TimestampedModel


class ReferentialKind(models.TextChoices):
    CEDRE = "cedre", _("CEDRE (the network's référentiel)")
    ISO_9001 = "iso9001", _("ISO 9001:2015")
    QUALIOPI = "qualiopi", _("Qualiopi (national quality référentiel)")
    CHARTER = "charter", _("Proxim'Services quality charter")
    OTHER = "other", _("Other")


class Referential(TimestampedModel):
    code = models.SlugField(_("code"), max_length=40)
    version = models.CharField(_("version"), max_length=20)
    kind = models.CharField(_("kind"), max_length=10, choices=ReferentialKind.choices)
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    # Shipped as an example of the public structure, for the federation to complete.
    is_example = models.BooleanField(_("example to complete"), default=False)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_current = models.BooleanField(_("current version"), default=True)

    class Meta:
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"],
                name="referential_code_version_unique",
                violation_error_message=_("This version of the référentiel is already loaded."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.version})"


class Chapter(models.Model):
    referential = models.ForeignKey(
        Referential,
        on_delete=models.CASCADE,
        related_name="chapters",
        verbose_name=_("référentiel"),
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["referential", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["referential", "number"],
                name="chapter_number_unique",
                violation_error_message=_("This chapter number is already in the référentiel."),
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Requirement(models.Model):
    chapter = models.ForeignKey(
        Chapter, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("chapter")
    )
    number = models.CharField(_("number"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    evidence_expected = models.TextField(_("evidence expected"), blank=True)
    # The key of an indicator Tremplin computes itself (quality/evidence.py registry), e.g.
    # "people.commitment_contract_within_days"; empty when only the structure can answer.
    indicator = models.CharField(_("computed indicator"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["chapter__position", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "number"],
                name="requirement_number_unique",
                violation_error_message=_("This requirement number is already in the chapter."),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"
