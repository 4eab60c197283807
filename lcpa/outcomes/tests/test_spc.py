"""The statistics core: run and control charts as qicharts2 computes them (spc.py).

Expected values come from the formulas in /work/shared/domain-metrics.md (E1 to E3), from
qicharts2's own documentation, and from Montgomery, *Introduction to Statistical Quality
Control* (6th ed.); each test names its source. Numbers are compared to 6 significant digits.
"""

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lcpa.outcomes.analytics.spc import anhoej_runs, ihi_runs_limits, longest_trend, qbinom, qic


def sig6(value):
    return pytest.approx(value, rel=1e-6)


# Montgomery, Table 7.1: orange-juice cans, 30 samples of n = 50, nonconforming cans per sample.
JUICE = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15]
JUICE += [9, 12, 7, 13, 9, 6]
# Montgomery, Example 7.3 (Table 7.7): nonconformities in 26 samples of 100 circuit boards.
BOARDS = [21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24]
BOARDS += [16, 19, 17, 15]
# Montgomery, Example 7.5 (Table 7.11): nonconformities in 20 samples of 5 personal computers.
COMPUTERS = [10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5]


def test_the_p_chart_matches_montgomerys_orange_juice_cans():
    """Montgomery, Example 7.1 / Table 7.1: p-bar = 0.2313, UCL = 0.4102, LCL = 0.0524, and
    samples 15 and 23 are above the upper limit."""
    result = qic(JUICE, [50] * 30, chart="p")
    p = Fraction(347, 1500)
    sigma = math.sqrt(p * (1 - p) / 50)
    row = result.summary[0]
    assert row.cl == sig6(float(p))
    assert row.ucl == sig6(float(p) + 3 * sigma)
    assert row.lcl == sig6(float(p) - 3 * sigma)
    assert (round(row.cl, 4), round(row.ucl, 4), round(row.lcl, 4)) == (0.2313, 0.4102, 0.0524)
    assert [pt.x for pt in result.points if pt.sigma_signal] == [15, 23]
    assert row.sigma_signal == 2
    assert result.points[14].y == sig6(0.44)


def test_the_p_chart_with_the_two_samples_excluded_matches_montgomerys_revised_limits():
    """Montgomery, Example 7.1, revised limits after dropping samples 15 and 23 (assignable
    causes): p-bar = 0.2150, UCL = 0.3893, LCL = 0.0407. Excluded points stay on the chart.
    qicharts2's tests/testthat/test_montgomery.R runs the same example with
    `exclude = c(15, 23)` (and a second part for Montgomery's later samples)."""
    result = qic(JUICE, [50] * 30, chart="p", exclude=[15, 23])
    row = result.summary[0]
    assert (round(row.cl, 4), round(row.ucl, 4), round(row.lcl, 4)) == (0.2150, 0.3893, 0.0407)
    assert row.cl == sig6(301 / 1400)
    assert row.n_obs == 28
    assert [pt.x for pt in result.points if pt.excluded] == [15, 23]
    assert result.points[22].sigma_signal  # still checked against the limits


def test_the_c_chart_matches_montgomerys_circuit_boards():
    """Montgomery, Example 7.3: c-bar = 19.85, UCL = 33.22, LCL = 6.48 (his rounding);
    samples 6 and 20 are outside the limits. Limits c-bar +/- 3 sqrt(c-bar) (E3)."""
    result = qic(BOARDS, chart="c")
    c = 516 / 26
    row = result.summary[0]
    assert row.cl == sig6(c)
    assert row.ucl == sig6(c + 3 * math.sqrt(c))
    assert row.lcl == sig6(c - 3 * math.sqrt(c))
    assert row.ucl == pytest.approx(33.22, abs=0.01)
    assert row.lcl == pytest.approx(6.48, abs=0.01)
    assert [pt.x for pt in result.points if pt.sigma_signal] == [6, 20]


def test_the_c_chart_without_the_two_outliers_matches_montgomerys_revised_limits():
    """Montgomery, Example 7.3, revised after dropping samples 6 and 20 (assignable causes):
    c-bar = 19.67, UCL = 32.97, LCL = 6.36. qicharts2 checks the same call, `qic(sample,
    count, data = tbl_07.08, chart = 'c', exclude = c(6, 20))`, in its own
    tests/testthat/test_montgomery.R."""
    result = qic(BOARDS, chart="c", exclude=[6, 20])
    c = 472 / 24
    row = result.summary[0]
    assert row.cl == sig6(c)
    assert row.ucl == sig6(c + 3 * math.sqrt(c))
    assert (round(row.cl, 2), round(row.ucl, 2), round(row.lcl, 2)) == (19.67, 32.97, 6.36)
    assert [pt.x for pt in result.points if pt.sigma_signal] == [6, 20]
    assert row.n_obs == 24


