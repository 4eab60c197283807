"""Every write about briefs and about sharing results: a team writes a brief, submits it, staff
approve it (which publishes it) or return it with a note; a team chooses to share its results.

Notifications (lcpa.notifications, kind "brief", emailed as each person chose): program staff
hear when a brief is submitted (the program's inbox, when there is no staff member to tell), the
team's members when staff approve (publish) or return it. History (django-simple-history) keeps
who changed what.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from lcpa.accounts.models import User
from lcpa.cohorts.models import Team
from lcpa.core.public_cache import public_content_changed
from lcpa.notifications.kinds import Kind
from lcpa.notifications.services import email_queue, notify
from lcpa.outcomes.models import Brief, ResultsSharing, TeamMeasure
from lcpa.outcomes.queries import brief_approvers, team_member_users

# The fields a team writes, in the form's order.
BRIEF_FIELDS = (
    "headline",
    "what_changed",
    "for_whom",
    "chart_1",
    "chart_2",
    "quote",
    "quote_by",
    "next_steps",
)


def _check_charts(team: Team, fields: dict) -> None:
    charts: list[TeamMeasure] = [fields[name] for name in ("chart_1", "chart_2") if fields[name]]
    if any(chart.team_id != team.pk for chart in charts):
        raise ValidationError({"chart_1": "Choose measures from your team's plan."})
    if len(charts) == 2 and charts[0].pk == charts[1].pk:
        raise ValidationError({"chart_2": "Choose a different measure for the second chart."})


def _locked(brief: Brief) -> Brief:
    locked = Brief.objects.select_for_update().get(pk=brief.pk)
    locked.team = brief.team
    return locked


def _tell(people: Iterable[User], *, brief: Brief, title: str, url: str, template: str, **context):
    for person in people:
        notify(
            user=person,
            kind=Kind.BRIEF,
            title=title,
            url=url,
            group=brief.team.cohort.name,
            email_template=template,
            context={"brief": brief, "team": brief.team, **context},
        )


def brief_create(*, submission_key: UUID, team: Team, by: User, **fields: object) -> Brief:
    """A draft brief (a second call with the same key returns the stored one)."""
    existing = Brief.objects.filter(submission_key=submission_key, team=team).first()
    if existing is not None:
        return existing
    _check_charts(team, fields)
    brief = Brief(submission_key=submission_key, team=team, written_by=by, **fields)
    try:
        with transaction.atomic():
            brief.save()
    except IntegrityError:
        return Brief.objects.get(submission_key=submission_key, team=team)
    return brief


@transaction.atomic
def brief_update(*, brief: Brief, by: User, **fields: object) -> Brief:
    """Change a draft or a returned brief; a submitted or published one stays as it is."""
    locked = _locked(brief)
    if not locked.editable:
        raise ValidationError("This brief is with staff or published: it cannot be changed.")
    _check_charts(locked.team, fields)
    for name in BRIEF_FIELDS:
        setattr(locked, name, fields[name])
    locked.save()
    return locked


@transaction.atomic
def brief_submit(*, brief: Brief, by: User) -> Brief:
    """Send the brief to program staff for approval, and tell them."""
    locked = _locked(brief)
    if not locked.editable:
        return locked
    locked.status = Brief.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    title = f"A brief to approve: {locked.headline}"
    template = "outcomes/email/brief_submitted.txt"
    url = reverse("outcomes:brief", args=[locked.team.pk, locked.pk])
    staff = list(brief_approvers())
    if staff:
        _tell(staff, brief=locked, title=title, url=url, template=template, by=by)
    else:  # nobody to tell in the app: the program's inbox hears of it
        email_queue(
            to=[settings.PROGRAM_EMAIL],
            subject=title,
            template=template,
            context={
                "brief": locked,
                "team": locked.team,
                "by": by,
                "link": settings.SITE_URL + url,
            },
        )
    return locked


@transaction.atomic
def brief_approve(*, brief: Brief, by: User) -> Brief:
    """Publish a submitted brief at its public address, and tell the team."""
    locked = _locked(brief)
    if locked.status != Brief.Status.SUBMITTED:
        raise ValidationError("Only a brief waiting for approval can be approved.")
    locked.status = Brief.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.return_note = ""
    stem = slugify(f"{locked.team.jurisdiction.name} {locked.team.jurisdiction.state}")
    locked.slug = f"{stem[:60]}-{slugify(locked.headline)[:20]}-{locked.pk}".replace("--", "-")
    locked.save()
    _tell(
        team_member_users(locked.team),
        brief=locked,
        title=f"Your brief is published: {locked.headline}",
        url=reverse("outcomes:brief_public", args=[locked.slug]),
        template="outcomes/email/brief_published.txt",
    )
    public_content_changed()
    return locked


@transaction.atomic
def brief_return(*, brief: Brief, by: User, note: str) -> Brief:
    """Send a submitted brief back to the team with what to change."""
    if not note.strip():
        raise ValidationError({"note": "Say what the team should change."})
    locked = _locked(brief)
    if locked.status != Brief.Status.SUBMITTED:
        raise ValidationError("Only a brief waiting for approval can be returned.")
    locked.status = Brief.Status.RETURNED
    locked.return_note = note.strip()
    locked.save(update_fields=["status", "return_note", "updated_at"])
    _tell(
        team_member_users(locked.team),
        brief=locked,
        title=f"Your brief needs changes: {locked.headline}",
        url=reverse("outcomes:brief", args=[locked.team.pk, locked.pk]),
        template="outcomes/email/brief_returned.txt",
    )
    return locked


@transaction.atomic
def results_sharing_set(
    *, team: Team, shared: bool, by: User, measures: Collection[TeamMeasure] | None = None
) -> ResultsSharing:
    """Show the team's measures on the public results page, or stop showing them: when
    `shared`, the `measures` chosen (None: every measure in its plan), the others hidden."""
    if any(team_measure.team_id != team.pk for team_measure in measures or ()):
        raise ValueError("A measure of another team cannot be shared.")
    sharing = ResultsSharing.objects.select_for_update().filter(team=team).first()
    plan = TeamMeasure.objects.filter(team=team)
    chosen = plan if measures is None else plan.filter(pk__in=[tm.pk for tm in measures])
    wanted = set(chosen.values_list("pk", flat=True)) if shared else set()
    changed = False
    for team_measure in plan.select_for_update():
        if team_measure.shared != (team_measure.pk in wanted):
            team_measure.shared = team_measure.pk in wanted
            team_measure.save(update_fields=["shared", "updated_at"])
            changed = True
    if sharing is None or sharing.shared != shared:
        sharing = sharing or ResultsSharing(team=team)
        sharing.shared = shared
        sharing.changed_by = by
        sharing.save()
        changed = True
    if changed:
        public_content_changed()
    return sharing
