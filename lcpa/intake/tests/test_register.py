"""The public register-interest form: what a visitor sees, sends and gets back."""

import re
import uuid
from dataclasses import replace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lcpa.core.tokens import link_token_digest
from lcpa.curriculum.content import read_directory
from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole
from lcpa.curriculum.services import curriculum_load
from lcpa.intake import deadlines
from lcpa.intake.models import InterestRegistration, ProposedMember
from lcpa.intake.services import registration_submit
from lcpa.intake.tests.registration_data import (
    CLINICIAN,
    CRISIS_TEAM,
    DATA_COORDINATOR,
    FIREFIGHTER,
    REGISTER_URL,
    member,
    registration_post,
)
from lcpa.notifications.models import OutboundEmail
from lcpa.testing import forget_public_pages, make_staff, make_user

pytestmark = pytest.mark.django_db

NOT_A_CONFIRMATION = "not confirmation of a place in a cohort"


def page_text(response) -> str:
    return response.content.decode()


def error_summary(response) -> str:
    match = re.search(r'<div[^>]*id="error-summary".*?</ul>', page_text(response), re.S)
    assert match, "the page shows no error summary"
    return match.group(0)


def assert_nothing_stored() -> None:
    assert not InterestRegistration.objects.exists()
    assert not ProposedMember.objects.exists()
    assert not OutboundEmail.objects.exists()


# The empty form -------------------------------------------------------------------------------


def test_the_form_starts_with_three_empty_member_rows_and_says_it_is_not_a_confirmation(
    client, communities
):
    response = client.get(REGISTER_URL)

    assert response.status_code == 200
    html = page_text(response)
    assert html.count("data-member-row") == 3
    assert '<legend class="usa-legend usa-legend--large">Member <span data-member-number>1' in html
    assert 'name="members-TOTAL_FORMS" value="3"' in html
    assert NOT_A_CONFIRMATION in html
    assert "follow up with every team" in html
    for community in communities.values():
        assert community.name in html
    assert "Needs someone from behavioral health." in html


def test_the_form_carries_a_fresh_submission_key_each_time(client, communities):
    keys = [
        re.search(r'name="submission_key" value="([^"]+)"', page_text(client.get(REGISTER_URL)))[1]
        for _ in range(2)
    ]
    assert keys[0] != keys[1]
    assert all(uuid.UUID(key) for key in keys)


def test_a_form_sent_back_with_errors_never_reaches_the_next_visitors_fresh_form(
    client, communities
):
    client.get(REGISTER_URL)  # the fresh form's fields are now kept rendered
    data = registration_post([communities["crisis-systems"]], population="", state="OR")
    sent_back = page_text(client.post(REGISTER_URL, data))
    assert "Enter the approximate population of your jurisdiction." in sent_back
    assert '<option value="OR" selected>' in sent_back

    fresh = page_text(Client().get(REGISTER_URL))

    assert "usa-error-message" not in fresh
    assert 'value="Amherst"' not in fresh
    assert " selected>" not in fresh.replace('<option value="" selected>', "")
    assert data["submission_key"] not in fresh
    assert InterestRegistration.objects.count() == 0


def test_a_curriculum_change_reaches_the_cached_form(
    db, client, django_capture_on_commit_callbacks
):
    files = read_directory()
    curriculum_load(files=files)
    before = page_text(client.get(REGISTER_URL))  # the fresh form's fields are cached now
    renamed = [
        replace(file, spec=file.spec.model_copy(update={"name": f"Renamed {file.spec.name}"}))
        for file in files
    ]

    with django_capture_on_commit_callbacks(execute=True):
        curriculum_load(files=renamed)
    after = page_text(client.get(REGISTER_URL))

    assert "Renamed" not in before
    for file in files:
        assert f"Renamed {file.spec.name}" in after


def test_the_honeypot_field_is_hidden_labelled_and_out_of_the_tab_order(client, communities):
    html = page_text(client.get(REGISTER_URL))
    wrapper = r'<div class="lc-hidden-field" aria-hidden="true">.*?</div>'
    honeypot = re.search(wrapper, html, re.S)[0]
    assert "Leave this field empty" in honeypot
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_everyone_can_open_the_form(client, communities, who):
    if who == "member":
        client.force_login(make_user("someone@test.example"))
    elif who == "staff":
        client.force_login(make_staff())
    assert client.get(REGISTER_URL).status_code == 200


