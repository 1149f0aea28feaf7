"""Reporting comments and moderating them: every decision is an audit row.

Moderation plugs into discussions: a comment's status changes only through
``apps.discussions.services.comment_transition`` (which keeps the counters
exact and records the change), and who may report or moderate is decided by
the discussions rules. This app adds the reports, the automatic hiding of a
much-reported comment, and the moderators' decision log (``ModerationAction``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.discussions.models import Comment
from apps.discussions.services import comment_transition
from apps.moderation.models import AUTO_HIDE_REPORTS, ModerationAction, Report
from apps.territories.models import Residency, StaffRole


def _resolve_reports(comment: Comment, actor) -> None:
    Report.objects.filter(comment=comment, status=Report.Status.OPEN).update(
        status=Report.Status.RESOLVED, resolved_by=actor, resolved_at=timezone.now()
    )


def trusted_reporters(comment: Comment) -> int:
    """Distinct people with an open report on ``comment`` who are verified residents (of anywhere).

    Only they count towards hiding a comment automatically: three fresh accounts
    with nothing but an e-mail address must not silence anyone.
    """
    verified = Residency.objects.filter(user=OuterRef("reporter"), status=Residency.Status.VERIFIED)
    return (
        Report.objects.filter(comment=comment, status=Report.Status.OPEN)
        .filter(Exists(verified))
        .values("reporter")
        .distinct()
        .count()
    )


def _is_staff_answer(comment: Comment) -> bool:
    """Written by a person holding a staff role: an answer of the akimat is never hidden automatically."""
    return StaffRole.objects.active().filter(user_id=comment.author_id).exists()


@transaction.atomic
def comment_report(*, actor, comment: Comment, reason: str, text: str = "") -> Report:
    """A reader reports a comment; three open reports from verified residents hide it until a moderator decides."""
    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    permissions.require(actor, "discussions.report_comment", locked)
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
    reporters = trusted_reporters(locked)
    if reporters >= AUTO_HIDE_REPORTS and locked.is_visible and not _is_staff_answer(locked):
        hidden = _("Hidden until a moderator decides: %(count)d people reported it.") % {"count": reporters}
        comment_transition(
            actor=None, comment=locked, to_status=Comment.Status.HIDDEN, reason=hidden, step=Comment.AUTO_HIDE
        )
        ModerationAction.objects.create(
            comment=locked, actor=None, action=ModerationAction.Action.AUTO_HIDE, reason=hidden
        )
    return report


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for your decision: the author will see it."), code="reason")
    return reason[:1000]


def _locked_for_decision(actor, comment: Comment) -> Comment:
    locked = Comment.objects.select_for_update().select_related("thread").get(pk=comment.pk)
    permissions.require(actor, "discussions.moderate_comment", locked)
    if locked.is_removed:
        raise ValidationError(_("The author has already removed this comment."), code="removed")
    return locked


@transaction.atomic
def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """A moderator hides a comment (or confirms an automatic hiding); the author sees the reason."""
    reason = _clean_reason(reason)
    locked = _locked_for_decision(actor, comment)
    if locked.is_visible:
        comment_transition(actor=actor, comment=locked, to_status=Comment.Status.HIDDEN, reason=reason)
    _resolve_reports(locked, actor)
    ModerationAction.objects.create(comment=locked, actor=actor, action=ModerationAction.Action.HIDE, reason=reason)
    return locked


@transaction.atomic
def comment_restore(*, actor, comment: Comment, reason: str) -> Comment:
    """A moderator shows a hidden comment again (or dismisses the reports on a visible one)."""
    reason = _clean_reason(reason)
    locked = _locked_for_decision(actor, comment)
    action = ModerationAction.Action.DISMISS
    if locked.is_hidden:
        comment_transition(actor=actor, comment=locked, to_status=Comment.Status.VISIBLE, reason=reason)
        action = ModerationAction.Action.RESTORE
    _resolve_reports(locked, actor)
    ModerationAction.objects.create(comment=locked, actor=actor, action=action, reason=reason)
    return locked
