"""Writes on proposals: drafting, the status machine, votes — each in one transaction.

The status machine is ``Proposal.TRANSITIONS``; ``proposal_transition`` is the
only way a status changes: it locks the row, checks who may make the step,
updates ``WHERE status = <old>`` and writes the ``StatusChange`` row of the
public timeline in the same transaction. Votes lock the proposal row and move
the counters with ``F()`` so concurrent voters can neither lose nor double a
vote; the unique constraints on (proposal, account) and (proposal, person's
IIN fingerprint) are the last guard.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.ratelimit import allow
from apps.core.text import render_markdown
from apps.discussions.models import Subscription, Thread
from apps.proposals import signals
from apps.proposals.images import CleanImage, clean_image
from apps.proposals.models import (
    MAX_IMAGES,
    Category,
    OfficialResponse,
    Proposal,
    ProposalImage,
    StatusChange,
    Vote,
    VotingPolicy,
)
from apps.territories.models import ROOT_CODE, Territory
from apps.territories.selectors import membership_of

TITLE_MIN, TITLE_MAX = 10, 150
BODY_MIN, BODY_MAX = 30, 10_000
REASON_MAX = 5_000
COST_MAX = Decimal("1000000000000")  # a trillion tenge: more is a typing error
#: Kazakhstan with a margin: a point outside is a mistake (often latitude and longitude swapped).
LATITUDE_RANGE = (Decimal("40.0"), Decimal("56.0"))
LONGITUDE_RANGE = (Decimal("46.0"), Decimal("88.0"))
CREATE_LIMIT, CREATE_PERIOD = 10, 24 * 60 * 60  # new proposals per person and day
VOTE_CHANGE_LIMIT, VOTE_CHANGE_PERIOD = 10, 60 * 60  # votes, changes and withdrawals per proposal and hour
VOTE_COUNTERS = {Vote.Choice.FOR: "votes_for", Vote.Choice.AGAINST: "votes_against"}

Status = Proposal.Status


# ---------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    percent: Decimal
    minimum: int
    voting_days: int
    territory: Territory | None = None  # where it was set; None: the site's defaults


def voting_policy_for(territory: Territory) -> Policy:
    """The nearest ``VotingPolicy`` on the territory or above it, else the site's defaults (one query)."""
    codes = [*territory.ancestor_codes(), territory.kato_code]
    policy = (
        VotingPolicy.objects.filter(territory__kato_code__in=codes)
        .select_related("territory")
        .order_by("-territory__depth")
        .first()
    )
    if policy is not None:
        return Policy(policy.threshold_percent, policy.threshold_minimum, policy.voting_days, policy.territory)
    return Policy(
        Decimal(str(settings.CIVIC_PROPOSAL_THRESHOLD_PERCENT)),
        settings.CIVIC_PROPOSAL_THRESHOLD_MINIMUM,
        settings.CIVIC_PROPOSAL_VOTING_DAYS,
    )


def vote_threshold(*, population: int | None, policy: Policy) -> int:
    """Votes for a proposal needs: the policy's share of the population, at least its minimum.

    Where the population is not known, the minimum applies. The threshold never
    exceeds the population itself (a hamlet of 6 people with a minimum of 10).
    """
    minimum = max(1, policy.minimum)
    if not population:
        return minimum
    share = math.ceil(Decimal(population) * policy.percent / 100)
    return max(1, min(max(share, minimum), population))


# ---------------------------------------------------------------------------
# Drafting
# ---------------------------------------------------------------------------


def proposal_territory_choices(*, user) -> list[Territory]:
    """Where a person may propose: their verified residence and the units above it (not the Republic)."""
    from apps.territories.models import Residency

    residency = (
        Residency.objects.filter(user=user, status=Residency.Status.VERIFIED).select_related("territory").first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if residency is None:
        return []
    home = residency.territory
    codes = [code for code in home.ancestor_codes() if code != ROOT_CODE]
    above = {t.kato_code: t for t in Territory.objects.filter(kato_code__in=codes)}
    return [home, *[above[code] for code in reversed(codes) if code in above]]


def location_errors(latitude: Decimal | None, longitude: Decimal | None) -> list[str]:
    """What is wrong with a point (both or neither; inside Kazakhstan), as messages; [] when fine.

    The form asks it too, so a person sees a swapped point together with the form's own errors.
    """
    if (latitude is None) != (longitude is None):
        return [_("Give both latitude and longitude, or neither.")]
    if latitude is not None and not (
        LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1] and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    ):
        return [
            _(
                "This point is outside Kazakhstan. "
                "Check that latitude (about 40–56) and longitude (about 46–88) are not swapped."
            )
        ]
    return []


