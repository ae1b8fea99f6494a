from django.urls import path

from newsletters import subscriptions

app_name = "subscriptions"
urlpatterns = [
    path("inscription/", subscriptions.subscribe, name="subscribe"),
    path("inscription/envoyee/", subscriptions.subscribe_sent, name="sent"),
    path("confirmation/<str:token>/", subscriptions.confirm, name="confirm"),
    path("desinscription/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
]
