"""The status machine of a proposal: ``Proposal.TRANSITIONS`` enforced by one service.

``proposal_transition`` is the only way a status changes: it locks the row,
looks the step up in the table, asks the step's permission of the actor
(``apps.proposals.rules``), runs what entering the new status requires
(``ON_ENTER``), updates ``WHERE status = <old>`` and writes the
``StatusChange`` row of the public timeline, all in one transaction; the
signals go out after the commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.text import render_markdown
from apps.discussions.models import Subscription, Thread
from apps.proposals import signals
from apps.proposals.models import OfficialResponse, Proposal, StatusChange
from apps.proposals.selectors import voting_policy_for
from apps.proposals.thresholds import vote_threshold
from apps.proposals.validators import clean_reason

Status = Proposal.Status


@dataclass
class Step:
    """One transition being taken: what ``ON_ENTER`` functions read and add to."""

    actor: object
    proposal: Proposal  # locked
    to_status: str
    reason: str
    reason_code: str
    original: Proposal | None
    now: datetime.datetime
    fields: dict = field(default_factory=dict)
    #: Run after the update, inside the transaction.
    after: list = field(default_factory=list)


def _enter_submitted(step: Step) -> None:
    step.fields["submitted_at"] = step.now


def _enter_rejected(step: Step) -> None:
    if step.reason_code not in Proposal.RejectReason.values:
        raise ValidationError(_("Choose the reason for rejecting from the list."), code="reason_code")
    if not step.reason:
        raise ValidationError(
            _("Explain what the author should change: they will read it with the decision."), code="reason"
        )


def _enter_published(step: Step) -> None:
    locked = step.proposal
    if locked.status != Status.SUBMITTED:
        return  # back from "threshold reached": the window and the goal stay as they were
    policy = voting_policy_for(locked.territory)
    step.fields["published_at"] = step.now
    step.fields["voting_until"] = step.now + datetime.timedelta(days=policy.voting_days)
    step.fields["vote_threshold"] = vote_threshold(population=locked.territory.population, policy=policy)
    if locked.thread_id is None:
        thread = Thread.objects.create()
        step.fields["thread"] = thread
        step.after.append(lambda: Subscription.objects.get_or_create(thread=thread, user=locked.author))


def _enter_duplicate(step: Step) -> None:
    locked, original = step.proposal, step.original
    if original is not None and original.pk == locked.pk:
        raise ValidationError(_("A proposal cannot be a duplicate of itself."), code="duplicate_of")
    if original is None:
        raise ValidationError(_("Give the number of the proposal this one repeats."), code="duplicate_of")
    # Read under the lock: the original may have just been merged or withdrawn itself.
    if original.status not in Proposal.PUBLIC or not locked.territory.is_within(original.territory):
        raise ValidationError(
            _("The original must be a published proposal of the same territory or of a unit above it."),
            code="duplicate_of",
        )
    step.fields["duplicate_of"] = original
    # Proposals merged into this one follow it to the original: no chains of duplicates.
    step.after.append(lambda: Proposal.objects.filter(duplicate_of=locked).update(duplicate_of=original))


def _enter_threshold_reached(step: Step) -> None:
    if step.proposal.threshold_reached_at is None:
        step.fields["threshold_reached_at"] = step.now  # kept if support dips and returns: the queue's order
        proposal = step.proposal
        step.after.append(
            lambda: transaction.on_commit(lambda: signals.threshold_reached.send(sender=Proposal, proposal=proposal))
        )


def _enter_decided(step: Step) -> None:
    if not step.reason:
        raise ValidationError(
            _("Write the akimat's public response: residents will read it on the proposal."), code="response"
        )
    locked, actor, body = step.proposal, step.actor, step.reason
    step.after.append(
        lambda: OfficialResponse.objects.update_or_create(
            proposal=locked, defaults={"author": actor, "body": body, "body_html": render_markdown(body)}
        )
    )


#: What entering a status requires and does, besides the status itself and the timeline row.
ON_ENTER = {
    Status.SUBMITTED: _enter_submitted,
    Status.REJECTED: _enter_rejected,
    Status.PUBLISHED: _enter_published,
    Status.DUPLICATE: _enter_duplicate,
    Status.THRESHOLD_REACHED: _enter_threshold_reached,
    Status.ACCEPTED: _enter_decided,
    Status.DECLINED: _enter_decided,
}
#: Fields a transition may change, copied back onto the caller's object.
CHANGED_FIELDS = (
    "status",
    "submitted_at",
    "published_at",
    "voting_until",
    "vote_threshold",
    "thread_id",
    "threshold_reached_at",
    "duplicate_of_id",
    "updated_at",
)


def _lock(proposal: Proposal, duplicate_of: Proposal | None) -> tuple[Proposal, Proposal | None]:
    rows = Proposal.objects.select_for_update(of=("self",)).select_related("territory")
    if duplicate_of is not None and duplicate_of.pk != proposal.pk:
        # Both rows, in one order for everyone: two moderators merging A into B and B into A
        # at the same moment cannot deadlock, and the second finds the first one's result.
        locked = {row.pk: row for row in rows.filter(pk__in=[proposal.pk, duplicate_of.pk]).order_by("pk")}
        return locked[proposal.pk], locked.get(duplicate_of.pk)
    locked = rows.get(pk=proposal.pk)
    return locked, (locked if duplicate_of is not None else None)


def proposal_transition(
    *,
    actor,
    proposal: Proposal,
    to_status: str,
    reason: str = "",
    reason_code: str = "",
    duplicate_of: Proposal | None = None,
) -> Proposal:
    """Move a proposal one step along ``Proposal.TRANSITIONS``; the only way its status changes.

    ``reason`` is the explanation shown on the timeline: required when
    rejecting (with ``reason_code``), and the official's public response when
    accepting or declining. ``actor`` is None only for the site's own steps
    (threshold reached, support fell below it).
    """
    reason = clean_reason(reason)
    with transaction.atomic():
        locked, original = _lock(proposal, duplicate_of)
        transition = Proposal.TRANSITIONS.get(locked.status, to_status)
        if transition is None:
            raise ValidationError(
                _("A proposal that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Status(to_status).label},
                code="transition",
            )
        if transition.system:
            if actor is not None:
                raise PermissionDenied(_("This step is taken by the site itself when the threshold is reached."))
        else:
            permissions.require(actor, transition.permission, locked)
        step = Step(
            actor=actor,
            proposal=locked,
            to_status=to_status,
            reason=reason,
            reason_code=reason_code if to_status == Status.REJECTED else "",
            original=original,
            now=timezone.now(),
        )
        enter = ON_ENTER.get(to_status)
        if enter is not None:
            enter(step)
        updated = Proposal.objects.filter(pk=locked.pk, status=locked.status).update(
            status=to_status, updated_at=step.now, **step.fields
        )
        if not updated:  # only without row locks (never on PostgreSQL): someone else moved it first
            raise ValidationError(_("Someone else changed this proposal a moment ago; reload the page."), code="stale")
        change = StatusChange.objects.create(
            proposal=locked,
            actor=actor,
            from_status=locked.status,
            to_status=to_status,
            reason_code=step.reason_code,
            reason=reason,
            created_at=step.now,
        )
        for effect in step.after:
            effect()
        locked.refresh_from_db()
        transaction.on_commit(lambda: signals.status_changed.send(sender=Proposal, proposal=locked, change=change))
        if transition.name == "fall_below_threshold":
            transaction.on_commit(lambda: signals.threshold_lost.send(sender=Proposal, proposal=locked))
    for name in CHANGED_FIELDS:
        setattr(proposal, name, getattr(locked, name))
    return proposal


def proposal_submit(*, actor, proposal: Proposal) -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.SUBMITTED)


def proposal_publish(*, actor, proposal: Proposal) -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.PUBLISHED)


def proposal_reject(*, actor, proposal: Proposal, reason_code: str, reason: str) -> Proposal:
    return proposal_transition(
        actor=actor, proposal=proposal, to_status=Status.REJECTED, reason_code=reason_code, reason=reason
    )


def proposal_mark_duplicate(*, actor, proposal: Proposal, original: Proposal | None, reason: str = "") -> Proposal:
    return proposal_transition(
        actor=actor, proposal=proposal, to_status=Status.DUPLICATE, duplicate_of=original, reason=reason
    )


def proposal_consider(*, actor, proposal: Proposal, reason: str = "") -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.UNDER_CONSIDERATION, reason=reason)


def proposal_accept(*, actor, proposal: Proposal, response: str) -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.ACCEPTED, reason=response)


def proposal_decline(*, actor, proposal: Proposal, response: str) -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.DECLINED, reason=response)


def proposal_withdraw(*, actor, proposal: Proposal, reason: str = "") -> Proposal:
    return proposal_transition(actor=actor, proposal=proposal, to_status=Status.WITHDRAWN, reason=reason)
