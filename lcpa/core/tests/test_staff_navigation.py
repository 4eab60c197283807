"""Every staff page shows the one staff navigation, with its section marked as the current one.

The staff routes come from the URL resolver (every route named `staff_...`), with the access
matrix's sample arguments, so a staff page added later is checked without editing this file.
"""

import re

from lcpa.core.tests.access_matrix import act_as, cases, routes, url_for
from lcpa.core.tests.access_table import SAMPLES

STAFF_CASES = [
    case
    for case in cases(routes(), SAMPLES)
    if case.route.name and case.route.name.split(":")[-1].startswith("staff_")
]
SECTIONS = [
    "Dashboard",
    "Registrations",
    "Cohorts",
    "Progress scores",
    "Sessions and attendance",
    "Email templates",
    "Messages",
    "Closure days",
    "TA requests",
    "Briefs",
    "Implementation cases",
    "Forum",
]


def staff_nav(html: str) -> str | None:
    found = re.search(r'<nav class="[^"]*lc-staff-nav"[^>]*>(.*?)</nav>', html, re.S)
    return found.group(1) if found else None


def test_every_staff_page_has_the_staff_navigation_with_one_current_section(
    db, client, access_cast
):
    cast, sessions = access_cast
    act_as(client, "staff", sessions)
    pages, problems = [], []
    for case in STAFF_CASES:
        url = url_for(case, cast, "staff", SAMPLES)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue  # a form's POST target, a redirect or a CSV file: not a page
        pages.append(case.route.name)
        nav = staff_nav(response.content.decode())
        if nav is None:
            problems.append(f"{case.key} ({url}) has no staff navigation")
            continue
        labels = re.findall(r"<a [^>]*>([^<]+)</a>", nav)
        current = re.findall(r'aria-current="page">([^<]+)</a>', nav)
        if labels != SECTIONS or len(current) != 1:
            problems.append(f"{case.key} ({url}): sections {labels}, current {current}")
    assert problems == []
    # The walk reached the staff pages, not only redirects.
    assert {
        "intake:staff_dashboard",
        "intake:staff_pipeline",
        "intake:staff_registration",
        "intake:staff_email_templates",
        "cohorts:staff_cohorts",
        "cohorts:staff_cohort",
        "cohorts:staff_team",
        "cohorts:staff_attendance",
        "cohorts:staff_feedback",
        "cohorts:staff_enrol",
    } <= set(pages)


def test_the_staff_navigation_marks_the_section_of_the_page(db, client, access_cast):
    cast, sessions = access_cast
    act_as(client, "staff", sessions)
    expected = {
        "/staff/": "Dashboard",
        "/staff/registrations/": "Registrations",
        f"/staff/registrations/{cast.registration.pk}/": "Registrations",
        "/staff/cohorts/": "Cohorts",
        f"/staff/teams/{cast.team_a.pk}/": "Cohorts",
        f"/staff/sessions/{cast.session.pk}/attendance/": "Sessions and attendance",
        "/staff/email-templates/": "Email templates",
    }

    found = {
        url: re.findall(
            r'aria-current="page">([^<]+)</a>', staff_nav(client.get(url).content.decode())
        )
        for url in expected
    }

    assert found == {url: [label] for url, label in expected.items()}


def test_people_who_are_not_staff_never_see_the_staff_navigation(db, client, access_cast):
    cast, sessions = access_cast
    for role in ("member_a", "expert", "ta_provider"):
        act_as(client, role, sessions)
        for url in ("/staff/", "/staff/cohorts/", "/sessions/"):
            assert staff_nav(client.get(url).content.decode()) is None, (role, url)
