"""Search what the public may see: events, initiatives, resources, partners and issues.

On PostgreSQL, French full-text search: a « french_unaccent » configuration (unaccent, then the
French stemmer) makes « prevention » find « prévention » and « formations » find « formation ».
Each table keeps its weighted vector (A: title, B: text, C: details, the WEIGHTS below) in a
generated, GIN-indexed column, search_vector (migrations 0003 and 0004); results are ranked by
ts_rank and ts_headline writes the snippets. The query is read as a search engine would
(websearch_to_tsquery: "quoted phrase", or, -word).

Elsewhere (SQLite, the embedded default), a plainer match with the same page and the same
indifference to accents and case: every word of the query, folded (no accents, lower case) and
stripped of a plural « s » or « x », must occur in the folded text of the entry, through an SQL
function registered on each SQLite connection (pare/collation.py). Its limits: words match
inside longer words (« art » finds « partenaire »), there is no stemming beyond plurals
(« signal » does not find « signaux »), quotes and operators are ignored, a few French stop words
are dropped, and no index serves it: every published entry is read, which suits the small
databases SQLite serves.
"""

import functools
import operator
import re
from dataclasses import dataclass

from django import forms
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
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue
from pare import richtext
from pare.collation import Fold, fold
from pare.models import Organisation
from resources.models import Resource

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
    """One kind of entry the search reads, and how it weighs its fields."""

    kind: str
    label: str
    model: type
    weights: dict
    title_field: str | None = None
    related: tuple = ()

    @property
    def body_fields(self):
        return self.weights["B"]

    def stored_vector(self):
        """The vector PostgreSQL keeps up to date in the generated column of migration 0004."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        return RawSQL(f"{table}.search_vector", [], output_field=SearchVectorField())


# The same fields and weights as the columns of newsletters/migrations/0004_search_vector_columns.
SOURCES = (
    Source(
        "event",
        _("Événement"),
        Event,
        {"A": ("title",), "B": ("text",), "C": ("venue", "city", "online_details")},
        title_field="title",
        related=("department",),
    ),
    Source(
        "initiative",
        _("Initiative"),
        Initiative,
        {"A": ("title",), "B": ("text",), "C": ("social_account",)},
        title_field="title",
    ),
    Source(
        "resource",
        _("Ressource"),
        Resource,
        {"A": ("title",), "B": ("summary", "text"), "C": ("authors", "publisher")},
        title_field="title",
    ),
    Source(
        "organisation",
        _("Partenaire"),
        Organisation,
        {"A": ("name", "acronym"), "B": ("description",), "C": ("abroad",)},
        title_field="name",
        related=("department__region",),
    ),
    Source("issue", _("Numéro"), Issue, {"A": ("year",), "B": ("introduction",)}),
)
SOURCES_BY_KIND = {source.kind: source for source in SOURCES}


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


def matches(text):
    """Every public entry matching the query, best first: rows of (kind, pk, rank, date)."""
    if is_full_text():
        query = full_text_query(text)
        branches = [
            source.model.objects.published()
            .alias(document=source.stored_vector())
            .filter(document=query)
            .annotate(search_rank=SearchRank(source.stored_vector(), query, weights=RANK_WEIGHTS))
            for source in SOURCES
        ]
    else:
        words = terms(text)
        if not words:
            return []
        branches = []
        for source in SOURCES:
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
        for source, branch in zip(SOURCES, branches, strict=True)
    ]
    return (
        rows[0]
        .union(*rows[1:], all=True)
        .order_by("-search_rank", "-publish_at", "search_kind", "search_pk")
    )


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


def detail(kind, entry):
    """One line under the title: when, where or what."""
    if kind == "event":
        return ", ".join(part for part in (capfirst(entry.dates), entry.city) if part)
    if kind == "initiative":
        return capfirst(entry.date_label)
    if kind == "resource":
        return " — ".join(part for part in (entry.get_kind_display(), entry.authors) if part)
    if kind == "organisation":
        return entry.place
    return ""


def results(rows, text):
    """Turn one page of matches into results with their marked titles and snippets."""
    rows = list(rows)
    wanted = {}
    for kind, pk, *_rank in rows:
        wanted.setdefault(kind, []).append(pk)
    found = {}
    words = [] if is_full_text() else terms(text)
    for kind, pks in wanted.items():
        source = SOURCES_BY_KIND[kind]
        entries = source.model.objects.published().filter(pk__in=pks)
        if source.related:
            entries = entries.select_related(*source.related)
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
                detail=detail(kind, entry),
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
