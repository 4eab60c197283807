from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_task_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "task_queue": "ok"}


@pytest.mark.django_db
def test_healthz_fails_when_the_task_queue_is_unreadable(client):
    with mock.patch(
        "lcpa.core.health.DBTaskResult.objects.exists", side_effect=RuntimeError("table missing")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["task_queue"] == "unreachable"


@pytest.mark.django_db
def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
