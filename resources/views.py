from pare.views import FilteredListView, PreviewableDetailView
from resources.filters import ResourceFilter
from resources.models import Resource


class ResourceListView(FilteredListView):
    model = Resource
    filterset_class = ResourceFilter
    template_name = "resources/index.html"

    def get_queryset(self):
        return super().get_queryset().published().with_related()


class ResourceDetailView(PreviewableDetailView):
    model = Resource
    template_name = "resources/detail.html"

    def get_queryset(self):
        return super().get_queryset().with_related()
