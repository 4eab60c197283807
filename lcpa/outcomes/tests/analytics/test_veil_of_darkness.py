"""The veil-of-darkness test (veil_of_darkness.py), domain-metrics B3.

On synthetic stops with a known darkness effect (samples/stops.py) the test recovers its sign
and size, and finds nothing when there is nothing. A few hand-made stops in New Orleans, on
days whose sunset and dusk are known, check the inter-twilight window, the twilight that is
neither light nor dark, and the darkness indicator. Then the guards: no times, no places, a
race missing, too few stops, a month with too few times, an unknown time zone.
"""

from datetime import date, time

import numpy as np
import pytest

from lcpa.outcomes.analytics.samples.stops import stop_rows
from lcpa.outcomes.analytics.veil_of_darkness import (
    HIGHER_AFTER_DARK,
    LOW_TIME_COVERAGE,
    LOWER_AFTER_DARK,
    NO_CLEAR_DIFFERENCE,
    NO_DUSK,
    NO_TIME,
    OTHER_RACE,
    OUTSIDE_WINDOW,
    PEDESTRIAN,
    TWILIGHT,
    Cell,
    VeilOfDarknessError,
    inter_twilight_counts,
    natural_spline_basis,
    veil_of_darkness_test,
)

CHICAGO = "America/Chicago"
NEW_ORLEANS = {"all": (29.9511, -90.0715)}


def synthetic(effect: float, *, seed: int = 11, n: int = 60_000) -> list[dict[str, str]]:
    return list(
        stop_rows(n, seed=seed, start=date(2021, 1, 1), end=date(2022, 12, 31), effect=effect)
    )


@pytest.fixture(scope="module")
def with_effect():
    return synthetic(-0.5)


@pytest.fixture(scope="module")
def without_effect():
    return synthetic(0.0)


def test_an_injected_darkness_effect_is_recovered_with_its_sign_and_size(with_effect):
    result = veil_of_darkness_test(with_effect, time_zone=CHICAGO)

    assert -0.7 < result.coefficient < -0.3
    assert result.ci_low < result.coefficient < result.ci_high < 0
    assert result.ci_low < -0.5 < result.ci_high
    assert result.p_value < 0.001
    assert result.odds_ratio == pytest.approx(np.exp(result.coefficient))
    assert result.finding == LOWER_AFTER_DARK
    assert result.n == result.n_black + result.n_white == result.n_dark + result.n_light
    assert result.reading.startswith("Of ")
    assert "stops of Black drivers were less likely after dark, when race is harder to see" in (
        result.reading
    )
    assert "consistent with race influencing which drivers were stopped in daylight" in (
        result.reading
    )
    # The generator hides one month's times and adds drivers of other races and pedestrians.
    assert result.dropped[LOW_TIME_COVERAGE] > 1000
    assert result.dropped[OTHER_RACE] > 5000
    assert result.dropped[PEDESTRIAN] > 1000
    assert result.dropped[OUTSIDE_WINDOW] > result.n


def test_the_effect_holds_with_districts_as_geographies(with_effect):
    result = veil_of_darkness_test(with_effect, time_zone=CHICAGO, geography="district")

    assert result.geographies == ("1", "2", "3", "4", "5")
    assert result.interacted
    assert -0.7 < result.coefficient < -0.3
    assert result.finding == LOWER_AFTER_DARK

    plain = veil_of_darkness_test(
        with_effect, time_zone=CHICAGO, geography="district", interact=False
    )
    assert not plain.interacted
    assert -0.7 < plain.coefficient < -0.3


def test_no_effect_gives_an_interval_that_covers_zero(without_effect):
    result = veil_of_darkness_test(without_effect, time_zone=CHICAGO)

    assert result.ci_low < 0 < result.ci_high
    assert abs(result.coefficient) < 0.15
    assert result.finding == NO_CLEAR_DIFFERENCE
    assert "about as likely after dark as in daylight" in result.reading
    assert "cannot rule it out" in result.reading


def test_more_black_drivers_after_dark_is_read_as_no_sign_of_daylight_bias():
    result = veil_of_darkness_test(synthetic(0.5, seed=3, n=40_000), time_zone=CHICAGO)

    assert result.ci_low > 0
    assert result.finding == HIGHER_AFTER_DARK
    assert "more likely after dark" in result.reading
    assert "no sign that race made daylight stops of Black drivers more likely" in result.reading


def stop(day: date, clock: str, race: str = "black", **extra) -> dict[str, object]:
    return {"date": day.isoformat(), "time": clock, "subject_race": race, **extra}


# New Orleans (astral, local time): sunset and dusk at 17:05 and 17:31 on 21 December, 18:57
# and 19:21 on 21 September, 20:04 and 20:32 on 21 June. The inter-twilight window runs from
# the earliest dusk in the data to the latest: 17:31 to 20:32 here.
WINTER, AUTUMN, SUMMER = date(2020, 12, 21), date(2020, 9, 21), date(2020, 6, 21)


def test_the_window_the_twilight_and_darkness_follow_sunset_and_dusk():
    rows = [
        stop(WINTER, "18:00"),  # after dusk in December: dark
        stop(SUMMER, "18:00", "white"),  # before sunset in June: light
        stop(SUMMER, "20:15"),  # between sunset and dusk: neither
        stop(SUMMER, "12:00"),  # midday: light every day, outside the window
        stop(WINTER, "21:30"),  # dark every day of the year, outside the window
        stop(SUMMER, "19:59:30", "white"),  # just before sunset: light, rounded to 20:00
        stop(AUTUMN, "19:38"),  # after dusk in September: dark, rounded to 19:40
        stop(WINTER, "18:02", "hispanic"),  # neither Black nor White
        stop(WINTER, "18:03", type="pedestrian"),
    ]
    counts = inter_twilight_counts(rows, time_zone=CHICAGO, centres=NEW_ORLEANS)

    assert counts.cells == {
        Cell("all", 18 * 60, True): [1, 0],
        Cell("all", 18 * 60, False): [0, 1],
        Cell("all", 20 * 60, False): [0, 1],
        Cell("all", 19 * 60 + 40, True): [1, 0],
    }
    assert counts.dropped == {TWILIGHT: 1, OUTSIDE_WINDOW: 2, OTHER_RACE: 1, PEDESTRIAN: 1}


