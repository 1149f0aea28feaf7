"""What the documents app does after a commit, through the outbox (``apps.core.outbox``)."""

from apps.core import outbox
from apps.documents.services import REPORT_PUBLISHED, notify_followers_of_report


@outbox.handler(REPORT_PUBLISHED)
def report_published(*, document_id: int) -> int:
    """Notify the followers of a discussion of its report (idempotent: one notification per person)."""
    from apps.documents.models import Document

    document = Document.objects.filter(pk=document_id).first()
    return 0 if document is None else notify_followers_of_report(document=document)
