from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class JobKey(models.Model):
    """A key claimed once: a job that must do its work once (a daily run, an e-mail) claims
    it in the same transaction as the work, so a second run of the same job — a retry, a
    second scheduler — finds it taken and does nothing."""

    key = models.CharField(max_length=200, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class IdempotencyKey(models.Model):
    """The first answer to an API write sent with an `Idempotency-Key` header, replayed to
    the same user's retries until it expires (tremplin.common.idempotency)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # What was asked (method, path, body): the same key with another request is refused.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                name="idempotency_key_unique",
                violation_error_message=_("This Idempotency-Key was already used for a request."),
            )
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"


def field_values(instance: models.Model) -> dict:
    """The stored values of a row's own fields: an update compares them before and after
    to save nothing (no new history entry, no new `updated_at`) when nothing changed."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not getattr(field, "auto_now", False)
    }