def test_the_form_page_query_count_does_not_grow_with_registrations_or_communities(
    client, communities
):
    client.get(REGISTER_URL)  # the first page also stores the public content's version
    forget_public_pages()
    with CaptureQueriesContext(connection) as few:
        assert client.get(REGISTER_URL).status_code == 200

    for number in range(6):
        LearningCommunity.objects.create(
            slug=f"extra-{number}",
            name=f"Extra community {number}",
            short_name=f"Extra {number}",
            tagline="More",
            purpose="More",
            who_should_join="More",
            implementing_sector=Sector.PUBLIC_HEALTH,
            position=10 + number,
        )
    for number in range(25):
        registration_submit(
            submission_key=uuid.uuid4(),
            jurisdiction_name=f"Town {number}",
            state="MA",
            jurisdiction_kind="city",
            population=1000 + number,
            learning_communities=[communities["crisis-systems"]],
            goals="Goals",
            stage="exploring",
            preferred_start="next",
            contact_name="Casey",
            contact_email="casey@town.example",
            members=CRISIS_TEAM,
        )
    assert InterestRegistration.objects.count() == 25
    forget_public_pages()  # communities written without curriculum_load: build the form afresh

    with CaptureQueriesContext(connection) as many:
        response = client.get(REGISTER_URL)
    assert "Extra community 5" in page_text(response)
    assert len(many) == len(few)


# A complete submission ------------------------------------------------------------------------


def test_a_complete_registration_is_stored_with_its_members_and_communities(client, communities):
    crisis = communities["crisis-systems"]
    response = client.post(REGISTER_URL, registration_post([crisis]))

    registration = InterestRegistration.objects.get()
    assert response.status_code == 302
    token = response["Location"].removeprefix("/register-interest/thanks/").removesuffix("/")
    assert registration.status_token_digest == link_token_digest(token)
    assert registration.jurisdiction_name == "Amherst"
    assert registration.state == "MA"
    assert registration.population == 39_263
    assert registration.status == InterestRegistration.Status.NEW
    assert list(registration.learning_communities.all()) == [crisis]
    assert [(m.name, m.sector, m.role, m.position) for m in registration.members.all()] == [
        ("Dana Data", Sector.PUBLIC_HEALTH, TeamRole.DATA_COORDINATOR, 1),
        ("Frank Fire", Sector.FIRE, TeamRole.FIRST_RESPONSE, 2),
        ("Bea Health", Sector.BEHAVIORAL_HEALTH, TeamRole.IMPLEMENTING_SECTOR, 3),
    ]
    submitted_on = timezone.localdate(registration.created_at)
    assert registration.follow_up_due_on == deadlines.follow_up_due_on(submitted_on)
    assert registration.follow_up_due_on > submitted_on


def test_the_confirmation_says_registering_is_not_a_place_in_a_cohort(client, communities):
    response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]]))

    confirmation = client.get(response["Location"])

    assert confirmation.status_code == 200
    html = page_text(confirmation)
    assert NOT_A_CONFIRMATION in html
    assert "Program staff follow up with every team" in html
    token = response["Location"].removeprefix("/register-interest/thanks/").removesuffix("/")
    assert f"/registration/{token}/" in html
    assert "Casey Contact" in html


def test_empty_member_rows_are_ignored(client, communities):
    rows = [DATA_COORDINATOR, {}, FIREFIGHTER, {}, CLINICIAN]
    client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], rows))

    assert InterestRegistration.objects.get().members.count() == 3


def test_a_double_click_stores_one_registration(client, communities):
    data = registration_post([communities["crisis-systems"]])

    first = client.post(REGISTER_URL, data)
    second = client.post(REGISTER_URL, data)

    assert InterestRegistration.objects.count() == 1
    assert ProposedMember.objects.count() == 3
    assert OutboundEmail.objects.count() == 2
    # The second answer cannot show the link again (only its digest is stored): it points to
    # the acknowledgement email (test_status_link_token.py).
    assert first.status_code == 302
    assert second.status_code == 200


