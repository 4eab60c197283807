"""Staff API routes: bearer tokens of active program staff only; filters, detail, CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.services import api_token_create, api_token_revoke
from lcpa.api.tests.conftest import ApiWorld, bearer, submit
from lcpa.intake.models import InterestRegistration

STAFF_URLS = [
    "/api/v1/registrations",
    "/api/v1/registrations/export.csv",
    "/api/v1/registrations/{pk}",
]


def urls(world: ApiWorld) -> list[str]:
    return [url.format(pk=world.followed_up.pk) for url in STAFF_URLS]


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_an_anonymous_caller_gets_401_on_every_staff_route(client, world):
    for url in urls(world):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response.json() == {"detail": "Unauthorized"}


def test_an_unknown_or_malformed_token_gets_401(client, world):
    for header in [
        "Bearer lcpa_not-a-token",
        "Bearer not-even-our-format",
        "Bearer ",
        "Bearer " + world.staff_token + "x",
        "Token " + world.staff_token,
        world.staff_token,
    ]:
        response = client.get("/api/v1/registrations", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_a_staff_token_reads_registrations_and_records_its_use(client, world):
    token = ApiToken.objects.get(user=world.cast.staff)
    assert token.last_used_at is None

    response = client.get("/api/v1/registrations", headers=bearer(world.staff_token))

    assert response.status_code == 200
    assert response.json()["count"] == 2
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_stops_working_at_once(client, world):
    headers = bearer(world.staff_token)
    assert client.get("/api/v1/registrations", headers=headers).status_code == 200

    api_token_revoke(token=ApiToken.objects.get(user=world.cast.staff), by=world.cast.staff)

    for url in urls(world):
        assert client.get(url, headers=headers).status_code == 401


def test_a_token_of_someone_who_is_not_program_staff_is_forbidden(client, world):
    for url in urls(world):
        response = client.get(url, headers=bearer(world.member_token))
        assert response.status_code == 403, url
        assert response.json() == {"detail": "This token's owner is not program staff."}


def test_a_token_of_a_deactivated_staff_member_is_forbidden(client, world):
    User.objects.filter(pk=world.cast.staff.pk).update(is_active=False)

    response = client.get("/api/v1/registrations", headers=bearer(world.staff_token))

    assert response.status_code == 403


def test_a_staff_token_is_forbidden_while_its_owner_has_no_authenticator_app(client, world):
    Authenticator.objects.filter(user=world.cast.staff).delete()

    response = client.get("/api/v1/registrations", headers=bearer(world.staff_token))

    assert response.status_code == 403
    assert "authenticator app" in response.json()["detail"]


def test_a_signed_in_staff_session_is_not_enough_without_a_token(client, world):
    client.force_login(world.cast.staff)

    assert client.get("/api/v1/registrations").status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", {"Northampton", "Eugene"}),
        ("status=in_conversation", {"Northampton"}),
        ("status=new", {"Eugene"}),
        ("state=or", {"Eugene"}),
        ("learning_community=crisis-systems", {"Northampton", "Eugene"}),
        ("learning_community=traffic-safety", set()),
        ("overdue=true", {"Eugene"}),
        ("search=northampton", {"Northampton"}),
        ("search=casey@eugene", {"Eugene"}),
        ("search=finn@amherst.example", {"Northampton", "Eugene"}),
    ],
)
def test_it_filters_the_registration_list(client, world, query, expected):
    headers = bearer(world.staff_token)

    listed = client.get(f"/api/v1/registrations?{query}", headers=headers)
    exported = client.get(f"/api/v1/registrations/export.csv?{query}", headers=headers)

    assert {r["jurisdiction_name"] for r in listed.json()["items"]} == expected
    assert listed.json()["count"] == len(expected)
    assert {row["jurisdiction"] for row in csv_rows(exported)} == expected


def test_it_marks_overdue_registrations(client, world):
    response = client.get("/api/v1/registrations", headers=bearer(world.staff_token))

    overdue = {r["jurisdiction_name"]: r["is_overdue"] for r in response.json()["items"]}
    assert overdue == {"Northampton": False, "Eugene": True}


def test_it_pages_the_registration_list(client, world):
    headers = bearer(world.staff_token)

    first = client.get("/api/v1/registrations?page_size=1", headers=headers).json()
    second = client.get("/api/v1/registrations?page_size=1&page=2", headers=headers).json()
    beyond = client.get("/api/v1/registrations?page_size=1&page=3", headers=headers).json()

    assert first["count"] == second["count"] == 2
    assert [r["jurisdiction_name"] for r in first["items"]] == ["Northampton"]  # newest first
    assert [r["jurisdiction_name"] for r in second["items"]] == ["Eugene"]
    assert beyond["items"] == []


def test_a_page_number_too_large_for_the_database_is_a_422_not_a_server_error(client, world):
    headers = bearer(world.staff_token)

    last = client.get("/api/v1/registrations?page=1000000", headers=headers)
    response = client.get("/api/v1/registrations?page=350417036221028800", headers=headers)

    assert last.status_code == 200
    assert last.json() == {"items": [], "count": 2}
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "page"]


def test_it_rejects_an_unknown_status_filter_with_422(client, world):
    response = client.get("/api/v1/registrations?status=lost", headers=bearer(world.staff_token))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "status"]


def test_it_shows_a_registration_with_members_and_follow_ups(client, world):
    response = client.get(
        f"/api/v1/registrations/{world.followed_up.pk}", headers=bearer(world.staff_token)
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "in_conversation"
    assert [m["name"] for m in body["members"]] == ["Dana Data", "Finn Fire", "Bo Health"]
    assert body["members"][0]["role"] == "data_coordinator"
    assert len(body["follow_ups"]) == 1
    follow_up = body["follow_ups"][0]
    assert follow_up["kind"] == "call"
    assert follow_up["status_from"] == "new"
    assert follow_up["recorded_by"] == "staff@test.example"


def test_it_answers_404_for_an_unknown_registration(client, world):
    response = client.get("/api/v1/registrations/999999", headers=bearer(world.staff_token))

    assert response.status_code == 404


def test_the_export_is_a_csv_download(client, world, settings):
    settings.SITE_URL = "https://lcpa.example.org:8443"
    response = client.get("/api/v1/registrations/export.csv", headers=bearer(world.staff_token))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    rows = csv_rows(response)
    assert {row["contact_email"] for row in rows} == {
        "casey@northampton.example",
        "casey@eugene.example",
    }
    staff_pages = "https://lcpa.example.org:8443/staff/registrations/"
    assert {row["staff_url"] for row in rows} == {
        f"{staff_pages}{pk}/" for pk in InterestRegistration.objects.values_list("pk", flat=True)
    }


def test_the_list_costs_the_same_queries_however_many_registrations_there_are(client, world):
    headers = bearer(world.staff_token)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/registrations", headers=headers)
    for number in range(6):
        submit(
            world.cast,
            name=f"Town{number}",
            state="NY",
            submitted_at=timezone.now() - timedelta(days=number + 2),
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/registrations", headers=headers)
    assert response.json()["count"] == 8
    assert len(many) == len(few)


def test_a_new_token_works_straight_away(client, world):
    _, raw = api_token_create(user=world.cast.staff, name="Another")

    assert client.get("/api/v1/registrations", headers=bearer(raw)).status_code == 200
    assert InterestRegistration.objects.count() == 2
