import pytest

from proposals.models import Kind
from tests.proposals.helpers import event_data


@pytest.fixture
def propose(client, db):
    """POST a proposal (an event unless told otherwise); return the response."""

    def post(kind=Kind.EVENT, data=None, image=None, **extra):
        data = dict(event_data() if data is None else data)
        if image is not None:
            data["image_file"] = image
        return client.post(f"/proposer/{kind}/", data, **extra)

    return post
