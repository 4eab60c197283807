"""The private status page and the confirmation page, reached only with the status token.

`register` returns the registration and the raw token of its status link (which only the
registrant gets: the database keeps a digest)."""

import uuid

import pytest

from lcpa.intake.models import FollowUp, InterestRegistration
from lcpa.intake.services import followup_record, registration_email_send, registration_submit
from lcpa.intake.tests.registration_data import CRISIS_TEAM, member
from lcpa.testing import make_staff, make_user

pytestmark = pytest.mark.django_db


def register(communities, name: str, *, slug: str = "crisis-systems", **extra):
    team = [
        *CRISIS_TEAM,
        member(f"{name} Person", "transportation", "other", email=f"x@{name}.example"),
    ]
    result = registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name=name,
        state="WA",
        jurisdiction_kind="city",
        population=75_000,
        learning_communities=[communities[slug]],
        goals=f"Goals of {name}",
        stage="piloting",
        preferred_start="year",
        contact_name=f"Contact of {name}",
        contact_email=f"contact@{name.lower()}.example",
        contact_phone="425-555-0100",
        members=team,
        **extra,
    )
    return result.registration, result.status_token


def status_url(token: str) -> str:
    return f"/registration/{token}/"


def text(response) -> str:
    return response.content.decode()


def test_the_status_page_says_where_the_registration_stands(client, communities):
    registration, token = register(communities, "Redmond")

    response = client.get(f"/registration/{token}/")

    assert response.status_code == 200
    html = text(response)
    assert "Received. Program staff have not contacted you yet." in html
    assert "What happens next:" in html
    assert "Redmond, Washington" in html
    assert "Crisis Systems" in html
    assert f"{registration.created_at:%B} {registration.created_at.day}" in html
    assert "not confirmation of a place in a cohort" in html


def test_the_status_page_is_kept_out_of_search_engines_and_caches(client, communities):
    registration, token = register(communities, "Redmond")

    response = client.get(status_url(token))

    assert '<meta name="robots" content="noindex">' in text(response)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (InterestRegistration.Status.CONTACTED, "Program staff have contacted you."),
        (InterestRegistration.Status.IN_CONVERSATION, "talking about taking part"),
        (InterestRegistration.Status.INVITED, "invited to join a cohort"),
        (InterestRegistration.Status.ENROLLED, "enrolled in a cohort"),
        (InterestRegistration.Status.WAITLISTED, "on the waiting list"),
        (InterestRegistration.Status.DECLINED, "cannot offer your team a place"),
        (InterestRegistration.Status.WITHDRAWN, "was withdrawn"),
    ],
)
def test_every_status_has_plain_words(client, communities, status, words):
    registration, token = register(communities, "Redmond")
    InterestRegistration.objects.filter(pk=registration.pk).update(status=status)

    assert words in text(client.get(status_url(token)))


def test_the_status_page_shows_no_staff_notes_or_contact_details(client, communities):
    registration, token = register(communities, "Redmond")
    FollowUp.objects.create(
        registration=registration,
        kind=FollowUp.Kind.NOTE,
        summary="Internal: budget looks shaky",
        status_from="new",
        status_to="contacted",
        recorded_by=make_staff(),
    )

    html = text(client.get(status_url(token)))

    assert "budget looks shaky" not in html
    assert "contact@redmond.example" not in html
    assert "dana@amherst.example" not in html


def test_the_status_page_for_one_registration_shows_nothing_of_another(client, communities):
    mine, mine_token = register(communities, "Redmond")
    theirs, theirs_token = register(communities, "Sacramento", slug="traffic-safety")

    html = text(client.get(status_url(mine_token)))

    assert "Sacramento" not in html
    assert "Contact of Sacramento" not in html
    assert "Policing Alternatives to Traffic Safety" not in html
    assert theirs_token not in html


def test_a_merged_registration_says_so_without_showing_the_other(client, communities):
    kept, kept_token = register(communities, "Sacramento")
    merged, merged_token = register(communities, "Redmond")
    InterestRegistration.objects.filter(pk=merged.pk).update(merged_into=kept)

    html = text(client.get(status_url(merged_token)))

    assert "merged into another registration" in html
    assert "Program staff will contact you about it." in html
    assert "Sacramento" not in html
    assert kept_token not in html
    assert f"/registration/{kept_token}" not in html


@pytest.mark.parametrize(
    "token",
    ["unknown", "x" * 43, "a" * 500, "%00", "' OR 1=1 --", "3f2c8a9e-0000-4000-8000-000000000000"],
)
def test_an_unknown_token_is_not_found(client, communities, token):
    register(communities, "Redmond")

    assert client.get(f"/registration/{token}/").status_code == 404
    assert client.get(f"/register-interest/thanks/{token}/").status_code == 404


