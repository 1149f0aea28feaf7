"""Votes: one per person, changeable while voting is open, counted exactly.

Votes lock the proposal row and move the counters with ``F()`` so concurrent
voters can neither lose nor double a vote; the unique constraints on
(proposal, account) and (proposal, person's IIN fingerprint) are the last guard.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.ratelimit import allow
from apps.proposals.models import Proposal, Vote
from apps.proposals.services.transitions import proposal_transition
from apps.territories.selectors import membership_of

VOTE_CHANGE_LIMIT, VOTE_CHANGE_PERIOD = 10, 60 * 60  # votes, changes and withdrawals per proposal and hour
VOTE_COUNTERS = {Vote.Choice.FOR: "votes_for", Vote.Choice.AGAINST: "votes_against"}
Status = Proposal.Status


def _follow_threshold(locked: Proposal) -> None:
    """After a vote: reaching the threshold sends the proposal to the akimat; falling below brings it back."""
    if not locked.vote_threshold:
        return
    if locked.status == Status.PUBLISHED and locked.votes_for >= locked.vote_threshold:
        proposal_transition(actor=None, proposal=locked, to_status=Status.THRESHOLD_REACHED)
    elif locked.status == Status.THRESHOLD_REACHED and locked.votes_for < locked.vote_threshold:
        proposal_transition(actor=None, proposal=locked, to_status=Status.PUBLISHED)


def vote_cast(*, actor, proposal: Proposal, choice: str | None) -> Proposal:
    """Vote for or against, change the vote, or (``choice=None``) withdraw it, while voting is open.

    A vote is the *person's*: it is found by their IIN fingerprint, so a person
    who verifies a second account takes over their vote instead of casting
    another. Returns the proposal with fresh counts and status (a vote may make
    it reach its threshold, or fall below it).
    """
    if choice is not None and choice not in Vote.Choice.values:
        raise ValidationError(_("Vote for or against."), code="choice")
    permissions.require(actor, "proposals.vote", proposal)
    # Each change may move the proposal across its threshold and write its public timeline:
    # clicking back and forth must not flood the timeline (or the followers' notifications).
    if not allow(f"vote:{proposal.pk}:{actor.pk}", limit=VOTE_CHANGE_LIMIT, period=VOTE_CHANGE_PERIOD):
        raise ValidationError(
            _("You have changed your vote on this proposal many times in the last hour. Please try again later."),
            code="rate_limit",
        )
    with transaction.atomic():
        # The row lock serialises the votes of one proposal: the status, the window and the
        # counters are read and written by one voter at a time.
        locked = Proposal.objects.select_for_update(of=("self",)).select_related("territory").get(pk=proposal.pk)
        permissions.require(actor, "proposals.vote", locked)
        membership = membership_of(user=actor, territory=locked.territory)
        if membership is None:  # asked just above, in this transaction: only a concurrent change gets here
            raise ValidationError(_("Your residency changed a moment ago; reload the page."), code="stale")
        key = membership.iin_hash
        rows = list(Vote.objects.filter(Q(user=actor) | Q(person_key=key), proposal=locked))
        mine = next((row for row in rows if row.person_key == key), None) or next(iter(rows), None)
        counters: dict[str, int] = {}

        def count(old: str | None, new: str | None) -> None:
            for name, step in ((old, -1), (new, +1)):
                if name:
                    counters[VOTE_COUNTERS[name]] = counters.get(VOTE_COUNTERS[name], 0) + step

        for stale in (row for row in rows if row is not mine):
            # This account's vote under a fingerprint it no longer holds: the person votes once, here.
            count(stale.choice, None)
            stale.delete()
        old = mine.choice if mine else None
        if mine is not None and choice is None:
            mine.delete()
        elif mine is not None:
            if mine.choice != choice:
                mine.updated_at = timezone.now()
            mine.user, mine.person_key, mine.choice = actor, key, choice
            mine.save(update_fields=["user", "person_key", "choice", "updated_at"])
        elif choice is not None:
            Vote.objects.create(proposal=locked, user=actor, person_key=key, choice=choice)
        count(old, choice)
        updates = {name: F(name) + step for name, step in counters.items() if step}
        if updates:
            Proposal.objects.filter(pk=locked.pk).update(**updates)
            locked.refresh_from_db(fields=["votes_for", "votes_against"])
            _follow_threshold(locked)
    for name in ("votes_for", "votes_against", "status", "threshold_reached_at", "updated_at"):
        setattr(proposal, name, getattr(locked, name))
    return proposal


@transaction.atomic
def proposal_recount(*, proposal: Proposal) -> Proposal:
    """Recompute the vote counters from the ``Vote`` rows (reconciliation and tests)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    totals = Vote.objects.filter(proposal=locked).aggregate(
        votes_for=Count("pk", filter=Q(choice=Vote.Choice.FOR)),
        votes_against=Count("pk", filter=Q(choice=Vote.Choice.AGAINST)),
    )
    Proposal.objects.filter(pk=locked.pk).update(**totals)
    proposal.refresh_from_db()
    return proposal
