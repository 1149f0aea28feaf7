"""Residents check completed work: "done as promised", or disputed ("not done", "done badly").

One word per person (the IIN fingerprint of their residency, as for votes),
changeable. The initiative's counters move with ``F()`` under its row lock.
When the disputes counted since the officials' last answer reach the
territory's threshold (``check_policy_for``) and outnumber the confirmations,
the site marks the completion disputed: it goes back to the officials' queue.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.ratelimit import allow
from apps.initiatives import validators
from apps.initiatives.models import CheckPolicy, CompletionCheck, Initiative, StatusChange
from apps.initiatives.services.transitions import initiative_transition, lock
from apps.proposals.images import clean_image
from apps.territories.selectors import membership_of

CHANGE_LIMIT, CHANGE_PERIOD = 10, 60 * 60
COUNTERS = {True: "disputes", False: "confirmations"}


def check_policy_for(territory) -> int:
    """The number of disputes that sends a completion back: the nearest policy up the tree, else the setting."""
    codes = [*territory.ancestor_codes(), territory.kato_code]
    policy = CheckPolicy.objects.filter(territory__kato_code__in=codes).order_by("-territory__depth").first()
    return policy.disputes_minimum if policy is not None else settings.CIVIC_INITIATIVE_DISPUTES_MINIMUM


def _tally_since(initiative: Initiative) -> tuple[int, int]:
    """(disputes, confirmations) given or changed since the officials last answered."""
    rows = CompletionCheck.objects.filter(initiative=initiative)
    if initiative.disputes_answered_at is not None:
        rows = rows.filter(updated_at__gt=initiative.disputes_answered_at)
    totals = rows.aggregate(
        disputes=Count("pk", filter=Q(verdict__in=CompletionCheck.DISPUTING)),
        confirmations=Count("pk", filter=Q(verdict=CompletionCheck.Verdict.CONFIRMED)),
    )
    return totals["disputes"], totals["confirmations"]


def completion_check(*, actor, initiative: Initiative, verdict: str, comment: str = "", photo=None) -> CompletionCheck:
    """Confirm or dispute completed work (a changed mind replaces the earlier word)."""
    if verdict not in CompletionCheck.Verdict.values:
        raise ValidationError(_("Say whether the work was done as promised."), code="verdict")
    permissions.require(actor, "initiatives.check", initiative)
    disputing = verdict in CompletionCheck.DISPUTING
    comment = validators.clean_text(
        comment, label=_("Your comment"), minimum=10 if disputing else 0, maximum=validators.COMMENT_MAX
    )
    if not allow(f"initiative-check:{initiative.pk}:{actor.pk}", limit=CHANGE_LIMIT, period=CHANGE_PERIOD):
        raise ValidationError(
            _("You have changed your word on this work many times in the last hour. Please try again later."),
            code="rate_limit",
        )
    cleaned = clean_image(photo) if photo else None
    with transaction.atomic():
        locked = lock(initiative)
        permissions.require(actor, "initiatives.check", locked)
        membership = membership_of(user=actor, territory=locked.territory)
        if membership is None:
            raise ValidationError(_("Your residency changed a moment ago; reload the page."), code="stale")
        key = membership.iin_hash
        rows = list(CompletionCheck.objects.filter(Q(user=actor) | Q(person_key=key), initiative=locked))
        mine = next((row for row in rows if row.person_key == key), None) or next(iter(rows), None)
        counters: dict[str, int] = {}
        for stale in (row for row in rows if row is not mine):
            counters[COUNTERS[stale.is_dispute]] = counters.get(COUNTERS[stale.is_dispute], 0) - 1
            stale.delete()
        if mine is not None:
            counters[COUNTERS[mine.is_dispute]] = counters.get(COUNTERS[mine.is_dispute], 0) - 1
        else:
            mine = CompletionCheck(initiative=locked)
        changed_side = mine.pk is not None and mine.is_dispute != disputing
        mine.user, mine.person_key, mine.verdict, mine.comment = actor, key, verdict, comment
        if cleaned is not None:
            mine.image, mine.thumbnail = cleaned.image, cleaned.thumbnail
        elif changed_side:
            # A photo of what was wrong does not stay under a confirmation (nor the reverse).
            mine.image, mine.thumbnail = None, None
            mine.width = mine.height = 0
        mine.save()
        counters[COUNTERS[disputing]] = counters.get(COUNTERS[disputing], 0) + 1
        updates = {name: F(name) + step for name, step in counters.items() if step}
        if updates:
            Initiative.objects.filter(pk=locked.pk).update(**updates)
        locked.refresh_from_db()
        if locked.status == Initiative.Status.COMPLETED and disputing:
            disputes, confirmations = _tally_since(locked)
            if disputes >= check_policy_for(locked.territory) and disputes > confirmations:
                initiative_transition(
                    actor=None,
                    initiative=locked,
                    to_status=Initiative.Status.DISPUTED,
                    reason_code=StatusChange.Reason.DISPUTES,
                )
    for name in ("confirmations", "disputes", "status"):
        setattr(initiative, name, getattr(locked, name))
    return mine


@transaction.atomic
def initiative_recount_checks(*, initiative: Initiative) -> Initiative:
    """Recompute the confirmations and disputes from the rows (reconciliation and tests)."""
    locked = lock(initiative)
    totals = CompletionCheck.objects.filter(initiative=locked).aggregate(
        disputes=Count("pk", filter=Q(verdict__in=CompletionCheck.DISPUTING)),
        confirmations=Count("pk", filter=Q(verdict=CompletionCheck.Verdict.CONFIRMED)),
    )
    Initiative.objects.filter(pk=locked.pk).update(updated_at=timezone.now(), **totals)
    initiative.refresh_from_db()
    return initiative
