"""Shared helpers for browser tests: Debian's headless Chromium driven by Playwright, axe checks.

Browser tests are marked ``@pytest.mark.browser`` and use pytest-django's ``live_server``. The
``browser`` fixture (one Chromium per test module) lives in the project's conftest.py; a test
opens a fresh context and page with :func:`open_page`, which also records console errors,
uncaught exceptions and Content-Security-Policy refusals so that :func:`assert_clean` can fail
on them. :func:`assert_accessible` runs axe-core (from node_modules) against the WCAG 2.1 A/AA
rules and prints every violation readably.
"""

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SOURCE = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT_MS = 10_000
AXE_TIMEOUT_MS = 30_000


@contextmanager
def launch_chromium() -> Iterator["object"]:
    """Start headless Chromium (the Debian package) and close it afterwards.

    Skips the calling test when the browser or axe-core is not installed (`make browsers`
    and `npm ci` install them).
    """
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"{CHROMIUM} is not installed (run `make browsers`)")
    if not AXE_SOURCE.exists():
        pytest.skip(f"{AXE_SOURCE} is missing (run `npm ci`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in the test thread; Django then refuses
    # ORM calls from that thread ("SynchronousOnlyOperation") although they are plain sync
    # code. Allowed while the browser runs, then restored.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Problems:
    """What went wrong in the page while the test drove it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)

    @property
    def csp_violations(self) -> list[str]:
        return [message for message in self.console_errors if "Refused to" in message]

    def all(self) -> list[str]:
        return [
            *(f"console error: {message}" for message in self.console_errors),
            *(f"uncaught exception: {message}" for message in self.page_errors),
            *(f"server error: {message}" for message in self.server_errors),
        ]

    def clear(self) -> None:
        self.console_errors.clear()
        self.page_errors.clear()
        self.server_errors.clear()


def watch(page) -> Problems:
    """Record console errors (CSP refusals among them), uncaught exceptions and 5xx responses."""
    problems = Problems()

    def on_console(message) -> None:
        if message.type == "error":
            location = message.location or {}
            where = location.get("url", "")
            if where.endswith("/favicon.ico"):
                return  # Chromium asks for one on its own; the site does not declare any.
            problems.console_errors.append(f"{message.text} ({where})" if where else message.text)

    def on_response(response) -> None:
        if response.status >= 500:
            problems.server_errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("response", on_response)
    return problems


@contextmanager
def open_page(browser, base_url: str, *, javascript: bool = True) -> Iterator[tuple]:
    """A fresh browser context (no cookies) and page; yields ``(page, problems)``."""
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems = watch(page)
    try:
        yield page, problems
    finally:
        context.close()


def sign_in_context(context, client, user, base_url: str, *, second_factor: bool = True) -> None:
    """Copy a Django test client's session cookie for ``user`` into a browser context.

    The session is a full sign-in: with the second factor for people with an authenticator app
    (unless ``second_factor=False``).
    """
    from django.conf import settings

    from lcpa.testing import sign_in

    sign_in(client, user, second_factor=second_factor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def assert_clean(problems: Problems, what: str = "the page") -> None:
    """Fail on console errors, CSP refusals, uncaught exceptions and server errors."""
    found = problems.all()
    if found:
        listing = "\n".join(f"  - {item}" for item in found)
        pytest.fail(f"{what} reported problems in the browser:\n{listing}", pytrace=False)


def axe_violations(page, *, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core in the page (injected through DevTools, so the CSP does not block it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": tags or WCAG_TAGS}}
    # page.evaluate has no timeout of its own: give up in the page rather than hang the suite.
    result = page.evaluate(
        "async ([options, limit]) => {"
        " const late = new Promise((_, reject) => setTimeout("
        "   () => reject(new Error(`axe did not finish within ${limit} ms`)), limit));"
        " const r = await Promise.race([axe.run(document, options), late]);"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " helpUrl: v.helpUrl, nodes: v.nodes.map(n => ({target: n.target,"
        " html: n.html, summary: n.failureSummary}))})); }",
        [options, AXE_TIMEOUT_MS],
    )
    return result


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = json.dumps(node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            for detail in (node["summary"] or "").splitlines():
                if detail.strip():
                    lines.append(f"        {detail.strip()}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


def assert_accessible(page, what: str | None = None) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations in the page."""
    violations = axe_violations(page)
    if violations:
        where = what or page.url
        pytest.fail(
            f"axe found {len(violations)} accessibility violation(s) on {where}:\n"
            + format_violations(violations),
            pytrace=False,
        )


@dataclass
class SiteData:
    communities: dict
    registration: "object"
    status_path: str = ""  # the registration's private status page (only a digest is stored)


def make_site_data() -> SiteData:
    """Enough data for every public page to show something: the four learning communities with
    their modules, past and upcoming cohorts, participating jurisdictions with coordinates, and
    one interest registration (for its status page)."""
    import uuid
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from lcpa.cohorts.models import Cohort, Team
    from lcpa.core.tokens import link_token_new
    from lcpa.curriculum.models import Jurisdiction, Sector, TeamRole
    from lcpa.intake.models import InterestRegistration, ProposedMember, status_path
    from lcpa.testing import make_learning_communities

    communities = make_learning_communities()
    today = timezone.localdate()
    places = [
        ("Amherst", "MA", 39_000, "42.37320", "-72.51990"),
        ("Sacramento", "CA", 525_000, "38.58160", "-121.49440"),
        ("Redmond", "WA", 77_000, "47.67400", "-122.12150"),
        ("Huntsville", "AL", 216_000, "34.73040", "-86.58610"),
    ]
    jurisdictions = [
        Jurisdiction.objects.create(
            name=name,
            state=state,
            population=population,
            latitude=Decimal(latitude),
            longitude=Decimal(longitude),
        )
        for name, state, population, latitude, longitude in places
    ]
    for position, community in enumerate(communities.values()):
        past = Cohort.objects.create(
            learning_community=community,
            name=f"{community.short_name} cohort 1",
            starts_on=today - timedelta(days=400),
            ends_on=today - timedelta(days=200),
        )
        Cohort.objects.create(
            learning_community=community,
            name=f"{community.short_name} cohort 2",
            starts_on=today + timedelta(days=60 + position),
            ends_on=today + timedelta(days=240 + position),
        )
        jurisdiction = jurisdictions[position]
        Team.objects.create(cohort=past, jurisdiction=jurisdiction, name=f"{jurisdiction} team")
    status_token, status_token_digest = link_token_new()
    registration = InterestRegistration.objects.create(
        submission_key=uuid.uuid4(),
        status_token_digest=status_token_digest,
        jurisdiction_name="Lowell",
        state="MA",
        jurisdiction_kind=Jurisdiction.Kind.CITY,
        population=115_000,
        goals="Send counselors, not officers, to behavioral health calls.",
        stage=InterestRegistration.Stage.PLANNING,
        preferred_start=InterestRegistration.PreferredStart.NEXT,
        contact_name="Dana Whitfield",
        contact_email="dana@lowell.example",
    )
    registration.learning_communities.set([communities["crisis-systems"]])
    ProposedMember.objects.bulk_create(
        [
            ProposedMember(
                registration=registration,
                name=name,
                email=email,
                organisation=organisation,
                sector=sector,
                role=role,
                position=position,
            )
            for position, (name, email, organisation, sector, role) in enumerate(
                [
                    (
                        "Dana Whitfield",
                        "dana@lowell.example",
                        "City of Lowell",
                        Sector.LOCAL_GOVERNMENT,
                        TeamRole.DATA_COORDINATOR,
                    ),
                    (
                        "Sam Ortiz",
                        "sam@lowell.example",
                        "Lowell Fire Department",
                        Sector.FIRE,
                        TeamRole.FIRST_RESPONSE,
                    ),
                    (
                        "Lee Park",
                        "lee@lowell.example",
                        "Lowell Community Health",
                        Sector.BEHAVIORAL_HEALTH,
                        TeamRole.IMPLEMENTING_SECTOR,
                    ),
                ]
            )
        ]
    )
    return SiteData(
        communities=communities,
        registration=registration,
        status_path=status_path(status_token),
    )
