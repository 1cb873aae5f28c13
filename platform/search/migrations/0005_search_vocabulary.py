"""The per-index vocabulary (SearchTerm) that query expansion reads: compound parts, splits of
compound query words and one-edit neighbours (docs/adr/0005-swedish-query-expansion.md).

Filled from the token rows already stored. On PostgreSQL a trigram GIN index (pg_trgm, a trusted
extension since PostgreSQL 13: the database owner may create it) serves `term LIKE '%part%'`;
where the extension cannot be created the lookup scans the vocabulary instead (slower, same
answers)."""
import logging

from django.db import DatabaseError, migrations, models, transaction

logger = logging.getLogger(__name__)

TRIGRAM_INDEX = "search_term_trgm"


def fill_vocabulary(apps, schema_editor):
    # Backfilled examples are the stems themselves; documents written from now on store the
    # word as typed (reconcile rewrites nothing: content hashes are unchanged).
    schema_editor.execute(
        "INSERT INTO search_searchterm (index_name, kind, term, doc_count, example) "
        "SELECT index_name, CASE WHEN field = '_suggest' THEN 's' ELSE 't' END AS kind, token, "
        "COUNT(DISTINCT entry_id), MIN(token) FROM search_searchtoken "
        "GROUP BY index_name, CASE WHEN field = '_suggest' THEN 's' ELSE 't' END, token"
    )


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON search_searchterm "
                                  "USING gin (term gin_trgm_ops)")
    except DatabaseError as exc:
        logger.warning("pg_trgm unavailable (%s): vocabulary substring lookups will scan", exc)


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_add_facet_value_statistics'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('index_name', models.CharField(max_length=64)),
                ('kind', models.CharField(max_length=1)),
                ('term', models.CharField(max_length=255)),
                ('doc_count', models.IntegerField()),
                ('example', models.CharField(max_length=255)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('index_name', 'kind', 'term'), name='search_term_unique')],
            },
        ),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
