"""The public results page, its CSV file and GET /api/v1/results: only teams that chose to
share, only monthly totals, and every number whose count or denominator is under the
measure's threshold suppressed (10 by default, per measure in its data file)."""

import csv
import importlib
import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError
from django.urls import reverse

from lcpa.outcomes.briefs import results_sharing_set
from lcpa.outcomes.content import read_directory
from lcpa.outcomes.models import Measure, ResultsSharing, TeamMeasure
from lcpa.outcomes.results import trend_in_words
from lcpa.outcomes.services import ObservationValue, measures_load, observations_record
from lcpa.outcomes.suppression import PublicValue, is_small
from lcpa.outcomes.tests.test_load_measures import copy_content, load
from lcpa.testing import choose_measure, forget_public_pages

RESULTS = reverse("outcomes:results")
CSV_URL = reverse("outcomes:results_csv")
API_URL = "/api/v1/results"
LATEST = date(2026, 11, 1)  # the last whole month before the tests' day (December 1, 2026)


def record(team_measure, values: dict[date, tuple], *, by, provisional=False, disaggregation=""):
    observations_record(
        team_measure=team_measure,
        values=[
            ObservationValue(
                period=period,
                numerator=Decimal(numerator),
                denominator=None if denominator is None else Decimal(denominator),
                provisional=provisional,
                note="",
            )
            for period, (numerator, denominator) in values.items()
        ],
        by=by,
        disaggregation=disaggregation,
    )


def csv_rows(client) -> list[dict]:
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def shared_a(cast):
    """Team A shares its results; its plan has eligible calls answered by an alternative
    responder (a percentage of eligible calls)."""
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    results_sharing_set(team=cast.team_a, shared=True, by=cast.member_a1)
    return team_measure


def test_with_no_team_sharing_the_page_says_so_and_the_csv_and_api_are_empty(client, cast):
    choose_measure(cast.team_a, by=cast.member_a1)  # a plan, but not shared

    page = client.get(RESULTS).content.decode()

    assert "No team has chosen to share its results yet." in page
    assert "Why some numbers are hidden" in page
    assert csv_rows(client) == []
    assert client.get(API_URL).json() == []


def test_a_shared_measure_shows_its_latest_month_and_value_by_community_and_jurisdiction(
    client, cast, shared_a
):
    record(shared_a, {date(2026, 10, 1): (30, 100), LATEST: (42, 120)}, by=cast.member_a1)

    page = client.get(RESULTS).content.decode()

    assert "Crisis Systems" in page
    assert "Amherst, MA" in page
    assert "Eligible calls answered by an alternative responder" in page
    assert "November 2026" in page
    assert "35 percent of eligible calls" in page  # 42 of 120
    assert "Not enough published months to show a trend yet." in page


@pytest.mark.parametrize(
    ("numerator", "denominator", "shown"),
    [
        (9, 100, False),  # a count under 10
        (10, 100, True),
        (9, 9, False),  # a denominator under 10
        (10, 10, True),
    ],
)
def test_a_month_under_ten_is_suppressed_on_the_page_in_the_csv_and_in_the_api(
    client, cast, shared_a, numerator, denominator, shown
):
    record(shared_a, {LATEST: (numerator, denominator)}, by=cast.member_a1)
    value = f"{Decimal(numerator * 100) / denominator:.1f}"

    page = client.get(RESULTS).content.decode()
    (row,) = csv_rows(client)
    (result,) = client.get(API_URL).json()

    (month,) = result["months"]
    if shown:
        assert f"{Decimal(value).normalize():f} percent of eligible calls" in page
        assert "Suppressed" not in page
        assert row["suppressed"] == "no"
        assert (row["value"], row["numerator"], row["denominator"]) == (
            f"{Decimal(value).normalize():f}",
            str(numerator),
            str(denominator),
        )
        assert month["suppressed"] is False
        assert Decimal(month["value"]) == Decimal(value)
        assert (month["numerator"], month["denominator"]) == (numerator, denominator)
    else:
        assert "Suppressed" in page
        assert "percent of eligible calls</td>" not in page
        assert (row["suppressed"], row["value"], row["numerator"], row["denominator"]) == (
            "yes",
            "",
            "",
            "",
        )
        assert month == {
            "month": "2026-11-01",
            "suppressed": True,
            "value": None,
            "numerator": None,
            "denominator": None,
        }


def test_a_measure_with_its_own_threshold_suppresses_under_it(client, cast, shared_a):
    Measure.objects.filter(pk=shared_a.measure_id).update(suppress_below=20)
    record(
        shared_a,
        {date(2026, 10, 1): (19, 100), LATEST: (20, 100)},
        by=cast.member_a1,
    )

    page = client.get(RESULTS).content.decode()
    rows = csv_rows(client)
    (result,) = client.get(API_URL).json()

    assert "Hidden when under 20" in page
    assert "20 percent of eligible calls" in page
    assert [(row["month"], row["suppressed"]) for row in rows] == [
        ("2026-10", "yes"),
        ("2026-11", "no"),
    ]
    assert result["suppress_below"] == 20
    assert [month["suppressed"] for month in result["months"]] == [True, False]


