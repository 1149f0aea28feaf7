"""Trigram search on PostgreSQL: the pg_trgm extension and a GIN index on search_key.

Both steps do nothing on other databases (SQLite in development falls back to
a Python fuzzy ranking, see selectors.territory_search).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "territories_search_trgm_idx"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON territories_territory USING gin (search_key gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("territories", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index),
    ]
