"""The access log (one row per request that read personal data) and the retention notices."""

from django.conf import settings
from django.db import models
from django.db.models import Lookup
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    FILE = "file", _("File")
    LIST = "list", _("List")
    EXPORT = "export", _("Export")
    DOCUMENT = "document", _("Document")
    API = "api", _("API")


# The words the views log as the context of a read (rules.access_person(..., log=...)), as a
# person reads them in the access log.
CONTEXT_LABELS = {
    "edit": _("edit form"),
    "history": _("history of the file"),
    "asp_record": _("employee record (ASP)"),
    "consultations": _("consultations of the file"),
    "data_export": _("export of the person's data"),
    "step": _("a step of the pathway"),
    "api": _("API"),
}


class AccessEventQuerySet(models.QuerySet):
    def about(self, person_id: int):
        return self.filter(person_ids__has_id=person_id)


class AccessEvent(models.Model):
    """What one request of one user read in one structure: never edited.

    `person_ids` is a JSON list (portable to SQLite and PostgreSQL) of the people whose rows
    the request was given — the page's rows for a paginated list, not the whole list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("structure"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    route = models.CharField(_("page"), max_length=80)
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices)
    context = models.CharField(_("context"), max_length=40, blank=True)
    people = models.PositiveIntegerField(_("people read"), default=0)
    person_ids = models.JSONField(default=list)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["structure", "-at"], name="access_structure_at")]

    def __str__(self):
        return f"{self.user_id} {self.route} ({self.at:%Y-%m-%d %H:%M})"

    @property
    def context_label(self) -> str:
        return str(CONTEXT_LABELS.get(self.context, self.context))


@models.JSONField.register_lookup
class HasId(Lookup):
    """`person_ids__has_id=42`: the JSON list holds 42 (exactly, not "142")."""

    lookup_name = "has_id"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return (
            f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)",
            [*lhs_params, int(self.rhs)],
        )

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", [*lhs_params, f"[{int(self.rhs)}]"]


class RetentionNotice(models.Model):
    """A person's file whose retention period is ending: the structure was told on
    `notified_on`; the file is anonymised on `anonymised_on` (retention.py)."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="retention_notice"
    )
    due_on = models.DateField(_("anonymised from"))
    notified_on = models.DateField(_("structure told on"))
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("retention notice")
        verbose_name_plural = _("retention notices")

    def __str__(self):
        return f"{self.person_id} → {self.due_on}"