def _clean_fields(*, title, body, category, estimated_cost, latitude, longitude) -> dict:
    errors: dict[str, list] = {}
    title = " ".join((title or "").split())
    body = (body or "").strip()
    if len(title) < TITLE_MIN or len(title) > TITLE_MAX:
        errors.setdefault("title", []).append(
            _("The title needs %(min)d to %(max)d characters; it has %(length)d.")
            % {"min": TITLE_MIN, "max": TITLE_MAX, "length": len(title)}
        )
    if len(body) < BODY_MIN or len(body) > BODY_MAX:
        errors.setdefault("body", []).append(
            _("The description needs %(min)d to %(max)d characters; it has %(length)d.")
            % {"min": BODY_MIN, "max": BODY_MAX, "length": len(body)}
        )
    if category not in Category.values:
        errors.setdefault("category", []).append(_("Choose a category from the list."))
    if estimated_cost is not None and not (0 <= estimated_cost <= COST_MAX):
        errors.setdefault("estimated_cost", []).append(
            _("The estimated cost is a number of tenge between 0 and 1,000,000,000,000.")
        )
    errors.setdefault("latitude", []).extend(location_errors(latitude, longitude))
    errors = {name: messages for name, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "body": body,
        "body_html": render_markdown(body),
        "category": category,
        "estimated_cost": estimated_cost,
        "latitude": latitude,
        "longitude": longitude,
        "search_text": f"{title}\n{body}".casefold(),
    }


def _all_checked(*checks):
    """Run every check and raise one ValidationError with all their messages.

    A form then shows every problem at once (a point outside Kazakhstan *and* a
    photo that is not a photo), instead of one per submission.
    """
    results, errors = [], {}
    for check in checks:
        try:
            results.append(check())
        except ValidationError as error:
            for name, messages in error.update_error_dict({}).items():
                errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    return results


def _clean_images(uploads, *, room: int) -> list[CleanImage]:
    uploads = [upload for upload in (uploads or []) if upload]
    if len(uploads) > room:
        raise ValidationError(
            {
                "images": _("A proposal may have at most %(max)d photos; you can add %(room)d more.")
                % {"max": MAX_IMAGES, "room": room}
            }
        )
    cleaned, errors = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_image(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"images": errors})
    return cleaned


def image_errors(uploads) -> list[str]:
    """What is wrong with uploaded photos (type, size, number), as messages; [] when all are fine."""
    try:
        _clean_images(uploads, room=MAX_IMAGES)
    except ValidationError as error:
        return error.message_dict.get("images", error.messages)
    return []


def _store_images(proposal: Proposal, images: list[CleanImage], start: int, stored: list[ProposalImage]) -> None:
    """Save the files through the storage API; ``stored`` collects them for clean-up if the transaction fails."""
    for offset, clean in enumerate(images):
        item = ProposalImage(proposal=proposal, order=start + offset)
        item.image.save(clean.image.name, clean.image, save=False)
        stored.append(item)
        item.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        item.save()


def _remove_files(items: list[ProposalImage]) -> None:
    for item in items:
        for field in (item.image, item.thumbnail):
            if field.name:
                field.storage.delete(field.name)


def _delete_image_files_on_commit(items: list[ProposalImage]) -> None:
    transaction.on_commit(lambda: _remove_files(items))


