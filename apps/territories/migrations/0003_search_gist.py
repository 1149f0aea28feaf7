"""Replace the GIN trigram index with a GiST one.

GiST serves ``ORDER BY search_key <->> 'query' LIMIT n`` (nearest names first)
straight from the index: 3 ms on the whole classifier instead of 110 ms for a
scan that computes word similarity on every row (the planner never chose the
GIN index for ``%>``). PostgreSQL only; nothing to do elsewhere.
"""

from django.db import migrations

GIN = "territories_search_trgm_idx"
GIST = "territories_search_gist_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIST} ON territories_territory USING gist (search_key gist_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIST}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN} ON territories_territory USING gin (search_key gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("territories", "0002_search_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
