"""Every error under /api/ is JSON in the API's error shape, whoever produced it."""

from unittest import mock

import pytest

from lcpa.api.tests.conftest import ApiWorld, bearer
from lcpa.testing import Client


def assert_json_error(response, status: int, detail: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].split(";")[0] == "application/json"
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("debug", [False, True])
def test_a_path_the_api_does_not_match_answers_json_not_found(
    client, world: ApiWorld, settings, debug
):
    settings.DEBUG = debug  # with DEBUG on, Django's answer was its HTML debug page

    response = client.get("/api/v1/registrations/null,null", headers=bearer(world.staff_token))

    assert_json_error(response, 404, "Not Found")


def test_unknown_api_paths_answer_json_not_found(client, db):
    for path in ["/api/v1/nothing-here", "/api/v2/learning-communities", "/api/"]:
        assert_json_error(client.get(path), 404, "Not Found")


def test_a_missing_registration_is_ninjas_own_json_not_found(client, world: ApiWorld):
    response = client.get("/api/v1/registrations/999999", headers=bearer(world.staff_token))

    assert_json_error(response, 404, "Not Found")


def test_a_method_the_route_does_not_take_answers_json_with_allow(client, db):
    response = client.delete("/api/v1/learning-communities")

    assert_json_error(response, 405, "Method Not Allowed")
    assert response["Allow"] == "GET"


def test_an_unexpected_error_answers_json_server_error(db):
    client = Client(raise_request_exception=False)
    with mock.patch("lcpa.api.public._learning_communities", side_effect=RuntimeError("boom")):
        response = client.get("/api/v1/learning-communities")

    assert_json_error(response, 500, "Internal Server Error")
    assert "boom" not in response.content.decode()


def test_successful_answers_that_are_not_json_pass_untouched(client, world: ApiWorld):
    export = client.get("/api/v1/registrations/export.csv", headers=bearer(world.staff_token))
    docs = client.get("/api/v1/docs")

    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    assert docs.status_code == 200
    assert docs["Content-Type"].startswith("text/html")


def test_pages_outside_the_api_keep_the_html_not_found_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
