from django.urls import path

from news import views

app_name = "news"
urlpatterns = [
    path("", views.InitiativeListView.as_view(), name="index"),
    path("<slug:slug>/", views.InitiativeDetailView.as_view(), name="detail"),
]
