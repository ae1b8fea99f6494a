"""Text compared as a French reader does: « Éditions » among the E, « ALTHEA » after « Agir »."""

import unicodedata

from django.db.models import CharField, Func

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


def register_collation(sender, connection, **kwargs):
    """Give every SQLite connection the French ordering that PostgreSQL has from ICU."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


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
