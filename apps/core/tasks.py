"""Celery tasks of the outbox: thin, they fetch by id and call ``apps.core.outbox``."""

from celery import shared_task


@shared_task(bind=True, max_retries=8, acks_late=True)
def outbox_deliver(self, message_id: int) -> bool:
    from apps.core import outbox

    try:
        return outbox.deliver(message_id)
    except Exception as error:
        if self.request.is_eager:
            raise  # in-process (development, tests): the row stays pending for redelivery
        # Exponential backoff: 30 s, 1 min, 2 min ... ; the periodic redelivery takes over after that.
        raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error


@shared_task
def outbox_redeliver() -> int:
    from apps.core import outbox

    return outbox.redeliver()
