"""Reporting comments and moderating them: every decision is an audit row.

Hiding and restoring keep the thread's counters exact (a hidden comment is not
counted) through the same counter updates the discussions services use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.discussions.models import Comment, Thread
from apps.discussions.services import thread_counter_updates
from apps.moderation.models import AUTO_HIDE_REPORTS, ModerationAction, Report


def _set_visibility(comment: Comment, status: str) -> None:
    """Move a locked comment between visible and hidden, adjusting the counters."""
    sign = +1 if status == Comment.Status.VISIBLE else -1
    comment.status = status
    comment.save(update_fields=["status", "updated_at"])
    Thread.objects.filter(pk=comment.thread_id).update(**thread_counter_updates(comment, sign))
    if comment.parent_id:
        Comment.objects.filter(pk=comment.parent_id).update(reply_count=F("reply_count") + sign)


def _resolve_reports(comment: Comment, actor) -> None:
    Report.objects.filter(comment=comment, status=Report.Status.OPEN).update(
        status=Report.Status.RESOLVED, resolved_by=actor, resolved_at=timezone.now()
    )


@transaction.atomic
def comment_report(*, actor, comment: Comment, reason: str, text: str = "") -> Report:
    """A reader reports a comment; three open reports from different people hide it."""
    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if not actor.has_perm("moderation.report_comment", locked):
        raise PermissionDenied(_("You cannot report this comment."))
    if reason not in Report.Reason.values:
        raise ValidationError(_("Choose why you report this comment."), code="reason")
    text = " ".join((text or "").split())[:1000]
    if reason == Report.Reason.OTHER and not text:
        raise ValidationError(_("Say in a few words what is wrong with this comment."), code="text")
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=locked, reporter=actor, reason=reason, text=text)
    except IntegrityError:
        raise ValidationError(_("You have already reported this comment."), code="duplicate") from None
    reporters = Report.objects.filter(comment=locked, status=Report.Status.OPEN).values("reporter").distinct().count()
    if reporters >= AUTO_HIDE_REPORTS and locked.is_visible:
        _set_visibility(locked, Comment.Status.HIDDEN)
        ModerationAction.objects.create(
            comment=locked,
            actor=None,
            action=ModerationAction.Action.AUTO_HIDE,
            reason=_("Hidden until a moderator decides: %(count)d people reported it.") % {"count": reporters},
        )
    return report


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for your decision: the author will see it."), code="reason")
    return reason[:1000]


def _decision_checks(actor, comment: Comment, reason: str) -> tuple[Comment, str]:
    """Lock the comment and check what every moderator decision needs: the right, a reason, a comment."""
    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    if not actor.has_perm("moderation.moderate_comment", locked):
        raise PermissionDenied
    reason = _clean_reason(reason)
    if locked.status == Comment.Status.REMOVED:
        raise ValidationError(_("The author has already removed this comment."), code="removed")
    return locked, reason


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """A moderator hides a comment; the author sees the reason."""
    locked, reason = _decision_checks(actor, comment, reason)
    if locked.status == Comment.Status.VISIBLE:
        _set_visibility(locked, Comment.Status.HIDDEN)
    _resolve_reports(locked, actor)
    ModerationAction.objects.create(comment=locked, actor=actor, action=ModerationAction.Action.HIDE, reason=reason)
    return locked


@transaction.atomic
def comment_restore(*, actor, comment: Comment, reason: str) -> Comment:
    """A moderator shows a hidden comment again (or dismisses the reports on a visible one)."""
    locked, reason = _decision_checks(actor, comment, reason)
    action = ModerationAction.Action.DISMISS
    if locked.status == Comment.Status.HIDDEN:
        _set_visibility(locked, Comment.Status.VISIBLE)
        action = ModerationAction.Action.RESTORE
    _resolve_reports(locked, actor)
    ModerationAction.objects.create(comment=locked, actor=actor, action=action, reason=reason)
    return locked
