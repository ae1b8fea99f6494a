import sys

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.utils.crypto import get_random_string
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView
from django.views.static import serve

from pare import maps, search
from pare.filters import OrganisationFilter, form_query
from pare.models import Organisation, OrganisationLink, Page


class PreviewableDetailView(DetailView):
    """Show a public entry, or a draft to staff who may preview it (clearly marked)."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        return context


class BoundedPaginator(Paginator):
    """A paginator that counts no further than limit: « plus de 1 000 résultats ».

    Counting ten years of entries costs as much as listing them; past the limit, the last
    pages are out of reach and narrowing the filters finds what they held.
    """

    limit = 1000

    @cached_property
    def count(self):
        found = self.object_list[: self.limit + 1]
        found = len(found) if isinstance(found, list | tuple) else found.count()
        self.is_capped = found > self.limit
        return min(found, self.limit)

    @property
    def capped_count(self):
        """The count as read: « 1 000 » when there are more."""
        return number_format(self.count, force_grouping=True) if self.is_capped else ""


class FilteredListView(ListView):
    """A list narrowed by a FilterSet from the query string, paginated without ever failing.

    A page number that is not a number, or past the end, shows the nearest page and says so.
    """

    filterset_class = None
    paginate_by = settings.PAGE_SIZE
    paginator_class = BoundedPaginator

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=super().get_queryset(), request=self.request
        )
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = self.paginator_class(queryset, page_size)
        requested = self.request.GET.get("page", "1")
        page = paginator.get_page(requested)
        self.page_message = ""
        if requested != str(page.number) and "page" in self.request.GET:
            self.page_message = _(
                "La page « %(requested)s » n'existe pas : voici la page %(page)s."
            ) % {
                "requested": requested[:20],
                "page": page.number,
            }
        return paginator, page, page.object_list, page.has_other_pages()

    def cleaned(self, name):
        """A filter's value once checked, or None when it is absent or the filters are not valid."""
        return self.filterset.form.cleaned_data.get(name) if self.filterset.is_valid() else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = getattr(self.filterset, "form", self.filterset)
        context.update(
            filter=self.filterset,
            page_message=self.page_message,
            query_without_page=form_query(form, self.request.GET),
            result_count=context["paginator"].count,
            capped_count=context["paginator"].capped_count,
        )
        return context


class OrganisationListView(FilteredListView):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "organisations/index.html"
    paginate_by = 60

    def get_queryset(self):
        return super().get_queryset().published().select_related("department__region")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        chosen = self.cleaned("departement")
        context["map"] = maps.department_map(
            maps.counts_by_department(Organisation.objects.published()),
            url=lambda code: f"?departement={code}",
            label=lambda name, count: (
                ngettext(
                    "%(name)s : %(count)s partenaire", "%(name)s : %(count)s partenaires", count
                )
                % {"name": name, "count": count}
            ),
            current=chosen.code if chosen else "",
        )
        return context


class OrganisationDetailView(PreviewableDetailView):
    model = Organisation
    template_name = "organisations/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for model in apps.get_models():
            if issubclass(model, OrganisationLink):
                context.update(model.on_organisation_page(self.object))
        return context


class SearchView(FilteredListView):
    """Search the whole public site; a page number that makes no sense shows the nearest page."""

    template_name = "search/results.html"

    def get_queryset(self):
        # The form takes the place of the filter set: the shared templates read its errors.
        self.filterset = search.SearchForm(self.request.GET)
        self.query = self.filterset.cleaned_data["q"] if self.filterset.is_valid() else ""
        # Counted and paged from one bounded, ranked list: the query runs once.
        limit = self.paginator_class.limit + 1
        return search.best_matches(self.query, limit) if self.query else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query,
            results=search.results(context["page_obj"].object_list, self.query),
        )
        return context


@require_GET
def page(request, kind):
    """One of the pages the footer links to: legal notice, personal data, accessibility."""
    return render(request, "pages/detail.html", {"page": get_object_or_404(Page, kind=kind)})


@require_GET
def health(request):
    """A short fixed answer through every middleware: for load balancers and benchmarks."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def cache_is_reachable():
    """Whether the shared cache keeps what it is given: written, then read back."""
    key, token = "pare:readiness", get_random_string(12)
    cache.set(key, token, 10)
    return cache.get(key) == token


@never_cache
@require_GET
def readiness(request):
    """For load balancers: 503 unless the database and the cache both answer.

    /sante/ only says the process is alive; this also asks its peers, once per request.
    """
    checks = {_("base de données"): database_is_reachable(), _("cache"): cache_is_reachable()}
    lines = [f"{name} : {_('ok') if up else _('injoignable')}" for name, up in checks.items()]
    return HttpResponse(
        "\n".join(lines) + "\n",
        content_type="text/plain; charset=utf-8",
        status=200 if all(checks.values()) else 503,
    )


def database_unavailable(exception):
    """Whether an error means the database cannot be reached (down, restarting, cut off)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError | InterfaceError):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """The 500 handler; when the database is out of reach, a 503 page that needs none.

    Neither page touches the database: they are rendered without the request's context
    processors. Each request tries the database afresh (CONN_HEALTH_CHECKS), so the site
    comes back by itself as soon as the database does.
    """
    if database_unavailable(sys.exception()):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string(template_name))


def local_media(request, path):
    """An uploaded file, served by Django in local mode only (pare/urls.py)."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