def test_the_u_chart_matches_montgomerys_personal_computers():
    """Montgomery, Example 7.5: u-bar = 1.93, UCL = 3.79, LCL = 0.07; no point outside."""
    result = qic(COMPUTERS, [5] * 20, chart="u")
    row = result.summary[0]
    assert row.cl == sig6(1.93)
    assert row.ucl == sig6(1.93 + 3 * math.sqrt(1.93 / 5))
    assert row.lcl == sig6(1.93 - 3 * math.sqrt(1.93 / 5))
    assert (round(row.ucl, 2), round(row.lcl, 2)) == (3.79, 0.07)
    assert row.sigma_signal == 0


def test_p_limits_are_clamped_to_zero_and_one_and_vary_with_the_denominator():
    """qicharts2 `qic.p`: p-bar +/- 3 sqrt(p-bar (1 - p-bar) / n_i), clamped to [0, 1]."""
    result = qic([1, 9, 2, 1], [10, 10, 100, 10], chart="p")
    p = 13 / 130
    wide = 3 * math.sqrt(p * (1 - p) / 10)
    narrow = 3 * math.sqrt(p * (1 - p) / 100)
    first, _, third, _ = result.points
    assert first.lcl == 0 and first.ucl == sig6(p + wide)
    assert third.lcl == sig6(p - narrow) and third.ucl == sig6(p + narrow)
    assert result.points[1].sigma_signal  # 0.9 is above the limit
    assert result.summary[0].ucl == sig6((3 * (p + wide) + p + narrow) / 4)  # average of 4


def test_the_i_chart_screens_large_moving_ranges_before_estimating_sigma():
    """qicharts2 `qic.i` (domain-metrics.md E3): MR-bar of |diff|, then moving ranges at or
    above 3.267 MR-bar are dropped (Nelson 1982) and sigma = MR-bar / 1.128."""
    y = [10, 11, 10, 11, 10, 11, 10, 11, 10, 30]
    result = qic(y, chart="i")
    mean = sum(y) / 10
    # moving ranges: eight of 1 and one of 19; MR-bar = 27/9 = 3; 19 >= 9.801 is dropped.
    sigma = 1 / 1.128
    row = result.summary[0]
    assert row.cl == sig6(mean)
    assert row.ucl == sig6(mean + 3 * sigma)
    assert row.lcl == sig6(mean - 3 * sigma)
    assert row.ucl_95 == sig6(mean + 2 * sigma)
    assert [pt.x for pt in result.points if pt.sigma_signal] == [10]


def test_the_i_chart_bridges_excluded_points_but_not_missing_ones():
    """qicharts2 takes moving ranges of the included baseline (`diff(y[base])`): an excluded
    point is skipped over, a missing value (NA) breaks the moving range on both sides."""
    missing = qic([1, 3, None, 7, 9], chart="i")
    # ranges: 2, NA, NA, 2 -> MR-bar 2
    assert missing.summary[0].ucl == sig6(5 + 3 * 2 / 1.128)
    assert missing.points[2].y is None and not missing.points[2].sigma_signal
    assert missing.summary[0].n_obs == 5 and missing.summary[0].n_useful == 4
    skipped = qic([1, 3, 100, 7, 9], chart="i", exclude=[3])
    # ranges of 1, 3, 7, 9: 2, 4, 2 -> MR-bar 8/3
    assert skipped.summary[0].cl == sig6(5)
    assert skipped.summary[0].ucl == sig6(5 + 3 * (8 / 3) / 1.128)
    assert skipped.points[2].sigma_signal and skipped.points[2].excluded


def test_the_mr_chart_plots_moving_ranges_and_never_runs_tests():
    """qicharts2 `qic.mr`: y = |diff(y)| with no first point, CL = MR-bar, LCL = 0,
    UCL = 3.267 CL; `qic.agg` turns the runs signal off for MR charts."""
    result = qic(list(range(1, 21)), chart="mr")
    assert result.points[0].y is None
    assert result.points[1].y == 1
    row = result.summary[0]
    assert (row.cl, row.lcl) == (1, 0)
    assert row.ucl == sig6(3.267)
    assert not row.runs_signal


