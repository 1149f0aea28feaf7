"""In-app notifications: rows first, deliveries (e-mail, digests) later.

A notification stores what happened (``kind`` + parameters), not a sentence,
so each person reads it in their own language whenever they open the page.
``key`` makes delivery idempotent: a retried task never notifies twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: kind -> message; parameters come from ``Notification.params``.
MESSAGES = {
    "discussion_report": _("The report on the public discussion of “%(title)s” is published."),
}


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("key"), max_length=100)
    params = models.JSONField(_("parameters"), default=dict)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notifications_once_per_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notifications_unread_idx")]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"

    @property
    def message(self) -> str:
        template = MESSAGES.get(self.kind)
        return str(template) % self.params if template else self.kind
