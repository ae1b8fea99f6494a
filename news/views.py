from news.filters import InitiativeFilter
from news.models import Initiative
from pare.views import FilteredListView, PreviewableDetailView


class InitiativeListView(FilteredListView):
    model = Initiative
    filterset_class = InitiativeFilter
    template_name = "news/index.html"

    def get_queryset(self):
        return super().get_queryset().published().with_related()


class InitiativeDetailView(PreviewableDetailView):
    model = Initiative
    template_name = "news/detail.html"

    def get_queryset(self):
        return super().get_queryset().with_related()
