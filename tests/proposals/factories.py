"""People and proposals for the proposals tests, made through the real services where it matters."""

from __future__ import annotations

import contextlib
import io
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.proposals import services
from apps.proposals.models import Proposal
from apps.territories.models import Residency, StaffRole
from tests.accounts.factories import UserFactory
from tests.territories.factories import StaffRoleFactory

BODY = "The street has no lights at all; children walk to school in the dark every winter morning."


def resident(territory, **kwargs):
    """A person with a verified residency in ``territory``."""
    user = UserFactory(**kwargs)
    Residency.objects.create(
        user=user,
        territory=territory,
        status=Residency.Status.VERIFIED,
        iin_hash=uuid.uuid4().hex,
        iin_last4="0000",
    )
    return user


def staff(territory, role=StaffRole.Role.MODERATOR):
    return StaffRoleFactory(territory=territory, role=role).user


def moderator(territory):
    return staff(territory, StaffRole.Role.MODERATOR)


def official(territory):
    return staff(territory, StaffRole.Role.OFFICIAL)


def draft(author, territory, *, title="Street lights on Abai street", body=BODY, category="lighting", **kwargs):
    return services.proposal_create(
        actor=author, territory=territory, title=title, body=body, category=category, **kwargs
    )


def submitted(author, territory, **kwargs):
    return draft(author, territory, submit=True, **kwargs)


def published(author, territory, *, by=None, **kwargs) -> Proposal:
    proposal = submitted(author, territory, **kwargs)
    return services.proposal_publish(actor=by or moderator(territory), proposal=proposal)


def reach_threshold(proposal: Proposal) -> Proposal:
    """Enough new neighbours vote for ``proposal`` that it reaches its threshold."""
    for _ in range(proposal.vote_threshold - proposal.votes_for):
        services.vote_cast(actor=resident(proposal.territory), proposal=proposal, choice="for")
    assert proposal.status == Proposal.Status.THRESHOLD_REACHED
    return proposal


def reached(author, territory, **kwargs) -> Proposal:
    """A published proposal that has reached its threshold: in the officials' queue."""
    return reach_threshold(published(author, territory, **kwargs))


@contextlib.contextmanager
def received(signal):
    """The primary keys of the proposals ``signal`` was sent for while the block ran (a list, filled live)."""
    sent: list[int] = []

    def receiver(sender, proposal, **kwargs):
        sent.append(proposal.pk)

    signal.connect(receiver)
    try:
        yield sent
    finally:
        signal.disconnect(receiver)


def image_file(name="photo.jpg", *, size=(640, 480), fmt="JPEG", exif=None, mode="RGB") -> SimpleUploadedFile:
    picture = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    picture.save(buffer, format=fmt, **options)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}[fmt]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
