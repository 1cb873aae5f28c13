"""Extended statistics on facet values (PostgreSQL only).

Without them the planner multiplies the selectivities of index_name, field and value as if independent and
expects a few hundred entries for a facet such as the marketplace's "open for answers", where thousands
match; it then scans and sorts every entry instead of walking them in id order and stopping after a page.
Measured in bench/marketplace_bench.py (docs/benchmarks.md, "Marketplace"): facet queries' p95 fell from
55–153 ms to 23–63 ms at 50k listings."""
from django.db import migrations

STATISTICS = "search_facet_value_stats"


def create_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) "
                          "ON index_name, field, value FROM search_searchfacetvalue")
    schema_editor.execute("ANALYZE search_searchfacetvalue")


def drop_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_add_search_entry_position")]
    operations = [migrations.RunPython(create_statistics, drop_statistics)]
