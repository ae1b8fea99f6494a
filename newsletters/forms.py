from django.forms.models import BaseInlineFormSet


class IssueItemFormSet(BaseInlineFormSet):
    """A section of an issue, refused if the issue as saved would go out pointing at drafts.

    self.instance is the issue with the status and publication date of the form being saved.
    """

    def clean(self):
        super().clean()
        entries = [
            form.cleaned_data["entry"]
            for form in self.forms
            if form.cleaned_data.get("entry") and not form.cleaned_data.get("DELETE")
        ]
        self.instance.clean_publication(entries)
