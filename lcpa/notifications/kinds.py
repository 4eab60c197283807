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


def default_frequency(kind: str) -> Frequency:
    return Frequency.IMMEDIATELY if kind in IMMEDIATE_KINDS else Frequency.DAILY


DIGESTS = (Frequency.DAILY, Frequency.WEEKLY)
