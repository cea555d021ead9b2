from django.conf import settings
from django.db import migrations, models

# The directory's name search is a substring match (`icontains`: UPPER(name) LIKE '%…%'), since
# Chinese names have no word boundaries. On PostgreSQL a trigram GIN index on the same expression
# serves it (docs/decisions/014-speed-at-volume.md has the measurements). SQLite has no GIN: the
# index is made on PostgreSQL only and stays out of the model state, so migrations stay portable.
TRIGRAM_INDEX = "org_name_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON organizations_organization "
            "USING gin (UPPER(name::text) gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("organizations", "0004_staff_membership"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["status", "name", "id"], name="org_directory_idx"),
        ),
        # Not TrigramExtension(): its reverse queries pg_extension on any database, SQLite included.
        # The extension is created with the index on PostgreSQL and left in place on the way back.
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
