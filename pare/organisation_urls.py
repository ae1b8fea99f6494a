from django.urls import path

from pare import views

app_name = "organisations"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="index"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="detail"),
]