def test_the_measure_files_set_a_threshold_and_measures_without_one_use_ten(db, communities):
    measures_load(files=read_directory())

    thresholds = dict(Measure.objects.values_list("code", "suppress_below"))

    assert thresholds["diversion_completion"] == 20
    assert thresholds["alternative_coverage"] == 10
    assert set(thresholds.values()) == {10, 20}


def test_changing_a_threshold_in_its_file_keeps_the_measures_version(cast, tmp_path):
    first = choose_measure(cast.team_a, by=cast.member_a1).measure.current
    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    path.write_text(
        path.read_text().replace(
            "    source_kind: calls_for_service\n",
            "    source_kind: calls_for_service\n    suppress_below: 15\n",
            1,
        ),
        encoding="utf-8",
    )

    output = load(directory)

    assert output.strip().splitlines()[:-1] == [
        "crisis-systems: measure alternative_coverage suppresses public numbers under 15"
    ]
    measure = Measure.objects.get(code="alternative_coverage")
    assert (measure.suppress_below, measure.current_id) == (15, first.pk)


def test_a_threshold_under_one_is_refused(communities, tmp_path):
    directory = copy_content(tmp_path)
    path = directory / "crisis-systems.yaml"
    path.write_text(
        path.read_text().replace(
            "    source_kind: calls_for_service\n",
            "    source_kind: calls_for_service\n    suppress_below: 0\n",
            1,
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError) as refused:
        load(directory)

    assert "suppress_below" in str(refused.value)


def test_a_team_that_does_not_share_is_never_shown(client, cast, shared_a):
    private = choose_measure(cast.team_b, by=cast.member_b)
    record(private, {LATEST: (50, 100)}, by=cast.member_b)
    record(shared_a, {LATEST: (40, 100)}, by=cast.member_a1)

    for text in (
        client.get(RESULTS).content.decode(),
        client.get(CSV_URL).content.decode(),
        client.get(API_URL).content.decode(),
    ):
        assert "Amherst" in text
        assert "Sacramento" not in text
        assert "50" not in text


def test_a_team_that_stops_sharing_leaves_the_page_at_once(
    client, cast, shared_a, django_capture_on_commit_callbacks
):
    record(shared_a, {LATEST: (40, 100)}, by=cast.member_a1)
    assert "Amherst" in client.get(RESULTS).content.decode()

    client.force_login(cast.member_a1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("outcomes:results_sharing", args=[cast.team_a.pk]), {})

    assert response.status_code == 302
    assert "Amherst" not in client.get(RESULTS).content.decode()
    assert client.get(API_URL).json() == []


def test_a_member_shares_the_results_and_the_choice_is_kept_in_history(
    client, cast, django_capture_on_commit_callbacks
):
    team_measure = choose_measure(cast.team_a, by=cast.member_a1)
    record(team_measure, {LATEST: (40, 100)}, by=cast.member_a1)
    assert "Amherst" not in client.get(RESULTS).content.decode()
    client.force_login(cast.member_a1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("outcomes:results_sharing", args=[cast.team_a.pk]),
            {"measures": [team_measure.pk]},
            follow=True,
        )

    assert "The public results page now shows 1 measure of your team." in (
        response.content.decode()
    )
    sharing = ResultsSharing.objects.get(team=cast.team_a)
    assert (sharing.shared, sharing.changed_by) == (True, cast.member_a1)
    assert [(h.shared, h.history_user) for h in sharing.history.all()] == [(True, cast.member_a1)]
    client.logout()
    assert "Amherst" in client.get(RESULTS).content.decode()


def test_only_the_measures_a_team_chose_are_public_on_the_page_in_the_csv_and_api(
    client, cast, django_capture_on_commit_callbacks
):
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    backup = choose_measure(cast.team_a, "police_backup_rate", by=cast.member_a1)
    record(coverage, {LATEST: (40, 100)}, by=cast.member_a1)
    record(backup, {LATEST: (12, 100)}, by=cast.member_a1)
    client.force_login(cast.member_a1)
    briefs_page = reverse("outcomes:briefs", args=[cast.team_a.pk])
    form = client.get(briefs_page).content.decode()
    assert "Measures shown on the public results page" in form
    assert "Your team's measures are not on the public results page." in form

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("outcomes:results_sharing", args=[cast.team_a.pk]),
            {"measures": [backup.pk]},
        )

    coverage.refresh_from_db()
    backup.refresh_from_db()
    assert (coverage.shared, backup.shared) == (False, True)
    assert "On the public results page: " in client.get(briefs_page).content.decode()
    client.logout()
    page = client.get(RESULTS).content.decode()
    assert "Alternative responses that asked for police backup" in page
    assert "Eligible calls answered by an alternative responder" not in page
    assert {row["measure_code"] for row in csv_rows(client)} == {"police_backup_rate"}
    api = client.get(API_URL).json()
    assert {row["measure_code"] for row in api} == {"police_backup_rate"}


