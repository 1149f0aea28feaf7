"""Progress updates: what officials report from the ground, with photos, the percent and the money spent."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import permissions
from apps.core.text import render_markdown
from apps.initiatives import signals, validators
from apps.initiatives.models import Initiative, ProgressUpdate, UpdatePhoto
from apps.initiatives.services.transitions import initiative_transition, lock
from apps.proposals.images import clean_image

#: The same text posted again by the same person this soon is a double submit (a phone on a weak signal).
DOUBLE_SUBMIT_WINDOW = datetime.timedelta(minutes=10)


def update_post(
    *,
    actor,
    initiative: Initiative,
    body: str,
    percent: int,
    spent: Decimal | None = None,
    reported_on: datetime.date | None = None,
    photos: list = (),
) -> ProgressUpdate:
    """Post a progress update; the initiative takes its percent (and the money spent, when given).

    A planned initiative with work reported (percent above 0) is started in
    the same transaction. The same text posted twice by the same person within
    ``DOUBLE_SUBMIT_WINDOW`` returns the first update instead of a copy.
    Photos are decoded after every cheaper check has passed.
    """
    permissions.require(actor, "initiatives.post_update", initiative)
    errors = []
    today = timezone.localdate()
    for check in (
        lambda: validators.clean_text(body, label=_("The update")),
        lambda: validators.clean_percent(percent),
        lambda: validators.clean_amount(spent, label=_("The money spent")),
        lambda: validators.check_report_date(reported_on, today),
        lambda: validators.check_photo_count(len(photos)),
    ):
        try:
            check()
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    body = validators.clean_text(body, label=_("The update"))
    percent = validators.clean_percent(percent)
    spent = validators.clean_amount(spent, label=_("The money spent"))
    reported_on = validators.check_report_date(reported_on, today)
    cleaned = [clean_image(photo) for photo in photos]
    with transaction.atomic():
        locked = lock(initiative)
        permissions.require(actor, "initiatives.post_update", locked)
        now = timezone.now()
        earlier = (
            ProgressUpdate.objects.filter(
                initiative=locked, author=actor, body=body, created_at__gte=now - DOUBLE_SUBMIT_WINDOW
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier
        update = ProgressUpdate.objects.create(
            initiative=locked,
            author=actor,
            body=body,
            body_html=render_markdown(body),
            percent=percent,
            spent=spent,
            reported_on=reported_on,
            created_at=now,
        )
        for order, photo in enumerate(cleaned):
            UpdatePhoto.objects.create(update=update, image=photo.image, thumbnail=photo.thumbnail, order=order)
        fields = {"percent": percent, "last_update_at": now, "updated_at": now}
        if spent is not None:
            fields["budget_spent"] = spent
        Initiative.objects.filter(pk=locked.pk).update(**fields)
        if locked.status == Initiative.Status.PLANNED and percent > 0:
            initiative_transition(actor=actor, initiative=locked, to_status=Initiative.Status.IN_PROGRESS)
        transaction.on_commit(lambda: signals.update_posted.send(sender=Initiative, initiative=locked, update=update))
    for name in ("percent", "budget_spent", "last_update_at", "status", "start_date"):
        setattr(initiative, name, getattr(Initiative.objects.only(name).get(pk=initiative.pk), name))
    return update
