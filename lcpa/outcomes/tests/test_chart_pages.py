"""The pages that show charts: a team measure's page with its chart, signals, table and
downloads; the team's outcome dashboard; the cohort roll-up with its funnel plot."""

import json
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import date
from functools import partial

import pytest
from django.urls import reverse

from lcpa.cohorts.models import Membership
from lcpa.cohorts.services import action_step_create
from lcpa.outcomes.models import Measure, MeasureVersion, TeamMeasure
from lcpa.outcomes.tests.test_charts import STEADY, record
from lcpa.testing import choose_measure, make_expert


@pytest.fixture
def coverage(cast):
    return choose_measure(cast.team_a, by=cast.member_a1)


def page(team_measure, name="team_measure") -> str:
    return reverse(f"outcomes:{name}", args=[team_measure.team_id, team_measure.pk])


def spec_in(html: str, spec_id: str) -> dict:
    found = re.search(rf'<script id="{spec_id}" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_measure_page_shows_the_chart_its_signals_and_the_table(client, cast, coverage):
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)
    client.force_login(cast.member_a1)

    html = client.get(page(coverage)).content.decode()

    spec_id = f"chart-spec-{coverage.pk}"
    assert f'data-spec-id="{spec_id}"' in html
    assert spec_in(html, spec_id)["description"] == (
        "P chart of Eligible calls answered by an alternative responder for Amherst team"
    )
    assert "1 point above the upper limit (July 2026): unusual, a sign of improvement" in html
    assert (
        "Signals of a real change by the Anhøj rules (Anhøj and Olesen 2014, as qicharts2 "
        "applies them), and points outside the limits." in html
    )
    assert '<span class="usa-tag bg-success-darker">Improvement</span>' in html
    assert '<th scope="row" data-label="Month">July 2026</th>' in html
    assert '<td data-label="Signal">Outside the limits</td>' in html
    assert page(coverage, "team_measure_png") in html and page(coverage, "team_measure_svg") in html
    assert "js/chart.js" in html and "vega-embed" in html
    assert "<script>" not in html  # no inline script under the CSP


def test_the_page_says_which_values_are_provisional(client, cast, coverage):
    record(coverage, STEADY, by=cast.member_a1, provisional=1)
    client.force_login(cast.member_a1)

    html = client.get(page(coverage)).content.decode()

    assert "Hollow points are provisional values, which may still change." in html
    august = html.split('<th scope="row" data-label="Month">August 2025</th>')[1].split("</tr>")[0]
    assert '<span class="usa-tag bg-gold text-ink">Provisional</span>' in august
    july = html.split('<th scope="row" data-label="Month">July 2025</th>')[1].split("</tr>")[0]
    assert "Provisional" not in july


def test_a_measure_without_values_says_the_chart_will_come(client, cast, coverage):
    client.force_login(cast.member_a1)

    html = client.get(page(coverage)).content.decode()

    assert "The chart appears once the team has entered a value." in html
    assert "js/chart.js" not in html


def test_the_chart_downloads_are_svg_and_png_files(client, cast, coverage):
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)
    client.force_login(cast.expert)

    svg = client.get(page(coverage, "team_measure_svg"))
    png = client.get(page(coverage, "team_measure_png"))

    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"] == (
        'attachment; filename="amherst-team-eligible-calls-answered-by-an-alternative-'
        'responder.svg"'
    )
    root = ET.fromstring(svg.content)  # noqa: S314 (our own renderer's output)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert png["Content-Type"] == "image/png"
    assert png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_another_team_cannot_download_the_chart(client, cast, coverage):
    client.force_login(cast.member_b)

    assert client.get(page(coverage, "team_measure_svg")).status_code == 404
    assert client.get(page(coverage, "team_measure_png")).status_code == 404


def dashboard(team) -> str:
    return reverse("outcomes:team_dashboard", args=[team.pk])


