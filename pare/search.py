"""Search every public model declared Searchable (pare/models.py), ranked as one list.

PostgreSQL ranks French full-text matches (unaccented, stemmed) on each table's stored,
GIN-indexed search_vector; other databases (SQLite) fall back to matching folded words, a plainer
search for the small sites they serve.
"""

import datetime
import functools
import operator
import re
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Case, F, Q, TextField, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from pare import richtext
from pare.collation import Fold, fold
from pare.models import Searchable

CONFIG = "french_unaccent"
# Weights of D, C, B and A matches: a word in a title counts five times one in the text.
RANK_WEIGHTS = [0.05, 0.1, 0.2, 1.0]
SNIPPET_WORDS = 30
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
# Marks that ts_headline (or the fallback) puts around matches; they become <mark> after escaping.
START, STOP = "\ue000", "\ue001"
# fmt: off
STOP_WORDS = {
    "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "et", "l", "la",
    "le", "les", "leur", "mais", "ne", "ni", "on", "ou", "par", "pas", "pour", "qu", "que", "qui",
    "sa", "se", "ses", "son", "sur", "un", "une", "vos", "votre", "y",
}
# fmt: on


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Mots recherchés"), max_length=MAX_QUERY_LENGTH, required=False)


@dataclass(frozen=True)
class Source:
    """One searchable model, read through what it declares."""

    model: type

    @property
    def kind(self):
        return self.model._meta.model_name

    @property
    def label(self):
        return self.model.search_label or capfirst(self.model._meta.verbose_name)

    @property
    def weights(self):
        return self.model.search_weights

    @property
    def title_field(self):
        return self.model.search_title_field

    @property
    def body_fields(self):
        return self.weights["B"]

    def stored_vector(self):
        """The vector PostgreSQL keeps up to date in the table's generated column."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        return RawSQL(f"{table}.search_vector", [], output_field=SearchVectorField())


@functools.cache
def sources():
    """Every searchable model of the installed apps, by kind."""
    found = (Source(model) for model in apps.get_models() if issubclass(model, Searchable))
    return {source.kind: source for source in sorted(found, key=lambda source: source.kind)}


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str
    snippet: str
    detail: str


def is_full_text():
    return connection.vendor == "postgresql"


def terms(text):
    """The words the fallback looks for: folded, without plural marks, stop words dropped."""
    found = []
    for word in re.findall(r"\w+", fold(text)):
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        if word not in STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_TERMS]


def folded(fields):
    parts = [Cast(F(field), TextField()) for field in fields]
    if len(parts) > 1:
        spaced = functools.reduce(
            lambda done, part: [*done, Value(" "), part], parts[1:], parts[:1]
        )
        parts = [Concat(*spaced, output_field=TextField())]
    return Fold(parts[0])


def full_text_query(text):
    return SearchQuery(text, config=CONFIG, search_type="websearch")


def matches(text, limit=None):
    """Every public entry matching the query, best first: rows of (kind, pk, rank, date).

    With a limit, PostgreSQL ranks no more than limit matches of each model, the first the
    GIN index finds: a word found everywhere costs no more than a rare one, and when fewer
    match, the ranking is the same. The fallback reads every published entry and matches words
    inside longer words (« art » finds « partenaire »), with no stemming beyond plurals and no
    operators.
    """
    if is_full_text():
        query = full_text_query(text)
        branches = [
            source.model.objects.published()
            .alias(document=source.stored_vector())
            .filter(document=query)
            .annotate(search_rank=SearchRank(source.stored_vector(), query, weights=RANK_WEIGHTS))
            for source in sources().values()
        ]
    else:
        words = terms(text)
        if not words:
            return []
        branches = []
        for source in sources().values():
            title = folded(source.weights["A"])
            body = folded([f for w, fields in source.weights.items() if w != "A" for f in fields])
            branches.append(
                source.model.objects.published()
                .alias(title_text=title, body_text=body)
                .filter(
                    *(Q(title_text__contains=word) | Q(body_text__contains=word) for word in words)
                )
                .annotate(
                    search_rank=functools.reduce(
                        operator.add,
                        (
                            Case(When(title_text__contains=word, then=1.0), default=0.0)
                            + Case(When(body_text__contains=word, then=0.2), default=0.0)
                            for word in words
                        ),
                    ),
                )
            )
    rows = [
        branch.annotate(search_kind=Value(source.kind, output_field=TextField()), search_pk=F("pk"))
        .order_by()
        .values_list("search_kind", "search_pk", "search_rank", "publish_at")
        for source, branch in zip(sources().values(), branches, strict=True)
    ]
    if limit and is_full_text():
        rows = [branch[:limit] for branch in rows]
    return (
        rows[0]
        .union(*rows[1:], all=True)
        .order_by("-search_rank", "-publish_at", "search_kind", "search_pk")
    )


# Stands for the words searched in the statement compiled once (best_matches).
PLACEHOLDER = "\ue002"


@functools.cache
def _compiled(limit, vendor):
    """The SQL and parameters of matches(PLACEHOLDER, limit)[:limit], built once per process.

    Building and compiling the union of every model's ranked branch costs the ORM more than
    PostgreSQL takes to run it; only the words and the moment (for published()) change.
    """
    return matches(PLACEHOLDER, limit)[:limit].query.sql_with_params()


def best_matches(text, limit):
    """matches(text, limit)[:limit] as a list of rows."""
    if not is_full_text():
        return list(matches(text, limit)[:limit])
    sql, params = _compiled(limit, connection.vendor)
    now = timezone.now()
    params = [
        text if param == PLACEHOLDER else now if isinstance(param, datetime.datetime) else param
        for param in params
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def marked(text):
    """Escape text, then turn the highlight marks into <mark> elements, always balanced."""
    html, is_open = [], False
    for piece in re.split(f"([{START}{STOP}])", text or ""):
        if piece == START and not is_open:
            html.append("<mark>")
            is_open = True
        elif piece == STOP and is_open:
            html.append("</mark>")
            is_open = False
        elif piece not in (START, STOP):
            html.append(escape(piece))
    if is_open:
        html.append("</mark>")
    return mark_safe("".join(html))


def highlight(text, words, length=None):
    """The fallback's headline: the text, or a window of it, with matching words marked."""
    tokens = re.split(r"(\w+)", text or "")
    hits = [i for i in range(1, len(tokens), 2) if any(w in fold(tokens[i]) for w in words)]
    start, end = 0, len(tokens)
    if length:
        first = hits[0] if hits else 1
        start = max(0, first - 10)
        end = min(len(tokens), start + 2 * length)
    pieces = [
        START + t + STOP if i in hits else t for i, t in enumerate(tokens) if start <= i < end
    ]
    snippet = "".join(pieces).strip()
    if start > 0:
        snippet = "… " + snippet
    if end < len(tokens) and "".join(tokens[end:]).strip():
        snippet += " …"
    return snippet


