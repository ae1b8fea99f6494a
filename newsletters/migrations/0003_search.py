"""French full-text search on PostgreSQL: unaccent, a French-unaccent configuration, GIN indexes.

Every operation here does nothing on another database (SQLite searches without them: see
pare/search.py). Migration 0004 replaces these expression indexes with stored columns.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import UnaccentExtension
from django.contrib.postgres.search import SearchVector
from django.db import migrations
from django.db.migrations.operations.base import Operation

CONFIG = "french_unaccent"


class RunSQLOnPostgreSQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddSearchIndex(Operation):
    """A GIN index on a weighted French-unaccent search vector, on PostgreSQL only.

    The index is not part of the models' state: makemigrations neither sees nor drops it.
    """

    reversible = True

    def __init__(self, model, name, weights):
        self.model, self.name, self.weights = model, name, weights

    def deconstruct(self):
        return (self.__class__.__name__, [self.model, self.name, self.weights], {})

    def index(self):
        vectors = [
            SearchVector(*fields, weight=weight, config=CONFIG)
            for weight, fields in self.weights.items()
        ]
        vector = vectors[0]
        for other in vectors[1:]:
            vector = vector + other
        return GinIndex(vector, name=self.name)

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(to_state.apps.get_model(self.model), self.index())

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(to_state.apps.get_model(self.model), self.index())

    def describe(self):
        return f"Add the search index {self.name} on {self.model} (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("news", "0001_initial"),
        ("newsletters", "0002_staff_groups"),
        ("pare", "0002_geography"),
        ("resources", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        RunSQLOnPostgreSQL(
            sql=[
                f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.french)",
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
            ],
            reverse_sql=[f"DROP TEXT SEARCH CONFIGURATION {CONFIG}"],
        ),
        AddSearchIndex(
            "events.Event",
            "event_search_idx",
            {"A": ["title"], "B": ["text"], "C": ["venue", "city", "online_details"]},
        ),
        AddSearchIndex(
            "news.Initiative",
            "initiative_search_idx",
            {"A": ["title"], "B": ["text"], "C": ["social_account"]},
        ),
        AddSearchIndex(
            "resources.Resource",
            "resource_search_idx",
            {"A": ["title"], "B": ["summary", "text"], "C": ["authors", "publisher"]},
        ),
        AddSearchIndex(
            "pare.Organisation",
            "organisation_search_idx",
            {"A": ["name", "acronym"], "B": ["description"], "C": ["abroad"]},
        ),
        AddSearchIndex(
            "newsletters.Issue",
            "issue_search_idx",
            {"A": ["year"], "B": ["introduction"]},
        ),
    ]
