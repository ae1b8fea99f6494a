from django.urls import path

from proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.index, name="index"),
    path("envoyee/", views.sent, name="sent"),
    path("confirmation/<str:token>/", views.confirm, name="confirm"),
    path("<slug:kind>/", views.propose, name="propose"),
]
