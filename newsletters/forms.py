from pare.admin import PublicationFormSet


class IssueItemFormSet(PublicationFormSet):
    """A section of an issue, refused if the issue as saved would go out pointing at drafts."""

    checked_field = "entry"