def test_the_dashboard_shows_each_measure_with_its_signals(client, cast, coverage):
    backup = choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)
    record(coverage, [*STEADY, *STEADY, 60], by=cast.member_a1)
    record(backup, [*STEADY, *STEADY], by=cast.member_a1)
    client.force_login(cast.member_a1)

    html = client.get(dashboard(cast.team_a)).content.decode()

    assert html.count('class="lc-chart"') == 2 and html.count("data-small") == 2
    assert "1 point above the upper limit (July 2026)" in html
    assert "No signal: the ups and downs are what chance alone would give." in html
    assert f'href="{page(coverage)}"' in html
    assert "Compare the teams of" not in html  # members do not compare teams


def test_the_dashboard_shows_the_action_plans_steps_on_a_timeline(client, cast, coverage):
    record(coverage, STEADY, by=cast.member_a1)
    owner = Membership.objects.get(team=cast.team_a, user=cast.member_a1)
    step = partial(action_step_create, team=cast.team_a, by=cast.member_a1)
    step(submission_key=uuid.uuid4(), title="Train the dispatchers", due_on=date(2027, 2, 1))
    step(
        submission_key=uuid.uuid4(),
        title="Sign the data agreement",
        due_on=date(2026, 11, 1),
        owner=owner,
    )
    step(
        submission_key=uuid.uuid4(),
        title="Hire two responders",
        due_on=date(2026, 9, 15),
        status="done",
    )
    action_step_create(
        submission_key=uuid.uuid4(),
        team=cast.team_b,
        by=cast.member_b,
        title="Team B's private step",
        due_on=date(2026, 10, 1),
    )
    client.force_login(cast.member_a1)

    html = client.get(dashboard(cast.team_a)).content.decode()

    timeline = html.split('id="steps-heading"')[1].split("</aside>")[0]
    titles = re.findall(r'<p class="margin-y-05 lc-user-text">(.*?)</p>', timeline)
    assert titles == ["Hire two responders", "Sign the data agreement", "Train the dispatchers"]
    assert '<time datetime="2026-11-01">November 1, 2026</time>' in timeline
    assert '<span class="usa-tag bg-success-darker">Done</span>' in timeline
    # Due in November, not started on December 1: late, with its owner.
    late = timeline.split("Sign the data agreement")[1].split("</li>")[0]
    assert '<span class="usa-tag bg-secondary-dark">Late</span> Not started' in late
    assert cast.member_a1.full_name in late
    assert "Led by nobody yet" in timeline.split("Train the dispatchers")[1]
    assert "Team B" not in timeline
    assert reverse("cohorts:action_steps", args=[cast.team_a.pk]) in timeline


def test_an_empty_dashboard_says_how_to_start(client, cast):
    client.force_login(cast.member_a1)

    html = client.get(dashboard(cast.team_a)).content.decode()

    assert "The team has not chosen a measure yet." in html
    assert "The action plan has no steps yet." in html
    assert "js/chart.js" not in html


def add_measures(cast, count: int) -> list[TeamMeasure]:
    """`count` more measures of the team's learning community, all in team A's plan."""
    chosen = []
    community = cast.team_a.cohort.learning_community
    for index in range(count):
        measure = Measure.objects.create(
            learning_community=community, code=f"extra_{index}", position=100 + index
        )
        measure.current = MeasureVersion.objects.create(
            measure=measure,
            number=1,
            name=f"Extra measure {index}",
            definition="A measure made for the test.",
            numerator="Events",
            denominator="Opportunities",
            kind="proportion",
            unit="percent",
            multiplier=100,
            better="up",
            chart="p",
            source_kind="manual",
        )
        measure.save()
        chosen.append(choose_measure(cast.team_a, measure.code, by=cast.member_a1))
    return chosen


