from django.urls import path

from newsletters import subscription_views

app_name = "subscriptions"
urlpatterns = [
    path("inscription/", subscription_views.subscribe, name="subscribe"),
    path("inscription/envoyee/", subscription_views.subscribe_sent, name="sent"),
    path("confirmation/<str:token>/", subscription_views.confirm, name="confirm"),
    path("desinscription/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path(
        "desinscription/<str:token>/un-clic/",
        subscription_views.unsubscribe_one_click,
        name="unsubscribe_one_click",
    ),
    path("preferences/<str:token>/", subscription_views.preferences, name="preferences"),
]
