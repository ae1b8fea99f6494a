from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from events.models import Event
from newsletters import search
from newsletters.models import Issue
from pare.views import FilteredListView

HOME_EVENT_COUNT = 5


@require_GET
def home(request):
    latest = Issue.objects.published().first()
    return render(
        request,
        "newsletters/home.html",
        {
            "issue": latest,
            "events": Event.objects.published().upcoming().with_related()[:HOME_EVENT_COUNT],
        },
    )


class IssueArchiveView(ListView):
    template_name = "newsletters/archive.html"
    context_object_name = "issues"

    def get_queryset(self):
        return Issue.objects.published()


@require_GET
def issue_detail(request, year, quarter):
    issue = get_object_or_404(Issue.objects.visible_to(request.user), year=year, quarter=quarter)
    return render(
        request,
        "newsletters/detail.html",
        {
            "issue": issue,
            "sections": issue.sections(request.user),
            "is_preview": not issue.is_public,
        },
    )


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
