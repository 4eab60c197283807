"""The early-warning rules as pure functions: no database."""

from datetime import date

from lcpa.cohorts.dashboard import (
    DueModule,
    attendance_rate,
    late_deliverables,
    missed_recent_sessions,
    warning_reasons,
)

TODAY = date(2027, 3, 1)
MODULES = [
    DueModule(1, "Team charter", date(2027, 1, 15)),
    DueModule(2, "Data inventory", date(2027, 2, 14)),  # 15 days before TODAY
    DueModule(3, "Resource map", date(2027, 2, 15)),  # exactly 14 days before TODAY
    DueModule(4, "Program design", None),
]


def test_missing_the_last_two_sessions_counts_only_with_two_sessions_held():
    assert missed_recent_sessions([True, False, False])
    assert not missed_recent_sessions([False, True, False])
    assert not missed_recent_sessions([False])
    assert not missed_recent_sessions([])


def test_a_deliverable_is_late_only_after_fourteen_days_and_while_unsubmitted():
    late = late_deliverables(MODULES, {1: "submitted"}, TODAY)
    assert [(item.number, item.days_late) for item in late] == [(2, 15)]
    assert late_deliverables(MODULES, {1: "accepted", 2: "changes_requested"}, TODAY) == []
    assert [item.number for item in late_deliverables(MODULES, {2: "draft"}, TODAY)] == [1, 2]


def test_the_attendance_rate_is_present_over_possible():
    assert attendance_rate(3, 2, 3) == 0.5
    assert attendance_rate(0, 0, 3) is None
    assert attendance_rate(1, 2, 0) is None
    assert attendance_rate(9, 2, 3) == 1.0  # capped: members who left still had marks


def test_a_healthy_team_has_no_reasons():
    assert warning_reasons(presence=[True, True], late=[], days_quiet=3) == []


def test_each_reason_is_given_in_plain_words():
    late = late_deliverables(MODULES, {1: "submitted"}, TODAY)
    reasons = warning_reasons(presence=[False, False], late=late, days_quiet=21)
    assert reasons == [
        "Missed the last two sessions: nobody from the team was marked present.",
        "Module 2 deliverable (Data inventory) is 15 days past its due date of "
        "February 14, 2027, and not submitted.",
        "No activity for 21 days.",
    ]


def test_quiet_days_are_ignored_before_the_cohort_starts():
    assert warning_reasons(presence=[], late=[], days_quiet=None) == []
    assert warning_reasons(presence=[], late=[], days_quiet=20) == []
