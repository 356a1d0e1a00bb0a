"""PostgreSQL only: trigram search over the folded search column. The GIN index lets “contains
this word” use an index instead of reading every row, and serves the close-match search
(showcase.selectors.close_matches). SQLite keeps the plain column and needs neither."""

from django.db import migrations

INDEX = "initiative_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # A trusted extension since PostgreSQL 13: the database's owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON initiatives_initiative "
            "USING gin (search_text gin_trgm_ops) WHERE published"
        )


def drop_index(apps, schema_editor):
    # The extension stays: other databases' objects may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0003_publication"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
