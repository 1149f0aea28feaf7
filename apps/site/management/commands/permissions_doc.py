"""``manage.py permissions_doc``: write docs/permissions.md and the tables of docs/states.md from the code.

``--check`` writes nothing and fails when either page differs from what the code says (for CI).
"""

from django.core.management.base import BaseCommand, CommandError

from apps.site import docs


class Command(BaseCommand):
    help = "Regenerate docs/permissions.md and the transition tables of docs/states.md (--check: only compare)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Write nothing; fail if a page is out of date.")

    def handle(self, *args, check=False, **options):
        states = docs.STATES_DOC.read_text(encoding="utf-8")
        pages = {
            docs.PERMISSIONS_DOC: docs.permissions_markdown(),
            docs.STATES_DOC: docs.states_markdown(states),
        }
        if check:
            stale = [path.name for path, text in pages.items() if path.read_text(encoding="utf-8") != text]
            if stale:
                raise CommandError(f"{', '.join(stale)} out of date: {docs.REGENERATE}")
            self.stdout.write("docs/permissions.md and docs/states.md are up to date.")
            return
        for path, text in pages.items():
            path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {docs.PERMISSIONS_DOC.name} and {docs.STATES_DOC.name}.")