def test_a_new_submission_key_is_a_new_registration(client, communities):
    crisis = communities["crisis-systems"]
    client.post(REGISTER_URL, registration_post([crisis]))
    client.post(REGISTER_URL, registration_post([crisis]))

    assert InterestRegistration.objects.count() == 2


def test_a_missing_or_tampered_submission_key_is_replaced_not_refused(client, communities):
    data = registration_post([communities["crisis-systems"]], submission_key="not-a-uuid")
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 302
    assert InterestRegistration.objects.count() == 1


# The team-composition rule, through the real form ---------------------------------------------


def assert_refused_with(response, message: str) -> None:
    assert response.status_code == 200
    assert message in error_summary(response)
    assert_nothing_stored()


def assert_typed_values_kept(response, members) -> None:
    html = page_text(response)
    assert 'value="Amherst"' in html
    assert 'value="39,263"' in html
    assert "Send clinicians, not officers, to mental health calls.</textarea>" in html
    assert 'value="casey@amherst.example"' in html
    for index, row in enumerate(members):
        assert f'name="members-{index}-name" value="{row["name"]}"' in html
        assert re.search(
            rf'name="members-{index}-sector".*?<option value="{row["sector"]}" selected>',
            html,
            re.S,
        )


def test_it_rejects_a_team_without_a_data_coordinator(client, communities):
    team = [FIREFIGHTER, CLINICIAN]
    response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], team))

    assert_refused_with(response, "Add a data coordinator")
    assert_typed_values_kept(response, team)


def test_it_rejects_a_first_response_role_held_by_someone_from_911_communications(
    client, communities
):
    dispatcher = member("Dee Dispatch", Sector.COMMUNICATIONS_911, TeamRole.FIRST_RESPONSE)
    team = [DATA_COORDINATOR, dispatcher, CLINICIAN]
    response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], team))

    assert_refused_with(response, "Add someone from a traditional first response")
    assert "law enforcement, fire or EMS" in error_summary(response)
    assert_typed_values_kept(response, team)


@pytest.mark.parametrize(
    ("slug", "sector_words", "wrong_sector"),
    [
        ("crisis-systems", "behavioral health", Sector.PUBLIC_HEALTH),
        ("traffic-safety", "transportation", Sector.LOCAL_GOVERNMENT),
        ("community-violence-intervention", "community violence intervention", Sector.OTHER),
        ("school-based-diversion", "education", Sector.BEHAVIORAL_HEALTH),
    ],
)
def test_each_learning_community_needs_someone_from_its_implementing_sector(
    client, communities, slug, sector_words, wrong_sector
):
    community = communities[slug]
    labelled_only = member("Ivy Imp", wrong_sector, TeamRole.IMPLEMENTING_SECTOR)
    team = [DATA_COORDINATOR, FIREFIGHTER, labelled_only]

    response = client.post(REGISTER_URL, registration_post([community], team))

    assert_refused_with(
        response,
        f"{community.name} needs someone from its implementing sector: add a member whose "
        f"organization’s sector is {sector_words}.",
    )
    assert_typed_values_kept(response, team)
    assert re.search(rf'value="{community.pk}"[^>]*checked', page_text(response))


def test_one_person_holding_every_role_is_not_a_team(client, communities):
    everything = member("Evan Every", Sector.LAW_ENFORCEMENT, TeamRole.DATA_COORDINATOR)
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], [everything])
    )

    assert_refused_with(response, "Crisis Systems needs someone from its implementing sector")
    assert_typed_values_kept(response, [everything])


def test_the_positions_must_be_held_by_two_different_people(client, communities):
    # A community whose implementing sector is also a first-response sector: one EMS data
    # coordinator covers every position alone.
    ems = LearningCommunity.objects.create(
        slug="ems-alternatives",
        name="EMS Alternatives",
        short_name="EMS",
        tagline="t",
        purpose="p",
        who_should_join="w",
        implementing_sector=Sector.EMS,
    )
    alone = member("Ann Alone", Sector.EMS, TeamRole.DATA_COORDINATOR)
    response = client.post(REGISTER_URL, registration_post([ems], [alone]))

    assert_refused_with(response, "held by at least two different people")
    assert_typed_values_kept(response, [alone])


