"""The access table: who gets what from every route, for GET and for POST (an empty body).

One entry per route (or per variant, `name[variant]`), read as "GET: <policy>(<what the roles
let in get>), POST: ...". A policy says who is let in; visitors it does not let in are sent to
sign in (`login`) and everyone else signed in gets 404 (existence does not leak), unless the
policy says otherwise. `.but(role=...)` states an exception for one role.

Roles (see access_matrix.ROLES): anonymous, registrant (a visitor holding their status link and
an invitation link), member_a, member_b (team B, same cohort), outsider (a team in another
cohort), expert and ta_provider (serving team A's cohort), staff (with an authenticator app).
Every route is tried with real arguments from the cast: team A, its submitted module 1
deliverable and file, team B's shared deliverable, a past session of each cohort, a
registration, an invitation to team A, member A's calendar link, staff's API token...

A new route without an entry fails lcpa/core/tests/test_url_access.py; so does an entry whose
route is gone, and a URL parameter without a sample value below.
"""

from lcpa.core.tests.access_matrix import (
    REDIRECT,
    ROLE_NAMES,
    SIGNED_IN,
    VISITORS,
    Expect,
    held_by,
    policy,
    redirect_to,
)
from lcpa.notifications.kinds import Kind
from lcpa.notifications.unsubscribe import unsubscribe_token

# Which routes of the Django admin and of allauth are tried (their other routes have their own
# tests where they are configured).
ADMIN_ROUTES = {
    "admin:index",
    "admin:login",
    "admin:cohorts_team_changelist",
    "admin:cohorts_team_change",
}
ALLAUTH_ROUTES = {"account_login"}

# ---------------------------------------------------------------------------------------------
# Sample values: by parameter name, or by (route name, parameter) when a name means different
# things on different routes (`pk` always does: it has no default on purpose).
# ---------------------------------------------------------------------------------------------

