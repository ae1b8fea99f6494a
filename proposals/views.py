"""« Proposer une information »: the public forms, and the link that confirms a proposal.

A proposal is refused, with a French page and a 4xx, when the request is too large, when its
client address or its e-mail address sent too many lately (counted in the shared cache, so the
limits hold on every process), when a field is invalid, or when the field robots fill is filled.
Nothing of a refused request is stored.
"""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from pare.security import client_ip
from pare.throttle import RateLimit
from proposals import tasks
from proposals.forms import FORMS
from proposals.models import CONFIRMATION_MAX_AGE, Kind, Proposal, State

HOUR, DAY = 60 * 60, 24 * 60 * 60


def refusal(request, reason, status, retry_after=None):
    context = {"reason": reason, "max_mb": settings.IMAGE_MAX_BYTES // (1024 * 1024)}
    response = render(request, "proposals/refused.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@require_GET
def index(request):
    return render(
        request,
        "proposals/index.html",
        {"kinds": Kind, "retention_days": settings.PROPOSAL_RETENTION_DAYS},
    )


@csrf_exempt  # checked by _propose, once the size of the request is known to be reasonable
@never_cache
@require_http_methods(["GET", "POST"])
def propose(request, kind):
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    if request.method == "POST":
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.PROPOSAL_MAX_REQUEST_BYTES:
            return refusal(request, "too_large", 413)
    return _propose(request, form_class)


@csrf_protect
def _propose(request, form_class):
    status = 200
    if request.method == "POST":
        per_address = RateLimit("proposal-address", settings.PROPOSALS_PER_ADDRESS_PER_HOUR, HOUR)
        if not per_address.hit(client_ip(request)):
            return refusal(request, "address", 429, retry_after=HOUR)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            per_email = RateLimit("proposal-email", settings.PROPOSALS_PER_EMAIL_PER_DAY, DAY)
            if not per_email.hit(form.cleaned_data["proposer_email"]):
                return refusal(request, "email", 429, retry_after=DAY)
            proposal = form.save()
            tasks.send_confirmation.enqueue(proposal.pk)
            tasks.schedule_housekeeping()
            return redirect("proposals:sent")
        status = 400
    else:
        form = form_class()
    return render(
        request,
        "proposals/form.html",
        {"form": form, "kind": form_class.kind, "retention_days": settings.PROPOSAL_RETENTION_DAYS},
        status=status,
    )


@require_GET
def sent(request):
    return render(request, "proposals/sent.html", {"max_age_days": CONFIRMATION_MAX_AGE.days})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """The link in the e-mail shows a page; its button (a POST) hands the proposal to staff."""
    try:
        proposal = Proposal.from_confirmation_token(token)
    except signing.SignatureExpired:
        return refusal(request, "expired", 400)
    except signing.BadSignature:
        return refusal(request, "invalid", 400)
    if request.method == "POST":
        proposal.confirm()
    return render(
        request,
        "proposals/confirm.html",
        {"proposal": proposal, "done": proposal.state != State.UNCONFIRMED},
    )
