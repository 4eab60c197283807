"""What a notification can be about. Each kind is one line people can switch on or off."""

from django.db import models


class Kind(models.TextChoices):
    REPLY = "reply", "Replies in threads you follow"
    MENTION = "mention", "Mentions of you or your team"
    EXPERT_ANSWER = "expert_answer", "Answers from national experts"
    EXPERT_QUESTION = "expert_question", "Questions waiting for an expert"
    TA_UPDATE = "ta_update", "Updates on technical-assistance requests"
    CASE = "case", "Implementation cases and recommendations"
    OFFICE_HOURS = "office_hours", "Office-hour bookings"
    SESSION = "session", "Sessions: new, moved or cancelled"
    SESSION_REMINDER = "session_reminder", "Reminders before your sessions"
    DELIVERABLE = "deliverable", "Deliverables to review, and feedback on your team's"
    BRIEF = "brief", "Briefs sent for approval, returned or published"
    OVERDUE = "overdue", "Items that are due or overdue"
    FOLLOW_UP_REMINDER = "follow_up_reminder", "Morning reminders of follow-ups due (staff)"


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DAILY = "daily", "Daily digest"
    WEEKLY = "weekly", "Weekly digest"
    OFF = "off", "Off"


# How often a kind is emailed until the person chooses: what answers them or cannot wait (a
# booking, a session that moved, a reminder, a target about to be missed) at once, the rest daily.
IMMEDIATE_KINDS = frozenset(
    {
        Kind.MENTION,
        Kind.EXPERT_ANSWER,
        Kind.TA_UPDATE,
        Kind.OFFICE_HOURS,
        Kind.SESSION,
        Kind.SESSION_REMINDER,
        Kind.BRIEF,
        Kind.OVERDUE,
        Kind.FOLLOW_UP_REMINDER,
    }
)


# Kinds about a moment that is coming (a session, this morning's follow-ups): a digest would
# bring them after it, so they are emailed at once or not at all.
TIME_BOUND_KINDS = frozenset({Kind.SESSION_REMINDER, Kind.FOLLOW_UP_REMINDER})

DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)


def default_frequency(kind: str) -> Frequency:
    return Frequency.IMMEDIATELY if kind in IMMEDIATE_KINDS else Frequency.DAILY


def frequencies_for(kind: str) -> list[Frequency]:
    """The choices a person has for `kind`: no digest for a time-bound kind."""
    if kind in TIME_BOUND_KINDS:
        return [Frequency.IMMEDIATELY, Frequency.OFF]
    return list(Frequency)


def effective_frequency(kind: str, chosen: str | None) -> Frequency:
    """How `kind` is emailed given the stored choice (None: the default). A digest stored for a
    time-bound kind (never offered, but a row could say so) counts as "immediately"."""
    frequency = Frequency(chosen or default_frequency(kind))
    if kind in TIME_BOUND_KINDS and frequency in DIGESTS:
        return Frequency.IMMEDIATELY
    return frequency
