"""GIN index on the proposals' full-text vector (PostgreSQL only; SQLite searches ``search_text``)."""

from django.db import migrations

INDEX = "proposals_search_vector_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON proposals_proposal USING gin (search_vector)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
