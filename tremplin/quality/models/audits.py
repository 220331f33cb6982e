"""The documents a structure attaches to a finding itself: the one way a document from its
files reaches the auditor (otherwise the auditor sees pseudonymised figures only)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .findings import _ThroughFindingQuerySet


class FindingDocument(models.Model):
    finding = models.ForeignKey(
        "quality.Finding",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("finding"),
    )
    file = models.FileField(_("document"), upload_to="quality/findings/%Y/%m/")
    title = models.CharField(_("title"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("attached on"), auto_now_add=True)

    objects = _ThroughFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("document attached to a finding")
        verbose_name_plural = _("documents attached to findings")
        ordering = ["finding", "uploaded_at", "pk"]

    def __str__(self):
        return self.title
