from django.urls import path

from newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("", views.IssueArchiveView.as_view(), name="archive"),
    path("<int:year>/t<int:quarter>/", views.issue_detail, name="detail"),
]
