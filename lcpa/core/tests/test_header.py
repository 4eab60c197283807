"""The site header: public sections for everyone, and each signed-in person's own pages."""

import re

import pytest
from django.urls import reverse

from lcpa.cohorts.services import member_remove
from lcpa.testing import Cast, make_user


def secondary_links(html: str) -> list[str]:
    """The labels of the secondary navigation (the person's own pages), in order."""
    start = html.index('<div class="usa-nav__secondary">')
    block = html[start : html.index("</div>", start)]
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<li class="usa-nav__secondary-item">(.*?)</li>', block, re.S)
    ]


def primary_links(html: str) -> list[str]:
    block = html[html.index('<ul class="usa-nav__primary') : html.index("</ul>")]
    return re.findall(r"<span>([^<]+)</span>", block)


PUBLIC_SECTIONS = [
    "Learning communities",
    "Participating jurisdictions",
    "Results",
    "Register interest",
    "Resources",
    "Contact",
]


def page_for(client, user=None, url: str = "/resources/") -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitor_sees_the_public_sections_and_sign_in(client, db):
    html = page_for(client)

    assert primary_links(html) == PUBLIC_SECTIONS
    assert secondary_links(html) == ["Sign in"]
    assert 'class="usa-overlay"' in html  # USWDS's backdrop for the mobile menu


def test_a_team_member_sees_their_teams_sessions_and_account(client, cast: Cast):
    html = page_for(client, cast.member_a1)

    assert primary_links(html) == PUBLIC_SECTIONS
    assert secondary_links(html) == [
        "Your teams",
        "Forum",
        "Sessions",
        "Notifications",
        "Your account",
        "Sign out",
    ]
    assert f'action="{reverse("account_logout")}"' in html  # signing out is a POST


def test_a_signed_in_person_without_a_team_is_not_told_about_their_teams(client, db):
    html = page_for(client, make_user("new@test.example"))

    assert secondary_links(html) == [
        "Workspace",
        "Sessions",
        "Notifications",
        "Your account",
        "Sign out",
    ]
    assert "Your teams" not in html


def test_a_national_expert_sees_their_guidance_page_and_reviews(client, cast: Cast):
    html = page_for(client, cast.expert)

    assert secondary_links(html) == [
        "Cohorts you support",
        "Guidance",
        "Reviews",
        "Forum",
        "Sessions",
        "Notifications",
        "Your account",
        "Sign out",
    ]
    assert f'href="{reverse("cohorts:review_queue")}"' in html
    assert f'href="{reverse("guidance:home")}"' in html


def test_a_ta_provider_sees_their_ta_requests_and_the_cohorts_they_support_and_no_reviews(
    client, cast: Cast
):
    html = page_for(client, cast.ta_provider)

    assert secondary_links(html) == [
        "Cohorts you support",
        "TA requests",
        "Forum",
        "Sessions",
        "Notifications",
        "Your account",
        "Sign out",
    ]
    assert f'href="{reverse("assistance:my_requests")}"' in html
    assert "Your teams" not in html


def test_staff_see_staff_and_reviews(client, cast: Cast):
    html = page_for(client, cast.staff)

    assert secondary_links(html) == [
        "Staff",
        "Reviews",
        "Forum",
        "Sessions",
        "Notifications",
        "Your account",
        "Sign out",
    ]


def test_a_removed_member_no_longer_sees_their_teams(client, cast: Cast):
    member_remove(membership=cast.member_b.memberships.get(), by=cast.staff)

    html = page_for(client, cast.member_b)
    assert "Your teams" not in html
    assert "Forum" not in secondary_links(html)


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/resources/", "Resources"),
        ("/sessions/", "Sessions"),
        ("/account/", "Your account"),
        ("/forum/", "Forum"),
        ("/staff/", "Staff"),
        ("/staff/cohorts/", "Staff"),
    ],
)
def test_the_current_section_is_marked_for_assistive_technology(client, cast: Cast, url, current):
    html = page_for(client, cast.staff, url)
    header = html[html.index("<header") : html.index("</header>")]

    marked = re.findall(r'aria-current="page"[^>]*>(?:<span>)?([^<]+)<', header)

    assert marked == [current]
