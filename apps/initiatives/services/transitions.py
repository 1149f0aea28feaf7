"""The status machine of an initiative: ``Initiative.TRANSITIONS`` enforced by one service.

``initiative_transition`` is the only way a status changes: it locks the row,
looks the step up in the table, asks the step's permission of the actor,
runs what entering the new status requires (``ON_ENTER``), updates
``WHERE status = <old>`` and writes the ``StatusChange`` row of the public
timeline in the same transaction; the signals go out after the commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.initiatives import signals, validators
from apps.initiatives.models import Initiative, PlanChange, StatusChange
from apps.proposals.validators import clean_reason

Status = Initiative.Status


@dataclass
class Step:
    actor: object
    initiative: Initiative  # locked
    to_status: str
    reason: str
    reason_code: str
    due_date: datetime.date | None
    now: datetime.datetime
    today: datetime.date
    fields: dict = field(default_factory=dict)
    after: list = field(default_factory=list)


def _need_reason(step: Step, message: str) -> None:
    if not step.reason:
        raise ValidationError(message, code="reason")


def _move_due_date(step: Step) -> None:
    """A new due date (resuming or reopening): in the future, and recorded with the reason."""
    validators.check_new_due_date(step.due_date, step.today)
    locked = step.initiative
    if locked.start_date is not None and step.due_date < locked.start_date:
        validators.check_dates(locked.start_date, step.due_date)
    step.fields["due_date"] = step.due_date
    if step.due_date != locked.due_date:
        old, new, actor, reason = locked.due_date, step.due_date, step.actor, step.reason
        step.after.append(
            lambda: PlanChange.objects.create(
                initiative=locked,
                field=PlanChange.Field.DUE_DATE,
                old_date=old,
                new_date=new,
                reason=reason,
                actor=actor,
                created_at=step.now,
            )
        )


def _enter_in_progress(step: Step) -> None:
    locked = step.initiative
    if locked.status == Status.DELAYED:
        _need_reason(step, _("Say why the work is late: residents read it on the timeline."))
        _move_due_date(step)
        late = [item for item in locked.milestones.all() if item.is_late_on(step.today)]
        if late:
            raise ValidationError(
                _("The milestone “%(title)s” was due on %(date)s: mark it done or move its date first.")
                % {"title": late[0].title, "date": date_format(late[0].due_date, "SHORT_DATE_FORMAT")},
                code="milestone",
            )
    elif locked.start_date is None:
        step.fields["start_date"] = min(step.today, locked.due_date)


def _enter_completed(step: Step) -> None:
    locked = step.initiative
    if locked.status == Status.DISPUTED:
        _need_reason(step, _("Explain publicly why the work is complete: the residents who disputed it read it."))
        step.fields["disputes_answered_at"] = step.now
        return
    step.fields["percent"] = 100
    step.fields["completed_at"] = step.now
    if locked.completed_at is not None:
        # Completed again after a reopening: residents check the new work, earlier disputes are answered.
        step.fields["disputes_answered_at"] = step.now


def _enter_reopened(step: Step) -> None:
    _need_reason(step, _("Say what will be redone: residents read it on the timeline."))
    _move_due_date(step)
    step.fields["disputes_answered_at"] = step.now
    step.fields["completed_at"] = None


def _enter_cancelled(step: Step) -> None:
    _need_reason(step, _("Say publicly why the initiative is cancelled."))


ON_ENTER = {
    Status.IN_PROGRESS: _enter_in_progress,
    Status.COMPLETED: _enter_completed,
    Status.REOPENED: _enter_reopened,
    Status.CANCELLED: _enter_cancelled,
}
CHANGED_FIELDS = (
    "status",
    "due_date",
    "start_date",
    "percent",
    "completed_at",
    "disputes_answered_at",
    "updated_at",
)


def lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update(of=("self",)).select_related("territory").get(pk=initiative.pk)


def initiative_transition(
    *,
    actor,
    initiative: Initiative,
    to_status: str,
    reason: str = "",
    reason_code: str = "",
    due_date: datetime.date | None = None,
) -> Initiative:
    """Move an initiative one step along ``Initiative.TRANSITIONS``; the only way its status changes.

    ``reason`` is public (the timeline): required to resume (with ``due_date``,
    the new one), cancel, reopen (with ``due_date``) and uphold a disputed
    completion. ``actor`` is None only for the site's own steps (delayed,
    disputed), which give a ``reason_code`` instead.
    """
    reason = clean_reason(reason)
    with transaction.atomic():
        locked = lock(initiative)
        step_rule = Initiative.TRANSITIONS.get(locked.status, to_status)
        if step_rule is None:
            raise ValidationError(
                _("An initiative that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Status(to_status).label},
                code="transition",
            )
        if step_rule.system:
            if actor is not None:
                raise PermissionDenied(_("This step is taken by the site itself."))
        else:
            permissions.require(actor, step_rule.permission, locked)
        now = timezone.now()
        step = Step(
            actor=actor,
            initiative=locked,
            to_status=to_status,
            reason=reason,
            reason_code=reason_code if step_rule.system else "",
            due_date=due_date,
            now=now,
            today=timezone.localdate(now),
        )
        enter = ON_ENTER.get(to_status)
        if enter is not None:
            enter(step)
        updated = Initiative.objects.filter(pk=locked.pk, status=locked.status).update(
            status=to_status, updated_at=now, **step.fields
        )
        if not updated:
            raise ValidationError(
                _("Someone else changed this initiative a moment ago; reload the page."), code="stale"
            )
        change = StatusChange.objects.create(
            initiative=locked,
            actor=actor,
            from_status=locked.status,
            to_status=to_status,
            reason_code=step.reason_code,
            reason=reason,
            created_at=now,
        )
        for effect in step.after:
            effect()
        locked.refresh_from_db()
        transaction.on_commit(lambda: signals.status_changed.send(sender=Initiative, initiative=locked, change=change))
        if to_status == Status.DELAYED:
            transaction.on_commit(
                lambda: signals.initiative_delayed.send(sender=Initiative, initiative=locked, change=change)
            )
    for name in CHANGED_FIELDS:
        setattr(initiative, name, getattr(locked, name))
    return initiative


def initiative_start(*, actor, initiative: Initiative) -> Initiative:
    return initiative_transition(actor=actor, initiative=initiative, to_status=Status.IN_PROGRESS)


def initiative_complete(*, actor, initiative: Initiative, reason: str = "") -> Initiative:
    return initiative_transition(actor=actor, initiative=initiative, to_status=Status.COMPLETED, reason=reason)


def initiative_resume(*, actor, initiative: Initiative, due_date: datetime.date | None, reason: str) -> Initiative:
    return initiative_transition(
        actor=actor, initiative=initiative, to_status=Status.IN_PROGRESS, due_date=due_date, reason=reason
    )


def initiative_cancel(*, actor, initiative: Initiative, reason: str) -> Initiative:
    return initiative_transition(actor=actor, initiative=initiative, to_status=Status.CANCELLED, reason=reason)


def initiative_reopen(*, actor, initiative: Initiative, due_date: datetime.date | None, reason: str) -> Initiative:
    return initiative_transition(
        actor=actor, initiative=initiative, to_status=Status.REOPENED, due_date=due_date, reason=reason
    )


def initiative_uphold(*, actor, initiative: Initiative, reason: str) -> Initiative:
    return initiative_transition(actor=actor, initiative=initiative, to_status=Status.COMPLETED, reason=reason)