def test_a_measure_of_another_team_cannot_be_shared(client, cast, shared_a):
    other = choose_measure(cast.team_b, by=cast.member_b)
    client.force_login(cast.member_a1)

    response = client.post(
        reverse("outcomes:results_sharing", args=[cast.team_a.pk]),
        {"measures": [other.pk]},
        follow=True,
    )

    assert "A measure you chose is no longer in your plan: choose again." in (
        response.content.decode()
    )
    other.refresh_from_db()
    shared_a.refresh_from_db()
    assert (other.shared, shared_a.shared) == (False, True)
    with pytest.raises(ValueError, match="another team"):
        results_sharing_set(team=cast.team_a, shared=True, by=cast.member_a1, measures=[other])


def test_a_team_that_shared_everything_before_measures_could_be_chosen_still_does(cast):
    """outcomes 0006: every measure of a team that shared its results stays shared."""
    migration = importlib.import_module("lcpa.outcomes.migrations.0006_team_measure_shared")
    coverage = choose_measure(cast.team_a, by=cast.member_a1)
    hidden = choose_measure(cast.team_b, by=cast.member_b)
    results_sharing_set(team=cast.team_a, shared=True, by=cast.member_a1)
    TeamMeasure.objects.update(shared=False)

    migration.keep_what_teams_share(django_apps, None)

    assert TeamMeasure.objects.get(pk=coverage.pk).shared
    assert not TeamMeasure.objects.get(pk=hidden.pk).shared


def test_new_values_of_a_shared_team_reach_the_cached_page(
    client, cast, shared_a, django_capture_on_commit_callbacks
):
    record(shared_a, {LATEST: (40, 100)}, by=cast.member_a1)
    assert "40 percent" in client.get(RESULTS).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        record(shared_a, {LATEST: (45, 100)}, by=cast.member_a1)

    assert "45 percent" in client.get(RESULTS).content.decode()


def test_provisional_months_breakdowns_and_this_month_are_never_public(client, cast, shared_a):
    record(shared_a, {LATEST: (40, 100)}, by=cast.member_a1, provisional=True)
    record(shared_a, {LATEST: (30, 60)}, by=cast.member_a1, disaggregation="race:black")
    record(shared_a, {date(2026, 12, 1): (70, 100)}, by=cast.member_a1)

    page = client.get(RESULTS).content.decode()

    assert "No value published yet" in page
    assert csv_rows(client) == []
    assert client.get(API_URL).json()[0]["months"] == []


def test_a_value_measure_is_suppressed_by_its_denominator_only():
    minutes = {"kind": "value", "numerator": Decimal(7), "threshold": 10}

    assert is_small(**minutes, denominator=Decimal(9))
    assert not is_small(**minutes, denominator=Decimal(10))
    assert not is_small(**minutes, denominator=None)
    assert is_small(kind="count", numerator=Decimal(9), denominator=None, threshold=10)


def _months(values: list) -> list[PublicValue]:
    return [
        PublicValue(period=date(2026, n + 1, 1), suppressed=v is None, value=v)
        for n, v in enumerate(values)
    ]


def test_the_trend_in_words_reads_the_published_months_and_the_better_direction():
    rising = _months([Decimal(v) for v in (10, 11, 10, 20, 21, 22)])
    steady = _months([Decimal(v) for v in (10, 10, 10, 10, 10, 10.2)])

    assert trend_in_words(rising, better="up").startswith("Improving: higher")
    assert trend_in_words(rising, better="down").startswith("Getting worse: higher")
    assert trend_in_words(steady, better="up") == "About the same as the three months before."
    with_gaps = _months([Decimal(10), None, Decimal(11), Decimal(20), Decimal(21), Decimal(22)])
    assert trend_in_words(with_gaps, better="up").startswith("Not enough")


def test_the_page_costs_the_same_queries_for_one_team_or_three(
    client, cast, django_assert_max_num_queries
):
    def share(team, by, code=None):
        team_measure = choose_measure(team, code, by=by)
        results_sharing_set(team=team, shared=True, by=by)
        record(
            team_measure,
            {date(2026, month, 1): (20 + month, 100) for month in range(1, 12)},
            by=by,
        )

    share(cast.team_a, cast.member_a1)
    forget_public_pages()
    with django_assert_max_num_queries(12) as one:
        client.get(RESULTS)
    share(cast.team_b, cast.member_b)
    share(cast.team_b, cast.member_b, "police_backup_rate")
    share(cast.other_team, cast.outsider)
    forget_public_pages()
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(RESULTS).content.decode()
    assert page.count("<h3>") == 3