def test_the_submission_key_is_not_a_status_token(client, communities):
    key = uuid.uuid4()
    registration_submit(
        submission_key=key,
        jurisdiction_name="Redmond",
        state="WA",
        jurisdiction_kind="city",
        population=1,
        learning_communities=[communities["crisis-systems"]],
        goals="g",
        stage="piloting",
        preferred_start="year",
        contact_name="c",
        contact_email="c@example.org",
        members=CRISIS_TEAM,
    )

    assert client.get(f"/registration/{key}/").status_code == 404


def test_status_tokens_are_long_and_different(communities):
    tokens = {register(communities, f"Town{n}")[1] for n in range(5)}

    assert len(tokens) == 5
    assert all(len(token) >= 40 for token in tokens)


@pytest.mark.parametrize("who", ["anonymous", "participant", "staff"])
def test_the_token_alone_decides_who_sees_the_status(client, communities, who):
    registration, token = register(communities, "Redmond")
    if who == "participant":
        client.force_login(make_user("outsider@test.example"))
    elif who == "staff":
        client.force_login(make_staff())

    assert client.get(status_url(token)).status_code == 200
    assert client.get("/registration/not-the-token/").status_code == 404


def test_the_confirmation_page_summarises_what_was_sent(client, communities, settings):
    settings.SITE_URL = "https://lcpa.example.org"
    registration, token = register(communities, "Redmond")

    response = client.get(f"/register-interest/thanks/{token}/")

    assert response.status_code == 200
    html = text(response)
    assert '<meta name="robots" content="noindex">' in html
    assert "not confirmation of a place in a cohort" in html
    assert f"https://lcpa.example.org/registration/{token}/" in html
    assert "Goals of Redmond" in html
    assert "Frank Fire" in html
    assert "Contact of Redmond" in html
    date_words = registration.follow_up_due_on.strftime("%B")
    assert date_words in html


def test_the_status_pages_only_answer_get(client, communities):
    registration, token = register(communities, "Redmond")

    assert client.post(status_url(token)).status_code == 405
    assert client.post(f"/register-interest/thanks/{token}/").status_code == (405)


def test_the_status_page_repeats_the_promised_contact_date(client, communities):
    registration, token = register(communities, "Redmond")
    due = registration.follow_up_due_on

    html = text(client.get(status_url(token)))

    assert due is not None
    assert f"Program staff will contact you by <strong>{due:%A, %B} {due.day}, {due.year}" in html


def test_a_closed_registration_promises_no_contact_date(client, communities):
    registration, token = register(communities, "Redmond")
    InterestRegistration.objects.filter(pk=registration.pk).update(
        status=InterestRegistration.Status.DECLINED
    )

    assert "Program staff will contact you by" not in text(client.get(status_url(token)))


def test_the_history_shows_what_concerns_the_registrant_and_no_staff_notes(client, communities):
    registration, token = register(communities, "Redmond")
    staff = make_staff()
    registration_email_send(
        registration=registration,
        by=staff,
        subject="Dates for the spring cohort",
        body="Hello, here are the dates.",
    )
    followup_record(
        registration=registration,
        by=staff,
        kind=FollowUp.Kind.CALL,
        summary="Chief sounded unsure about the budget.",
        status_to=InterestRegistration.Status.IN_CONVERSATION,
    )
    followup_record(
        registration=registration,
        by=staff,
        kind=FollowUp.Kind.NOTE,
        summary="Internal: compare with Tacoma before inviting.",
        status_to=InterestRegistration.Status.INVITED,
    )
    followup_record(
        registration=registration,
        by=staff,
        kind=FollowUp.Kind.NOTE,
        summary="Enrolled in Cohort 5 as Redmond team.",
        status_to=InterestRegistration.Status.ENROLLED,
    )

    html = text(client.get(status_url(token)))

    events = [
        "Your team was enrolled in a cohort.",
        "Your team was invited to join a cohort.",
        "Program staff phoned you.",
        "Program staff emailed the primary contact.",
        "You registered your team&#x27;s interest.",
    ]
    positions = [html.index(event) for event in events]
    assert positions == sorted(positions)  # newest first
    assert "Subject: Dates for the spring cohort" in html
    assert "here are the dates" not in html
    assert "Chief sounded unsure" not in html
    assert "compare with Tacoma" not in html
    assert "Cohort 5" not in html
    assert str(staff) not in html and staff.email not in html


def test_the_status_page_lists_the_team_and_links_to_changing_it(client, communities):
    registration, token = register(communities, "Redmond")

    html = text(client.get(status_url(token)))

    assert "Frank Fire, First-response representative (City of Amherst; Fire)" in html
    assert f'href="/registration/{token}/members/"' in html
