"""Celery tasks of initiatives: thin, they call the services (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from celery import shared_task


@shared_task(bind=True, max_retries=3, acks_late=True)
def initiatives_mark_delayed(self) -> int:
    """The daily pass over late initiatives (idempotent: run it twice and nothing happens twice)."""
    from apps.initiatives import services

    try:
        return len(services.initiatives_mark_delayed())
    except Exception as error:
        if self.request.is_eager:
            raise
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error
