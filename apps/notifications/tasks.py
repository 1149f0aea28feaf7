"""Celery tasks: fetch by id, call a service, retry on failure."""

from celery import shared_task


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, retry_jitter=True, max_retries=5)
def notify_discussion_report_task(self, document_id: int) -> int:
    from apps.documents.models import Document
    from apps.documents.services import notify_followers_of_report

    document = Document.objects.filter(pk=document_id).first()
    return 0 if document is None else notify_followers_of_report(document=document)
