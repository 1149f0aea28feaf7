"""The moderation queue and log, filtered to the staff member's territories in one query each."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet

from apps.discussions.models import Comment, discussables
from apps.moderation.models import ModerationAction, Report
from apps.territories.models import ROOT_CODE, StaffRole
from apps.territories.rules import MODERATION_ROLES
from apps.territories.selectors import staff_roles_of, staff_scope


def _scope(user, prefix: str = "", roles: list[StaffRole] | None = None) -> Q | None:
    """Comments this person may moderate, as a filter; None when nothing.

    Each discussable kind says how its territory is reached from a thread
    (``discussions.models.register_discussable``); a national discussion (no
    territory) is moderated by roles on the Republic, which ``staff_scope`` covers.
    """
    territories = [f"{prefix}thread__{item.territory_lookup}" for item in discussables()]
    return staff_scope(user=user, allowed=MODERATION_ROLES, roles=roles, territories=territories)


def moderation_territories(*, user, roles: list[StaffRole] | None = None) -> list | None:
    """The territories whose comments this person moderates; None when that is everywhere.

    The queue's empty state names them, so that a district moderator is not told
    "no reports" as if there were none anywhere (national discussions go to roles
    on the Republic).
    """
    from apps.accounts.rules import is_superuser

    if is_superuser(user):
        return None
    territories = [
        role.territory
        for role in (roles if roles is not None else staff_roles_of(user=user))
        if role.role in MODERATION_ROLES
    ]
    if any(territory.kato_code == ROOT_CODE for territory in territories):
        return None
    return sorted({territory.pk: territory for territory in territories}.values(), key=lambda t: t.path)


def moderation_queue(*, user, roles: list[StaffRole] | None = None) -> QuerySet[Comment]:
    """Comments with open reports (auto-hidden ones included), most reported first."""
    scope = _scope(user, roles=roles)
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
        .select_related("author", *[f"thread__{path}" for item in discussables() for path in item.select_related])
        .prefetch_related("reports")
        .order_by("-open_count", "first_report")
    )


def moderation_log(*, user, limit: int = 50, roles: list[StaffRole] | None = None) -> list[ModerationAction]:
    """Recent decisions in the staff member's territories (who, what, when, why)."""
    scope = _scope(user, prefix="comment__", roles=roles)
    if scope is None:
        return []
    return list(
        ModerationAction.objects.filter(scope)
        .select_related("actor", "comment__author")
        .order_by("-created_at")[:limit]
    )
