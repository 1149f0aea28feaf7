"""``manage.py initiatives_mark_delayed``: the daily task for cron users (same service, same idempotence)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from apps.initiatives import services


class Command(BaseCommand):
    help = "Mark initiatives whose due date or a milestone's date has passed as delayed (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        marked = services.initiatives_mark_delayed(today=today)
        self.stdout.write(f"{len(marked)} initiative(s) marked delayed" + (f": {marked}" if marked else "."))