def _update_search_vector(proposal_id: int) -> None:
    """Refresh the full-text vector (PostgreSQL only; SQLite searches ``search_text``)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    # Russian stemming for Russian text; "simple" keeps Kazakh and English words as written.
    vector = (
        SearchVector("title", config="russian", weight="A")
        + SearchVector("body", config="russian", weight="B")
        + SearchVector("title", "body", config="simple", weight="C")
    )
    Proposal.objects.filter(pk=proposal_id).update(search_vector=vector)


def proposal_create(
    *,
    actor,
    territory: Territory,
    title: str,
    body: str,
    category: str,
    estimated_cost: Decimal | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    images=(),
    submit: bool = False,
) -> Proposal:
    """A verified resident drafts a proposal for their territory or a unit above it (and may submit it)."""
    allowed = territory is not None and territory.kato_code != ROOT_CODE
    if not allowed or not rules.has_perm("proposals.add_in", actor, territory):
        raise PermissionDenied(
            _("Only verified residents of %(territory)s may propose there. Declare your residency first.")
            % {"territory": territory.name if territory else "—"}
        )
    fields, cleaned = _all_checked(
        lambda: _clean_fields(
            title=title,
            body=body,
            category=category,
            estimated_cost=estimated_cost,
            latitude=latitude,
            longitude=longitude,
        ),
        lambda: _clean_images(images, room=MAX_IMAGES),
    )
    if not allow(f"proposal-create:{actor.pk}", limit=CREATE_LIMIT, period=CREATE_PERIOD):
        raise ValidationError(
            _("You have started %(limit)d proposals today. Please continue tomorrow.") % {"limit": CREATE_LIMIT},
            code="rate_limit",
        )
    stored: list[ProposalImage] = []
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(territory=territory, author=actor, status=Status.DRAFT, **fields)
            _store_images(proposal, cleaned, start=0, stored=stored)
            _update_search_vector(proposal.pk)
            if submit:
                proposal_transition(actor=actor, proposal=proposal, to_status=Status.SUBMITTED)
    except Exception:
        _remove_files(stored)  # nothing half-written: no row, no file
        raise
    return proposal


def proposal_edit(
    *,
    actor,
    proposal: Proposal,
    territory: Territory | None = None,
    title: str,
    body: str,
    category: str,
    estimated_cost: Decimal | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    images=(),
    remove_images=(),
    submit: bool = False,
) -> Proposal:
    """The author changes a draft or a rejected proposal (and may submit it)."""
    given = {
        "title": title,
        "body": body,
        "category": category,
        "estimated_cost": estimated_cost,
        "latitude": latitude,
        "longitude": longitude,
    }
    stored: list[ProposalImage] = []
    try:
        _proposal_edit(actor, proposal, territory, given, images, remove_images, submit, stored)
    except Exception:
        _remove_files(stored)
        raise
    proposal.refresh_from_db()
    return proposal


@transaction.atomic
def _proposal_edit(actor, proposal, territory, given, images, remove_images, submit, stored) -> None:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not rules.has_perm("proposals.change", actor, locked):
        raise PermissionDenied(_("Only the author may change a proposal, and only while it is a draft or rejected."))
    moves = territory is not None and territory.pk != locked.territory_id
    if moves and (territory.kato_code == ROOT_CODE or not rules.has_perm("proposals.add_in", actor, territory)):
        raise PermissionDenied(
            _("Only verified residents of %(territory)s may propose there.") % {"territory": territory.name}
        )
    existing = list(locked.images.all())
    removed = [item for item in existing if str(item.pk) in {str(pk) for pk in remove_images}]
    kept = len(existing) - len(removed)
    fields, cleaned = _all_checked(
        lambda: _clean_fields(**given), lambda: _clean_images(images, room=MAX_IMAGES - kept)
    )
    if moves:
        fields["territory"] = territory
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.save(update_fields=[*fields.keys(), "updated_at"])
    if removed:
        ProposalImage.objects.filter(pk__in=[item.pk for item in removed]).delete()
        _delete_image_files_on_commit(removed)
    _store_images(locked, cleaned, start=max((item.order for item in existing), default=-1) + 1, stored=stored)
    _update_search_vector(locked.pk)
    if submit:
        proposal_transition(actor=actor, proposal=locked, to_status=Status.SUBMITTED)


@transaction.atomic
def proposal_delete_draft(*, actor, proposal: Proposal) -> None:
    """The author discards a draft that nobody else has seen (no timeline to keep)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.author_id != actor.pk or locked.status != Status.DRAFT or locked.status_changes.exists():
        raise PermissionDenied(
            _("Only drafts that were never submitted can be deleted; withdraw the proposal instead.")
        )
    items = list(locked.images.all())
    _delete_image_files_on_commit(items)
    locked.delete()


# ---------------------------------------------------------------------------
# The status machine
# ---------------------------------------------------------------------------