SAMPLES = {
    "team_id": lambda cast: cast.team_a.pk,
    "number": lambda cast: 1,
    "file_id": lambda cast: cast.deliverable_file.pk,
    "deliverable_id": lambda cast: cast.shared_deliverable_b.pk,
    "slug": lambda cast: cast.cohort.learning_community.slug,
    "registration_id": lambda cast: cast.registration.pk,
    "team_measure_id": lambda cast: cast.team_measure_a.pk,
    # Private links: the real token for the roles holding it, a decoy for everyone else.
    ("intake:confirmation", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("intake:registration_status", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("intake:registration_members", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("cohorts:invitation_accept", "token"): held_by(
        "registrant", value=lambda c: c.invitation_token
    ),
    ("cohorts:calendar_feed", "token"): held_by("member_a", value=lambda c: c.calendar_token),
    ("accounts:token_revoke", "pk"): lambda cast: cast.api_token.pk,
    ("notifications:go", "pk"): lambda cast: cast.notification_a1.pk,
    ("notifications:unsubscribe", "token"): held_by(
        "member_a", value=lambda c: unsubscribe_token(user_id=c.member_a1.pk, what=Kind.REPLY)
    ),
    ("cohorts:deliverable_review", "pk"): lambda cast: cast.deliverable_a.pk,
    ("cohorts:membership_contact_share", "pk"): {
        "own": lambda cast: cast.membership_a1.pk,
        "teammate": lambda cast: cast.membership_a2.pk,
    },
    ("cohorts:session", "pk"): {
        "this-cohort": lambda cast: cast.session.pk,
        "other-cohort": lambda cast: cast.other_session.pk,
    },
    ("cohorts:session_ics", "pk"): lambda cast: cast.session.pk,
    ("cohorts:session_feedback", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_enrol", "pk"): lambda cast: cast.registration.pk,
    ("cohorts:staff_cohort", "pk"): lambda cast: cast.cohort.pk,
    ("cohorts:staff_session_create", "pk"): lambda cast: cast.cohort.pk,
    ("cohorts:staff_attendance_csv", "pk"): lambda cast: cast.cohort.pk,
    ("cohorts:staff_team", "pk"): lambda cast: cast.team_a.pk,
    ("cohorts:staff_invite", "pk"): lambda cast: cast.team_a.pk,
    ("cohorts:staff_unlock", "pk"): lambda cast: cast.team_a.pk,
    ("cohorts:staff_member_remove", "pk"): lambda cast: cast.membership_a2.pk,
    ("cohorts:staff_invitation_resend", "pk"): lambda cast: cast.invitation.pk,
    ("cohorts:staff_attendance", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_feedback", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_cohort_edit", "pk"): lambda cast: cast.cohort.pk,
    ("cohorts:staff_session_edit", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_session_reschedule", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_session_cancel", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_session_delete", "pk"): lambda cast: cast.session.pk,
    ("cohorts:staff_invitation_revoke", "pk"): lambda cast: cast.invitation.pk,
    ("cohorts:staff_team_unenrol", "pk"): lambda cast: cast.team_a.pk,
    ("cohorts:staff_team_check_in", "pk"): lambda cast: cast.team_a.pk,
    ("cohorts:staff_team_email", "pk"): lambda cast: cast.team_a.pk,
    ("intake:staff_registration", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_followup", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_assign", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_email", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_merge", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_reply", "pk"): lambda cast: cast.registration.pk,
    ("intake:staff_saved_filter_delete", "pk"): lambda cast: cast.saved_filter.pk,
    ("intake:staff_email_template_edit", "pk"): lambda cast: cast.email_template.pk,
    ("public:staff_message", "pk"): lambda cast: cast.contact_message.pk,
    ("public:staff_message_assign", "pk"): lambda cast: cast.contact_message.pk,
    ("public:staff_message_answered", "pk"): lambda cast: cast.contact_message.pk,
    ("library:resource", "pk"): {
        "public": lambda cast: cast.public_resource.pk,
        "members-only": lambda cast: cast.members_resource.pk,
    },
    ("library:resource_download", "pk"): {
        "public": lambda cast: cast.public_resource.pk,
        "members-only": lambda cast: cast.members_resource.pk,
    },
    ("community:space", "pk"): {
        "cohort": lambda cast: cast.cohort_space.pk,
        "community": lambda cast: cast.community_space.pk,
        "program": lambda cast: cast.program_space.pk,
    },
    ("community:thread_create", "pk"): lambda cast: cast.cohort_space.pk,
    ("community:thread", "pk"): lambda cast: cast.thread.pk,
    ("community:thread_reply", "pk"): lambda cast: cast.thread.pk,
    ("community:thread_moderate", "pk"): lambda cast: cast.thread.pk,
    ("community:post_edit", "pk"): lambda cast: cast.post.pk,
    ("community:post_moderate", "pk"): lambda cast: cast.post.pk,
    ("admin:cohorts_team_change", "object_id"): lambda cast: cast.team_a.pk,
    ("assistance:request", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:message_post", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_assign", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_status", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_reopen", "pk"): lambda cast: cast.ta_request.pk,
}

# ---------------------------------------------------------------------------------------------
# Policies
# ---------------------------------------------------------------------------------------------

EVERYONE = policy("EVERYONE", ROLE_NAMES)
SIGNED_IN_USERS = policy("SIGNED_IN_USERS", SIGNED_IN)
# Pages for visitors only (signing in): anyone signed in is sent on elsewhere.
SIGNED_OUT = policy("SIGNED_OUT", VISITORS, others=REDIRECT)
# Team A's private pages: its members, program staff, and the experts and TA providers
# serving its cohort.
TEAM_A_READERS = policy("TEAM_A_READERS", {"member_a", "expert", "ta_provider", "staff"})
# Team A's drafts: its members and program staff (experts and TA providers only read).
TEAM_A_WRITERS = policy("TEAM_A_WRITERS", {"member_a", "staff"})
# Everyone in the cohort: its teams' members, its experts and TA providers, program staff.
COHORT = policy("COHORT", {"member_a", "member_b", "expert", "ta_provider", "staff"})
# A learning community's people across its cohorts: team A's cohort and the outsider's.
COMMUNITY = policy(
    "COMMUNITY", {"member_a", "member_b", "outsider", "expert", "ta_provider", "staff"}
)
# The one who wrote the cast's forum post (member A): nobody else edits it, not even staff.
POST_AUTHOR = policy("POST_AUTHOR", {"member_a"})
# The other cohort's people: the outsider's team, and program staff.
OTHER_COHORT = policy("OTHER_COHORT", {"outsider", "staff"})
REVIEWERS = policy("REVIEWERS", {"expert", "staff"})
STAFF_ONLY = policy("STAFF_ONLY", {"staff"})
# The member's own current membership (member A's): nobody else, not even staff.
OWN_MEMBERSHIP = policy("OWN_MEMBERSHIP", {"member_a"})
# The Django admin: program staff; visitors are sent to its sign-in, which hands them to allauth.
ADMIN = policy("ADMIN", {"staff"}, visitors=redirect_to("admin:login"))
# Team A's TA requests: its members, the TA providers serving its cohort and program staff
# (the cohort's national experts do not see them).
TEAM_A_TA = policy("TEAM_A_TA", {"member_a", "ta_provider", "staff"})
# The people who work on TA requests: the cohort's TA providers and program staff.
TA_WORKERS = policy("TA_WORKERS", {"ta_provider", "staff"})
# Member A's own notification: nobody else, not even staff.
NOTIFICATION_OWNER = policy("NOTIFICATION_OWNER", {"member_a"})
# Members-only library resources: anyone signed in who takes part; visitors get 404 too.
PARTICIPANTS = policy("PARTICIPANTS", SIGNED_IN, visitors=404)


def TOKEN_HOLDER(*roles: str):  # noqa: N802 (reads as a policy name, like the others)
    """Whoever holds the private link (see SAMPLES); a decoy token is a 404 for everyone else."""
    return policy(f"TOKEN_HOLDER({', '.join(roles)})", roles, visitors=404)


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

EXPECTED: dict[str, Expect] = {
    # Public pages ---------------------------------------------------------------------------
    "healthz": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:home": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:learning_communities": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:learning_community": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:jurisdictions": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:contact": Expect(
        get=EVERYONE(200), post=EVERYONE(200), why="an invalid message shows the form again"
    ),
    "public:contact_thanks": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:accessibility": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "public:privacy": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "library:resources": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "library:resource[public]": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "library:resource[members-only]": Expect(get=PARTICIPANTS(200), post=EVERYONE(405)),
    "library:resource_download[public]": Expect(
        get=EVERYONE(REDIRECT), post=EVERYONE(405), why="a link resource redirects to its URL"
    ),
    "library:resource_download[members-only]": Expect(get=PARTICIPANTS(200), post=EVERYONE(405)),
    # Registering interest and the private status link ---------------------------------------
    "intake:register": Expect(
        get=EVERYONE(200), post=EVERYONE(200), why="an invalid form is shown again with errors"
    ),
    "intake:member_row": Expect(
        get=EVERYONE(redirect_to("intake:register")),
        post=EVERYONE(405),
        why="without htmx's HX-Request header it sends people to the whole form",
    ),
    "intake:confirmation": Expect(get=TOKEN_HOLDER("registrant")(200), post=EVERYONE(405)),
    "intake:registration_status": Expect(get=TOKEN_HOLDER("registrant")(200), post=EVERYONE(405)),
    "intake:registration_members": Expect(
        get=TOKEN_HOLDER("registrant")(200),
        post=TOKEN_HOLDER("registrant")(400),
        why="an empty POST has no member rows: the form comes back with the problem",
    ),
    # Accounts -------------------------------------------------------------------------------
    "account_login": Expect(
        get=SIGNED_OUT(200),
        post=SIGNED_OUT(200),
        why="someone signed in is sent on to their account page",
    ),
    "accounts:profile": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(200)),
    "accounts:token_create": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(200)),
    "accounts:token_created": Expect(
        get=STAFF_ONLY(redirect_to("accounts:profile")),
        post=STAFF_ONLY(redirect_to("accounts:profile")),
        why="a token is shown once, just after it is made; otherwise back to the account page",
    ),
    "accounts:token_revoke": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(redirect_to("accounts:profile"))
    ),
    # Notifications --------------------------------------------------------------------------
    "notifications:list": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "notifications:bell": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "notifications:mark_all_read": Expect(
        get=SIGNED_IN_USERS(405), post=SIGNED_IN_USERS(redirect_to("notifications:list"))
    ),
    "notifications:settings": Expect(
        get=SIGNED_IN_USERS(200),
        post=SIGNED_IN_USERS(200),
        why="an empty POST shows the form again with the choices missing",
    ),
    "notifications:go": Expect(get=NOTIFICATION_OWNER(REDIRECT), post=SIGNED_IN_USERS(405)),
    "notifications:unsubscribe": Expect(
        get=TOKEN_HOLDER("member_a")(200),
        post=TOKEN_HOLDER("member_a")(200),
        why="the signed link is the key: no session, no CSRF token (RFC 8058 one-click)",
    ),
    # The team workspace ---------------------------------------------------------------------
    "cohorts:my_teams": Expect(
        get=SIGNED_IN_USERS(200).but(member_a=REDIRECT, member_b=REDIRECT, outsider=REDIRECT),
        post=SIGNED_IN_USERS(405),
        why="a member of one team goes straight to its workspace",
    ),
    "cohorts:workspace": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:module": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(409),
        why="module 1's deliverable is submitted: a save is refused, nothing is stored",
    ),
    "cohorts:deliverable_submit": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_WRITERS(409),
        why="it is already submitted",
    ),
    "cohorts:deliverable_share": Expect(get=SIGNED_IN_USERS(405), post=TEAM_A_WRITERS(REDIRECT)),
    "cohorts:deliverable_file": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:action_plan": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:action_plan_pdf": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:action_plan_doc": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:peers": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:membership_contact_share[own]": Expect(
        get=SIGNED_IN_USERS(405),
        post=OWN_MEMBERSHIP(400),
        why="an empty POST chooses neither; only the member changes their own sharing",
    ),
    "cohorts:membership_contact_share[teammate]": Expect(
        get=SIGNED_IN_USERS(405),
        post=SIGNED_IN_USERS(404),
        why="a teammate's membership is nobody else's to change",
    ),
    "cohorts:shared_deliverable": Expect(
        get=TEAM_A_READERS(200),
        post=SIGNED_IN_USERS(405),
        why="team B's shared deliverable, read from team A's pages",
    ),
    # The peer forum (the cast's thread is in team A's cohort space, opened by member A) -----
    "community:spaces": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "community:search": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "community:space[cohort]": Expect(get=COHORT(200), post=SIGNED_IN_USERS(405)),
    "community:space[community]": Expect(get=COMMUNITY(200), post=SIGNED_IN_USERS(405)),
    "community:space[program]": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "community:thread_create": Expect(
        get=COHORT(200), post=COHORT(400), why="an empty thread is refused with the form"
    ),
    "community:thread": Expect(get=COHORT(200), post=SIGNED_IN_USERS(405)),
    "community:thread_reply": Expect(
        get=SIGNED_IN_USERS(405), post=COHORT(400), why="an empty reply is refused"
    ),
    "community:thread_moderate": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="no action chosen"
    ),
    "community:post_edit": Expect(get=POST_AUTHOR(200), post=POST_AUTHOR(400)),
    "community:post_moderate": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="no action chosen"
    ),
    # Technical assistance -------------------------------------------------------------------
    "assistance:team_requests": Expect(get=TEAM_A_TA(200), post=SIGNED_IN_USERS(405)),
    "assistance:request_open": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty request is refused with the form and its problems; nothing is stored",
    ),
    "assistance:my_requests": Expect(get=TA_WORKERS(200), post=SIGNED_IN_USERS(405)),
    "assistance:request": Expect(get=TEAM_A_TA(200), post=SIGNED_IN_USERS(405)),
    "assistance:message_post": Expect(
        get=SIGNED_IN_USERS(405), post=TEAM_A_TA(400), why="an empty reply is refused"
    ),
    "assistance:request_assign": Expect(
        get=SIGNED_IN_USERS(405), post=TA_WORKERS(400), why="nobody chosen: nothing changes"
    ),
    "assistance:request_status": Expect(
        get=SIGNED_IN_USERS(405), post=TA_WORKERS(400), why="no status chosen: nothing changes"
    ),
    "assistance:request_reopen": Expect(
        get=SIGNED_IN_USERS(405),
        post=policy("REQUESTER_TEAM", {"member_a"})(REDIRECT),
        why="only the requester's team reopens; the open request stays as it is, with a message",
    ),
    "assistance:staff_queue": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    # A team's measures ----------------------------------------------------------------------
    "outcomes:team_measures": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(200),
        why="an empty choice shows the form again with what to fix",
    ),
    "outcomes:team_measure": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(REDIRECT),
        why="an empty grid changes nothing and says so",
    ),
    # Expert review --------------------------------------------------------------------------
    "cohorts:review_queue": Expect(get=REVIEWERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:deliverable_review": Expect(get=REVIEWERS(200), post=REVIEWERS(400)),
    # Sessions and calendars -----------------------------------------------------------------
    "cohorts:session_list": Expect(get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)),
    "cohorts:session[this-cohort]": Expect(get=COHORT(200), post=SIGNED_IN_USERS(405)),
    "cohorts:session[other-cohort]": Expect(get=OTHER_COHORT(200), post=SIGNED_IN_USERS(405)),
    "cohorts:session_ics": Expect(get=COHORT(200), post=SIGNED_IN_USERS(405)),
    "cohorts:session_feedback": Expect(
        get=COHORT(200),
        post=COHORT(400),
        why="an empty answer is refused; only members' answers are ever stored",
    ),
    "cohorts:calendar_feed": Expect(get=TOKEN_HOLDER("member_a")(200), post=EVERYONE(405)),
    "cohorts:calendar_reset": Expect(
        get=SIGNED_IN_USERS(405),
        post=SIGNED_IN_USERS(200),
        why="the new link is shown once, on the page the reset answers with",
    ),
    "cohorts:invitation_accept": Expect(
        get=TOKEN_HOLDER("registrant")(200),
        post=TOKEN_HOLDER("registrant")(400),
        why="the invited address has no account: the page is a sign-up form",
    ),
    # Program staff: registrations -----------------------------------------------------------
    "intake:staff_dashboard": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "intake:staff_pipeline": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "intake:staff_pipeline_export": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "intake:staff_pipeline_bulk": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="nothing selected: the page with errors"
    ),
    "intake:staff_saved_filter_create": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="no name: the page with errors"
    ),
    "intake:staff_saved_filter_delete": Expect(
        get=STAFF_ONLY(405),
        post=STAFF_ONLY(redirect_to("intake:staff_pipeline")),
        why="the cast's staff member saved it; back to the pipeline",
    ),
    "intake:staff_registration": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "intake:staff_followup": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "intake:staff_assign": Expect(
        get=STAFF_ONLY(405),
        post=STAFF_ONLY(REDIRECT),
        why="no assignee means nobody is assigned; back to the registration",
    ),
    "intake:staff_email": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "intake:staff_merge": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "intake:staff_reply": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "intake:staff_email_templates": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "intake:staff_email_template_create": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(200), why="an empty POST shows the empty form"
    ),
    "intake:staff_email_template_edit": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(200), why="an empty POST shows the form unchanged"
    ),
    "cohorts:staff_enrol": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    # Program staff: contact messages -------------------------------------------------------
    "public:staff_messages": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "public:staff_message": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "public:staff_message_assign": Expect(
        get=STAFF_ONLY(405),
        post=STAFF_ONLY(REDIRECT),
        why="no assignee means nobody is assigned; back to the message",
    ),
    "public:staff_message_answered": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    # Program staff: cohorts, teams, sessions ------------------------------------------------
    "cohorts:staff_cohorts": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "cohorts:staff_cohort_create": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_cohort": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "cohorts:staff_session_create": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_attendance_csv": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "cohorts:staff_team": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "cohorts:staff_invite": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "cohorts:staff_unlock": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(400)),
    "cohorts:staff_member_remove": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(REDIRECT)),
    "cohorts:staff_invitation_resend": Expect(get=STAFF_ONLY(405), post=STAFF_ONLY(REDIRECT)),
    "cohorts:staff_attendance": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_feedback": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "cohorts:staff_cohort_edit": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_session_edit": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_session_reschedule": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_session_cancel": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    # Removals: GET is the confirmation page; a POST without its "confirm" button removes
    # nothing and says so (400).
    "cohorts:staff_session_delete": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_invitation_revoke": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_team_unenrol": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="team A has deliverables: refused"
    ),
    "cohorts:staff_team_check_in": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    "cohorts:staff_team_email": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(400)),
    # The API (bearer tokens only: a signed-in session is not enough) ------------------------
    "api:api-root": Expect(get=EVERYONE(404), post=EVERYONE(404)),
    "api:openapi-json": Expect(
        get=EVERYONE(200), post=EVERYONE(200), why="django-ninja serves the schema to any method"
    ),
    "api:openapi-view": Expect(
        get=EVERYONE(200), post=EVERYONE(200), why="django-ninja serves the docs to any method"
    ),
    "api:learning_communities_list": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "api:learning_community_get": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "api:jurisdictions_list": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "api:registrations_list": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:registrations_export": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:registration_get": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    # The Django admin (a few representative pages) ------------------------------------------
    "admin:login": Expect(
        get=STAFF_ONLY(redirect_to("admin:index")),
        post=STAFF_ONLY(redirect_to("admin:index")),
        why="no password form of its own: visitors go to allauth's sign-in (rate limits, second "
        "factor) and come back; staff go on to the admin, anyone else signed in gets 404",
    ),
    "admin:index": Expect(get=ADMIN(200), post=ADMIN(200)),
    "admin:cohorts_team_changelist": Expect(
        get=ADMIN(404),
        post=ADMIN(404),
        why="staff without the model permission: a refusal in the admin is a 404, as elsewhere",
    ),
    "admin:cohorts_team_change": Expect(
        get=ADMIN(404),
        post=ADMIN(404),
        why="staff without the model permission: a refusal in the admin is a 404, as elsewhere",
    ),
}
