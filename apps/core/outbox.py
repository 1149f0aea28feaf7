"""The outbox: work that must happen after a transaction, written as a row inside it.

A service that needs something done once its transaction has committed
(notify the followers of a published report, e-mail an enrolment link) does
not call ``task.delay()``: if the broker is down at that moment the work is
lost, and if the call raises inside ``on_commit`` the person sees an error for
something that did happen. Instead it calls :func:`enqueue` *inside* the
transaction. That writes an :class:`~apps.core.models.OutboxMessage` row —
committed or rolled back together with the change it belongs to — and, after
the commit, tries to hand it to Celery. When the broker cannot be reached the
row simply stays pending: :func:`redeliver` (a periodic task, and
``manage.py outbox_redeliver``) hands it over again later.

Handlers are plain functions registered under a name with :func:`handler`.
They receive the message's keyword arguments and must be idempotent: a message
may be delivered more than once (a worker that died after doing the work but
before recording it, a redelivery racing a slow worker). The ``key`` of a
message makes enqueueing idempotent too: the same key is one message.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger(__name__)

Handler = Callable[..., object]
_HANDLERS: dict[str, Handler] = {}

#: A message handed to the broker but not completed after this long is handed over again.
REDELIVER_AFTER = datetime.timedelta(minutes=10)
#: After this many attempts a message stays failed for an operator to look at (admin, logs).
MAX_ATTEMPTS = 20


def handler(name: str) -> Callable[[Handler], Handler]:
    """Register ``func`` as the handler of outbox messages called ``name`` (at import time)."""

    def register(func: Handler) -> Handler:
        if name in _HANDLERS and _HANDLERS[name] is not func:
            raise ValueError(f"outbox handler {name!r} is already registered")
        _HANDLERS[name] = func
        return func

    return register


def registered_handlers() -> dict[str, Handler]:
    return dict(_HANDLERS)


def enqueue(name: str, *, key: str, **kwargs):
    """Record work ``name(**kwargs)`` to run after the current transaction commits (once per ``key``).

    ``kwargs`` must be JSON-serialisable (ids, not objects). Returns the message row.
    """
    from apps.core.models import OutboxMessage

    if name not in _HANDLERS:
        raise ValueError(f"unknown outbox handler {name!r}")
    message, created = OutboxMessage.objects.get_or_create(key=key[:200], defaults={"name": name, "kwargs": kwargs})
    if created:
        # robust: even if dispatch() did raise, the commit must not become an error page.
        transaction.on_commit(lambda: dispatch(message.pk), robust=True)
    return message


def dispatch(message_id: int) -> bool:
    """Hand a message to Celery; False (logged, the row stays pending) when the broker is unavailable.

    Never raises: it runs after a commit, where an exception would turn a
    successful action into an error page. A dead broker costs about a second
    (``CELERY_BROKER_*`` and ``CELERY_TASK_PUBLISH_RETRY`` in the settings). On
    failure ``dispatched_at`` is cleared again, so that the next :func:`redeliver`
    run hands the message over instead of waiting :data:`REDELIVER_AFTER`.
    """
    from apps.core.models import OutboxMessage

    try:
        from apps.core.tasks import outbox_deliver

        OutboxMessage.objects.filter(pk=message_id).update(dispatched_at=timezone.now())
        outbox_deliver.apply_async(args=[message_id])
    except Exception as error:  # broker down, or (eager mode) the handler itself failed
        logger.warning("outbox message %s not delivered now, will be retried: %r", message_id, error)
        try:
            OutboxMessage.objects.filter(pk=message_id).update(dispatched_at=None, last_error=repr(error)[:2000])
        except Exception:  # the database too: the row keeps what it had, redeliver() finds it later
            logger.exception("outbox message %s: the failure could not be recorded", message_id)
        return False
    return True


def deliver(message_id: int) -> bool:
    """Run a message's handler and mark it completed (called by the Celery task). True when done."""
    from apps.core.models import OutboxMessage

    message = OutboxMessage.objects.filter(pk=message_id, completed_at__isnull=True).first()
    if message is None:
        return True  # done meanwhile (a redelivery raced the first delivery), or gone
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
    func = _HANDLERS.get(message.name)
    if func is None:
        raise LookupError(f"no outbox handler {message.name!r}")
    try:
        func(**message.kwargs)
    except Exception as error:
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=repr(error)[:2000])
        raise
    OutboxMessage.objects.filter(pk=message.pk).update(completed_at=timezone.now(), last_error="")
    return True


def pending(now=None):
    """Messages to hand over again: never handed over, or handed over long ago and not completed."""
    from apps.core.models import OutboxMessage

    now = now or timezone.now()
    return OutboxMessage.objects.filter(
        Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=now - REDELIVER_AFTER),
        completed_at__isnull=True,
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("created_at", "pk")


def redeliver(*, limit: int = 500) -> int:
    """Hand pending messages to Celery again (periodic task); returns how many were handed over."""
    handed = 0
    for message_id in pending().values_list("pk", flat=True)[:limit]:
        if not dispatch(message_id):
            break  # the broker is still down: try again at the next run
        handed += 1
    return handed
