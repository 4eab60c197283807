"""The machinery of the role-by-route access matrix (the table itself is in access_table.py).

- `routes()` walks the URL resolver and lists every route with its name and URL parameters;
- `AccessCast` / `make_access_cast()` is the shared cast plus one of everything a URL can name
  (a deliverable, a file, sessions, a registration with its status link, an invitation...);
- `url_for()` fills a route's parameters from the table's sample values (a parameter without
  one is an error naming it);
- `problem()` tries one route as one role with one method and says what went wrong, or None.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from lcpa.accounts.models import ApiToken, User
from lcpa.accounts.services import api_token_create
from lcpa.assistance.models import TARequest
from lcpa.assistance.services import ta_message_post, ta_request_open, ta_request_status_change
from lcpa.cohorts.models import (
    ActionStep,
    Deliverable,
    DeliverableFile,
    Invitation,
    Membership,
    Session,
)
from lcpa.cohorts.services import (
    action_step_create,
    calendar_token_reset,
    deliverable_file_attach,
    deliverable_save,
    deliverable_share,
    deliverable_submit,
    invitation_send,
    session_schedule,
)
from lcpa.community.models import Attachment, Category, Flag, Post, Space, Thread
from lcpa.community.services import category_add, flag_raise, spaces_ensure, thread_start
from lcpa.core.models import ClosureDay
from lcpa.core.services import closure_day_add
from lcpa.curriculum.models import LearningCommunity, Sector, TeamRole
from lcpa.guidance.tests.helpers import Guidance, make_guidance
from lcpa.intake.models import EmailTemplate, InterestRegistration, SavedFilter
from lcpa.intake.services import email_template_save, registration_submit, saved_filter_save
from lcpa.library.models import Resource
from lcpa.notifications.kinds import Kind
from lcpa.notifications.models import Notification
from lcpa.notifications.services import notify
from lcpa.outcomes.briefs import brief_approve, brief_create, brief_submit
from lcpa.outcomes.datasets import (
    dataset_find_or_create,
    dataset_upload_begin,
    dataset_upload_file,
)
from lcpa.outcomes.imports import check_rows
from lcpa.outcomes.models import (
    Brief,
    Dataset,
    DatasetVersion,
    ObservationImport,
    PDSACycle,
    PolicyChange,
    TeamMeasure,
)
from lcpa.outcomes.services import (
    observation_import_prepare,
    own_measure_define,
    pdsa_cycle_create,
    policy_change_create,
)
from lcpa.public.models import ContactMessage
from lcpa.public.services import contact_message_submit
from lcpa.testing import (
    Cast,
    a_staff_member,
    choose_measure,
    give_curriculum,
    link_in_email,
    make_cast,
    module_of,
)

# ---------------------------------------------------------------------------------------------
# Outcomes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a response must be: a status code; for a 302, where it goes.

    `to` is "login" (the sign-in page), a URL name (its path must start the Location), or None
    for a redirect anywhere except the sign-in page.
    """

    status: int
    to: str | None = None

    def matches(self, response) -> bool:
        if response.status_code != self.status:
            return False
        if self.status != 302:
            return True
        location = response["Location"]
        if self.to is None:
            return not _is_login(location)
        if self.to == "login":
            return _is_login(location)
        return location.startswith(reverse(self.to))

    def __str__(self) -> str:
        if self.status != 302:
            return str(self.status)
        if self.to == "login":
            return "login"
        return f"302 to {self.to}" if self.to else "302 elsewhere"


def _is_login(location: str) -> bool:
    return location.startswith(reverse("account_login"))


LOGIN = Outcome(302, "login")
REDIRECT = Outcome(302)
NOT_FOUND = Outcome(404)


def redirect_to(url_name: str) -> Outcome:
    return Outcome(302, url_name)


def as_outcome(value: Outcome | int) -> Outcome:
    return value if isinstance(value, Outcome) else Outcome(value)


def describe(response) -> str:
    """The response as the table would write it."""
    if response.status_code == 302:
        location = response["Location"]
        return "login" if _is_login(location) else f"302 to {location}"
    return str(response.status_code)


