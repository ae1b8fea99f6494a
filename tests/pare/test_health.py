def test_health_answers_a_short_fixed_response_without_the_database(client):
    # No database access is allowed in this test: any query would raise.
    response = client.get("/sante/")
    assert response.status_code == 200
    assert response.content == b"ok"
