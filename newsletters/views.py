from django.db.models import F
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from events.models import Event
from news.models import Initiative
from newsletters import search
from newsletters.models import SECTION_SUBTITLES, Issue, Section
from pare.views import FilteredListView
from resources.models import Resource

HOME_EVENT_COUNT = 5


def section_entries(model, issue, user):
    """One section's entries of an issue, in the order staff set, as this reader may see them."""
    return (
        model.objects.visible_to(user)
        .with_related()
        .filter(issue_items__issue=issue)
        .annotate(issue_position=F("issue_items__position"), issue_item=F("issue_items__pk"))
        .order_by("issue_position", "issue_item")
    )


def issue_sections(issue, user):
    return [
        {
            "slug": section.value,
            "title": section.label,
            "subtitle": SECTION_SUBTITLES[section],
            "entries": section_entries(model, issue, user),
        }
        for section, model in (
            (Section.AGENDA, Event),
            (Section.NEWS, Initiative),
            (Section.RESOURCES, Resource),
        )
    ]


@require_GET
def home(request):
    latest = Issue.objects.published().latest_first().first()
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
        return Issue.objects.published().latest_first()


@require_GET
def issue_detail(request, year, quarter):
    issue = get_object_or_404(Issue.objects.visible_to(request.user), year=year, quarter=quarter)
    sections = issue_sections(issue, request.user)
    return render(
        request,
        "newsletters/detail.html",
        {"issue": issue, "sections": sections, "is_preview": not issue.is_public},
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
