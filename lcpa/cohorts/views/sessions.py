"""Sessions as members see them: the list, one session, calendar files, feedback."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lcpa.accounts.access import get_user_by_calendar_token
from lcpa.accounts.roles import is_program_staff
from lcpa.cohorts import services
from lcpa.cohorts.access import (
    get_own_feedback,
    get_session_for_user,
    is_cohort_member,
    member_cohort_ids,
    sees_meeting_link,
    serves_cohort,
    sessions_for_user,
)
from lcpa.cohorts.calendar import sessions_calendar
from lcpa.cohorts.models import Session
from lcpa.core.forms import UswdsForm, add_service_error
from lcpa.library.access import resources_for_user

PAST_PER_PAGE = 10
USEFULNESS_CHOICES = [
    (1, "1: Not useful"),
    (2, "2: A little useful"),
    (3, "3: Fairly useful"),
    (4, "4: Very useful"),
    (5, "5: Extremely useful"),
]


TOO_LONG = f"Keep your suggestions under {services.FEEDBACK_IMPROVE_MAX} characters."


class FeedbackForm(UswdsForm):
    usefulness = forms.TypedChoiceField(
        label="How useful was this session to your team's work?",
        choices=USEFULNESS_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how useful the session was, from 1 to 5."},
    )
    improve = forms.CharField(
        label="What would make the next session better?",
        required=False,
        max_length=services.FEEDBACK_IMPROVE_MAX,
        help_text=f"Up to {services.FEEDBACK_IMPROVE_MAX} characters. Facilitators read every "
        "answer; your name is not shown to other teams.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"max_length": TOO_LONG},
    )


def zone_name() -> str:
    """The viewer's time zone (activated by UserTimeZoneMiddleware), readable."""
    return timezone.get_current_timezone_name().replace("_", " ")


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("cohorts:calendar_feed", args=[token])


@login_required
@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    sessions = sessions_for_user(request.user).select_related("cohort", "module")
    upcoming = list(sessions.filter(ends_at__gte=now).order_by("starts_at"))
    past = Paginator(sessions.filter(ends_at__lt=now).order_by("-starts_at"), PAST_PER_PAGE)
    page = past.get_page(request.GET.get("page"))
    context = {
        "upcoming": upcoming,
        "page": page,
        "page_range": past.get_elided_page_range(page.number, on_each_side=2),
        # Only a digest of the feed link is stored, so the page can say whether there is one
        # but not show it: the link is shown once, when it is made (calendar_reset).
        "has_calendar_link": bool(request.user.calendar_token_digest),
        "zone_name": zone_name(),
    }
    return render(request, "cohorts/sessions/list.html", context)


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    member = is_cohort_member(request.user, session.cohort_id)
    ended = session.ends_at <= timezone.now()
    feedback = get_own_feedback(request.user, session) if member else None
    context = {
        "session": session,
        "ended": ended,
        "started": session.starts_at <= timezone.now(),
        "show_meeting_link": sees_meeting_link(request.user, session),
        "can_give_feedback": member and ended,
        "feedback": feedback,
        "facilitators": session.facilitators.order_by("full_name", "email"),
        "presenters": session.presenters.order_by("full_name", "email"),
        "materials": resources_for_user(request.user).filter(sessions=session).order_by("title"),
        "is_staff_viewer": is_program_staff(request.user),
        "zone_name": zone_name(),
    }
    response = render(request, "cohorts/sessions/detail.html", context)
    response["Cache-Control"] = "private"
    return response


def _calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    body = sessions_calendar(
        [session],
        meeting_link=lambda s: sees_meeting_link(request.user, s),
    )
    return _calendar_response(body, filename=f"session-{session.pk}.ics")


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's private feed: every session of their cohorts. The token is the only key."""
    owner = get_user_by_calendar_token(token)
    sessions = sessions_for_user(owner).select_related("cohort").order_by("starts_at")
    member_cohorts = member_cohort_ids(owner)
    served: dict[int, bool] = {}

    def meeting_link(session: Session) -> bool:
        if session.cohort_id in member_cohorts:
            return True
        if session.cohort_id not in served:
            served[session.cohort_id] = serves_cohort(owner, session.cohort_id)
        return served[session.cohort_id]

    body = sessions_calendar(
        sessions, meeting_link=meeting_link, name="Learning Communities sessions"
    )
    response = _calendar_response(body, filename="learning-communities-sessions.ics")
    response["Content-Disposition"] = 'inline; filename="learning-communities-sessions.ics"'
    return response


@never_cache
@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    """Make a new private feed link and show it, this once, in the answer to the post: only its
    digest is stored, so no later page (and no session or message store) can show it again."""
    had_link = bool(request.user.calendar_token_digest)
    link = feed_url(services.calendar_token_reset(user=request.user))
    context = {
        "feed_url": link,
        "webcal_url": "webcal://" + link.split("://", 1)[-1],
        "replaced": had_link,
    }
    return render(request, "cohorts/sessions/calendar_link.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request.user, pk)
    existing = get_own_feedback(request.user, session)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            try:
                services.feedback_submit(session=session, user=request.user, **form.cleaned_data)
            except services.CohortError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Thank you. Your feedback is saved.")
                return redirect("cohorts:session", pk=session.pk)
        status = 400
    elif existing:
        form = FeedbackForm(
            initial={"usefulness": existing.usefulness, "improve": existing.improve}
        )
    else:
        form = FeedbackForm()
    context = {
        "session": session,
        "form": form,
        "existing": existing,
        "refusal": services.feedback_refusal(session=session, user=request.user),
        "forms_with_errors": [form] if form.errors else [],
    }
    return render(request, "cohorts/sessions/feedback.html", context, status=status)
