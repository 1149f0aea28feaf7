"""``manage.py setup_site [--demo]``: reference data, and demo people to try every role.

Safe to run any number of times: documents load idempotently and demo users
are created once (their passwords are reset to the printed ones).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.documents.loader import decode_bytes
from apps.documents.reference import REFERENCE_TEXTS
from apps.documents.services import document_load
from apps.territories.reference import KATO_CSV, POPULATION_CSV


class Command(BaseCommand):
    help = "Load the reference documents and, with --demo, demo users (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Also create demo users.")

    def handle(self, *args, **options):
        with translation.override("en"):  # operator output, like load_document
            self.setup(demo=options["demo"])

    def setup(self, *, demo: bool):
        self.stdout.write("Territories (KATO classifier) ...")
        call_command("load_territories", str(KATO_CSV), "--population", str(POPULATION_CSV), stdout=self.stdout)
        total = len(REFERENCE_TEXTS)
        for index, ref in enumerate(REFERENCE_TEXTS, start=1):
            self.stdout.write(f"[{index}/{total}] {ref.path.name}")
            result = document_load(
                text=decode_bytes(ref.path.read_bytes()),
                slug=ref.slug,
                language=ref.language,
                source=ref.source,
                source_name=ref.path.name,
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
            self.stdout.write(f"  {result.summary}")
        if demo:
            if not settings.DEBUG:
                raise CommandError("Demo users are for development only (DJANGO_DEBUG=1).")
            from apps.site.demo import create_demo_users

            people = create_demo_users()
            from apps.site.demo import DEMO_DISTRICT, demo_village
            from apps.site.demo_proposals import create_demo_proposals
            from apps.territories.models import Territory

            proposals = create_demo_proposals(
                village=demo_village(), district=Territory.objects.get(kato_code=DEMO_DISTRICT)
            )
            if proposals:
                self.stdout.write(f"Demo proposals: {len(proposals)} published, one waiting for moderation, one draft.")
            from apps.site.demo_initiatives import create_demo_initiatives

            initiatives = create_demo_initiatives(
                village=demo_village(), district=Territory.objects.get(kato_code=DEMO_DISTRICT)
            )
            if initiatives:
                self.stdout.write(
                    f"Demo initiatives: {len(initiatives)} "
                    f"({', '.join(item.get_status_display().lower() for item in initiatives)}); "
                    "the completed one checked by the neighbours, not by the demo resident."
                )
            from apps.site.demo_discussions import create_demo_discussion

            comments = create_demo_discussion()
            if comments:
                self.stdout.write(
                    f"Demo discussion of the Concept: {len(comments)} comments, one reported "
                    "(the national moderator's queue)."
                )
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts (development only):"))
            for person in people:
                self.stdout.write(f"  {person.role:<31} {person.email:<36} password: {person.password}")
                for line in person.notes:
                    self.stdout.write(f"  {'':<31} {line}")
        self.stdout.write(self.style.SUCCESS(f"Site ready: territories and {total} reference document(s) checked."))
