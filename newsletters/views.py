from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from events.models import Event
from events.views import latest_past_events
from newsletters import reach
from newsletters.models import Issue, ReachKind

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


@require_GET
def from_email(request, year, quarter):
    """« Afficher dans le navigateur »: counted as an open of the e-mail, then the issue's page."""
    issue = get_object_or_404(Issue.objects.published(), year=year, quarter=quarter)
    if reach.should_count(request):
        reach.count(ReachKind.BROWSER, issue_id=issue.pk)
    return redirect(issue)


@require_GET
def email_link(request, token):
    """A link of the e-mail: one more on the day's total of (issue, link), then the link."""
    link = reach.read_link(token)
    if link is None:
        return render(
            request, "newsletters/subscriptions/bad_link.html", {"reason": "invalid"}, status=400
        )
    if reach.should_count(request):
        reach.count(ReachKind.CLICK, issue_id=link.issue_id, target=link.url)
    return HttpResponseRedirect(link.url)
