from django.urls import path

from newsletters import views
from newsletters.feeds import IssueFeed

app_name = "newsletters"
urlpatterns = [
    path("", views.IssueArchiveView.as_view(), name="archive"),
    path("flux.xml", IssueFeed(), name="feed"),
    path("<int:year>/t<int:quarter>/", views.issue_detail, name="detail"),
    path("<int:year>/t<int:quarter>/lettre/", views.from_email, name="from_email"),
    path("lien/<str:token>/", views.email_link, name="link"),
]
