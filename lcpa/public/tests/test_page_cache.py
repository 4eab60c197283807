"""The public pages keep what they show rendered (lcpa.core.public_cache): a page shown before
reads one row (the content's version), a page built afresh runs as many queries with 30 rows as
with 3, and every service that changes what they show makes the next visitor see the change."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.services import cohort_create, team_create
from lcpa.curriculum.models import Jurisdiction
from lcpa.library.models import Resource
from lcpa.public.models import ContactMessage
from lcpa.public.tests.helpers import make_cohort, make_participant
from lcpa.testing import enrol_totp, forget_public_pages, make_user

pytestmark = pytest.mark.django_db

HOME = reverse("public:home")
LIST = reverse("public:learning_communities")
CRISIS = reverse("public:learning_community", args=["crisis-systems"])
JURISDICTIONS = reverse("public:jurisdictions")
RESOURCES = reverse("library:resources")
REGISTER = reverse("intake:register")


def queries_of(client, url: str, *, fresh: bool) -> tuple[int, str]:
    """Queries of one GET, on a page built afresh or on one shown just before."""
    client.get(url)  # also stores the content's version, which a first visit writes
    if fresh:
        forget_public_pages()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def add_cohorts(communities, start: int, count: int) -> None:
    for number in range(start, start + count):
        community = list(communities.values())[number % 4]
        cohort = make_cohort(community, f"Cohort {number}", starts_in_days=5 + number)
        make_participant(cohort, f"Town {number}", "OH")


def add_resources(communities, start: int, count: int) -> None:
    for number in range(start, start + count):
        resource = Resource.objects.create(
            title=f"Guide {number}",
            summary="How to start.",
            kind=Resource.Kind.GUIDE,
            url=f"https://example.org/{number}",
            topics=f"Topic {number}, Data",
        )
        community = list(communities.values())[number % 4]
        resource.learning_communities.add(community)
        resource.modules.add(community.modules.get(number=1 + number % 5))


# Each page and a row it shows only once the 27 more cohorts are there.
SHOWS = [
    (HOME, "Cohort 5"),  # the six soonest
    (LIST, "Cohort 3"),  # each learning community's next cohort
    (CRISIS, "Cohort 28"),  # every fourth cohort is a crisis systems one
    (JURISDICTIONS, "Town 29"),
]


@pytest.mark.parametrize(("url", "shown"), SHOWS)
def test_a_page_built_afresh_runs_as_many_queries_with_30_cohorts_as_with_3(
    client, communities, url, shown
):
    add_cohorts(communities, 0, 3)
    few, _ = queries_of(client, url, fresh=True)
    add_cohorts(communities, 3, 27)

    many, page = queries_of(client, url, fresh=True)

    assert many == few
    assert shown in page


def test_the_resource_list_built_afresh_runs_as_many_queries_with_30_resources_as_with_3(
    client, communities
):
    add_resources(communities, 0, 3)
    few, _ = queries_of(client, RESOURCES, fresh=True)
    add_resources(communities, 3, 27)

    many, page = queries_of(client, RESOURCES, fresh=True)

    assert many == few
    assert "All resources (30)" in page


@pytest.mark.parametrize("url", [HOME, LIST, CRISIS, JURISDICTIONS, RESOURCES, REGISTER])
def test_a_page_shown_before_reads_only_the_contents_version(client, communities, url):
    add_cohorts(communities, 0, 5)
    add_resources(communities, 0, 5)

    fresh, fresh_page = queries_of(client, url, fresh=True)
    warm, warm_page = queries_of(client, url, fresh=False)

    assert warm == 1 < fresh
    assert warm_page.count("<h1") == 1


def test_the_filtered_jurisdictions_are_kept_apart(client, communities):
    crisis = make_cohort(communities["crisis-systems"], "Crisis 1", starts_in_days=10)
    make_participant(crisis, "Amherst", "MA")
    make_participant(crisis, "Eugene", "OR")

    everyone = client.get(JURISDICTIONS).content.decode()
    oregon = client.get(JURISDICTIONS, {"state": "OR"}).content.decode()

    assert "Amherst" in everyone and "Eugene" in everyone
    assert "Eugene" in oregon and "Amherst" not in oregon


def test_a_new_cohort_reaches_the_pages_that_list_upcoming_cohorts(
    client, communities, django_capture_on_commit_callbacks
):
    for url in (HOME, LIST, CRISIS):
        assert "Autumn crisis cohort" not in client.get(url).content.decode()
    starts_on = timezone.localdate() + timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        cohort_create(
            learning_community=communities["crisis-systems"],
            name="Autumn crisis cohort",
            starts_on=starts_on,
            ends_on=starts_on + timedelta(weeks=26),
        )

    for url in (HOME, LIST, CRISIS):
        assert "Autumn crisis cohort" in client.get(url).content.decode(), url


def test_a_new_team_puts_its_jurisdiction_on_the_jurisdictions_page(
    client, communities, django_capture_on_commit_callbacks
):
    cohort = make_cohort(communities["traffic-safety"], "Traffic 1", starts_in_days=10)
    place = Jurisdiction.objects.create(name="Redmond", state="WA", kind="city", population=7000)
    assert "Redmond" not in client.get(JURISDICTIONS).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        team_create(cohort=cohort, jurisdiction=place)
    page = client.get(JURISDICTIONS).content.decode()

    assert "Redmond" in page
    assert "Showing 1 participating jurisdiction." in page


def test_a_change_that_is_rolled_back_leaves_the_pages_as_they_were(client, communities):
    cohort = make_cohort(communities["traffic-safety"], "Traffic 1", starts_in_days=10)
    place = Jurisdiction.objects.create(name="Redmond", state="WA", kind="city")
    client.get(JURISDICTIONS)

    team_create(cohort=cohort, jurisdiction=place)  # its transaction never commits here

    assert "Redmond" not in client.get(JURISDICTIONS).content.decode()


def test_staff_edits_in_the_admin_reach_the_public_pages(
    client, communities, django_capture_on_commit_callbacks
):
    admin = make_user("admin@test.example", is_staff=True, is_superuser=True)
    enrol_totp(admin)
    add_resources(communities, 0, 1)
    cohort = make_cohort(communities["crisis-systems"], "Crisis 1", starts_in_days=10)
    place = make_participant(cohort, "Amherst", "MA", population=None)
    assert "Guide 0" in client.get(RESOURCES).content.decode()
    assert "Not known" in client.get(JURISDICTIONS).content.decode()
    client.force_login(admin)
    resource = Resource.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:library_resource_delete", args=[resource.pk]), {"post": "yes"})
        client.post(
            reverse("admin:curriculum_jurisdiction_change", args=[place.pk]),
            {"name": "Amherst", "state": "MA", "kind": "city", "population": "39263"},
        )
    client.logout()

    assert not Resource.objects.exists()
    assert "Guide 0" not in client.get(RESOURCES).content.decode()
    assert "39,263" in client.get(JURISDICTIONS).content.decode()


def test_a_contact_form_sent_back_with_errors_never_reaches_the_next_visitor(client):
    client.get(reverse("public:contact"))  # the fresh form's fields are kept rendered now
    sent_back = client.post(
        reverse("public:contact"),
        {"name": "Robin Typed", "email": "not an email", "topic": "", "message": ""},
    ).content.decode()
    assert "usa-error-message" in sent_back and 'value="Robin Typed"' in sent_back

    fresh = Client().get(reverse("public:contact")).content.decode()

    assert "usa-error-message" not in fresh
    assert "Robin Typed" not in fresh
    assert 'name="name"' in fresh
    assert not ContactMessage.objects.exists()
