"""Values broken down by group (race, sex, age group, disability, geography) in the period
grid, without JavaScript; corrections shown with the earlier value, who and when."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from lcpa.outcomes import disaggregations
from lcpa.outcomes.models import Disaggregation, Observation
from lcpa.outcomes.services import ObservationValue, observations_record
from lcpa.testing import choose_measure


@pytest.fixture
def coverage(cast):
    """Alternative coverage: broken down by race, sex, age group and geography."""
    return choose_measure(cast.team_a, by=cast.member_a1)


def grid(team_measure, **query) -> str:
    url = reverse("outcomes:team_measure", args=[team_measure.team_id, team_measure.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_groups_file_lists_every_dimension_but_geography():
    listed = set(disaggregations.GroupsFile.model_fields)
    assert listed == set(Disaggregation.values) - {Disaggregation.GEOGRAPHY}
    assert "Hispanic or Latino" in [group.label for group in disaggregations.groups().race]


def test_the_page_offers_the_measures_groups_in_a_plain_form(client, cast, coverage):
    client.force_login(cast.member_a1)

    html = client.get(grid(coverage)).content.decode()

    assert '<select class="usa-select" id="breakdown" name="breakdown">' in html
    assert '<option value="race:black">Race and ethnicity: Black</option>' in html
    assert '<option value="age_group:teen">Age group: Teen (12 to 17)</option>' in html
    assert "disability:" not in html  # not one of this measure's breakdowns
    assert 'name="area"' in html


def test_a_member_enters_values_for_one_group_apart_from_the_total(client, cast, coverage):
    client.force_login(cast.member_a1)
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(date(2026, 11, 1), Decimal(30), Decimal(80), False, "")],
        by=cast.member_a1,
    )

    response = client.post(
        grid(coverage),
        {"breakdown": "race:black", "2026-11_numerator": "9", "2026-11_denominator": "20"},
    )

    assert response.status_code == 302
    assert response["Location"].endswith("?breakdown=race%3Ablack")
    stored = {o.disaggregation: o.numerator for o in Observation.objects.all()}
    assert stored == {"": Decimal(30), "race:black": Decimal(9)}
    html = client.get(response["Location"]).content.decode()
    assert (
        'Values for the last 12 months: <span class="lc-user-text">Race and ethnicity: Black'
        in html
    )
    assert 'name="2026-11_numerator" value="9"' in html
    assert 'name="2026-11_numerator" value="30"' in client.get(grid(coverage)).content.decode()


def test_an_area_the_team_names_is_its_own_breakdown(client, cast, coverage):
    client.force_login(cast.member_a1)
    page = client.get(grid(coverage, area="North%20district"))
    assert "Geography: North district" in page.content.decode()

    client.post(
        grid(coverage),
        {"area": "North  district", "2026-10_numerator": "4", "2026-10_denominator": "10"},
    )

    assert Observation.objects.get().disaggregation == "geography:North district"


def test_a_group_the_measure_does_not_allow_is_not_found(client, cast):
    response_time = choose_measure(cast.team_a, "response_time_median", by=cast.member_a1)
    client.force_login(cast.member_a1)

    assert client.get(grid(response_time, breakdown="race:black")).status_code == 404
    assert client.get(grid(response_time, breakdown="race:martian")).status_code == 404
    assert client.post(grid(response_time), {"breakdown": "sex:female"}).status_code == 404
    assert client.get(grid(response_time, area="Downtown")).status_code == 200
    assert not Observation.objects.exists()


def test_a_correction_shows_the_earlier_value_who_entered_it_and_when(client, cast, coverage):
    november = date(2026, 11, 1)
    observations_record(
        team_measure=coverage,
        values=[ObservationValue(november, Decimal(25), Decimal(75), True, "")],
        by=cast.member_a2,
    )
    client.force_login(cast.member_a1)
    client.post(grid(coverage), {"2026-11_numerator": "28", "2026-11_denominator": "75"})

    html = client.get(grid(coverage)).content.decode()

    assert "Corrected" in html
    assert f"It was 25 out of 75, entered by {cast.member_a2} on December 1, 2026." in html
    observation = Observation.objects.get()
    assert [h.numerator for h in observation.history.order_by("history_date")] == [25, 28]
    # Readers who cannot write see it in the table too.
    client.force_login(cast.expert)
    assert "It was 25 out of 75" in client.get(grid(coverage)).content.decode()


def test_a_changed_note_alone_is_no_correction(client, cast, coverage):
    client.force_login(cast.member_a1)
    client.post(grid(coverage), {"2026-11_numerator": "28", "2026-11_denominator": "75"})
    client.post(
        grid(coverage),
        {"2026-11_numerator": "28", "2026-11_denominator": "75", "2026-11_note": "Checked"},
    )

    assert "Corrected" not in client.get(grid(coverage)).content.decode()


def test_the_grid_costs_the_same_queries_with_one_or_twelve_corrected_values(
    client, cast, coverage, django_assert_max_num_queries
):
    client.force_login(cast.member_a1)
    months = [date(2026, month, 1) for month in range(1, 12)] + [date(2025, 12, 1)]

    def record(months, numerator):
        observations_record(
            team_measure=coverage,
            values=[
                ObservationValue(m, Decimal(numerator), Decimal(90), False, "") for m in months
            ],
            by=cast.member_a1,
        )

    record(months[:1], 10)
    record(months[:1], 11)
    with django_assert_max_num_queries(40) as few:
        client.get(grid(coverage))
    record(months, 12)
    record(months, 13)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(grid(coverage)).content.decode()
    assert (
        html.count("It was 12 out of 90") == 12
    )  # each shows the value its latest change replaced
