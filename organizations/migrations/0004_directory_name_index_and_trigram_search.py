from django.conf import settings
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The directory's name search is a substring match (`icontains`: UPPER(name) LIKE '%…%'), since
# Chinese names have no word boundaries. On PostgreSQL a trigram GIN index on the same expression
# serves it (docs/decisions/014-speed-at-volume.md has the measurements). SQLite has no GIN: the
# index is made on PostgreSQL only and stays out of the model state, so migrations stay portable.
TRIGRAM_INDEX = "org_name_trgm_idx"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
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
        ("organizations", "0003_registration"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="organization",
            index=models.Index(fields=["status", "name", "id"], name="org_directory_idx"),
        ),
        # A no-op on SQLite (CreateExtension checks the vendor itself).
        TrigramExtension(),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
