"""What the newsletters tell entry pages, which do not know issues: where an entry appeared."""

from django import template

from newsletters.models import Issue

register = template.Library()


@register.simple_tag
def issues_showing(entry):
    """The published issues that show an entry, latest first (one query)."""
    return Issue.objects.published().filter(pk__in=entry.issue_items.values("issue"))
