"""Marking late work delayed: the daily task (``tasks.initiatives_mark_delayed``) and its command.

Safe to run any number of times a day: an initiative already delayed is not
touched again, and each one is locked and looked at afresh before it moves
(an official may have just resumed it). Pages do not wait for this: they
derive lateness from the dates (``Initiative.late_on``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.initiatives.models import Initiative, Milestone, StatusChange
from apps.initiatives.services.transitions import initiative_transition, lock


def late_filter(today: datetime.date) -> Q:
    """Initiatives on schedule by their status whose due date or an unfinished milestone's date has passed."""
    late_milestone = Milestone.objects.filter(initiative=OuterRef("pk"), done_on__isnull=True, due_date__lt=today)
    return Q(status__in=Initiative.SCHEDULED) & (Q(due_date__lt=today) | Exists(late_milestone))


def initiatives_mark_delayed(*, today: datetime.date | None = None) -> list[int]:
    """Mark every late initiative delayed (one transaction each); the ids of those marked."""
    today = today or timezone.localdate()
    marked = []
    for pk in Initiative.objects.filter(late_filter(today)).order_by("pk").values_list("pk", flat=True).iterator():
        with transaction.atomic():
            locked = lock(Initiative(pk=pk))
            if locked.status not in Initiative.SCHEDULED or not locked.late_on(today):
                continue  # resumed, completed or rescheduled since the list was read
            if locked.due_date < today:
                code, reason = StatusChange.Reason.DUE_DATE_PASSED, ""
            else:
                late = next(item for item in locked.milestones.all() if item.is_late_on(today))
                code, reason = StatusChange.Reason.MILESTONE_PASSED, late.title
            initiative_transition(
                actor=None, initiative=locked, to_status=Initiative.Status.DELAYED, reason_code=code, reason=reason
            )
            marked.append(pk)
    return marked
