"""``manage.py load_territories FILE [--population FILE]``: import the KATO classifier."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from apps.territories.importers import ImportFileError, read_population, read_territories
from apps.territories.services import territories_import, territories_import_population


class Command(BaseCommand):
    help = (
        "Import administrative-territorial units (KATO) from a CSV (Civic's kato.csv columns or the official "
        "te, ab, cd, ef, hij, k, name_kaz, name_rus, nn layout) or the official .xlsx; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", help="kato.csv, or the official workbook.")
        parser.add_argument("--population", type=Path, help="population.csv: code,population,year,source")
        parser.add_argument(
            "--retire-missing",
            action="store_true",
            help="The file is a whole new edition: units it does not list end today (they are kept, not deleted).",
        )

    def handle(self, *args, path, population, retire_missing, **options):
        if path is None and population is None:
            raise CommandError("Give a classifier file, --population FILE, or both.")
        with translation.override("en"):
            if path is not None:
                self.load_units(path, retire_missing=retire_missing)
            if population is not None:
                self.load_population(population)

    def load_units(self, path: Path, *, retire_missing: bool) -> None:
        self.stdout.write(f"Reading {path} ...")
        try:
            result = read_territories(path)
        except (ImportFileError, OSError) as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        self.stdout.write(f"  {len(result.rows):,} rows in the {result.layout} layout, {len(result.errors)} refused")
        summary = territories_import(
            rows=result.rows,
            progress=lambda message: self.stdout.write(f"  {message}"),
            retire_missing=retire_missing,
        )
        refused = sorted([*result.errors, *summary.refused], key=lambda error: error.line)
        for error in refused[:50]:
            self.stderr.write(f"  line {error.line} {error.code or '-'}: {error.message}")
        if len(refused) > 50:
            self.stderr.write(f"  ... and {len(refused) - 50} more refused rows")
        self.stdout.write(
            self.style.SUCCESS(
                f"Territories: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged, {len(refused)} refused."
            )
        )
        if summary.not_in_file:
            note = (
                f"{summary.retired} retired (end today)"
                if retire_missing
                else "left as they are (--retire-missing ends them)"
            )
            self.stdout.write(f"  {summary.not_in_file} units in the database are not in the file: {note}.")

    def load_population(self, path: Path) -> None:
        try:
            rows, errors = read_population(path)
        except (ImportFileError, OSError) as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        summary = territories_import_population(rows=rows)
        for error in sorted([*errors, *summary.refused], key=lambda error: error.line):
            self.stderr.write(f"  line {error.line} {error.code or '-'}: {error.message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Population: {summary.updated} updated, {summary.unchanged} unchanged, "
                f"{len(errors) + len(summary.refused)} refused."
            )
        )
