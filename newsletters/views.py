from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from events.models import Event
from events.views import latest_past_events
from newsletters.models import Issue

HOME_EVENT_COUNT = 5
HOME_ISSUE_COUNT = 4  # the latest, then three cards


@require_GET
def home(request):
    issues = list(Issue.objects.published().with_counts()[:HOME_ISSUE_COUNT])
    latest, earlier = (issues[0], issues[1:]) if issues else (None, [])
    events = list(Event.objects.published().upcoming().with_related()[:HOME_EVENT_COUNT])
    return render(
        request,
        "newsletters/home.html",
        {
            "issue": latest,
            "earlier": earlier,
            "events": events,
            "latest_past": [] if events else latest_past_events(),
        },
    )


class IssueArchiveView(ListView):
    template_name = "newsletters/archive.html"
    context_object_name = "issues"

    def get_queryset(self):
        return Issue.objects.published().with_counts()


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
