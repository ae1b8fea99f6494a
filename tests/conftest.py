import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def count_queries(client):
    """Return a function that GETs a URL and returns (response, number of SQL queries)."""

    def get(url, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **kwargs)
        return response, len(queries)

    return get