def plain_body(entry, source):
    return richtext.plain("\n".join(getattr(entry, field) for field in source.body_fields))


def results(rows, text):
    """Turn one page of matches into results with their marked titles and snippets."""
    rows = list(rows)
    wanted = {}
    for kind, pk, *_rank in rows:
        wanted.setdefault(kind, []).append(pk)
    found = {}
    words = [] if is_full_text() else terms(text)
    for kind, pks in wanted.items():
        source = sources()[kind]
        entries = source.model.objects.published().filter(pk__in=pks)
        if source.model.search_related:
            entries = entries.select_related(*source.model.search_related)
        if is_full_text():
            entries = entries.annotate(**headlines(source, full_text_query(text)))
        for entry in entries:
            if is_full_text():
                title, snippet = getattr(entry, "title_headline", None), entry.headline
            else:
                title = (
                    highlight(getattr(entry, source.title_field), words)
                    if source.title_field
                    else None
                )
                snippet = highlight(plain_body(entry, source), words, SNIPPET_WORDS)
            found[kind, entry.pk] = Result(
                kind=kind,
                label=source.label,
                title=marked(title) if title is not None else escape(str(entry.title)),
                url=entry.get_absolute_url(),
                snippet=marked(snippet),
                detail=entry.search_detail(),
            )
    return [found[kind, pk] for kind, pk, *ranking in rows if (kind, pk) in found]


def headlines(source, query):
    body = [F(field) for field in source.body_fields]
    if len(body) > 1:
        body = [Concat(body[0], Value("\n"), *body[1:], output_field=TextField())]
    marks = {"config": CONFIG, "start_sel": START, "stop_sel": STOP}
    annotations = {
        "headline": SearchHeadline(
            body[0],
            query,
            max_words=SNIPPET_WORDS,
            min_words=SNIPPET_WORDS // 2,
            max_fragments=2,
            fragment_delimiter=" … ",
            **marks,
        )
    }
    if source.title_field:
        annotations["title_headline"] = SearchHeadline(
            F(source.title_field), query, highlight_all=True, **marks
        )
    return annotations