# ---------------------------------------------------------------------------------------------
# Roles and policies
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Role:
    name: str
    user: str | None  # the cast's attribute holding the person; None for a visitor
    about: str


ROLES = (
    Role("anonymous", None, "a visitor holding no private link"),
    Role("registrant", None, "a visitor holding their status link and an invitation link"),
    Role("member_a", "member_a1", "a member of team A (holds their calendar link)"),
    Role("member_b", "member_b", "a member of team B, in team A's cohort"),
    Role("outsider", "outsider", "a member of a team in another cohort"),
    Role("expert", "expert", "a national expert serving team A's cohort, with an authenticator"),
    Role("ta_provider", "ta_provider", "a TA provider serving team A's cohort"),
    Role("staff", "staff", "program staff with an authenticator app"),
)
ROLE_NAMES = tuple(role.name for role in ROLES)
VISITORS = frozenset(role.name for role in ROLES if role.user is None)
SIGNED_IN = frozenset(ROLE_NAMES) - VISITORS


class Outcomes(dict):
    """Role name -> Outcome, for one method of one route. `.but(role=outcome)` changes some."""

    def but(self, **changes: Outcome | int) -> Outcomes:
        unknown = set(changes) - set(ROLE_NAMES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}; roles are {ROLE_NAMES}")
        return Outcomes({**self, **{role: as_outcome(value) for role, value in changes.items()}})


@dataclass(frozen=True)
class Policy:
    """Who gets in. `POLICY(ok)` gives `ok` to the roles let in; visitors who are not let in are
    sent to sign in (or get `visitors`), and everyone else signed in gets `others` (404)."""

    name: str
    allowed: frozenset[str]
    visitors: Outcome = LOGIN
    others: Outcome = NOT_FOUND

    def __call__(self, ok: Outcome | int) -> Outcomes:
        ok = as_outcome(ok)
        return Outcomes(
            {
                role: ok
                if role in self.allowed
                else (self.visitors if role in VISITORS else self.others)
                for role in ROLE_NAMES
            }
        )


def policy(
    name: str,
    allowed: Iterable[str],
    *,
    visitors: Outcome | int = LOGIN,
    others: Outcome | int = NOT_FOUND,
) -> Policy:
    allowed = frozenset(allowed)
    unknown = allowed - set(ROLE_NAMES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return Policy(name, allowed, as_outcome(visitors), as_outcome(others))


@dataclass(frozen=True)
class Expect:
    """The declared outcome of one route for every role, for GET and for POST."""

    get: Outcomes
    post: Outcomes
    why: str = ""  # a note for a surprising line (a known issue, a decision)

    def outcome(self, role: str, method: str) -> Outcome:
        return (self.get if method == "GET" else self.post)[role]


# ---------------------------------------------------------------------------------------------
# Routes from the URL resolver
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name"
    pattern: str
    params: tuple[str, ...]


def routes(
    *,
    admin_routes: Iterable[str] = (),
    allauth_routes: Iterable[str] = (),
    urlconf: str | None = None,
) -> list[Route]:
    """Every route of the project, except the Django admin's and allauth's own (only those
    named in `admin_routes` / `allauth_routes` are kept) and static or media files."""
    admin_routes, allauth_routes = set(admin_routes), set(allauth_routes)
    found = []
    for route, callback, in_admin in _walk(get_resolver(urlconf).url_patterns):
        module = getattr(callback, "__module__", "") or ""
        if in_admin:
            if route.name in admin_routes:
                found.append(route)
        elif module.startswith("allauth."):
            if route.name in allauth_routes:
                found.append(route)
        elif module.startswith(("django.views.static", "django.contrib.staticfiles")):
            continue
        else:
            found.append(route)
    return found


def _walk(
    patterns, prefix: str = "", namespace: str = "", params: tuple[str, ...] = (), in_admin=False
) -> Iterator[tuple[Route, Callable, bool]]:
    for entry in patterns:
        text = prefix + str(entry.pattern)
        names = params + tuple(
            name for name in entry.pattern.regex.groupindex if name not in params
        )
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            admin = in_admin or entry.app_name == "admin"
            yield from _walk(entry.url_patterns, text, inner, names, admin)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name=name, pattern=text, params=names), entry.callback, in_admin


