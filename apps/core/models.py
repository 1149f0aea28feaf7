"""Abstract base models shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds ``created_at`` / ``updated_at``, set by the database layer on save."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OutboxMessage(models.Model):
    """Work to do after a transaction committed, recorded inside it (see ``apps.core.outbox``)."""

    name = models.CharField(_("handler"), max_length=100)
    key = models.CharField(_("key"), max_length=200, unique=True)
    kwargs = models.JSONField(_("arguments"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("handed to the queue"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        indexes = [
            models.Index(
                fields=["created_at"], name="core_outbox_pending_idx", condition=models.Q(completed_at__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.key}"
