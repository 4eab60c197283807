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
    "brief_id": lambda cast: cast.brief_a.pk,
    "brief_slug": lambda cast: cast.published_brief.slug,
    "cohort_id": lambda cast: cast.cohort.pk,
    "import_id": lambda cast: cast.observation_import_a.pk,
    "code": lambda cast: cast.team_measure_a.measure.code,
    "step_id": lambda cast: cast.action_step_a.pk,
    "cycle_id": lambda cast: cast.pdsa_cycle_a.pk,
    "policy_change_id": lambda cast: cast.policy_change_a.pk,
    "dataset_id": lambda cast: cast.dataset_version_a.dataset_id,
    "version_id": lambda cast: cast.dataset_upload_a.pk,
    ("outcomes:dataset_original", "version_id"): lambda cast: cast.dataset_version_a.pk,
    ("outcomes:dataset_mapping", "version_id"): lambda cast: cast.dataset_version_a.pk,
    ("outcomes:dataset_comparison", "dataset_id"): lambda cast: cast.shootings_dataset_a.pk,
    ("outcomes:dataset_report", "version_id"): lambda cast: cast.dataset_version_a.pk,
    ("outcomes:dataset_report_csv", "version_id"): lambda cast: cast.dataset_version_a.pk,
    ("outcomes:own_measure_edit", "team_measure_id"): {
        "standard": lambda cast: cast.team_measure_a.pk,
        "own": lambda cast: cast.own_measure_a.pk,
    },
    # Private links: the real token for the roles holding it, a decoy for everyone else.
    ("intake:confirmation", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("intake:registration_status", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("intake:registration_members", "token"): held_by("registrant", value=lambda c: c.status_token),
    ("cohorts:invitation_accept", "token"): held_by(
        "registrant", value=lambda c: c.invitation_token
    ),
    ("cohorts:calendar_feed", "token"): held_by("member_a", value=lambda c: c.calendar_token),
    ("assistance:survey", "token"): held_by("member_a", value=lambda c: c.survey_token),
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
    ("cohorts:staff_cohort_history", "pk"): lambda cast: cast.cohort.pk,
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
    ("intake:staff_closure_day_remove", "pk"): lambda cast: cast.closure_day.pk,
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
    ("community:thread_unread", "pk"): lambda cast: cast.thread.pk,
    ("community:thread_follow", "pk"): lambda cast: cast.thread.pk,
    ("community:category_follow", "pk"): lambda cast: cast.category.pk,
    ("community:post", "pk"): lambda cast: cast.post.pk,
    ("community:post_flag", "pk"): lambda cast: cast.post.pk,
    ("community:attachment", "pk"): lambda cast: cast.attachment.pk,
    ("community:staff_flag_resolve", "pk"): lambda cast: cast.flag.pk,
    ("community:staff_thread_move", "pk"): lambda cast: cast.thread.pk,
    ("community:staff_category_edit", "pk"): lambda cast: cast.category.pk,
    ("community:post_helpful", "pk"): lambda cast: cast.post.pk,
    ("community:thread_accept", "pk"): lambda cast: cast.thread.pk,
    ("community:post_edit", "pk"): lambda cast: cast.post.pk,
    ("community:post_moderate", "pk"): lambda cast: cast.post.pk,
    ("admin:cohorts_team_change", "object_id"): lambda cast: cast.team_a.pk,
    ("assistance:request", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:message_post", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_file", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_file", "file_id"): lambda cast: cast.ta_request.files.get().pk,
    ("assistance:request_assign", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_status", "pk"): lambda cast: cast.ta_request.pk,
    ("assistance:request_reopen", "pk"): lambda cast: cast.ta_request.pk,
    ("guidance:question", "pk"): lambda cast: cast.guidance.question.pk,
    ("guidance:answer_post", "pk"): lambda cast: cast.guidance.question.pk,
    ("guidance:follow_up", "pk"): lambda cast: cast.guidance.question.pk,
    ("guidance:slot_withdraw", "pk"): lambda cast: cast.guidance.spare_slot.pk,
    ("guidance:slot_edit", "pk"): lambda cast: cast.guidance.open_slot.pk,
    ("guidance:book", "pk"): lambda cast: cast.guidance.open_slot.pk,
    ("guidance:booking", "pk"): lambda cast: cast.guidance.booking.pk,
    ("guidance:booking_cancel", "pk"): lambda cast: cast.guidance.booking.pk,
    ("guidance:booking_reschedule", "pk"): lambda cast: cast.guidance.booking.pk,
    ("guidance:case", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:case_edit", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:case_file", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:case_file", "file_id"): lambda cast: cast.guidance.case.files.get().pk,
    ("guidance:case_review", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:case_schedule", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:recommendation_post", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:case_report", "pk"): lambda cast: cast.guidance.case.pk,
    ("guidance:recommendation_step", "pk"): lambda cast: cast.guidance.recommendation.pk,
    ("assistance:request_connect", "pk"): lambda cast: cast.ta_request.pk,
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
# People who may hold a personal API token: program staff, and the data coordinators of teams
# A and B (their team role).
TOKEN_HOLDERS = policy("TOKEN_HOLDERS", {"member_a", "member_b", "staff"})
# The member's own current membership (member A's): nobody else, not even staff.
OWN_MEMBERSHIP = policy("OWN_MEMBERSHIP", {"member_a"})
# The Django admin: program staff; visitors are sent to its sign-in, which hands them to allauth.
ADMIN = policy("ADMIN", {"staff"}, visitors=redirect_to("admin:login"))
# Team A's TA requests: its members, the TA providers serving its cohort and program staff
# (the cohort's national experts do not see them).
TEAM_A_TA = policy("TEAM_A_TA", {"member_a", "ta_provider", "staff"})
# The people who work on TA requests: the cohort's TA providers and program staff.
TA_WORKERS = policy("TA_WORKERS", {"ta_provider", "staff"})
# Team A's record-level data (uploads, original files): its data coordinators (member A is
# one) and program staff; its other members see only the list of datasets (their own tests).
TEAM_A_DATA = policy("TEAM_A_DATA", {"member_a", "staff"})
# Team A's unpublished briefs: its members, program staff and its cohort's national experts
# (not its TA providers).
TEAM_A_BRIEFS = policy("TEAM_A_BRIEFS", {"member_a", "expert", "staff"})
# Team A's questions, office hours and cases: its members, the experts of its cohort and program
# staff (its TA providers do not see them, as the experts do not see TA requests).
TEAM_A_GUIDANCE = policy("TEAM_A_GUIDANCE", {"member_a", "expert", "staff"})
# The expert's start page: national experts and program staff (who see every cohort's work).
EXPERT_HOME = policy("EXPERT_HOME", {"expert", "staff"})
# The cast's expert's own office hours.
THE_EXPERT = policy("THE_EXPERT", {"expert"})
# Members of the teams of the slot's cohort, who may book it.
COHORT_TEAMS = policy("COHORT_TEAMS", {"member_a", "member_b"})
# The two sides of team A's booking: its members and the expert it is with (not staff).
MEETING_SIDES = policy("MEETING_SIDES", {"member_a", "expert"})
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
    "accounts:token_create": Expect(
        get=TOKEN_HOLDERS(405),
        post=TOKEN_HOLDERS(200),
        why="program staff and data coordinators (members A and B) hold personal API tokens",
    ),
    "accounts:token_created": Expect(
        get=TOKEN_HOLDERS(redirect_to("accounts:profile")),
        post=TOKEN_HOLDERS(redirect_to("accounts:profile")),
        why="a token is shown once, just after it is made; otherwise back to the account page",
    ),
    "accounts:token_revoke": Expect(
        get=TOKEN_HOLDERS(405),
        post=STAFF_ONLY(redirect_to("accounts:profile")),
        why="the sample is staff's token: only its owner revokes it",
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
    "cohorts:action_steps": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty step is refused with the form and its problems; nothing is stored",
    ),
    "cohorts:action_step_edit": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="only the team and staff change its steps; an empty form changes nothing",
    ),
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
    "community:thread_unread": Expect(
        get=COHORT(REDIRECT), post=SIGNED_IN_USERS(405), why="to the first unread post"
    ),
    "community:thread_follow": Expect(
        get=SIGNED_IN_USERS(405), post=COHORT(400), why="neither follow nor mute chosen"
    ),
    "community:category_follow": Expect(
        get=SIGNED_IN_USERS(405), post=COHORT(400), why="neither follow nor mute chosen"
    ),
    "community:post_helpful": Expect(
        get=SIGNED_IN_USERS(405),
        post=COHORT(REDIRECT).but(member_a=400),
        why="marks member A's post helpful (or takes it back); its author cannot",
    ),
    "community:thread_accept": Expect(
        get=SIGNED_IN_USERS(405),
        post=policy("ASKER", {"member_a", "staff"})(400),
        why="the asker or staff accept an answer; nothing chosen",
    ),
    "community:deliverable_post": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_WRITERS(REDIRECT),
        why="a copy of team A's module 1 answers becomes a thread (once per version)",
    ),
    "community:attachment": Expect(
        get=COHORT(200), post=SIGNED_IN_USERS(405), why="a file on a post of the cohort space"
    ),
    "community:post_flag": Expect(
        get=COHORT(200), post=COHORT(400), why="a flag without a reason is refused"
    ),
    "community:staff_flags": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "community:staff_flag_resolve": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="neither hide nor dismiss chosen"
    ),
    "community:staff_thread_move": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="no destination chosen"
    ),
    "community:staff_categories": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="a category needs a space and a name"
    ),
    "community:staff_category_edit": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="a category needs a name"
    ),
    "community:post": Expect(
        get=COHORT(REDIRECT), post=SIGNED_IN_USERS(405), why="a post's link opens its thread page"
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
    "assistance:request_file": Expect(get=TEAM_A_TA(200), post=SIGNED_IN_USERS(405)),
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
    # Guidance from national experts ---------------------------------------------------------
    "guidance:home": Expect(get=EXPERT_HOME(200), post=SIGNED_IN_USERS(405)),
    "guidance:team": Expect(get=TEAM_A_GUIDANCE(200), post=SIGNED_IN_USERS(405)),
    "guidance:question_ask": Expect(
        get=TEAM_A_WRITERS(200), post=TEAM_A_WRITERS(400), why="an empty question is refused"
    ),
    "guidance:question": Expect(get=TEAM_A_GUIDANCE(200), post=SIGNED_IN_USERS(405)),
    "guidance:answer_post": Expect(
        get=SIGNED_IN_USERS(405), post=TEAM_A_GUIDANCE(400), why="an empty reply is refused"
    ),
    "guidance:follow_up": Expect(
        get=SIGNED_IN_USERS(405),
        post=policy("ASKER", {"member_a"})(400),
        why="only the person who asked follows up; an empty follow-up is refused",
    ),
    "guidance:slots": Expect(
        get=THE_EXPERT(200), post=THE_EXPERT(400), why="an empty slot is refused with the form"
    ),
    "guidance:slot_edit": Expect(
        get=THE_EXPERT(200), post=THE_EXPERT(400), why="an empty change is refused; nothing moves"
    ),
    "guidance:slot_withdraw": Expect(get=SIGNED_IN_USERS(405), post=THE_EXPERT(REDIRECT)),
    "guidance:book": Expect(
        get=COHORT_TEAMS(200), post=COHORT_TEAMS(400), why="a booking needs an agenda"
    ),
    "guidance:booking": Expect(get=TEAM_A_GUIDANCE(200), post=SIGNED_IN_USERS(405)),
    "guidance:booking_cancel": Expect(
        get=SIGNED_IN_USERS(405),
        post=MEETING_SIDES(REDIRECT),
        why="either side cancels (a second time is refused with a message)",
    ),
    "guidance:booking_reschedule": Expect(
        get=MEETING_SIDES(200), post=MEETING_SIDES(400), why="no new time chosen"
    ),
    "guidance:case_new": Expect(
        get=TEAM_A_WRITERS(200), post=TEAM_A_WRITERS(400), why="an empty case is refused"
    ),
    "guidance:case": Expect(
        get=TEAM_A_GUIDANCE(200),
        post=SIGNED_IN_USERS(405),
        why="the cast's case is approved and scheduled: the experts see it",
    ),
    "guidance:case_edit": Expect(
        get=policy("CASE_TEAM", {"member_a"})(REDIRECT),
        post=policy("CASE_TEAM", {"member_a"})(REDIRECT),
        why="only a returned case is rewritten: the cast's scheduled one sends back to its page",
    ),
    "guidance:case_file": Expect(get=TEAM_A_GUIDANCE(200), post=SIGNED_IN_USERS(405)),
    "guidance:case_review": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="no decision chosen"
    ),
    "guidance:case_schedule": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(400), why="no session chosen"
    ),
    "guidance:recommendation_post": Expect(
        get=SIGNED_IN_USERS(405), post=THE_EXPERT(400), why="an empty recommendation is refused"
    ),
    "guidance:recommendation_step": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_WRITERS(400),
        why="those who edit team A's plan; an empty step is refused",
    ),
    "guidance:case_report": Expect(
        get=SIGNED_IN_USERS(405),
        post=policy("CASE_TEAM", {"member_a"})(400),
        why="an empty report is refused",
    ),
    "guidance:staff_cases": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "assistance:request_connect": Expect(
        get=STAFF_ONLY(405),
        post=STAFF_ONLY(REDIRECT),
        why="staff connect the team with a peer; an empty choice goes back to the request",
    ),
    "assistance:staff_ta_dashboard": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "assistance:staff_ta_export": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "assistance:survey": Expect(
        get=TOKEN_HOLDER("member_a")(200),
        post=TOKEN_HOLDER("member_a")(400),
        why="the requester's private link, no sign-in; an empty answer is refused",
    ),
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
    "outcomes:team_measure_svg": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:team_measure_png": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:team_dashboard": Expect(get=TEAM_A_READERS(200), post=SIGNED_IN_USERS(405)),
    # Staff and the cohort's national experts compare its teams (TA providers do not).
    "outcomes:cohort_rollup": Expect(get=REVIEWERS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:observations_import": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(200),
        why="the writers of the grid import; an empty upload shows the form with what to fix",
    ),
    "outcomes:observations_import_template": Expect(
        get=TEAM_A_WRITERS(200), post=SIGNED_IN_USERS(405)
    ),
    "outcomes:observations_import_preview": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="a POST without the confirm button stores nothing and says so",
    ),
    # Briefs and the public results page -----------------------------------------------------
    "outcomes:results": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "outcomes:results_csv": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "outcomes:brief_public": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "outcomes:brief_pdf": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "outcomes:briefs": Expect(get=TEAM_A_BRIEFS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:brief_create": Expect(
        get=TEAM_A_BRIEFS(200).but(expert=REDIRECT),
        post=TEAM_A_WRITERS(200),
        why="experts read briefs but write none (sent to the list); an empty brief shows the "
        "form again with what to fix",
    ),
    "outcomes:brief": Expect(get=TEAM_A_BRIEFS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:brief_edit": Expect(
        get=TEAM_A_BRIEFS(REDIRECT),
        post=TEAM_A_WRITERS(REDIRECT),
        why="the cast's brief is with staff: nobody changes it, they are sent to its page",
    ),
    "outcomes:brief_submit": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_WRITERS(REDIRECT),
        why="already sent: it stays as it is, with a message",
    ),
    "outcomes:brief_decide": Expect(
        get=STAFF_ONLY(405),
        post=STAFF_ONLY(200),
        why="no decision chosen: the brief's page again, with what to fix",
    ),
    "outcomes:results_sharing": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_WRITERS(REDIRECT),
        why="no measure ticked is the choice to share none",
    ),
    "outcomes:staff_briefs": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "outcomes:own_measure_create": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty definition is refused with the form and its problems; nothing is stored",
    ),
    "outcomes:own_measure_edit[standard]": Expect(
        get=SIGNED_IN_USERS(404),
        post=SIGNED_IN_USERS(404),
        why="a standard measure's definition changes only through its file",
    ),
    "outcomes:own_measure_edit[own]": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty definition is refused; the measure keeps its version",
    ),
    "outcomes:staff_progress": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
    "outcomes:staff_team_progress": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="no score chosen: nothing is stored"
    ),
    "outcomes:pdsa_cycles": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty cycle is refused with the form and its problems; nothing is stored",
    ),
    "outcomes:pdsa_cycle": Expect(
        get=TEAM_A_READERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty form is refused: a cycle keeps its change idea and prediction",
    ),
    # Team A's policy changes: its members and program staff only (experts and TA providers
    # see them on the charts, not these pages).
    "outcomes:policy_changes": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty policy change is refused with the form and its problems; nothing is stored",
    ),
    "outcomes:policy_change_edit": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="an empty form is refused: the change keeps its date and title",
    ),
    "outcomes:policy_change_delete": Expect(
        get=TEAM_A_WRITERS(200),
        post=TEAM_A_WRITERS(400),
        why="a bare POST deletes nothing; the button posts confirm=yes",
    ),
    # A team's datasets -----------------------------------------------------------------------
    "outcomes:dataset_standard_columns": Expect(
        get=SIGNED_IN_USERS(200), post=SIGNED_IN_USERS(405)
    ),
    "outcomes:datasets": Expect(get=TEAM_A_WRITERS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:dataset": Expect(get=TEAM_A_WRITERS(200), post=SIGNED_IN_USERS(405)),
    "outcomes:dataset_upload": Expect(
        get=TEAM_A_DATA(200),
        post=TEAM_A_DATA(200),
        why="an empty upload shows the form with what to fix",
    ),
    "outcomes:dataset_upload_begin": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_DATA(400),
        why="an empty start is refused with what is missing (JSON)",
    ),
    "outcomes:dataset_upload_status": Expect(get=TEAM_A_DATA(200), post=SIGNED_IN_USERS(405)),
    "outcomes:dataset_upload_chunk": Expect(
        get=SIGNED_IN_USERS(405), post=SIGNED_IN_USERS(405), why="chunks are sent with PUT"
    ),
    "outcomes:dataset_upload_finish": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_DATA(409),
        why="the sample upload has no chunk yet: it says which are missing, nothing changes",
    ),
    "outcomes:dataset_version_cancel": Expect(
        get=SIGNED_IN_USERS(405),
        post=TEAM_A_DATA(400),
        why="a bare POST cancels nothing; the button posts confirm=yes",
    ),
    "outcomes:dataset_original": Expect(get=TEAM_A_DATA(200), post=SIGNED_IN_USERS(405)),
    "outcomes:dataset_mapping": Expect(
        get=TEAM_A_DATA(200),
        post=TEAM_A_DATA(200),
        why="an empty mapping shows the form with the required columns to choose",
    ),
    "outcomes:dataset_report": Expect(get=TEAM_A_DATA(200), post=SIGNED_IN_USERS(405)),
    "outcomes:dataset_comparison": Expect(
        get=TEAM_A_DATA(200),
        post=TEAM_A_DATA(200),
        why="an empty comparison shows the form with what to fill in",
    ),
    "outcomes:dataset_report_csv": Expect(
        get=TEAM_A_DATA(302),
        post=SIGNED_IN_USERS(405),
        why="the sample version is not checked yet: the CSV sends to its report page",
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
    "intake:staff_closure_days": Expect(
        get=STAFF_ONLY(200), post=STAFF_ONLY(400), why="an empty POST shows the form's problems"
    ),
    "intake:staff_closure_day_remove": Expect(
        get=STAFF_ONLY(405), post=STAFF_ONLY(redirect_to("intake:staff_closure_days"))
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
    "cohorts:staff_cohort_history": Expect(get=STAFF_ONLY(200), post=STAFF_ONLY(405)),
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
    "api:results_list": Expect(get=EVERYONE(200), post=EVERYONE(405)),
    "api:registrations_list": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:registrations_export": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:registration_get": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:observations_list": Expect(get=EVERYONE(401), post=EVERYONE(405)),
    "api:observations_put": Expect(
        get=EVERYONE(401), post=EVERYONE(405), why="the same URL as observations_list"
    ),
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
