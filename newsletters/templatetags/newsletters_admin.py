from django import template

from newsletters.models import Issue

register = template.Library()


@register.simple_tag(takes_context=True)
def issues_awaiting_review(context):
    """The draft issues editors marked ready, for those who may publish them."""
    if not context["request"].user.has_perm("newsletters.publish_issue"):
        return []
    return list(Issue.awaiting_review().order_by("ready_for_review_at"))
