"""Subscribing and leaving without asking anyone: double opt-in, and one-click unsubscribe.

The answer to a subscription never says whether the address was known, in its words or in its
time: the view only checks the limits and queues the work (tasks.request_subscription). The
form is limited per client address and per destination domain, the confirmation e-mails to one
per mailbox and per day, so that it cannot be used to flood someone's mailbox.

Links in e-mails only show a page: confirming and unsubscribing take a POST (a button on the
page, with its CSRF token), so that mail scanners which open every link change nothing. Mail
clients unsubscribe by themselves (RFC 8058) at a second address, which acts only on a POST of
« List-Unsubscribe=One-Click » and needs no CSRF token: its signed token is the authentication.
"""

from django import forms
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from newsletters import email, tasks
from newsletters.forms import TerritoryForm
from newsletters.models import (
    CONFIRMATION_MAX_AGE,
    Subscriber,
    SubscriberStatus,
    SubscriptionEnded,
    SubscriptionSource,
)
from pare.security import client_ip
from pare.throttle import RateLimit

# The forms a reader may have used; an import is staff's doing, never a form's.
FORM_SOURCES = [
    (value, label)
    for value, label in SubscriptionSource.choices
    if value != SubscriptionSource.IMPORT
]


class SubscribeForm(TerritoryForm):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte de recevoir la lettre d'information par e-mail. Je peux me désinscrire à "
            "tout moment, d'un clic, par le lien présent dans chaque lettre."
        ),
        error_messages={"required": _("Cochez cette case pour recevoir la lettre.")},
    )
    source = forms.ChoiceField(choices=FORM_SOURCES, required=False, widget=forms.HiddenInput)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_source(self):
        return self.cleaned_data["source"] or SubscriptionSource.PAGE


REQUESTS_PER_ADDRESS = RateLimit("subscription-address", limit=10, period=60 * 60)
REQUESTS_PER_DOMAIN = RateLimit("subscription-domain", limit=50, period=60 * 60)


def bad_link(request, reason):
    """A link that was tampered with, has expired, or no longer applies: 400, said in French."""
    return render(
        request, "newsletters/subscriptions/bad_link.html", {"reason": reason}, status=400
    )


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            address = form.cleaned_data["email"]
            domain = address.rpartition("@")[2]
            if not (
                REQUESTS_PER_ADDRESS.hit(client_ip(request)) and REQUESTS_PER_DOMAIN.hit(domain)
            ):
                return render(request, "newsletters/subscriptions/limited.html", status=429)
            tasks.request_subscription.enqueue(
                address,
                form.cleaned_data["source"],
                form.cleaned_data["regions"],
                form.cleaned_data["departments"],
            )
            return redirect("subscriptions:sent")
    else:
        source = request.GET.get("source", "")
        form = SubscribeForm(initial={"source": source if source in dict(FORM_SOURCES) else ""})
    return render(request, "newsletters/subscriptions/subscribe.html", {"form": form})


@require_GET
def subscribe_sent(request):
    return render(
        request,
        "newsletters/subscriptions/sent.html",
        {"max_age_days": CONFIRMATION_MAX_AGE.days},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscriber = Subscriber.from_confirmation_token(token)
    except signing.SignatureExpired:
        return bad_link(request, "expired")
    except signing.BadSignature:
        return bad_link(request, "invalid")
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return bad_link(request, "unsubscribed")
    if request.method == "POST":
        subscriber.confirm()
    return render(
        request,
        "newsletters/subscriptions/confirm.html",
        {"subscriber": subscriber, "done": subscriber.status == SubscriberStatus.CONFIRMED},
    )


def _unsubscribing(request, token):
    """(subscriber, None), or (None, the page to answer with) for a test or a bad link."""
    if token == email.TEST_TOKEN:
        page = render(request, "newsletters/subscriptions/unsubscribe.html", {"test": True})
        return None, page
    try:
        return Subscriber.from_unsubscribe_token(token), None
    except SubscriptionEnded:
        return None, bad_link(request, "ended")
    except signing.BadSignature:
        return None, bad_link(request, "invalid")


def _unsubscribed(request, subscriber):
    subscriber.unsubscribe()
    return render(
        request,
        "newsletters/subscriptions/unsubscribe.html",
        {"subscriber": subscriber, "done": True},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The page of the e-mail's link: it asks, and its own button (a form) unsubscribes."""
    subscriber, page = _unsubscribing(request, token)
    if page is not None:
        return page
    if request.method == "POST":
        return _unsubscribed(request, subscriber)
    context = {"subscriber": subscriber, "token": token}
    return render(request, "newsletters/subscriptions/unsubscribe.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_one_click(request, token):
    """RFC 8058: the List-Unsubscribe address, for mail clients; a person opening it is asked."""
    if request.method == "GET":
        return redirect("subscriptions:unsubscribe", token=token)
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return render(
            request,
            "newsletters/subscriptions/unsubscribe.html",
            {"not_one_click": True},
            status=400,
        )
    subscriber, page = _unsubscribing(request, token)
    return page if page is not None else _unsubscribed(request, subscriber)


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request, token):
    """The territory a subscriber's e-mail puts first, from the signed link in every e-mail."""
    if token == email.TEST_TOKEN:
        return render(request, "newsletters/subscriptions/preferences.html", {"test": True})
    try:
        subscriber = Subscriber.from_preferences_token(token)
    except signing.BadSignature:
        return bad_link(request, "invalid")
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return bad_link(request, "unsubscribed")
    saved = False
    if request.method == "POST":
        form = TerritoryForm(request.POST)
        if form.is_valid():
            form.save_to(subscriber)
            saved = True
        else:
            return render(
                request,
                "newsletters/subscriptions/preferences.html",
                {"subscriber": subscriber, "form": form},
                status=400,
            )
    form = TerritoryForm(initial=TerritoryForm.initial_for(subscriber))
    return render(
        request,
        "newsletters/subscriptions/preferences.html",
        {"subscriber": subscriber, "form": form, "saved": saved},
    )
