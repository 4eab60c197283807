"""The staff pipeline: filters, search, sorting, pages, CSV export and query counts."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from lcpa.intake.models import InterestRegistration
from lcpa.intake.queries import office_today
from lcpa.intake.tests.test_queries import make_registration
from lcpa.testing import make_staff

PIPELINE = reverse("intake:staff_pipeline")
EXPORT = reverse("intake:staff_pipeline_export")


@pytest.fixture
def staff_client(client, communities):
    staff = make_staff()
    client.force_login(staff)
    client.staff = staff
    return client


def shown(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def export_rows(client, query: str = "") -> list[dict]:
    response = client.get(EXPORT + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_it_lists_registrations_with_their_contact_and_status(staff_client, communities):
    make_registration(
        jurisdiction_name="Amherst",
        contact_name="Robin Reyes",
        communities=[communities["crisis-systems"]],
    )
    page = shown(staff_client.get(PIPELINE))
    assert "Amherst" in page
    assert "Robin Reyes" in page
    assert "Crisis systems" in page
    assert "1 registration." in page


def test_it_filters_by_status_community_state_band_and_overdue(staff_client, communities):
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    make_registration(jurisdiction_name="Smallville", communities=[crisis], population=9_000)
    make_registration(
        jurisdiction_name="Midtown",
        communities=[traffic],
        state="CA",
        population=60_000,
        status=InterestRegistration.Status.CONTACTED,
    )
    make_registration(
        jurisdiction_name="Lateburg",
        communities=[traffic],
        state="CA",
        population=800_000,
        follow_up_due_on=office_today() - timedelta(days=3),
    )

    def names(query: str) -> set[str]:
        page = shown(staff_client.get(PIPELINE + query))
        return {name for name in ["Smallville", "Midtown", "Lateburg"] if name in page}

    assert names("") == {"Smallville", "Midtown", "Lateburg"}
    assert names("?status=contacted") == {"Midtown"}
    assert names("?community=crisis-systems") == {"Smallville"}
    assert names("?state=CA") == {"Midtown", "Lateburg"}
    assert names("?population=under-25k") == {"Smallville"}
    assert names("?population=25k-100k") == {"Midtown"}
    assert names("?population=500k-plus") == {"Lateburg"}
    assert names("?overdue=on") == {"Lateburg"}
    assert names("?state=CA&status=new") == {"Lateburg"}


def test_it_filters_by_assigned_staff_member(staff_client):
    other = make_staff("other-staff@test.example")
    make_registration(jurisdiction_name="Mine", assigned_to=staff_client.staff)
    make_registration(jurisdiction_name="Theirs", assigned_to=other)
    make_registration(jurisdiction_name="Nobodys")

    def names(query: str) -> set[str]:
        page = shown(staff_client.get(PIPELINE + query))
        return {name for name in ["Mine", "Theirs", "Nobodys"] if f">{name}<" in page}

    assert names("?assigned=me") == {"Mine"}
    assert names(f"?assigned={other.pk}") == {"Theirs"}
    assert names("?assigned=unassigned") == {"Nobodys"}


def test_it_searches_jurisdiction_contact_and_member_names_and_emails(staff_client):
    from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole

    crisis = LearningCommunity.objects.get(slug="crisis-systems")
    make_registration(jurisdiction_name="Huntsville", communities=[crisis])
    make_registration(jurisdiction_name="Redmond", contact_email="pat@redmond.example")
    make_registration(
        jurisdiction_name="Sacramento",
        communities=[crisis],
        members=[
            ("Quinn Quartermaine", "quinn@sac.example", TeamRole.DATA_COORDINATOR, Sector.OTHER),
            ("Fay Fire", "fay@sac.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
            ("Hal Health", "hal@sac.example", TeamRole.OTHER, Sector.BEHAVIORAL_HEALTH),
        ],
    )

    def names(text: str) -> set[str]:
        page = shown(staff_client.get(PIPELINE, {"q": text}))
        return {name for name in ["Huntsville", "Redmond", "Sacramento"] if f">{name}<" in page}

    assert names("hunts") == {"Huntsville"}
    assert names("PAT@redmond") == {"Redmond"}
    assert names("quartermaine") == {"Sacramento"}
    assert names("hal@sac.example") == {"Sacramento"}
    assert names("nowhere at all") == set()
    assert "No registration matches these filters" in shown(
        staff_client.get(PIPELINE, {"q": "nowhere"})
    )


def test_it_hides_merged_registrations(staff_client):
    kept = make_registration(jurisdiction_name="Keptown")
    make_registration(jurisdiction_name="Goneville", merged_into=kept)
    page = shown(staff_client.get(PIPELINE))
    assert "Keptown" in page
    assert "Goneville" not in page


def test_it_sorts_by_whitelisted_keys_only(staff_client):
    make_registration(jurisdiction_name="Bravo", state="WA", submitted_on=date(2026, 1, 5))
    make_registration(jurisdiction_name="alpha", state="CA", submitted_on=date(2026, 1, 7))
    make_registration(jurisdiction_name="Charlie", state="AL", submitted_on=date(2026, 1, 6))

    def order(sort: str) -> list[str]:
        page = shown(staff_client.get(PIPELINE, {"sort": sort}))
        return sorted(["alpha", "Bravo", "Charlie"], key=lambda name: page.index(f">{name}<"))

    assert order("jurisdiction") == ["alpha", "Bravo", "Charlie"]
    assert order("-jurisdiction") == ["Charlie", "Bravo", "alpha"]
    assert order("state") == ["Charlie", "alpha", "Bravo"]
    assert order("submitted") == ["Bravo", "Charlie", "alpha"]
    assert order("-submitted") == ["alpha", "Charlie", "Bravo"]
    response = staff_client.get(PIPELINE, {"sort": "contact_email; DROP TABLE"})
    page = shown(response)
    assert "Some filters were not understood" in page
    assert page.count("usa-pagination") == 0
    assert 'aria-sort="descending"' in page  # fell back to newest first


def test_it_sorts_by_status_in_pipeline_order_and_by_due_date(staff_client):
    make_registration(jurisdiction_name="Enrolledton", status="enrolled")
    make_registration(jurisdiction_name="Newton", follow_up_due_on=date(2026, 3, 2))
    make_registration(
        jurisdiction_name="Contactville", status="contacted", follow_up_due_on=date(2026, 2, 2)
    )

    def order(sort: str) -> list[str]:
        page = shown(staff_client.get(PIPELINE, {"sort": sort}))
        names = ["Enrolledton", "Newton", "Contactville"]
        return sorted(names, key=lambda name: page.index(f">{name}<"))

    assert order("status") == ["Newton", "Contactville", "Enrolledton"]
    assert order("due")[:2] == ["Contactville", "Newton"]


def test_it_sorts_by_population_and_by_assignee_with_aria_sort(staff_client):
    zoe = make_staff("zoe@test.example")
    zoe.full_name = "Zoe Zimmer"
    zoe.save()
    abe = make_staff("abe@test.example")  # no full name: shown and sorted by email
    make_registration(jurisdiction_name="Bigcity", population=900_000, assigned_to=zoe)
    make_registration(jurisdiction_name="Smallton", population=8_000)
    make_registration(jurisdiction_name="Midtown", population=60_000, assigned_to=abe)
    names = ["Bigcity", "Smallton", "Midtown"]

    def order(sort: str) -> list[str]:
        page = shown(staff_client.get(PIPELINE, {"sort": sort}))
        return sorted(names, key=lambda name: page.index(f">{name}<"))

    assert order("population") == ["Smallton", "Midtown", "Bigcity"]
    assert order("-population") == ["Bigcity", "Midtown", "Smallton"]
    assert order("assignee") == ["Midtown", "Bigcity", "Smallton"]  # nobody last
    assert order("-assignee") == ["Bigcity", "Midtown", "Smallton"]  # nobody last too
    page = shown(staff_client.get(PIPELINE, {"sort": "-population", "state": "MA"}))
    assert (
        '<th scope="col" aria-sort="descending"><a href="?sort=population&amp;state=MA">'
        "Population" in page
    )
    assert '<th scope="col"><a href="?sort=assignee&amp;state=MA">Assigned to</a></th>' in page
    assert "900,000" in page


def test_it_pages_25_at_a_time_and_keeps_the_filters_in_page_links(staff_client, communities):
    traffic = communities["traffic-safety"]
    for _ in range(27):
        make_registration(communities=[traffic], state="CA")
    make_registration(state="WA")
    page = shown(staff_client.get(PIPELINE, {"state": "CA"}))
    assert "27 registrations match: showing 1 to 25." in page
    assert page.count('<th scope="row"') == 25
    assert "?state=CA&amp;page=2" in page
    second = shown(staff_client.get(PIPELINE, {"state": "CA", "page": 2}))
    assert second.count('<th scope="row"') == 2
    assert 'aria-current="page">2<' in second
    beyond = shown(staff_client.get(PIPELINE, {"state": "CA", "page": 99}))
    assert beyond.count('<th scope="row"') == 2


@pytest.mark.parametrize("sort", ["-submitted", "jurisdiction", "-population", "assignee", "due"])
def test_a_page_past_the_end_shows_the_last_page_in_the_same_order(staff_client, sort):
    other = make_staff("other-staff@test.example")
    for index in range(28):
        make_registration(
            jurisdiction_name=f"Town {index:02}",
            population=1_000 + (index % 5) * 100,  # ties, broken by the primary key
            assigned_to=other if index % 3 else None,
            follow_up_due_on=date(2026, 1, 1 + index % 4) if index % 2 else None,
        )

    def names(page: str) -> list[str]:
        return re.findall(r'<a href="/staff/registrations/\d+/">([^<]+)<', page)

    last = names(shown(staff_client.get(PIPELINE, {"sort": sort, "page": 2})))
    beyond = shown(staff_client.get(PIPELINE, {"sort": sort, "page": 7}))
    assert names(beyond) == last
    assert len(last) == 3
    assert "28 registrations: showing 26 to 28." in beyond


def test_it_shows_an_empty_state_when_nobody_has_registered(staff_client):
    assert "No team has registered interest yet" in shown(staff_client.get(PIPELINE))
    beyond = shown(staff_client.get(PIPELINE, {"page": 3}))
    assert "No team has registered interest yet" in beyond
    assert "usa-pagination" not in beyond


def test_it_flags_possible_duplicates_in_the_list(staff_client, communities):
    crisis, traffic = communities["crisis-systems"], communities["traffic-safety"]
    make_registration(jurisdiction_name="Amherst", state="MA", communities=[crisis])
    make_registration(jurisdiction_name="AMHERST", state="MA", communities=[crisis, traffic])
    make_registration(jurisdiction_name="Amherst", state="NH", communities=[crisis])
    make_registration(jurisdiction_name="Redmond", state="WA", communities=[crisis])
    make_registration(jurisdiction_name="Redmond", state="WA", communities=[traffic])
    page = shown(staff_client.get(PIPELINE))
    assert page.count("Possible duplicate") == 2


def test_it_exports_every_filtered_row_with_names_and_emails(staff_client, communities):
    crisis = communities["crisis-systems"]
    for _ in range(30):
        make_registration(communities=[crisis], state="CA")
    make_registration(state="WA", contact_name="Wally Washington")
    rows = export_rows(staff_client, "?state=CA&page=2")
    assert len(rows) == 30
    assert {row["state"] for row in rows} == {"CA"}
    first = rows[0]
    assert first["contact_email"].endswith("@town.example")
    assert "Dana Data <dana" in first["members"]
    assert first["learning_communities"] == "Crisis Systems"
    assert first["status"] == "New"
    everyone = export_rows(staff_client)
    assert len(everyone) == 31
    assert "Wally Washington" in {row["contact_name"] for row in everyone}


def test_each_exported_row_links_to_its_staff_page_on_the_site_address(staff_client, settings):
    settings.SITE_URL = "https://lcpa.example.org:8443"
    registration = make_registration(jurisdiction_name="Amherst")
    (row,) = export_rows(staff_client)
    page = reverse("intake:staff_registration", args=[registration.pk])
    assert row["staff_url"] == "https://lcpa.example.org:8443" + page
    assert "Amherst" in shown(staff_client.get(page))


def test_it_guards_the_export_against_spreadsheet_formulas(staff_client):
    make_registration(
        jurisdiction_name='=HYPERLINK("http://evil.example")',
        contact_name="+SUM(A1:A9)",
        contact_email="at@example.org",
        goals="@cmd|' /C calc'!A0",
        contact_phone="-1234",
    )
    (row,) = export_rows(staff_client)
    assert row["jurisdiction"] == '\'=HYPERLINK("http://evil.example")'
    assert row["contact_name"] == "'+SUM(A1:A9)"
    assert row["goals"] == "'@cmd|' /C calc'!A0"
    assert row["contact_phone"] == "'-1234"
    assert row["contact_email"] == "at@example.org"


def test_the_export_link_carries_the_current_filters(staff_client):
    make_registration(state="CA")
    page = shown(staff_client.get(PIPELINE, {"state": "CA", "status": "new", "page": "1"}))
    assert f'href="{EXPORT}?state=CA&amp;status=new"' in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_pipeline_and_export_cost_the_same_queries_however_many_rows(
    staff_client, communities, django_assert_max_num_queries, count
):
    other = make_staff("other-staff@test.example")
    for index in range(count):
        make_registration(
            jurisdiction_name=f"Place {index % 7}",
            assigned_to=other if index % 2 else None,
        )
    # 5 rows and 50 rows (two pages) cost the same 12 queries: session, user and second factor,
    # staff members, learning communities (the filters' choices), the count, the rows, their
    # learning communities with possible duplicates, saved filters, the business calendar's
    # closure days, the header's "Your teams" check and its bell's unread count. A first page
    # that is not full needs no count.
    with django_assert_max_num_queries(11 if count < 25 else 12):
        shown(staff_client.get(PIPELINE))
    with django_assert_max_num_queries(12):
        shown(staff_client.get(PIPELINE, {"q": "place", "sort": "assignee", "page": 2}))
    with django_assert_max_num_queries(12):
        assert len(export_rows(staff_client)) == count


def test_a_row_shows_its_learning_communities_in_curriculum_order(staff_client, communities):
    make_registration(
        jurisdiction_name="Dover",
        communities=[communities["traffic-safety"], communities["crisis-systems"]],
    )
    page = shown(staff_client.get(PIPELINE))
    ordered = sorted(
        (communities["traffic-safety"], communities["crisis-systems"]),
        key=lambda community: (community.position, community.name),
    )
    names = ", ".join(community.short_name for community in ordered)
    assert f'<td data-label="Learning communities" class="lc-wide-only">{names}</td>' in page


def test_the_overdue_filter_and_select_all_are_uswds_checkboxes_with_a_visible_box(
    staff_client, communities
):
    make_registration(jurisdiction_name="Amherst")
    page = shown(staff_client.get(PIPELINE))
    for box in ("id_overdue", "id_all_on_page"):
        assert f'<label class="usa-checkbox__label" for="{box}">' in page


def test_the_kept_filter_form_follows_each_request_and_each_new_staff_member(
    staff_client, communities
):
    make_registration(jurisdiction_name="Amherst", state="MA")
    first = shown(staff_client.get(PIPELINE, {"state": "MA"}))
    assert '<option value="MA" selected>' in first
    again = shown(staff_client.get(PIPELINE, {"state": "CA"}))
    assert '<option value="CA" selected>' in again
    assert '<option value="MA" selected>' not in again
    assert "Dana Newcomer" not in shown(staff_client.get(PIPELINE, {"state": "CA"}))
    newcomer = make_staff("newcomer@test.example")
    newcomer.full_name = "Dana Newcomer"
    newcomer.save()
    page = shown(staff_client.get(PIPELINE, {"state": "CA"}))
    assert f'<option value="{newcomer.pk}">Dana Newcomer</option>' in page
    bad = shown(staff_client.get(PIPELINE, {"state": "ZZ"}))
    assert "usa-form-group--error" in bad