def _check_actor(actor, proposal: Proposal, who: str, to_status: str) -> None:
    if who == Proposal.SYSTEM:
        if actor is not None:
            raise PermissionDenied(_("This step is taken by the site itself when the threshold is reached."))
        return
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if who == Proposal.AUTHOR:
        if proposal.author_id != actor.pk:
            raise PermissionDenied(_("Only the author of the proposal may do this."))
        if to_status == Status.SUBMITTED and not rules.has_perm("proposals.add_in", actor, proposal.territory):
            raise PermissionDenied(
                _("Only verified residents of %(territory)s may propose there. Declare your residency first.")
                % {"territory": proposal.territory.name}
            )
        return
    if proposal.author_id == actor.pk:
        raise PermissionDenied(_("You cannot decide on your own proposal; another staff member of the territory will."))
    if who == Proposal.MODERATOR and not rules.has_perm("proposals.moderate", actor, proposal):
        raise PermissionDenied(
            _("Only moderators of %(territory)s may publish, reject or merge this proposal.")
            % {"territory": proposal.territory.name}
        )
    if who == Proposal.OFFICIAL and not rules.has_perm("proposals.answer", actor, proposal):
        raise PermissionDenied(
            _("Only officials of %(territory)s may consider and answer this proposal.")
            % {"territory": proposal.territory.name}
        )


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("The text may have at most %(max)d characters; it has %(length)d.")
            % {"max": REASON_MAX, "length": len(reason)},
            code="too_long",
        )
    return reason


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
    reason = _clean_reason(reason)
    with transaction.atomic():
        original = None
        if to_status == Status.DUPLICATE and duplicate_of is not None and duplicate_of.pk != proposal.pk:
            # Both rows, in one order for everyone: two moderators merging A into B and B into A
            # at the same moment cannot deadlock, and the second finds the first one's result.
            pair = Proposal.objects.select_for_update(of=("self",)).select_related("territory")
            rows = {row.pk: row for row in pair.filter(pk__in=[proposal.pk, duplicate_of.pk]).order_by("pk")}
            locked, original = rows[proposal.pk], rows.get(duplicate_of.pk)
        else:
            locked = Proposal.objects.select_for_update(of=("self",)).select_related("territory").get(pk=proposal.pk)
        who = locked.transition_actor(to_status)
        if who is None:
            raise ValidationError(
                _("A proposal that is “%(status)s” cannot become “%(to)s”.")
                % {"status": locked.get_status_display(), "to": Status(to_status).label},
                code="transition",
            )
        _check_actor(actor, locked, who, to_status)
        now = timezone.now()
        fields: dict = {"status": to_status, "updated_at": now}
        if to_status == Status.REJECTED:
            if reason_code not in Proposal.RejectReason.values:
                raise ValidationError(_("Choose the reason for rejecting from the list."), code="reason_code")
            if not reason:
                raise ValidationError(
                    _("Explain what the author should change: they will read it with the decision."), code="reason"
                )
        elif to_status in (Status.ACCEPTED, Status.DECLINED) and not reason:
            raise ValidationError(
                _("Write the akimat's public response: residents will read it on the proposal."), code="response"
            )
        else:
            reason_code = ""
        if to_status == Status.DUPLICATE:
            if duplicate_of is not None and duplicate_of.pk == locked.pk:
                raise ValidationError(_("A proposal cannot be a duplicate of itself."), code="duplicate_of")
            if original is None:
                raise ValidationError(_("Give the number of the proposal this one repeats."), code="duplicate_of")
            # Read under the lock: the original may have just been merged or withdrawn itself.
            if original.status not in Proposal.PUBLIC or not locked.territory.is_within(original.territory):
                raise ValidationError(
                    _("The original must be a published proposal of the same territory or of a unit above it."),
                    code="duplicate_of",
                )
            fields["duplicate_of"] = original
        if to_status == Status.SUBMITTED:
            fields["submitted_at"] = now
        if to_status == Status.PUBLISHED and locked.status == Status.SUBMITTED:
            policy = voting_policy_for(locked.territory)
            fields["published_at"] = now
            fields["voting_until"] = now + datetime.timedelta(days=policy.voting_days)
            fields["vote_threshold"] = vote_threshold(population=locked.territory.population, policy=policy)
            if locked.thread_id is None:
                fields["thread"] = Thread.objects.create()
        first_time_reached = to_status == Status.THRESHOLD_REACHED and locked.threshold_reached_at is None
        if first_time_reached:
            fields["threshold_reached_at"] = now  # kept if support dips and returns: the queue's order
        updated = Proposal.objects.filter(pk=locked.pk, status=locked.status).update(**fields)
        if not updated:  # only without row locks (never on PostgreSQL): someone else moved it first
            raise ValidationError(_("Someone else changed this proposal a moment ago; reload the page."), code="stale")
        if to_status == Status.DUPLICATE:
            # Proposals merged into this one follow it to the original: no chains of duplicates.
            Proposal.objects.filter(duplicate_of=locked).update(duplicate_of=original)
        change = StatusChange.objects.create(
            proposal=locked,
            actor=actor,
            from_status=locked.status,
            to_status=to_status,
            reason_code=reason_code,
            reason=reason,
            created_at=now,
        )
        if to_status in (Status.ACCEPTED, Status.DECLINED):
            OfficialResponse.objects.update_or_create(
                proposal=locked, defaults={"author": actor, "body": reason, "body_html": render_markdown(reason)}
            )
        if "thread" in fields:
            Subscription.objects.get_or_create(thread=fields["thread"], user=locked.author)
        locked.refresh_from_db()
        transaction.on_commit(lambda: signals.status_changed.send(sender=Proposal, proposal=locked, change=change))
        if first_time_reached:
            transaction.on_commit(lambda: signals.threshold_reached.send(sender=Proposal, proposal=locked))
        if locked.status == Status.PUBLISHED and change.from_status == Status.THRESHOLD_REACHED:
            transaction.on_commit(lambda: signals.threshold_lost.send(sender=Proposal, proposal=locked))
    for name in (
        "status",
        "submitted_at",
        "published_at",
        "voting_until",
        "vote_threshold",
        "thread_id",
        "threshold_reached_at",
        "duplicate_of_id",
        "updated_at",
    ):
        setattr(proposal, name, getattr(locked, name))
    return proposal


