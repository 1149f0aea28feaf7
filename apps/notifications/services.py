"""Creating and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from apps.notifications.models import MESSAGES, Notification


@transaction.atomic
def notify(*, user_ids: Iterable[int], kind: str, key: str, params: dict, url: str) -> int:
    """Notify each person once per ``key`` (safe to retry); returns how many rows are new."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    user_ids = list(dict.fromkeys(user_ids))
    before = Notification.objects.filter(key=key, user_id__in=user_ids).count()
    Notification.objects.bulk_create(
        [Notification(user_id=uid, kind=kind, key=key, params=params, url=url) for uid in user_ids],
        ignore_conflicts=True,
        batch_size=1000,
    )
    return Notification.objects.filter(key=key, user_id__in=user_ids).count() - before


def notifications_mark_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