def test_the_laney_p_prime_chart_widens_limits_by_the_spread_of_z_scores():
    """Laney (2002) as qicharts2 `qic.pp`: z_i = (p_i - p-bar) / sigma_i,
    sigma_z = mean |diff z| / 1.128, limits p-bar +/- 3 sigma_i sigma_z."""
    y, n = [100, 150, 120, 90], [1000, 1000, 1000, 1000]
    result = qic(y, n, chart="pp")
    p = 460 / 4000
    sigma = math.sqrt(p * (1 - p) / 1000)
    z = [(v / 1000 - p) / sigma for v in y]
    sigma_z = (abs(z[1] - z[0]) + abs(z[2] - z[1]) + abs(z[3] - z[2])) / 3 / 1.128
    row = result.summary[0]
    assert row.ucl == sig6(p + 3 * sigma * sigma_z)
    assert row.lcl == sig6(p - 3 * sigma * sigma_z)
    plain = qic(y, n, chart="p").summary[0]
    assert plain.sigma_signal == 1 and row.sigma_signal == 0  # ordinary P limits are too narrow


def test_the_laney_u_prime_chart_keeps_the_lower_limit_at_zero():
    """Laney U' as qicharts2 `qic.up`: sigma_i = sqrt(u-bar / n_i) times sigma_z; LCL >= 0."""
    y, n = [2, 30, 1, 25], [10, 10, 10, 10]
    row = qic(y, n, chart="up").summary[0]
    u = 58 / 40
    sigma = math.sqrt(u / 10)
    z = [(v / 10 - u) / sigma for v in y]
    sigma_z = sum(abs(b - a) for a, b in zip(z, z[1:], strict=False)) / 3 / 1.128
    assert row.ucl == sig6(u + 3 * sigma * sigma_z)
    assert row.lcl == 0


def test_the_runs_limits_match_qicharts2s_documented_summary_for_24_points():
    """qicharts2 `summary.qic` help page (rdrr.io/cran/qicharts2/man/summary.qic.html):
    24 useful points give longest.run.max = 8 and n.crossings.min = 8 (E2)."""
    y = [1, 2] * 12
    row = qic(y).summary[0]
    assert (row.n_useful, row.longest_run_max, row.n_crossings_min) == (24, 8, 8)
    assert (row.longest_run, row.n_crossings, row.runs_signal) == (1, 23, False)


def test_the_binomial_quantile_is_exact():
    """R `qbinom(0.05, 9, 0.5)`: P(X <= 1) = 10/512 < 0.05 <= P(X <= 2) = 46/512, so 2."""
    assert qbinom(0.05, 9) == 2
    assert qbinom(0.05, 23) == 8
    assert qbinom(0.05, 0) == 0
    with pytest.raises(ValueError, match="at most 1"):
        qbinom(1.5, 3)


def _signs(text):
    """ "+" and "-" as points above and below a centre line of 0, "0" on it."""
    return [{"+": 1.0, "-": -1.0, "0": 0.0}[c] for c in text]


@pytest.mark.parametrize(
    ("sides", "longest", "crossings", "signals"),
    [
        ("++++++-+--", 6, 3, ()),  # a run of 6 is at the limit: no signal
        ("+++++++-+-", 7, 3, ("shift",)),  # a run of 7 is over it
        ("++++---+++", 4, 2, ()),  # 2 crossings is at the limit: no signal
        ("+++++-----", 5, 1, ("crossings",)),  # 1 crossing is under it
        ("++0++++-0+--", 6, 3, ()),  # points on the centre line are skipped
    ],
)
def test_both_anhoej_limits_are_strict(sides, longest, crossings, signals):
    """E2: 10 useful points give a longest-run limit of round(log2 10) + 3 = 6 and a crossings
    limit of qbinom(0.05, 9, 0.5) = 2; a run equal to the limit is not a signal (E2, test F4)."""
    runs = anhoej_runs(_signs(sides), 0.0)
    assert (runs.n_useful, runs.longest_run_max, runs.n_crossings_min) == (10, 6, 2)
    assert (runs.longest_run, runs.n_crossings, runs.signals) == (longest, crossings, signals)


def test_a_run_chart_centre_line_is_the_median_and_points_on_it_are_not_useful():
    """qicharts2 `qic.run` and `runs.analysis`: CL = median; sign(y - cl) == 0 is dropped."""
    row = qic([1, 9, 1, 9, 9, 9, 9, 9, 9, 1, 1]).summary[0]
    # the six 9s are on the centre line, so the four 1s form one run
    assert (row.cl, row.n_obs, row.n_useful, row.longest_run) == (9, 11, 4, 4)
    assert qic([4, 1, 3, 2]).summary[0].cl == 2.5