def test_typed_values_and_raw_codes_are_read_alike():
    typed = [
        {"date": WINTER, "time": time(18, 0), "subject_race": "B", "lat": 29.95, "lng": -90.07},
        {
            "date": "12/21/2020",
            "time": "6:00 PM",
            "subject_race": "Black",
            "lat": "29.95",
            "lng": "-90.07",
        },
        {
            "date": "2020-06-21 00:00:00",
            "time": "18:00:59",
            "subject_race": "W",
            "lat": 29.95,
            "lng": -90.07,
        },
    ]
    counts = inter_twilight_counts(typed, time_zone=CHICAGO)

    assert counts.cells == {
        Cell("all", 18 * 60, True): [2, 0],
        Cell("all", 18 * 60, False): [0, 1],
    }


def test_a_month_with_fewer_than_half_the_times_is_left_out():
    rows = [stop(WINTER, "18:00"), stop(WINTER, "NA"), stop(WINTER, ""), stop(SUMMER, "18:00")]
    counts = inter_twilight_counts(rows, time_zone=CHICAGO, centres=NEW_ORLEANS)

    assert counts.dropped == {LOW_TIME_COVERAGE: 3, OUTSIDE_WINDOW: 1}

    half = [stop(WINTER, "18:00"), stop(WINTER, "NA"), stop(SUMMER, "18:00")]
    counts = inter_twilight_counts(half, time_zone=CHICAGO, centres=NEW_ORLEANS)
    assert counts.dropped == {NO_TIME: 1}
    assert counts.cells == {Cell("all", 18 * 60, True): [1, 0], Cell("all", 18 * 60, False): [1, 0]}


def test_days_without_a_dusk_are_left_out():
    utqiagvik = {"all": (71.29, -156.79)}
    rows = [stop(SUMMER, "21:00"), stop(WINTER, "18:00")]
    counts = inter_twilight_counts(rows, time_zone="America/Anchorage", centres=utqiagvik)

    assert counts.dropped[NO_DUSK] == 2


def test_stops_without_times_are_refused_with_a_reason():
    rows = [stop(WINTER, "NA"), stop(SUMMER, "")] * 50
    with pytest.raises(VeilOfDarknessError, match="None of the stops has a clock time"):
        veil_of_darkness_test(rows, time_zone=CHICAGO, centres=NEW_ORLEANS)


def test_stops_without_places_are_refused_unless_a_centre_is_given():
    rows = [stop(WINTER, "18:00", lat="NA", lng="NA"), stop(SUMMER, "18:00", lat="", lng="")]
    with pytest.raises(VeilOfDarknessError, match="latitude and longitude"):
        veil_of_darkness_test(rows, time_zone=CHICAGO)

    counts = inter_twilight_counts(rows, time_zone=CHICAGO, centres=NEW_ORLEANS)
    assert sum(sum(pair) for pair in counts.cells.values()) == 2


def test_no_dates_and_an_unknown_time_zone_are_refused():
    with pytest.raises(VeilOfDarknessError, match="no stops with a date"):
        veil_of_darkness_test([{"date": "NA", "time": "18:00"}], time_zone=CHICAGO)
    with pytest.raises(VeilOfDarknessError, match="not a known time zone"):
        veil_of_darkness_test([], time_zone="Mars/Olympus_Mons")


def test_too_few_stops_say_what_is_missing():
    rows = [stop(WINTER, "18:00", "white"), stop(SUMMER, "18:00", "white")] * 80
    with pytest.raises(VeilOfDarknessError) as refused:
        veil_of_darkness_test(rows, time_zone=CHICAGO, centres=NEW_ORLEANS)

    message = str(refused.value)
    assert "Too few stops in the hours around dusk" in message
    assert "0 stops of Black drivers" in message
    assert "at least 100 of each" in message
    assert "White drivers" not in message


def test_a_few_months_of_data_are_too_few(with_effect):
    january = [row for row in with_effect if row["date"].startswith("2021-01")]
    with pytest.raises(VeilOfDarknessError, match="stops in daylight"):
        veil_of_darkness_test(january, time_zone=CHICAGO)


def test_the_spline_has_six_columns_spanning_a_straight_line_and_needs_distinct_times():
    minutes = np.arange(1000, 1250, 5, dtype=float)
    basis = natural_spline_basis(minutes, df=6)

    assert basis.shape == (len(minutes), 6)
    design = np.column_stack([np.ones(len(minutes)), basis])
    assert np.linalg.matrix_rank(design) == 7
    line = 3 + 0.01 * minutes
    fit, *_ = np.linalg.lstsq(design, line, rcond=None)
    assert np.allclose(design @ fit, line)
    # Natural: straight at both ends, so a cubic over the whole range is not in its span.
    cubic = (minutes - 1100) ** 3
    fit, *_ = np.linalg.lstsq(design, cubic, rcond=None)
    assert not np.allclose(design @ fit, cubic)

    with pytest.raises(VeilOfDarknessError, match="too few different clock times"):
        natural_spline_basis(np.array([1000.0, 1000.0, 1005.0, 1005.0]), df=6)
