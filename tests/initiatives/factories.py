"""People, proposals and initiatives for the initiatives tests, made through the real services."""

from __future__ import annotations

import contextlib
import datetime

from django.utils import timezone

from apps.accounts.rules import assume_second_factor
from apps.initiatives import services
from apps.initiatives.models import Initiative
from apps.proposals import services as proposal_services
from apps.proposals.models import Proposal
from apps.territories.models import StaffRole
from tests.proposals.factories import image_file, reached, resident
from tests.territories.factories import StaffRoleFactory

__all__ = [
    "DESCRIPTION",
    "RESPONSE",
    "accepted_proposal",
    "administrator",
    "completed",
    "considered_proposal",
    "in_days",
    "initiative",
    "moderator",
    "official",
    "photo",
    "received",
    "resident",
    "started",
]

DESCRIPTION = "Twelve LED street lights along Abai street, from the school to the clinic, with a timer."
RESPONSE = "The akimat accepts: the lights go into this year's plan of the rural district."


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _staff(territory, role):
    # UserFactory already assumes the second factor; said again so the helpers do not depend on it.
    return assume_second_factor(StaffRoleFactory(territory=territory, role=role).user)


def official(territory):
    return _staff(territory, StaffRole.Role.OFFICIAL)


def administrator(territory):
    return _staff(territory, StaffRole.Role.ADMINISTRATOR)


def moderator(territory):
    return _staff(territory, StaffRole.Role.MODERATOR)


def considered_proposal(territory, *, author=None, by=None) -> Proposal:
    """A proposal that reached its threshold and that an official of ``territory`` took under consideration."""
    proposal = reached(author or resident(territory), territory)
    proposal = proposal_services.proposal_consider(actor=by or official(territory), proposal=proposal)
    assert proposal.status == Proposal.Status.UNDER_CONSIDERATION
    return proposal


def accepted_proposal(territory, *, author=None, by=None) -> Proposal:
    """A proposal accepted with a public response, through the proposals services."""
    by = by or official(territory)
    proposal = considered_proposal(territory, author=author, by=by)
    proposal = proposal_services.proposal_accept(actor=by, proposal=proposal, response=RESPONSE)
    assert proposal.status == Proposal.Status.ACCEPTED
    return proposal


def initiative(territory, by=None, **fields) -> Initiative:
    """An initiative opened by an official of ``territory`` (status "planned", due in 60 days)."""
    values = {
        "title": "Street lights on Abai street",
        "description": DESCRIPTION,
        "category": "lighting",
        "responsible_body": "Akimat of the rural district",
        "due_date": in_days(60),
    }
    values.update(fields)
    return services.initiative_create(actor=by or official(territory), territory=territory, **values)


def started(item: Initiative, by) -> Initiative:
    return services.initiative_start(actor=by, initiative=item)


def completed(item: Initiative, by) -> Initiative:
    if item.status == Initiative.Status.PLANNED:
        started(item, by)
    return services.initiative_complete(actor=by, initiative=item)


def photo(name="photo.jpg", **kwargs):
    """A small JPEG upload."""
    kwargs.setdefault("size", (64, 48))
    return image_file(name, **kwargs)


@contextlib.contextmanager
def received(signal):
    """The keyword arguments of every ``signal`` sent while the block ran (a list, filled live)."""
    sent: list[dict] = []

    def receiver(sender, **kwargs):
        kwargs.pop("signal", None)
        sent.append(kwargs)

    signal.connect(receiver)
    try:
        yield sent
    finally:
        signal.disconnect(receiver)
