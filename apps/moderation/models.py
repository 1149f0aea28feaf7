"""Reports by readers and the audit log of moderation decisions.

Decisions are domain rows (who, what, when, why), never only flags: staff see
the whole history of a comment, and the author sees why it was hidden.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

AUTO_HIDE_REPORTS = 3  # open reports from different people hide a comment until a moderator decides


class Report(TimeStampedModel):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insults or abuse")
        OFF_TOPIC = "off_topic", _("Off topic")
        PERSONAL_DATA = "personal_data", _("Personal data (IIN, phone, address)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    comment = models.ForeignKey("discussions.Comment", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    text = models.TextField(_("details"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="moderation_one_report_per_person"),
        ]
        indexes = [models.Index(fields=["status", "comment"], name="moderation_report_open_idx")]

    def __str__(self) -> str:
        return f"{self.reason} report on comment {self.comment_id}"


class ModerationAction(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
        DISMISS = "dismiss", _("Reports dismissed")

    comment = models.ForeignKey("discussions.Comment", on_delete=models.CASCADE, related_name="moderation_actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moderation_actions",
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} comment {self.comment_id}"
