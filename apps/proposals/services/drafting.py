"""A resident drafts, changes, submits or deletes their proposal (with its photos).

Cheap checks come first — the permission, the daily limit, the text fields —
and photos are decoded last, so that nobody can make the server decode
photos for a request that would be refused anyway.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.ratelimit import allow
from apps.proposals.images import CleanImage
from apps.proposals.models import MAX_IMAGES, Proposal, ProposalImage
from apps.proposals.services.transitions import proposal_transition
from apps.proposals.validators import all_checked, clean_fields, clean_images
from apps.territories.models import Territory

CREATE_LIMIT, CREATE_PERIOD = 10, 24 * 60 * 60  # new proposals per person and day
PHOTO_LIMIT, PHOTO_PERIOD = 30, 60 * 60  # photos a person uploads per hour (each is decoded: CPU and memory)


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


def _fields_then_images(actor, given: dict, images, *, room: int) -> tuple[dict, list[CleanImage]]:
    """The text fields (every problem at once), then the photo budget, then — only if all is fine — the photos."""
    uploads = [upload for upload in (images or []) if upload]
    if len(uploads) > room:
        # Counting decodes nothing: report too many photos together with the field errors (this raises).
        all_checked(lambda: clean_fields(**given), lambda: clean_images(uploads, room=room))
    fields = clean_fields(**given)
    # Each photo counts (all of them: a list, not a short-circuiting generator).
    counted = [allow(f"proposal-photos:{actor.pk}", limit=PHOTO_LIMIT, period=PHOTO_PERIOD) for _upload in uploads]
    if not all(counted):
        raise ValidationError(
            {
                "images": _("You have uploaded %(limit)d photos in the last hour. Please add more later.")
                % {"limit": PHOTO_LIMIT}
            },
            code="rate_limit",
        )
    return fields, clean_images(uploads, room=room)


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
    permissions.require(actor, "proposals.add_in", territory)
    if not allow(f"proposal-create:{actor.pk}", limit=CREATE_LIMIT, period=CREATE_PERIOD):
        raise ValidationError(
            _("You have started %(limit)d proposals today. Please continue tomorrow.") % {"limit": CREATE_LIMIT},
            code="rate_limit",
        )
    given = {
        "title": title,
        "body": body,
        "category": category,
        "estimated_cost": estimated_cost,
        "latitude": latitude,
        "longitude": longitude,
    }
    fields, cleaned = _fields_then_images(actor, given, images, room=MAX_IMAGES)
    stored: list[ProposalImage] = []
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                territory=territory, author=actor, status=Proposal.Status.DRAFT, **fields
            )
            _store_images(proposal, cleaned, start=0, stored=stored)
            _update_search_vector(proposal.pk)
            if submit:
                proposal_transition(actor=actor, proposal=proposal, to_status=Proposal.Status.SUBMITTED)
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
    # Asked before the lock and the photos (and again under the lock): a refusal costs no decoding.
    permissions.require(actor, "proposals.change", proposal)
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
    permissions.require(actor, "proposals.change", locked)
    moves = territory is not None and territory.pk != locked.territory_id
    if moves:
        permissions.require(actor, "proposals.add_in", territory)
    existing = list(locked.images.all())
    removed = [item for item in existing if str(item.pk) in {str(pk) for pk in remove_images}]
    fields, cleaned = _fields_then_images(actor, given, images, room=MAX_IMAGES - (len(existing) - len(removed)))
    if moves:
        fields["territory"] = territory
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.save(update_fields=[*fields.keys(), "updated_at"])
    if removed:
        ProposalImage.objects.filter(pk__in=[item.pk for item in removed]).delete()
        transaction.on_commit(lambda: _remove_files(removed))
    _store_images(locked, cleaned, start=max((item.order for item in existing), default=-1) + 1, stored=stored)
    _update_search_vector(locked.pk)
    if submit:
        proposal_transition(actor=actor, proposal=locked, to_status=Proposal.Status.SUBMITTED)


@transaction.atomic
def proposal_delete_draft(*, actor, proposal: Proposal) -> None:
    """The author discards a draft that nobody else has seen (no timeline to keep)."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    permissions.require(actor, "proposals.delete_draft", locked)
    items = list(locked.images.all())
    transaction.on_commit(lambda: _remove_files(items))
    locked.delete()