def test_several_communities_at_once_each_name_their_missing_sector(client, communities):
    chosen = [
        communities["crisis-systems"],
        communities["traffic-safety"],
        communities["school-based-diversion"],
    ]
    response = client.post(REGISTER_URL, registration_post(chosen, CRISIS_TEAM))

    summary = error_summary(response)
    assert "Policing Alternatives to Traffic Safety needs someone" in summary
    assert "School-Based Diversion needs someone" in summary
    assert "Crisis Systems needs" not in summary
    assert_nothing_stored()
    assert_typed_values_kept(response, CRISIS_TEAM)


def test_a_complete_team_for_several_communities_is_accepted(client, communities):
    chosen = [communities["crisis-systems"], communities["school-based-diversion"]]
    teacher = member("Tia Teach", Sector.EDUCATION, TeamRole.OTHER)
    response = client.post(REGISTER_URL, registration_post(chosen, [*CRISIS_TEAM, teacher]))

    assert response.status_code == 302
    assert set(InterestRegistration.objects.get().learning_communities.all()) == set(chosen)


def test_it_asks_for_at_least_one_member(client, communities):
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], [{}, {}, {}])
    )

    assert_refused_with(response, "fill in at least one member")


def test_the_team_errors_link_to_the_team_section(client, communities):
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], [FIREFIGHTER, CLINICIAN])
    )
    assert '<a href="#team-members">Add a data coordinator' in error_summary(response)
    assert 'id="team-members"' in page_text(response)


# Field validation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message", "target"),
    [
        ({"contact_email": "not-an-email"}, "Enter the primary contact", "#id_contact_email"),
        ({"population": "about forty thousand"}, "whole number", "#id_population"),
        ({"population": "0"}, "at least 1", "#id_population"),
        ({"population": "999999999999"}, "100,000,000 or less", "#id_population"),
        ({"goals": "x" * 5000}, "4000 characters or fewer (you typed 5000)", "#id_goals"),
        ({"goals": ""}, "Tell us what your team wants to achieve.", "#id_goals"),
        ({"jurisdiction_name": "y" * 151}, "150 characters or fewer", "#id_jurisdiction_name"),
        ({"state": "ZZ"}, "Choose a state or territory from the list.", "#id_state"),
        ({"jurisdiction_kind": ""}, "Choose the kind of jurisdiction", "#id_jurisdiction_kind"),
        ({"stage": "dreaming"}, "Choose one of the stages listed.", "#id_stage_0"),
        ({"preferred_start": ""}, "Choose when your team", "#id_preferred_start_0"),
        ({"contact_phone": "call me maybe"}, "Enter a phone number", "#id_contact_phone"),
        ({"contact_name": "z" * 151}, "150 characters or fewer", "#id_contact_name"),
        ({"contact_name": "Ca\x00sey"}, "Null characters are not allowed.", "#id_contact_name"),
        ({"learning_communities": []}, "Choose at least one learning community.", "#id_learning"),
        ({"learning_communities": ["0"]}, "Choose learning communities", "#id_learning"),  # no pk 0
        ({"members-0-email": "dana-at-example"}, "Member 1: Enter the member", "#id_members-0"),
        ({"members-1-name": "n" * 151}, "Member 2: The member", "#id_members-1-name"),
        ({"members-2-organisation": "o" * 201}, "200 characters", "#id_members-2-organisation"),
        ({"members-0-role": "boss"}, "Member 1: Choose a team role", "#id_members-0-role"),
        ({"members-1-job_title": "j" * 151}, "A job title must be 150", "#id_members-1-job_title"),
    ],
)
def test_bad_input_gets_a_clear_error_linked_from_the_summary(
    client, communities, fields, message, target
):
    data = registration_post([communities["crisis-systems"]], **fields)
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    summary = error_summary(response)
    assert message in summary
    assert f'href="{target}' in summary
    assert 'role="alert"' in summary
    assert_nothing_stored()
    assert page_text(response).count("Error: Register") == 1  # in the page title


