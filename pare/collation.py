"""Text compared as a French reader does: « Éditions » among the E, « ALTHEA » after « Agir ».

PostgreSQL has what this needs (ICU's French collation, unaccent); SQLite gets fold() as an SQL
function and as a collation on each connection.
"""

import unicodedata

from django.db.models import CharField, Func, TextField

SQLITE_FOLD = "pare_fold"
SQLITE_COLLATION = "pare_fr"


def fold(text):
    """Lower case without accents: « Prévention » → « prevention »."""
    decomposed = unicodedata.normalize(
        "NFKD", str(text or "").replace("œ", "oe").replace("Œ", "oe")
    )
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def compare(left, right):
    left, right = fold(left), fold(right)
    return (left > right) - (left < right)


def register_sqlite_functions(sender, connection, **kwargs):
    """Give every SQLite connection fold() (for the search fallback) and the French ordering."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FOLD, 1, fold, deterministic=True)
        connection.connection.create_collation(SQLITE_COLLATION, compare)


class Fold(Func):
    """fold() in SQL, on SQLite."""

    function = SQLITE_FOLD
    output_field = TextField()


class French(Func):
    """Order by this text in French: ICU's « fr » on PostgreSQL, fold() on SQLite."""

    arity = 1
    template = "%(expressions)s"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template='%(expressions)s COLLATE "fr-x-icu"')

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template=f"%(expressions)s COLLATE {SQLITE_COLLATION}"
        )
