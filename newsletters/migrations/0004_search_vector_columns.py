"""Keep each entry's search vector in a stored generated column, GIN-indexed, on PostgreSQL.

Expression indexes (0003) find matches without reading the text, but ranking them computed every
matching vector again: seconds for a common word over ten years. PostgreSQL now keeps the vector
beside the row and updates it on every write. The models do not know the column: Django never
writes it, and pare/search.py reads it by name. Nothing happens on another database.
"""

from django.db import migrations

CONFIG = "'french_unaccent'::regconfig"
# table, index, {weight: columns}: the same fields and weights as the indexes of 0003.
VECTORS = [
    ("events_event", "event_search_idx", {"A": ["title"], "B": ["text"], "C": ["venue", "city", "online_details"]}),
    ("news_initiative", "initiative_search_idx", {"A": ["title"], "B": ["text"], "C": ["social_account"]}),
    ("resources_resource", "resource_search_idx", {"A": ["title"], "B": ["summary", "text"], "C": ["authors", "publisher"]}),
    ("pare_organisation", "organisation_search_idx", {"A": ["name", "acronym"], "B": ["description"], "C": ["abroad"]}),
    ("newsletters_issue", "issue_search_idx", {"A": ["year"], "B": ["introduction"]}),
]


def vector_sql(weights):
    parts = []
    for weight, columns in weights.items():
        text = " || ' ' || ".join(f"coalesce({column}::text, '')" for column in columns)
        parts.append(f"setweight(to_tsvector({CONFIG}, {text}), '{weight}')")
    return " || ".join(parts)


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, weights in VECTORS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(weights)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (search_vector)")


def remove_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index, weights in VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
        schema_editor.execute(f"CREATE INDEX {index} ON {table} USING gin (({vector_sql(weights)}))")


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0003_search")]

    operations = [migrations.RunPython(add_columns, remove_columns, elidable=False)]
