"""Compile every .po catalogue of the project into .mo, in pure Python.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh
machine may not have; ``polib`` does the same job from PyPI. ``makemessages``
(extracting new strings) still needs gettext and is a developer's task only.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile locale/ and locale_vendor/ .po files to .mo (skips up-to-date ones)."

    def handle(self, *args, **options):
        compiled = skipped = 0
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    skipped += 1
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"  compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(f"Translations: {compiled} compiled, {skipped} up to date.")