# ---------------------------------------------------------------------------------------------
# Sample values for URL parameters
# ---------------------------------------------------------------------------------------------

# A private link's token for everyone who does not hold it: well formed, matching nothing.
DECOY_TOKEN = "decoy-token-that-matches-nothing-000000000"


@dataclass(frozen=True)
class HeldBy:
    """A private link's token: the real one for the roles holding it, a decoy for the rest."""

    roles: frozenset[str]
    value: Callable[[AccessCast], str]

    def __call__(self, cast: AccessCast, role: str) -> str:
        return self.value(cast) if role in self.roles else DECOY_TOKEN


def held_by(*roles: str, value: Callable[[AccessCast], str]) -> HeldBy:
    unknown = set(roles) - set(ROLE_NAMES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return HeldBy(frozenset(roles), value)


Sample = Callable[["AccessCast"], Any] | HeldBy
# (route name, parameter) or parameter -> a sample, or {variant: sample} to try the route once
# per variant (a public and a members-only resource, say).
Samples = Mapping[tuple[str, str] | str, Sample | Mapping[str, Sample]]


class MissingSample(LookupError):
    pass


@dataclass(frozen=True)
class Case:
    """One route with one choice of sample values; `key` is how the table names it."""

    route: Route
    variant: str | None = None

    @property
    def key(self) -> str:
        return f"{self.route.name}[{self.variant}]" if self.variant else str(self.route.name)


def _sample_for(samples: Samples, route: Route, param: str):
    return samples.get((str(route.name), param), samples.get(param))


def cases(all_routes: Iterable[Route], samples: Samples) -> list[Case]:
    """Each route once, or once per variant when one of its samples has variants."""
    found = []
    for route in all_routes:
        variants = [
            sorted(sample)
            for param in route.params
            if isinstance(sample := _sample_for(samples, route, param), Mapping)
        ]
        if len(variants) > 1:
            raise ValueError(f"{route.name}: only one parameter may have variants")
        if variants:
            found.extend(Case(route, variant) for variant in variants[0])
        else:
            found.append(Case(route))
    return sorted(found, key=lambda case: case.key)


def missing_samples(all_cases: Iterable[Case], samples: Samples) -> list[str]:
    return [
        f"{case.key}: no sample value for URL parameter '{param}' (route {case.route.pattern})"
        for case in all_cases
        for param in case.route.params
        if _sample_for(samples, case.route, param) is None
    ]


def url_for(case: Case, cast: AccessCast, role: str, samples: Samples) -> str:
    kwargs = {}
    for param in case.route.params:
        sample = _sample_for(samples, case.route, param)
        if sample is None:
            raise MissingSample(
                f"{case.key}: no sample value for URL parameter '{param}' "
                f"(route {case.route.pattern}); add one to SAMPLES in "
                "lcpa/core/tests/access_table.py, by parameter name or by (route name, parameter)"
            )
        if isinstance(sample, Mapping):
            sample = sample[case.variant]
        kwargs[param] = sample(cast, role) if isinstance(sample, HeldBy) else sample(cast)
    return reverse(str(case.route.name), kwargs=kwargs)


# ---------------------------------------------------------------------------------------------
# The table against the routes
# ---------------------------------------------------------------------------------------------

ADD_IT = (
    "add it to EXPECTED in lcpa/core/tests/access_table.py with its policy for GET and POST "
    "(see CONTRIBUTING.md, 'Adding a page')"
)


def missing_from_table(all_cases: Iterable[Case], table: Mapping[str, Expect]) -> list[str]:
    return [
        f"{case.key} ({case.route.pattern}) is missing from the access table: {ADD_IT}"
        for case in all_cases
        if case.key not in table
    ]


def stale_entries(all_cases: Iterable[Case], table: Mapping[str, Expect]) -> list[str]:
    keys = {case.key for case in all_cases}
    return [
        f"{key} is in the access table but no route (or variant) has that name any more: "
        "remove or rename its entry"
        for key in table
        if key not in keys
    ]


# ---------------------------------------------------------------------------------------------
# Signing in and trying a route
# ---------------------------------------------------------------------------------------------


def sign_in(client: Client, user: User) -> None:
    """Sign in as allauth would after the password and, for people with an authenticator app,
    the second factor: the session records both steps, so a check of "this session passed
    MFA" sees them."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    request = HttpRequest()
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=totp.pk, type=Authenticator.Type.TOTP)
    request.session.save()


def role_sessions(cast: AccessCast) -> dict[str, str]:
    """A signed-in session per role with a person (made once, reused by every request)."""
    keys = {}
    for role in ROLES:
        if role.user is not None:
            client = Client()
            sign_in(client, getattr(cast, role.user))
            keys[role.name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def act_as(client: Client, role: str, sessions: Mapping[str, str]) -> Client:
    if role in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def problem(
    client: Client,
    *,
    case: Case,
    role: str,
    method: str,
    cast: AccessCast,
    table: Mapping[str, Expect],
    samples: Samples,
) -> str | None:
    """Try `case` with `method` (a POST has an empty body) through `client`, signed in as
    `role` (see act_as); None when the answer is the declared one, or a sentence saying what
    differs."""
    entry = table.get(case.key)
    if entry is None:
        return f"{case.key} ({case.route.pattern}) is missing from the access table: {ADD_IT}"
    expected = entry.outcome(role, method)
    try:
        url = url_for(case, cast, role, samples)
    except MissingSample as error:
        return str(error)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if response.streaming:
        # Read to the end: the test client then closes the file. (Calling response.close()
        # here would fire request_finished, which closes a PostgreSQL connection mid-test.)
        b"".join(response.streaming_content)
    if expected.matches(response):
        return None
    note = f" (the table's note: {entry.why})" if entry.why else ""
    return f"{case.key} {method} {url}: {role} got {describe(response)}, expected {expected}{note}"


# ---------------------------------------------------------------------------------------------
# The cast: make_cast() plus one of everything a URL can name
# ---------------------------------------------------------------------------------------------


@dataclass
class AccessCast(Cast):
    registration: InterestRegistration = field(repr=False)
    status_token: str = field(repr=False)
    invitation: Invitation = field(repr=False)
    invitation_token: str = field(repr=False)
    calendar_token: str = field(repr=False)
    api_token: ApiToken = field(repr=False)
    membership_a1: Membership = field(repr=False)
    membership_a2: Membership = field(repr=False)
    deliverable_a: Deliverable = field(repr=False)
    deliverable_file: DeliverableFile = field(repr=False)
    shared_deliverable_b: Deliverable = field(repr=False)
    session: Session = field(repr=False)
    other_session: Session = field(repr=False)
    email_template: EmailTemplate = field(repr=False)
    contact_message: ContactMessage = field(repr=False)
    saved_filter: SavedFilter = field(repr=False)
    public_resource: Resource = field(repr=False)
    notification_a1: Notification = field(repr=False)
    members_resource: Resource = field(repr=False)
    cohort_space: Space = field(repr=False)
    community_space: Space = field(repr=False)
    program_space: Space = field(repr=False)
    category: Category = field(repr=False)
    thread: Thread = field(repr=False)
    post: Post = field(repr=False)
    flag: Flag = field(repr=False)
    attachment: Attachment = field(repr=False)
    ta_request: TARequest = field(repr=False)
    closure_day: ClosureDay = field(repr=False)
    survey_token: str = field(repr=False)
    team_measure_a: TeamMeasure = field(repr=False)
    observation_import_a: ObservationImport = field(repr=False)
    brief_a: Brief = field(repr=False)
    published_brief: Brief = field(repr=False)
    action_step_a: ActionStep = field(repr=False)
    guidance: Guidance = field(repr=False)
    pdsa_cycle_a: PDSACycle = field(repr=False)
    policy_change_a: PolicyChange = field(repr=False)
    own_measure_a: TeamMeasure = field(repr=False)
    dataset_version_a: DatasetVersion = field(repr=False)  # uploaded, its original kept
    dataset_upload_a: DatasetVersion = field(repr=False)  # begun, no chunk sent yet
    shootings_dataset_a: Dataset = field(repr=False)  # takes a comparison design


ANSWERS = {
    "vision": "Care-first responses to every mental health call.",
    "goals": [["Divert calls", "Share of calls", "June 2027"]],
    "lead": "Dana Ruiz",
}
OWN_MEASURE = {
    "name": "Follow-up visits within 48 hours",
    "definition": "Share of people seen by the team who had a follow-up visit within 48 hours.",
    "numerator": "People with a follow-up visit within 48 hours",
    "denominator": "People seen by the team",
    "kind": "proportion",
    "unit": "percent",
    "multiplier": 100,
    "better": "up",
    "chart": "p",
    "disaggregations": [],
}
PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


# Private-link tokens. When tokens are stored hashed, the raw value exists only where it is
# made: these four functions are the only places that read it, from what the services return.


def _registration_with_status_link(
    community: LearningCommunity,
) -> tuple[InterestRegistration, str]:
    members = [
        ("Dana Data", "dana@amherst.example", TeamRole.DATA_COORDINATOR, Sector.PUBLIC_HEALTH),
        ("Frank Fire", "frank@amherst.example", TeamRole.FIRST_RESPONSE, Sector.FIRE),
        (
            "Bea Health",
            "bea@amherst.example",
            TeamRole.IMPLEMENTING_SECTOR,
            Sector.BEHAVIORAL_HEALTH,
        ),
    ]
    result = registration_submit(
        submission_key=uuid.uuid4(),
        jurisdiction_name="Northampton",
        state="MA",
        jurisdiction_kind="city",
        population=29_000,
        learning_communities=[community],
        goals="Send clinicians to mental health calls.",
        stage="planning",
        preferred_start="next",
        contact_name="Casey Contact",
        contact_email="casey@northampton.example",
        members=[
            {"name": n, "email": e, "organisation": "City", "role": r, "sector": s}
            for n, e, r, s in members
        ],
        send_emails=False,
    )
    return result.registration, result.status_token


def _invitation_with_link(cast: Cast) -> tuple[Invitation, str]:
    # The raw token goes only into the invitation email: read it from there.
    invitation = invitation_send(
        team=cast.team_a,
        email="invitee@test.example",  # nobody has an account for it: the link signs them up
        full_name="Ida Invitee",
        role=TeamRole.COMMUNITY_PARTNER,
        sector=Sector.COMMUNITY_ORGANISATION,
        by=cast.staff,
    )
    marker = "0" * 43
    prefix = reverse("cohorts:invitation_accept", args=[marker]).split(marker)[0]
    path = link_in_email(prefix, to=invitation.email)
    return invitation, path.removeprefix(prefix).split("/")[0]


def _calendar_link(user: User) -> str:
    return calendar_token_reset(user=user)


def _api_token(user: User) -> ApiToken:
    token, _raw = api_token_create(user=user, name="Access matrix")
    return token


def _pending_import(cast: Cast, team_measure: TeamMeasure) -> ObservationImport:
    """Team A's uploaded file of one value, waiting for confirmation."""
    code = team_measure.measure.code
    checked = check_rows(
        [
            {
                "_row": "2",
                "measure_code": code,
                "period": "2026-10",
                "numerator": "3",
                "denominator": "9",
            }
        ],
        chosen={code: team_measure},
        known_codes={code},
        today=timezone.localdate(),
    )
    return observation_import_prepare(
        team=cast.team_a,
        by=cast.member_a1,
        file_name="values.csv",
        content_type="text/csv",
        sha256="0" * 64,
        checked=checked,
    )


def _past_session(cohort, title: str) -> Session:
    ended = timezone.now() - timedelta(days=2)
    return session_schedule(
        by=a_staff_member(),
        module=module_of(cohort, 1),
        title=title,
        starts_at=ended - timedelta(hours=1),
        ends_at=ended,
        meeting_url="https://meet.example/crisis",
    )


def _ta_request(cast: Cast) -> TARequest:
    """Team A's open request, with one message in its conversation."""
    request = ta_request_open(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        category=TARequest.Category.DATA,
        urgency=TARequest.Urgency.ROUTINE,
        title="Matching call codes",
        description="Which 911 call codes count as behavioral health calls?",
    )
    ta_message_post(
        submission_key=uuid.uuid4(),
        request=request,
        by=cast.member_a2,
        body="We can share last year's codes.",
        from_team=True,
        files=[(SimpleUploadedFile("codes.pdf", PDF_BYTES), "application/pdf")],
    )
    return request


def _brief(cast: Cast, team_measure: TeamMeasure, headline: str) -> Brief:
    """Team A's brief, sent to staff for approval."""
    brief = brief_create(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        headline=headline,
        what_changed="Clinicians took over mental health calls.",
        for_whom="Callers in crisis.",
        chart_1=team_measure,
        chart_2=None,
        quote="",
        quote_by="",
        next_steps="Cover nights too.",
    )
    return brief_submit(brief=brief, by=cast.member_a1)


def _survey_link(cast: Cast) -> str:
    """The satisfaction survey of a request of team A's that staff resolved: its raw token,
    read from the email to the requester (member A)."""
    resolved = ta_request_open(
        submission_key=uuid.uuid4(),
        team=cast.team_a,
        by=cast.member_a1,
        category=TARequest.Category.FUNDING,
        urgency=TARequest.Urgency.URGENT,
        title="Grant deadline",
        description="Which state grants pay for crisis teams?",
    )
    ta_request_status_change(request=resolved, by=cast.staff, status=TARequest.Status.RESOLVED)
    marker = "0" * 43
    prefix = reverse("assistance:survey", args=[marker]).split(marker)[0]
    return link_in_email(prefix, to=cast.member_a1.email).removeprefix(prefix).split("/")[0]


def make_access_cast() -> AccessCast:
    """The shared cast (its expert and TA provider serve team A's cohort) and one of each
    thing a URL names. Call with MEDIA_ROOT pointing at a temporary directory."""
    cast = make_cast()
    give_curriculum(cast.cohort)
    crisis = cast.communities["crisis-systems"]

    deliverable_a = deliverable_save(
        team=cast.team_a,
        module=module_of(cast.team_a, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_a1,
    )
    deliverable_file = deliverable_file_attach(
        deliverable=deliverable_a,
        prompt_key="charter",
        upload=SimpleUploadedFile("charter.pdf", PDF_BYTES),
        content_type="application/pdf",
        by=cast.member_a1,
    )
    deliverable_a = deliverable_submit(deliverable=deliverable_a, by=cast.member_a1)
    deliverable_b = deliverable_save(
        team=cast.team_b,
        module=module_of(cast.team_b, 1),
        answers=ANSWERS,
        base_version=0,
        by=cast.member_b,
    )
    deliverable_b = deliverable_share(deliverable=deliverable_b, shared=True, by=cast.member_b)

    team_measure_a = choose_measure(cast.team_a, by=cast.member_a1)
    registration, status_token = _registration_with_status_link(crisis)
    invitation, invitation_token = _invitation_with_link(cast)
    public_resource = Resource.objects.create(
        title="Mobile crisis team playbook",
        summary="How to stand up a mobile crisis team.",
        url="https://example.org/playbook",
    )
    members_resource = Resource.objects.create(
        title="Team charter template",
        summary="A fill-in charter.",
        file=SimpleUploadedFile("charter-template.pdf", PDF_BYTES),
        visibility=Resource.Visibility.MEMBERS,
    )
    for resource in (public_resource, members_resource):
        resource.learning_communities.add(crisis)
    spaces_ensure()
    cohort_space = Space.objects.get(cohort=cast.cohort)
    session = _past_session(cast.cohort, "Module 1 kick-off")
    category = category_add(space=cohort_space, name="Staffing")
    thread = thread_start(
        submission_key=uuid.uuid4(),
        space=cohort_space,
        category=category,
        title="Who answers mental health calls at night?",
        body="We are planning overnight coverage.",
        is_question=True,
        by=cast.member_a1,
    )

    team_measure_a = choose_measure(cast.team_a, by=cast.member_a1)
    return AccessCast(
        **vars(cast),
        registration=registration,
        status_token=status_token,
        invitation=invitation,
        invitation_token=invitation_token,
        calendar_token=_calendar_link(cast.member_a1),
        api_token=_api_token(cast.staff),
        membership_a1=Membership.objects.get(team=cast.team_a, user=cast.member_a1),
        membership_a2=Membership.objects.get(team=cast.team_a, user=cast.member_a2),
        deliverable_a=deliverable_a,
        deliverable_file=deliverable_file,
        shared_deliverable_b=deliverable_b,
        session=session,
        other_session=_past_session(cast.other_cohort, "Module 1 kick-off, cohort 4"),
        email_template=email_template_save(
            by=cast.staff, name="First contact", subject="Hello", body="Hello {contact_name}"
        ),
        contact_message=contact_message_submit(
            submission_key=uuid.uuid4(),
            name="Rae Reader",
            email="rae@example.org",
            organisation="",
            topic=ContactMessage.Topic.JOINING,
            message="How do we join?",
        ),
        saved_filter=saved_filter_save(
            owner=cast.staff, name="Overdue in MA", query="state=MA&overdue=on", shared=True
        ),
        public_resource=public_resource,
        notification_a1=notify(
            user=cast.member_a1, kind=Kind.REPLY, title="Ben replied in your thread", url="/forum/"
        ),
        members_resource=members_resource,
        cohort_space=cohort_space,
        community_space=Space.objects.get(learning_community=crisis),
        program_space=Space.objects.get(kind=Space.Kind.PROGRAM),
        category=category,
        thread=thread,
        post=thread.posts.get(),
        flag=flag_raise(post=thread.posts.get(), reason="Off topic", by=cast.member_b),
        attachment=Attachment.objects.create(
            post=thread.posts.get(),
            file=SimpleUploadedFile("rota.pdf", PDF_BYTES),
            original_name="rota.pdf",
            content_type="application/pdf",
            size=len(PDF_BYTES),
        ),
        ta_request=_ta_request(cast),
        team_measure_a=team_measure_a,
        observation_import_a=_pending_import(cast, team_measure_a),
        brief_a=_brief(cast, team_measure_a, "Clinicians answer more calls"),
        published_brief=brief_approve(
            brief=_brief(cast, team_measure_a, "Fewer repeat calls"), by=cast.staff
        ),
        pdsa_cycle_a=pdsa_cycle_create(
            submission_key=uuid.uuid4(),
            team_measure=team_measure_a,
            by=cast.member_a1,
            change_idea="A clinician in the 911 centre on weekday evenings",
            prediction="More eligible calls go to the alternative responder.",
            started_on=date(2026, 9, 1),
        ),
        policy_change_a=policy_change_create(
            submission_key=uuid.uuid4(),
            team=cast.team_a,
            by=cast.member_a1,
            changed_on=date(2026, 10, 1),
            title="Dispatch protocol: behavioral health calls go to the crisis team",
        ),
        own_measure_a=own_measure_define(
            team=cast.team_a,
            by=cast.member_a1,
            definition=OWN_MEASURE,
            role=TeamMeasure.Role.PROCESS,
            baseline_start=date(2026, 1, 1),
            baseline_end=date(2026, 6, 1),
            target_value=Decimal(90),
            target_date=date(2027, 12, 31),
        ),
        action_step_a=action_step_create(
            submission_key=uuid.uuid4(),
            team=cast.team_a,
            by=cast.member_a1,
            title="Train dispatchers on the new call codes",
            due_on=date(2027, 3, 31),
        ),
        guidance=make_guidance(cast, session),
        survey_token=_survey_link(cast),
        closure_day=closure_day_add(day=date(2027, 1, 4), reason="Staff retreat", by=cast.staff),
        dataset_version_a=dataset_upload_file(
            team=cast.team_a,
            kind="calls",
            name="CAD calls",
            upload=SimpleUploadedFile("calls.csv", b"call_id,type\n1,WELFARE CHECK\n"),
            by=cast.member_a1,
        ),
        dataset_upload_a=dataset_upload_begin(
            team=cast.team_a,
            kind="calls",
            name="CAD calls",
            file_name="calls-february.csv",
            size=1000,
            by=cast.member_a1,
        ),
        shootings_dataset_a=dataset_find_or_create(
            team=cast.team_a, kind="shootings", name="Shootings", by=cast.member_a1
        ),
    )