def test_errors_are_shown_beside_the_field_and_described_by_it(client, communities):
    data = registration_post([communities["crisis-systems"]], contact_email="nope")
    html = page_text(client.post(REGISTER_URL, data))

    assert '<span class="usa-error-message" id="id_contact_email_error">' in html
    field = re.search(r'<input type="email" name="contact_email"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in field
    assert "id_contact_email_error" in field
    assert "usa-input--error" in field
    assert 'value="nope"' in field


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 234 567", 1_234_567),
        ("45,000", 45_000),
        ("45 000", 45_000),
        ("45\u00a0000", 45_000),  # a no-break space, as some keyboards and pastes give
        (" 45000 ", 45_000),
        ("1,234,567", 1_234_567),
    ],
)
def test_a_population_with_separators_is_read_as_a_number(client, communities, typed, stored):
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], population=typed)
    )
    assert response.status_code == 302
    assert InterestRegistration.objects.get().population == stored


@pytest.mark.parametrize("typed", ["45.000", "4,50,00", "45,0000", "45 00", "45,000.5", "-45,000"])
def test_a_population_written_any_other_way_gets_an_error_that_shows_both_forms(
    client, communities, typed
):
    data = registration_post([communities["crisis-systems"]], population=typed)
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    message = "Enter the population as a whole number, for example 45,000 or 45000."
    assert message in error_summary(response)
    assert f'value="{typed}"' in page_text(response)  # what they typed is kept
    assert_nothing_stored()


def test_line_breaks_in_one_line_fields_become_spaces(client, communities):
    data = registration_post(
        [communities["crisis-systems"]], jurisdiction_name="Amherst\r\nBcc: x@evil.example"
    )
    client.post(REGISTER_URL, data)
    assert InterestRegistration.objects.get().jurisdiction_name == "Amherst Bcc: x@evil.example"


def test_a_goal_of_exactly_4000_characters_with_line_breaks_fits(client, communities):
    goals = ("a" * 99 + "\r\n") * 40  # 4,000 characters as the browser counts them
    client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], goals=goals))
    assert len(InterestRegistration.objects.get().goals) == 3999  # final line break stripped


def test_more_than_twenty_members_are_refused(client, communities):
    team = [*CRISIS_TEAM, *[member(f"Extra {n}", Sector.OTHER, TeamRole.OTHER) for n in range(18)]]
    response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], team))

    assert "List at most 20 members." in error_summary(response)
    assert_nothing_stored()


def test_twenty_members_are_accepted(client, communities):
    team = [*CRISIS_TEAM, *[member(f"Extra {n}", Sector.OTHER, TeamRole.OTHER) for n in range(17)]]
    response = client.post(REGISTER_URL, registration_post([communities["crisis-systems"]], team))

    assert response.status_code == 302
    assert ProposedMember.objects.count() == 20


def test_a_huge_row_count_is_refused_without_building_the_rows(client, communities):
    data = registration_post([communities["crisis-systems"]], **{"members-TOTAL_FORMS": "100000"})
    response = client.post(REGISTER_URL, data)

    assert "List at most 20 members." in error_summary(response)
    assert_nothing_stored()


def test_a_missing_management_form_is_an_error_not_a_crash(client, communities):
    data = registration_post([communities["crisis-systems"]])
    del data["members-TOTAL_FORMS"]
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    assert "The list of members was incomplete" in error_summary(response)
    assert_nothing_stored()


# XSS -----------------------------------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
TEXT_FIELDS = ["jurisdiction_name", "goals", "contact_name"]
MEMBER_TEXT_FIELDS = ["name", "organisation", "job_title"]


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
        in (html)
    )


def test_script_in_every_text_field_is_shown_as_text_when_the_form_has_errors(client, communities):
    fields = {name: XSS for name in TEXT_FIELDS}
    fields |= {f"members-0-{name}": XSS for name in MEMBER_TEXT_FIELDS}
    fields["contact_phone"] = XSS  # refused by validation, but shown back as typed
    fields["population"] = XSS
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], **fields)
    )

    html = page_text(response).replace("&#34;", "&quot;")
    assert_escaped(html)
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)") >= 8
    assert_nothing_stored()


