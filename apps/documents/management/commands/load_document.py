"""``manage.py load_document PATH --slug SLUG [--language en]``: load a legal text."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from apps.documents.loader import LoaderError, decode_bytes
from apps.documents.services import document_load


class Command(BaseCommand):
    help = "Load a legal text (plain text or Markdown) into documents; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The text file (UTF-8 plain text or Markdown).")
        parser.add_argument("--slug", required=True, help="Identifier of the act, shared by its languages.")
        parser.add_argument(
            "--language", choices=["kk", "ru", "en"], help="Language of the text (detected when omitted)."
        )
        parser.add_argument("--encoding", help="Encoding of the file when it is not UTF-8, e.g. cp1251.")
        parser.add_argument("--source", default="", help="Where the text comes from (URL or publication).")

    def handle(self, *args, **options):
        # Operators read command output in English; the same messages are shown
        # translated on the site (staff upload) in the reader's language.
        with translation.override("en"):
            self.load(**options)

    def load(self, *, path: Path, slug: str, language, encoding, source, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        self.stdout.write(f"Loading {path.name} ({len(data):,} bytes) as {slug!r} ...")
        try:
            text = decode_bytes(data, encoding=encoding)
            result = document_load(
                text=text,
                slug=slug,
                language=language,
                source=source,
                source_name=path.name,
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except LoaderError as exc:
            raise CommandError(f"{path}: {exc} " + _("Nothing was changed.")) from exc
        self.stdout.write(self.style.SUCCESS(result.summary))
