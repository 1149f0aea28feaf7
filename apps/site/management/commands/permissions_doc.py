"""``manage.py permissions_doc``: write docs/permissions.md and the tables of docs/states.md from the code."""

from django.core.management.base import BaseCommand

from apps.site import docs


class Command(BaseCommand):
    help = "Regenerate docs/permissions.md and the transition tables of docs/states.md."

    def handle(self, *args, **options):
        docs.PERMISSIONS_DOC.write_text(docs.permissions_markdown(), encoding="utf-8")
        states = docs.STATES_DOC.read_text(encoding="utf-8")
        docs.STATES_DOC.write_text(docs.states_markdown(states), encoding="utf-8")
        self.stdout.write(f"Wrote {docs.PERMISSIONS_DOC.name} and {docs.STATES_DOC.name}.")