def test_script_in_every_text_field_is_shown_as_text_on_the_confirmation_and_status_pages(
    client, communities
):
    fields = {name: XSS for name in TEXT_FIELDS}
    for index in range(3):
        fields |= {f"members-{index}-{name}": XSS for name in MEMBER_TEXT_FIELDS}
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], **fields)
    )
    registration = InterestRegistration.objects.get()
    assert registration.goals == XSS

    confirmation = page_text(client.get(response["Location"]))
    assert_escaped(confirmation)
    # jurisdiction, goals, contact, and three members' name, organisation and job title
    assert confirmation.count("&lt;script&gt;alert(&quot;x&quot;)") >= 3 + 9
    status_path = response["Location"].replace("/register-interest/thanks/", "/registration/")
    status = page_text(client.get(status_path))
    assert_escaped(status)


# Adding and removing members without JavaScript -----------------------------------------------


def test_add_another_member_without_javascript_keeps_what_was_typed_and_shows_four_rows(
    client, communities
):
    crisis = communities["crisis-systems"]
    data = registration_post([crisis], add_member="1", contact_email="not-yet-an-email")
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    html = page_text(response)
    assert html.count("data-member-row") == 4
    assert 'name="members-TOTAL_FORMS" value="4"' in html
    assert 'value="Amherst"' in html
    assert 'value="not-yet-an-email"' in html
    assert re.search(rf'value="{crisis.pk}"[^>]*checked', html)
    assert 'name="members-2-name" value="Bea Health"' in html
    assert re.search(r'name="members-3-name"[^>]*autofocus', html)
    assert data["submission_key"] in html
    # Pressing the button is not sending the form: no error messages, nothing stored.
    assert 'id="error-summary"' not in html
    assert "usa-error-message" not in html
    assert_nothing_stored()


def test_the_typed_data_survives_adding_a_row_and_can_then_be_sent(client, communities):
    crisis = communities["crisis-systems"]
    data = registration_post([crisis], add_member="1")
    client.post(REGISTER_URL, data)
    data.pop("add_member")
    data["members-TOTAL_FORMS"] = "4"
    data |= {
        f"members-3-{key}": value
        for key, value in member("Tom Teach", Sector.EDUCATION, TeamRole.OTHER).items()
    }

    response = client.post(REGISTER_URL, data)

    assert response.status_code == 302
    assert InterestRegistration.objects.get().members.count() == 4


def test_add_another_member_stops_at_twenty_rows(client, communities):
    team = [*CRISIS_TEAM, *[member(f"Extra {n}", Sector.OTHER, TeamRole.OTHER) for n in range(17)]]
    response = client.post(
        REGISTER_URL, registration_post([communities["crisis-systems"]], team, add_member="1")
    )

    html = page_text(response)
    assert html.count("data-member-row") == 20
    assert "the most this form takes" in html
    assert re.search(r'<button[^>]*name="add_member"[^>]*disabled', html, re.S)


def test_a_member_marked_for_removal_disappears_without_javascript(client, communities):
    extra = member("Rita Remove", Sector.OTHER, TeamRole.OTHER)
    team = [DATA_COORDINATOR, extra, FIREFIGHTER, CLINICIAN]
    data = registration_post([communities["crisis-systems"]], team, add_member="1")
    data["members-1-DELETE"] = "on"

    html = page_text(client.post(REGISTER_URL, data))

    assert "Rita Remove" not in html
    assert html.count("data-member-row") == 4  # three kept and one new
    assert 'name="members-1-name" value="Frank Fire"' in html

    data.pop("add_member")
    client.post(REGISTER_URL, data)
    stored = InterestRegistration.objects.get()
    assert [m.name for m in stored.members.all()] == ["Dana Data", "Frank Fire", "Bea Health"]


def test_removing_the_only_implementing_sector_member_is_checked_by_the_rule(client, communities):
    data = registration_post([communities["crisis-systems"]])
    data["members-2-DELETE"] = "on"

    response = client.post(REGISTER_URL, data)

    assert_refused_with(response, "Crisis Systems needs someone from its implementing sector")


