"""``manage.py outbox_redeliver``: hand pending outbox messages to Celery again (what the periodic task does)."""

from django.core.management.base import BaseCommand

from apps.core import outbox


class Command(BaseCommand):
    help = "Hand outbox messages that were never delivered (broker down, worker lost) to Celery again."

    def handle(self, *args, **options):
        waiting = outbox.pending().count()
        handed = outbox.redeliver()
        self.stdout.write(f"Outbox: {waiting} pending, {handed} handed to the queue.")