def test_the_dashboard_costs_the_same_queries_however_many_values(
    client, cast, coverage, django_assert_max_num_queries
):
    chosen = [coverage, *add_measures(cast, 11)]
    assert len(chosen) == 12
    client.force_login(cast.member_a1)
    for team_measure in chosen:
        record(team_measure, STEADY[:2], by=cast.member_a1)
    # The page, the values in one query, one per annotation source (PDSA cycles, milestones,
    # resolved TA requests, policy changes), the action plan's steps and the header bell.
    with django_assert_max_num_queries(16) as few:
        client.get(dashboard(cast.team_a))

    for team_measure in chosen:
        record(team_measure, [*STEADY, *STEADY], by=cast.member_a1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(dashboard(cast.team_a)).content.decode()
    assert html.count('class="lc-chart"') == 12


def rollup(cohort, code="") -> str:
    url = reverse("outcomes:cohort_rollup", args=[cohort.pk])
    return f"{url}?measure={code}" if code else url


def test_staff_compare_the_teams_of_a_cohort_on_a_funnel_plot(client, cast, coverage):
    their = choose_measure(cast.team_b, by=cast.member_b)
    # The last twelve months (December 2025 to November 2026): team A at 30 % of 1,000 calls
    # a month, team B at 60 % of 100: far above what chance gives at B's size.
    record(coverage, [300] * 12, [1000] * 12, first=date(2025, 12, 1), by=cast.member_a1)
    record(their, [60] * 12, first=date(2025, 12, 1), by=cast.member_b)
    outsider = choose_measure(cast.other_team, by=cast.outsider)
    record(outsider, [99] * 12, first=date(2025, 12, 1), by=cast.outsider)
    client.force_login(cast.staff)

    html = client.get(rollup(cast.cohort)).content.decode()

    assert "December 2025 to November 2026" in html
    spec = spec_in(html, "funnel-spec")
    teams = spec["layer"][-1]["data"]["values"]
    assert {row["team"] for row in teams} == {cast.team_a.name, cast.team_b.name}
    b = next(row for row in teams if row["team"] == cast.team_b.name)
    assert (b["n"], b["rate"], b["position"]) == (1200, 60, "Above the limits")
    assert cast.other_team.name not in html  # another cohort's team
    # The cohort's rate is (3,600 + 720) / (12,000 + 1,200) = 32.7 %.
    assert "The cohort as a whole: 32.7 percent of eligible calls." in html
    assert '<td data-label="Compared with the cohort">Above the limits <span' in html
    assert "lc-staff-nav" in html and "Compare teams" in html


def test_a_measure_without_a_denominator_is_compared_by_signals_only(client, cast):
    response_time = choose_measure(cast.team_a, "response_time_median", by=cast.member_a1)
    record(response_time, [12, 14], by=cast.member_a1)
    client.force_login(cast.expert)

    html = client.get(rollup(cast.cohort, "response_time_median")).content.decode()

    assert "is a measured value, without a denominator" in html
    assert "funnel-spec" not in html
    assert "Only 2 values so far" in html


def test_an_expert_of_another_cohort_cannot_compare_its_teams(client, cast):
    stranger = make_expert("stranger@test.example")
    cast.other_cohort.experts.add(stranger)
    client.force_login(stranger)

    assert client.get(rollup(cast.cohort)).status_code == 404
    assert client.get(rollup(cast.other_cohort)).status_code == 200


def test_the_cohort_dashboard_links_to_the_comparison(client, cast):
    client.force_login(cast.staff)

    html = client.get(reverse("cohorts:staff_cohort", args=[cast.cohort.pk])).content.decode()

    assert f'href="{rollup(cast.cohort)}"' in html


def test_experts_reach_the_comparison_from_a_team_dashboard(client, cast):
    client.force_login(cast.expert)

    html = client.get(dashboard(cast.team_a)).content.decode()

    assert f'href="{rollup(cast.cohort)}"' in html


def test_the_team_finds_its_datasets_from_the_dashboard_and_the_measures(client, cast):
    datasets = f'href="{reverse("outcomes:datasets", args=[cast.team_a.pk])}"'
    for person in (cast.member_a1, cast.staff):
        client.force_login(person)
        assert datasets in client.get(dashboard(cast.team_a)).content.decode()
        measures = client.get(reverse("outcomes:team_measures", args=[cast.team_a.pk]))
        assert "Upload records from your own systems" in measures.content.decode()
    # An expert reads the charts but not the team's records.
    client.force_login(cast.expert)
    assert datasets not in client.get(dashboard(cast.team_a)).content.decode()
