import sys

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView
from django.views.static import serve

from pare import search
from pare.filters import OrganisationFilter
from pare.models import Organisation, OrganisationLink


class PreviewableDetailView(DetailView):
    """Show a public entry, or a draft to staff who may preview it (clearly marked)."""

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        return context


class FilteredListView(ListView):
    """A list narrowed by a FilterSet from the query string, paginated without ever failing.

    A page number that is not a number, or past the end, shows the nearest page and says so.
    """

    filterset_class = None
    paginate_by = settings.PAGE_SIZE

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET, queryset=super().get_queryset(), request=self.request
        )
        if not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter=self.filterset,
            page_message=self.page_message,
            query_without_page=query.urlencode(),
            result_count=context["paginator"].count,
        )
        return context


class OrganisationListView(FilteredListView):
    model = Organisation
    filterset_class = OrganisationFilter
    template_name = "organisations/index.html"
    paginate_by = 60

    def get_queryset(self):
        return super().get_queryset().published().select_related("department__region")


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
        return search.matches(self.query) if self.query else []

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.query,
            results=search.results(context["page_obj"].object_list, self.query),
        )
        return context


@require_GET
def health(request):
    """A short fixed answer through every middleware: for load balancers and benchmarks."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


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