def test_freeze_fixes_the_centre_line_but_the_runs_test_uses_every_point():
    """E2: with `freeze = k` the centre line comes from points 1..k; the runs analysis uses
    all included points against it."""
    result = qic([1, 3, 2, 3, 1, 8, 9, 8, 9, 8, 9, 8], freeze=5)
    row = result.summary[0]
    assert row.cl == 2
    assert row.n_useful == 11 and row.longest_run == 7 and row.runs_signal


def test_parts_get_their_own_centre_line_and_runs_analysis():
    """E2: `part` splits the chart into independent charts. Here part 2 starts at point 7
    (qicharts2's `part = 6`)."""
    result = qic([1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 25], part=[7], chart="i")
    first, second = result.summary
    assert (first.part, first.cl, second.part, second.cl) == (1, 3.5, 2, 22.5)
    assert [pt.part for pt in result.points] == [1] * 6 + [2] * 6
    assert first.ucl == sig6(3.5 + 3 / 1.128)
    assert first.sigma_signal == 0 and second.sigma_signal == 0


def test_multiply_scales_values_and_limits_but_not_the_analysis():
    """qicharts2 multiplies y, cl, lcl and ucl after the analysis (`qic.agg`)."""
    plain = qic(JUICE, [50] * 30, chart="p")
    percent = qic(JUICE, [50] * 30, chart="p", multiply=100)
    assert percent.summary[0].cl == sig6(plain.summary[0].cl * 100)
    assert percent.points[14].y == sig6(44)
    assert [p.sigma_signal for p in percent.points] == [p.sigma_signal for p in plain.points]