# Spam and abuse -------------------------------------------------------------------------------


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client, communities):
    data = registration_post([communities["crisis-systems"]], website="http://spam.example")
    response = client.post(REGISTER_URL, data)

    assert response.status_code == 200
    assert "we received your registration" in page_text(response)
    assert_nothing_stored()


def test_the_rate_limit_refuses_a_registration_beyond_the_limit_and_keeps_what_was_typed(
    client, communities, settings
):
    settings.REGISTRATION_RATE_LIMIT = "2/h"
    settings.PROGRAM_EMAIL = "lcpa-team@program.example"
    crisis = communities["crisis-systems"]
    assert client.post(REGISTER_URL, registration_post([crisis])).status_code == 302
    assert client.post(REGISTER_URL, registration_post([crisis])).status_code == 302
    third = registration_post(
        [crisis], jurisdiction_name="Northampton", goals="Answer crisis calls with clinicians."
    )

    refused = client.post(REGISTER_URL, third)

    assert refused.status_code == 429
    html = page_text(refused)
    assert "Your registration was not sent" in error_summary_alert(refused)
    assert 'href="mailto:lcpa-team@program.example"' in error_summary_alert(refused)
    assert 'value="Northampton"' in html
    assert "Answer crisis calls with clinicians." in html
    assert 'value="casey@amherst.example"' in html
    assert 'value="Frank Fire"' in html
    assert f'name="submission_key" value="{third["submission_key"]}"' in html
    assert InterestRegistration.objects.count() == 2
    assert not InterestRegistration.objects.filter(jurisdiction_name="Northampton").exists()
    assert client.get(REGISTER_URL).status_code == 200  # reading the form is not limited


def error_summary_alert(response) -> str:
    match = re.search(r'<div[^>]*id="error-summary".*?</div>\s*</div>', page_text(response), re.S)
    assert match, "the page shows no alert at the top of the form"
    return match.group(0)


def test_a_team_that_fails_validation_ten_times_can_still_submit(client, communities, settings):
    settings.REGISTRATION_RATE_LIMIT = "10/h"
    crisis = communities["crisis-systems"]
    for _ in range(10):
        response = client.post(REGISTER_URL, registration_post([crisis], goals=""))
        assert response.status_code == 200
        assert "goals" in error_summary(response).lower()
    assert not InterestRegistration.objects.exists()

    response = client.post(REGISTER_URL, registration_post([crisis]))

    assert response.status_code == 302
    assert InterestRegistration.objects.get().jurisdiction_name == "Amherst"


def test_a_double_submit_does_not_count_towards_the_limit(client, communities, settings):
    settings.REGISTRATION_RATE_LIMIT = "2/h"
    crisis = communities["crisis-systems"]
    first = registration_post([crisis])
    assert client.post(REGISTER_URL, first).status_code == 302
    assert client.post(REGISTER_URL, first).status_code == 200  # the same key: nothing new

    assert client.post(REGISTER_URL, registration_post([crisis])).status_code == 302
    assert InterestRegistration.objects.count() == 2


def test_the_rate_limit_is_per_address(client, communities, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/h"
    crisis = communities["crisis-systems"]

    client.post(REGISTER_URL, registration_post([crisis]), REMOTE_ADDR="203.0.113.1")
    other = client.post(REGISTER_URL, registration_post([crisis]), REMOTE_ADDR="203.0.113.2")

    assert other.status_code == 302
    assert InterestRegistration.objects.count() == 2


def test_adding_member_rows_without_javascript_does_not_count_towards_the_limit(
    client, communities, settings
):
    settings.REGISTRATION_RATE_LIMIT = "1/h"
    data = registration_post([communities["crisis-systems"]], add_member="1")
    for _ in range(3):
        assert client.post(REGISTER_URL, data).status_code == 200
    assert not InterestRegistration.objects.exists()
    data.pop("add_member")

    assert client.post(REGISTER_URL, data).status_code == 302
    assert InterestRegistration.objects.count() == 1


def test_the_form_only_accepts_get_and_post(client, communities):
    assert client.put(REGISTER_URL).status_code == 405
