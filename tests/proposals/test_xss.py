"""XSS payloads in every text field of a proposal stay inert where it is shown before approval."""

import html

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from proposals.models import Proposal, State
from tests.pare.html import active_content
from tests.pare.test_xss import PAYLOADS, check_html, hostile
from tests.proposals.helpers import make_proposal, png


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_inert_on_the_confirmation_page_and_in_the_admin(client, payload):
    proposal = make_proposal(
        state=State.UNCONFIRMED,
        **hostile(Proposal, payload),
        image=png(),
        image_format="PNG",
    )
    confirm = client.get(f"/proposer/confirmation/{proposal.confirmation_token()}/")
    assert check_html(confirm, payload) == []
    assert payload.splitlines()[0][:20] in html.unescape(confirm.text)

    client.post(f"/proposer/confirmation/{proposal.confirmation_token()}/")
    client.force_login(User.objects.create_superuser("admin@example.org"))
    for url in (
        reverse("admin:proposals_proposal_changelist"),
        reverse("admin:proposals_proposal_change", args=[proposal.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert active_content(page) == []
        assert "<svg onload" not in page.text and "<img src=x" not in page.text
        assert "<iframe" not in page.text and "<style>*" not in page.text
