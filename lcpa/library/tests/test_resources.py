"""The resource library: who sees what, filters, pages, the detail page and downloads."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lcpa.cohorts.models import Membership, Session
from lcpa.library.models import Resource
from lcpa.testing import make_user, module_of, tag_module

PUBLIC = Resource.Visibility.PUBLIC
MEMBERS = Resource.Visibility.MEMBERS


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def library(cast):
    crisis = cast.communities["crisis-systems"]
    traffic = cast.communities["traffic-safety"]
    guide = Resource.objects.create(
        title="Mobile crisis team playbook",
        summary="How to stand up a mobile crisis team with behavioral health responders.",
        kind=Resource.Kind.GUIDE,
        url="https://example.org/playbook",
        topics="Crisis response, Staffing",
    )
    guide.learning_communities.add(crisis)
    tag_module(guide, 4)
    template = Resource.objects.create(
        title="Team charter template",
        summary="A fill-in charter: purpose, roles, decisions and meeting rhythm.",
        kind=Resource.Kind.TEMPLATE,
        file=SimpleUploadedFile("charter.docx", b"charter bytes"),
        topics="Team charter",
        visibility=MEMBERS,
    )
    template.learning_communities.add(crisis, traffic)
    tag_module(template, 1)
    crash = Resource.objects.create(
        title="Crash data inventory",
        summary="Which crash and citation records a city holds and who owns them.",
        kind=Resource.Kind.EXAMPLE,
        topics="Data, Traffic stops",
    )
    crash.learning_communities.add(traffic)
    tag_module(crash, 2)
    return {"guide": guide, "template": template, "crash": crash}


def titles(response) -> list[str]:
    return [resource.title for resource in response.context["page"].object_list]


def test_a_visitor_sees_only_public_resources(client, library):
    response = client.get(reverse("library:resources"))
    assert response.status_code == 200
    assert titles(response) == ["Crash data inventory", "Mobile crisis team playbook"]
    assert "Team charter template" not in response.content.decode()


def test_a_visitor_gets_not_found_for_a_members_only_resource(client, library):
    template = library["template"]
    assert client.get(reverse("library:resource", args=[template.pk])).status_code == 404
    assert client.get(reverse("library:resource_download", args=[template.pk])).status_code == 404


@pytest.mark.parametrize(
    "who", ["member_a1", "member_b", "outsider", "staff", "expert", "ta_provider"]
)
def test_members_staff_experts_and_ta_providers_see_members_only_resources(
    client, cast, library, who
):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("library:resources"))
    assert "Team charter template" in titles(response)
    detail = client.get(reverse("library:resource", args=[library["template"].pk]))
    assert detail.status_code == 200
    assert detail["Cache-Control"] == "private"


def test_a_signed_in_person_without_a_team_sees_only_public_ones(client, library):
    client.force_login(make_user("newcomer@test.example"))
    assert "Team charter template" not in titles(client.get(reverse("library:resources")))
    template = library["template"]
    assert client.get(reverse("library:resource", args=[template.pk])).status_code == 404


def test_a_removed_member_loses_members_only_resources(client, cast, library):
    Membership.objects.filter(user=cast.member_b).update(removed_at=timezone.now())
    client.force_login(cast.member_b)
    template = library["template"]
    assert client.get(reverse("library:resource_download", args=[template.pk])).status_code == 404


def test_the_file_downloads_as_an_attachment(client, cast, library):
    client.force_login(cast.member_a1)
    response = client.get(reverse("library:resource_download", args=[library["template"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "charter" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"charter bytes"


def test_a_link_resource_redirects_to_its_address(client, library):
    response = client.get(reverse("library:resource_download", args=[library["guide"].pk]))
    assert response.status_code == 302
    assert response["Location"] == "https://example.org/playbook"


def test_a_resource_with_neither_file_nor_link_has_no_download(client, library):
    crash = library["crash"]
    assert client.get(reverse("library:resource_download", args=[crash.pk])).status_code == 404
    page = client.get(reverse("library:resource", args=[crash.pk])).content.decode()
    assert reverse("library:resource_download", args=[crash.pk]) not in page


def test_an_unknown_resource_is_not_found(client, library):
    assert client.get(reverse("library:resource", args=[999_999])).status_code == 404


def test_the_detail_page_shows_tags_and_links_to_filters(client, library):
    page = client.get(reverse("library:resource", args=[library["guide"].pk])).content.decode()
    assert "Mobile crisis team playbook" in page
    assert "Crisis Systems" in page
    assert "?module=4" in page
    assert "?topic=Crisis%20response" in page
    assert reverse("library:resource_download", args=[library["guide"].pk]) in page


def test_the_detail_page_lists_only_sessions_the_viewer_may_see(client, cast, library):
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        module=module_of(cast.cohort, 4),
        title="Designing the response",
        starts_at=now,
        ends_at=now + timedelta(hours=1),
    )
    session.materials.add(library["guide"])
    url = reverse("library:resource", args=[library["guide"].pk])
    assert "Designing the response" not in client.get(url).content.decode()
    client.force_login(cast.outsider)
    assert "Designing the response" not in client.get(url).content.decode()
    client.force_login(cast.member_a1)
    assert "Designing the response" in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"community": "traffic-safety"}, ["Crash data inventory"]),
        ({"community": "crisis-systems"}, ["Mobile crisis team playbook"]),
        ({"module": "2"}, ["Crash data inventory"]),
        ({"kind": "guide"}, ["Mobile crisis team playbook"]),
        ({"topic": "Data"}, ["Crash data inventory"]),
        ({"topic": "staffing"}, ["Mobile crisis team playbook"]),
        ({"q": "crisis"}, ["Mobile crisis team playbook"]),
        ({"q": "crash", "module": "4"}, []),
    ],
)
def test_filters_narrow_the_list(client, library, params, expected):
    assert titles(client.get(reverse("library:resources"), params)) == expected


def test_a_topic_filter_matches_whole_topics_only(client, library):
    # "Data" is a topic of the crash inventory; the playbook mentions no such topic.
    Resource.objects.create(title="Metadata primer", summary="About metadata.", topics="Metadata")
    assert titles(client.get(reverse("library:resources"), {"topic": "Data"})) == [
        "Crash data inventory"
    ]


def test_a_wrong_filter_value_is_reported_and_the_rest_apply(client, library):
    response = client.get(reverse("library:resources"), {"module": "9", "kind": "example"})
    assert response.status_code == 200
    assert "Some filters were left out" in response.content.decode()
    assert titles(response) == ["Crash data inventory"]


def test_members_only_topics_are_not_offered_to_visitors(client, cast, library):
    anonymous_topics = [
        value
        for value, _ in client.get(reverse("library:resources"))
        .context["form"]
        .fields["topic"]
        .choices
    ]
    assert "Team charter" not in anonymous_topics
    client.force_login(cast.member_a1)
    member_topics = [
        value
        for value, _ in client.get(reverse("library:resources"))
        .context["form"]
        .fields["topic"]
        .choices
    ]
    assert "Team charter" in member_topics


def test_no_match_shows_a_way_back(client, library):
    page = client.get(reverse("library:resources"), {"q": "zeppelin"}).content.decode()
    assert "Nothing matches" in page
    assert "0 matching resources" in page


def test_an_empty_library_says_so(client, db):
    assert "The library is empty" in client.get(reverse("library:resources")).content.decode()


def test_the_list_is_paginated(client, db):
    for number in range(25):
        Resource.objects.create(title=f"Guide {number:02d}", summary="A guide.")
    first = client.get(reverse("library:resources"))
    assert len(titles(first)) == 20
    assert first.context["page"].paginator.num_pages == 2
    second = client.get(reverse("library:resources"), {"page": "2", "q": "guide"})
    assert titles(second) == [f"Guide {number:02d}" for number in range(20, 25)]
    assert "q=guide" in second.content.decode()


def test_resource_text_is_escaped(client, db):
    Resource.objects.create(title="<script>x()</script>Guide", summary="<b>bold</b>")
    page = client.get(reverse("library:resources")).content.decode()
    assert "<script>x()" not in page
    assert "<b>bold</b>" not in page