def _follow_threshold(locked: Proposal) -> None:
    """After a vote: reaching the threshold sends the proposal to the akimat; falling below brings it back."""
    if not locked.vote_threshold:
        return
    if locked.status == Status.PUBLISHED and locked.votes_for >= locked.vote_threshold:
        proposal_transition(actor=None, proposal=locked, to_status=Status.THRESHOLD_REACHED)
    elif locked.status == Status.THRESHOLD_REACHED and locked.votes_for < locked.vote_threshold:
        proposal_transition(actor=None, proposal=locked, to_status=Status.PUBLISHED)


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


# ---------------------------------------------------------------------------
# Votes
# ---------------------------------------------------------------------------


def vote_refusal(actor, proposal: Proposal, *, membership=False) -> Exception | None:
    """Why ``actor`` may not vote on ``proposal`` now (an exception to raise or show), or None.

    ``membership`` may pass the actor's residency when the caller has it (False: look it up).
    """
    if not getattr(actor, "is_authenticated", False):
        return PermissionDenied(_("Sign in to vote."))
    if proposal.status not in Proposal.VOTING:
        return ValidationError(_("Voting on this proposal is closed."), code="closed")
    if not proposal.is_voting_open:
        return ValidationError(
            _("Voting on this proposal ended on %(date)s.")
            % {"date": timezone.localtime(proposal.voting_until).strftime("%d.%m.%Y")},
            code="window",
        )
    if membership is False:
        membership = membership_of(user=actor, territory=proposal.territory)
    if membership is None:
        return PermissionDenied(
            _("Only verified residents of %(territory)s may vote on this proposal.")
            % {"territory": proposal.territory.name}
        )
    return None


def vote_cast(*, actor, proposal: Proposal, choice: str | None) -> Proposal:
    """Vote for or against, change the vote, or (``choice=None``) withdraw it, while voting is open.

    A vote is the *person's*: it is found by their IIN fingerprint, so a person
    who verifies a second account takes over their vote instead of casting
    another. Returns the proposal with fresh counts and status (a vote may make
    it reach its threshold, or fall below it).
    """
    if choice is not None and choice not in Vote.Choice.values:
        raise ValidationError(_("Vote for or against."), code="choice")
    refusal = vote_refusal(actor, proposal)
    if refusal is not None:
        raise refusal
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
        membership = membership_of(user=actor, territory=locked.territory)
        refusal = vote_refusal(actor, locked, membership=membership)
        if refusal is not None:
            raise refusal
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
