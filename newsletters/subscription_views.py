"""Subscribing and leaving without asking anyone: double opt-in, and one-click unsubscribe.

The answer to a subscription never says whether the address was known. Links in e-mails only
show a page: confirming and unsubscribing take a POST (a button), so that mail scanners which
open every link change nothing. The unsubscribe address also takes the POST that mail clients
send by themselves (RFC 8058), without a CSRF token: its signed token is the authentication.
"""

from django import forms
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from newsletters import email, tasks
from newsletters.models import (
    CONFIRMATION_MAX_AGE,
    Subscriber,
    SubscriberStatus,
    SubscriptionSource,
)


class SubscribeForm(forms.Form):
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
    source = forms.ChoiceField(choices=SubscriptionSource, required=False, widget=forms.HiddenInput)

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_source(self):
        return self.cleaned_data["source"] or SubscriptionSource.PAGE


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
            subscriber = Subscriber.objects.request_subscription(
                form.cleaned_data["email"], form.cleaned_data["source"]
            )
            if subscriber is not None:
                tasks.send_confirmation.enqueue(subscriber.pk)
            return redirect("subscriptions:sent")
    else:
        source = request.GET.get("source", "")
        form = SubscribeForm(
            initial={"source": source if source in SubscriptionSource.values else ""}
        )
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


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if token == email.TEST_TOKEN:
        return render(request, "newsletters/subscriptions/unsubscribe.html", {"test": True})
    try:
        subscriber = Subscriber.from_unsubscribe_token(token)
    except signing.BadSignature:
        return bad_link(request, "invalid")
    if request.method == "POST":
        subscriber.unsubscribe()
    return render(
        request,
        "newsletters/subscriptions/unsubscribe.html",
        {"subscriber": subscriber, "done": subscriber.status == SubscriberStatus.UNSUBSCRIBED},
    )
