"""The moderation queue and log, filtered to the staff member's territories in one query each."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet

from apps.discussions.models import Comment
from apps.moderation.models import ModerationAction, Report
from apps.territories.models import ROOT_CODE
from apps.territories.rules import MODERATION_ROLES
from apps.territories.selectors import staff_roles_of

#: Where the territory of a comment's discussion is found: a document's, or a proposal's.
TERRITORIES = ("thread__provision__document__territory", "thread__proposal__territory")


def _scope(user, prefix: str = "") -> Q | None:
    """Comments this person may moderate, as a filter; None when nothing."""
    if getattr(user, "is_superuser", False):
        return Q()
    condition = None
    for role in staff_roles_of(user=user):
        if role.role not in MODERATION_ROLES:
            continue
        if role.territory.kato_code == ROOT_CODE:
            return Q()  # national moderators see everything
        for territory in TERRITORIES:
            clause = Q(**{f"{prefix}{territory}__path__startswith": role.territory.path})
            condition = clause if condition is None else condition | clause
    return condition


def moderation_queue(*, user) -> QuerySet[Comment]:
    """Comments with open reports (auto-hidden ones included), most reported first."""
    scope = _scope(user)
    if scope is None:
        return Comment.objects.none()
    open_reports = Q(reports__status=Report.Status.OPEN)
    return (
        Comment.objects.filter(scope)
        .filter(open_reports)
        .exclude(status=Comment.Status.REMOVED)
        .annotate(
            open_count=Count("reports", filter=open_reports),
            first_report=Min("reports__created_at", filter=open_reports),
        )
        .select_related("author", "thread__provision__document", "thread__proposal")
        .prefetch_related("reports")
        .order_by("-open_count", "first_report")
    )


def moderation_log(*, user, limit: int = 50) -> list[ModerationAction]:
    """Recent decisions in the staff member's territories (who, what, when, why)."""
    scope = _scope(user, prefix="comment__")
    if scope is None:
        return []
    return list(
        ModerationAction.objects.filter(scope)
        .select_related("actor", "comment__author")
        .order_by("-created_at")[:limit]
    )


def hidden_reason(*, comment: Comment) -> str:
    """Why a comment is hidden, for its author."""
    action = (
        ModerationAction.objects.filter(
            comment=comment, action__in=[ModerationAction.Action.HIDE, ModerationAction.Action.AUTO_HIDE]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return action.reason if action else ""