@pytest.mark.parametrize("chart", ["run", "i", "mr", "c", "u", "p", "pp", "up"])
def test_no_data_gives_no_limits_and_no_signal(chart):
    result = qic([None, None, None], [None, 0, None], chart=chart)
    row = result.summary[0]
    assert (row.cl, row.ucl, row.n_useful, row.runs_signal) == (None, None, 0, False)
    assert [p.y for p in result.points] == [None, None, None]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"chart": "xbar"}, "chart must be one of"),
        ({"method": "nelson"}, "method must be one of"),
        ({"chart": "p"}, "needs denominators"),
        ({"chart": "u", "n": [1]}, "same length"),
        ({"chart": "u", "n": [1, -1, 1]}, "cannot be negative"),
        ({"freeze": 0}, "at least 1"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        qic([1, 2, 3], **kwargs)


def test_a_count_chart_refuses_negative_counts():
    with pytest.raises(ValueError, match="y cannot be negative"):
        qic([1, -2, 3], chart="c")


# IHI rules (domain-metrics.md E1) ------------------------------------------------------------


def test_the_ihi_runs_limits_match_the_checked_table_values():
    """The computed limits reproduce the IHI table rows domain-metrics.md E1 quotes.

    Source: Perla, Provost & Murray 2011, BMJ Qual Saf 20:46-51, Table 1, as quoted in
    domain-metrics.md E1 (the table itself was not found as text; see spc.py's docstring):
    10 useful points 3-9 runs, 24 points 8-18, 30 points 11-21. Balestracci (Quality Digest,
    October 2008, figure 2) gives 5-12 for 16 points; the exact computation gives 5-13 (E1)."""
    assert ihi_runs_limits(10) == (3, 9)
    assert ihi_runs_limits(24) == (8, 18)
    assert ihi_runs_limits(30) == (11, 21)
    assert ihi_runs_limits(16) == (5, 13)


def test_ihi_shift_needs_six_points_on_one_side_skipping_the_median():
    """E1 rule 1: 6 or more consecutive points on one side; points on the median neither add
    to nor break the shift."""
    five = qic([1, 1, 1, 1, 1, 5, 9, 9, 9, 9, 9], method="ihi").summary[0]
    assert five.cl == 5 and five.longest_run == 5 and "shift" not in five.signals
    six = qic([1, 1, 1, 5, 1, 1, 1, 5, 9, 9, 9, 9, 9], method="ihi").summary[0]
    assert six.longest_run == 6 and "shift" in six.signals and six.runs_signal


def test_ihi_trend_needs_five_points_going_one_way_counting_ties_once():
    """E1 rule 2: 5 or more points all increasing (or decreasing); repeated values count once."""
    four = qic([5, 1, 2, 2, 3, 4, 1, 5], method="ihi").summary[0]
    assert four.longest_trend == 4 and "trend" not in four.signals
    five = qic([5, 1, 2, 2, 3, 4, 6, 1], method="ihi").summary[0]
    assert five.longest_trend == 5 and "trend" in five.signals


def test_the_longest_trend_says_where_it_starts_and_ends():
    """E1 rule 2, as the chart names the months: the points of the longest run going one way,
    a tie going to the most recent run; a repeated value counts once but stays in the span."""
    assert longest_trend([5, 1, 2, 2, 3, 4, 6, 1]) == (5, 1, 6)
    assert longest_trend([3, 2, 1, 9, 8, 7]) == (3, 3, 5)
    assert longest_trend([4]) == (1, 0, 0)
    assert longest_trend([]) == (0, 0, 0)


def test_ihi_too_many_runs_in_an_alternating_series():
    """E1 rule 3: 12 useful points alternating make 12 runs, more than the upper limit."""
    upper = ihi_runs_limits(12)[1]
    row = qic([1, 9] * 6, method="ihi").summary[0]
    assert row.n_crossings == 11 and upper < 12
    assert row.n_crossings_max == upper - 1 and "too many runs" in row.signals


# Properties ---------------------------------------------------------------------------------

series = st.lists(st.integers(min_value=0, max_value=1000) | st.none(), min_size=1, max_size=40)
counted = st.lists(st.integers(min_value=0, max_value=50), min_size=2, max_size=30)
charts = st.sampled_from(["run", "i", "mr", "c"])
methods = st.sampled_from(["anhoej", "ihi"])


def _signals(result):
    return (
        [p.sigma_signal for p in result.points],
        [(r.runs_signal, r.signals, r.longest_run, r.n_crossings) for r in result.summary],
    )


@given(value=st.floats(min_value=-1e6, max_value=1e6), size=st.integers(1, 60), chart=charts)
def test_a_constant_series_never_signals(value, size, chart):
    if chart == "c":
        value = abs(value)
    for method in ("anhoej", "ihi"):
        result = qic([value] * size, chart=chart, method=method)
        assert not result.runs_signal
        assert not any(p.sigma_signal for p in result.points)


@given(count=st.integers(0, 50), n=st.integers(1, 500), size=st.integers(1, 60))
def test_a_constant_proportion_never_signals(count, n, size):
    for chart in ("p", "pp", "u", "up"):
        result = qic([min(count, n)] * size, [n] * size, chart=chart)
        assert not result.runs_signal
        assert not any(p.sigma_signal for p in result.points)


@given(y=series, chart=st.sampled_from(["run", "i", "c"]), method=methods)
def test_reversing_a_series_keeps_the_longest_run(y, chart, method):
    forward = qic(y, chart=chart, method=method).summary[0]
    backward = qic(y[::-1], chart=chart, method=method).summary[0]
    assert forward.longest_run == backward.longest_run
    assert forward.n_crossings == backward.n_crossings


@given(y=series, factor=st.integers(1, 1000), chart=st.sampled_from(["run", "i"]), method=methods)
def test_scaling_by_a_positive_constant_changes_no_signal(y, factor, chart, method):
    scaled = [None if v is None else v * factor for v in y]
    assert _signals(qic(y, chart=chart, method=method)) == _signals(
        qic(scaled, chart=chart, method=method)
    )


@given(y=counted, n=st.integers(50, 100), factor=st.integers(2, 20))
def test_scaling_counts_and_denominators_together_changes_no_p_signal(y, n, factor):
    plain = qic(y, [n] * len(y), chart="p")
    scaled = qic([v * factor for v in y], [n * factor] * len(y), chart="p")
    assert [r.runs_signal for r in plain.summary] == [r.runs_signal for r in scaled.summary]


@given(y=st.lists(st.integers(-100, 100), min_size=1, max_size=40), where=st.integers(0, 40))
def test_adding_a_point_on_the_centre_line_changes_no_run(y, where):
    before = qic(y).summary[0]
    where = min(where, len(y))
    after = qic([*y[:where], before.cl, *y[where:]]).summary[0]
    assert after.cl == before.cl
    assert after.n_obs == before.n_obs + 1
    assert (after.n_useful, after.longest_run, after.n_crossings, after.runs_signal) == (
        before.n_useful,
        before.longest_run,
        before.n_crossings,
        before.runs_signal,
    )
