"""The period grid: a team's monthly values for one measure, typed by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lcpa.outcomes.content import read_directory
from lcpa.outcomes.forms import ObservationGridForm
from lcpa.outcomes.models import Measure, Observation
from lcpa.outcomes.queries import months_before
from lcpa.outcomes.services import measures_load
from lcpa.testing import choose_measure


@pytest.fixture
def coverage(cast):
    """Team A tracks the share of eligible calls an alternative responder answered."""
    return choose_measure(cast.team_a, by=cast.member_a1)


def grid(team_measure) -> str:
    return reverse("outcomes:team_measure", args=[team_measure.team_id, team_measure.pk])


def test_the_grid_offers_the_last_twelve_whole_months(client, cast, coverage):
    client.force_login(cast.member_a1)

    html = client.get(grid(coverage)).content.decode()

    # The clock says 1 December 2026: November 2026 back to December 2025.
    assert html.index("November 2026") < html.index("December 2025")
    assert "December 2026" not in html
    assert 'name="2025-12_numerator"' in html
    assert 'name="2025-11_numerator"' not in html
    assert "Eligible calls from the community" in html


def test_saving_first_then_showing_the_twelve_months_before_keeps_what_was_typed(
    client, cast, coverage
):
    client.force_login(cast.member_a1)
    html = client.get(grid(coverage)).content.decode()
    assert 'name="then" value="earlier"' in html
    assert 'value="later"' not in html  # the latest months already

    response = client.post(
        grid(coverage),
        {"2026-11_numerator": "30", "2026-11_denominator": "80", "then": "earlier"},
    )

    # Saved first, then the 12 months before December 2025: December 2024 to November 2025.
    assert response["Location"] == f"{grid(coverage)}?before=2025-12"
    assert Observation.objects.get(team=cast.team_a).period == date(2026, 11, 1)
    older = client.get(response["Location"]).content.decode()
    assert "Saved 1 value." in older
    assert "Values from December 2024 to November 2025" in older
    assert 'name="2024-12_numerator"' in older and 'name="2025-11_numerator"' in older
    assert 'name="2025-12_numerator"' not in older
    assert '<input type="hidden" name="before" value="2025-12">' in older

    # A value of the older page, then back to the later months.
    response = client.post(
        grid(coverage),
        {
            "before": "2025-12",
            "2025-03_numerator": "12",
            "2025-03_denominator": "60",
            "then": "later",
        },
    )
    assert response["Location"] == grid(coverage)
    assert Observation.objects.filter(team=cast.team_a, period=date(2025, 3, 1)).exists()


def test_a_mistake_on_an_older_page_comes_back_on_that_page_with_what_was_typed(
    client, cast, coverage
):
    client.force_login(cast.member_a1)

    response = client.post(
        grid(coverage),
        {
            "before": "2025-12",
            "2025-03_numerator": "12",
            "2025-03_denominator": "6",
            "2025-04_numerator": "9",
            "2025-04_denominator": "50",
            "then": "earlier",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Values from December 2024 to November 2025" in html
    assert 'value="9"' in html and 'value="50"' in html
    assert not Observation.objects.exists()


def test_readers_page_through_older_months_by_links(client, cast, coverage):
    client.force_login(cast.expert)

    html = client.get(f"{grid(coverage)}?before=2024-06").content.decode()

    assert "Values from June 2023 to May 2024" in html
    assert f'href="{grid(coverage)}?before=2023-06"' in html
    assert f'href="{grid(coverage)}?before=2025-06"' in html
    assert "Save and show" not in html
    # A month after this one shows the latest months; a month that is not one is a 404.
    assert (
        "Values for the last 12 months"
        in client.get(f"{grid(coverage)}?before=2031-01").content.decode()
    )
    assert client.get(f"{grid(coverage)}?before=June").status_code == 404


def test_a_member_enters_values_and_sees_them_again(client, cast, coverage):
    client.force_login(cast.member_a1)

    response = client.post(
        grid(coverage),
        {
            "2026-11_numerator": "30",
            "2026-11_denominator": "80",
            "2026-11_provisional": "on",
            "2026-11_note": "Dispatch data still coming in",
            "2026-10_numerator": "25",
            "2026-10_denominator": "75",
        },
        follow=True,
    )

    assert "Saved 2 values." in response.content.decode()
    stored = {o.period: o for o in Observation.objects.filter(team=cast.team_a)}
    november = stored[date(2026, 11, 1)]
    assert (november.numerator, november.denominator) == (Decimal(30), Decimal(80))
    assert november.provisional and november.note == "Dispatch data still coming in"
    assert (november.source, november.entered_by) == ("manual", cast.member_a1)
    assert november.disaggregation == ""
    assert november.measure_version == coverage.measure.current
    assert not stored[date(2026, 10, 1)].provisional
    html = client.get(grid(coverage)).content.decode()
    assert 'name="2026-11_numerator" value="30"' in html
    assert 'name="2026-11_denominator" value="80"' in html
    assert f"Last saved by {cast.member_a1} on December 1, 2026." in html


def test_a_correction_keeps_the_earlier_value_in_history(client, cast, coverage):
    client.force_login(cast.member_a1)
    client.post(grid(coverage), {"2026-11_numerator": "30", "2026-11_denominator": "80"})
    client.force_login(cast.member_a2)

    response = client.post(
        grid(coverage), {"2026-11_numerator": "32", "2026-11_denominator": "80"}, follow=True
    )

    assert "Saved 1 value." in response.content.decode()
    observation = Observation.objects.get(team=cast.team_a)
    assert observation.numerator == 32
    history = list(observation.history.order_by("history_date"))
    assert [(row.numerator, row.history_user) for row in history] == [
        (Decimal(30), cast.member_a1),
        (Decimal(32), cast.member_a2),
    ]


def test_saving_the_same_values_again_changes_nothing(client, cast, coverage):
    client.force_login(cast.member_a1)
    values = {"2026-11_numerator": "30", "2026-11_denominator": "80"}
    client.post(grid(coverage), values)

    response = client.post(grid(coverage), values, follow=True)

    assert "Nothing changed" in response.content.decode()
    assert Observation.objects.get().history.count() == 1


def test_bad_values_keep_what_was_typed_and_store_nothing(client, cast, coverage):
    client.force_login(cast.member_a1)

    response = client.post(
        grid(coverage),
        {
            "2026-11_numerator": "90",
            "2026-11_denominator": "80",
            "2026-10_numerator": "-3",
            "2026-10_denominator": "50",
            "2026-09_numerator": "2.5",
            "2026-09_denominator": "50",
            "2026-08_numerator": "4",
            "2026-07_denominator": "12",
            "2026-06_numerator": "7",
            "2026-06_denominator": "0",
        },
    )

    html = response.content.decode()
    assert "There are 6 problems" in html
    assert "For November 2026 this must not be more than the number below it (80)." in html
    assert "Enter 0 or more for October 2026." in html
    assert "Enter a whole number for September 2026." in html
    assert "Enter this number for August 2026 too." in html
    assert "Enter this number for July 2026 too, or clear the one below it." in html
    assert "Enter a number above 0 for June 2026." in html
    assert 'name="2026-11_numerator" value="90"' in html
    assert 'name="2026-09_numerator" value="2.5"' in html
    assert not Observation.objects.exists()


def test_a_measured_value_takes_decimals(client, cast):
    median = choose_measure(cast.team_a, "response_time_median", by=cast.member_a1)
    client.force_login(cast.member_a1)

    client.post(grid(median), {"2026-11_numerator": "17.5", "2026-11_denominator": "40"})

    observation = Observation.objects.get(measure_version=median.measure.current)
    assert (observation.numerator, observation.denominator) == (Decimal("17.5"), 40)


def test_a_count_has_no_denominator_and_takes_whole_numbers(cast):
    measures_load(files=read_directory())
    shootings = Measure.objects.get(code="nonfatal_shooting_victims").current
    periods = months_before(date(2026, 12, 1))

    form = ObservationGridForm(
        {"2026-11_numerator": "2.5", "2026-10_numerator": "3", "2026-10_denominator": "9"},
        version=shootings,
        periods=periods,
    )

    assert "2026-11_denominator" not in form.fields
    assert not form.is_valid()
    assert form.errors == {"2026-11_numerator": ["Enter a whole number for November 2026."]}
    assert [value.denominator for value in form.values()][:2] == [None, None]


def test_readers_see_the_values_but_cannot_change_them(client, cast, coverage):
    client.force_login(cast.member_a1)
    client.post(grid(coverage), {"2026-11_numerator": "30", "2026-11_denominator": "80"})
    for reader in (cast.expert, cast.ta_provider):
        client.force_login(reader)
        html = client.get(grid(coverage)).content.decode()
        # Only the form that chooses which group to show, which changes nothing.
        assert 'method="post"' not in html.split("<main", 1)[1].split("</main>")[0]
        assert '<td data-label="Eligible calls from the community">80</td>' in html
        assert f'<td data-label="Last saved">{cast.member_a1}, December 1, 2026</td>' in html

        response = client.post(grid(coverage), {"2026-11_numerator": "1"})

        assert response.status_code == 404
    assert Observation.objects.get().numerator == 30


def test_another_teams_member_gets_404_and_changes_nothing(client, cast, coverage):
    client.force_login(cast.member_b)

    assert client.get(grid(coverage)).status_code == 404
    response = client.post(grid(coverage), {"2026-11_numerator": "3", "2026-11_denominator": "8"})

    assert response.status_code == 404
    assert not Observation.objects.exists()


def test_a_team_measure_reached_through_another_teams_address_is_404(client, cast, coverage):
    client.force_login(cast.member_b)
    url = reverse("outcomes:team_measure", args=[cast.team_b.pk, coverage.pk])

    assert client.get(url).status_code == 404


def test_the_grid_costs_the_same_queries_however_many_values(
    client, cast, coverage, django_assert_num_queries
):
    client.force_login(cast.member_a1)
    client.post(grid(coverage), {"2026-11_numerator": "1", "2026-11_denominator": "2"})
    # The session, the user, the team, the team measure, the values, their corrections,
    # may-write, the header's "Your teams" and "Forum" checks and its bell; the chart's values,
    # accepted modules, resolved TA requests, started PDSA cycles and policy changes.
    queries = 16
    with django_assert_num_queries(queries):
        client.get(grid(coverage))
    values = {}
    for month in range(1, 12):
        values[f"2026-{month:02d}_numerator"] = str(month)
        values[f"2026-{month:02d}_denominator"] = "20"
    client.post(grid(coverage), values)
    assert Observation.objects.count() == 11

    with django_assert_num_queries(queries):
        client.get(grid(coverage))
