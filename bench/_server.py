"""Shared helpers for the benchmarks: a throwaway database, gunicorn on loopback, bounded load.

Nothing here touches the development database (var/db.sqlite3): every run gets its own
temporary directory and DATABASE_URL. Django itself only runs in child processes (manage.py,
gunicorn, and this file run as a script for data preparation), so one benchmark process can
measure several databases one after the other.

Run as a script inside a prepared environment (the benchmarks do this for you):
    python bench/_server.py add-registrations 2000
    python bench/_server.py staff-session staff@example.org
    python bench/_server.py count-registrations
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VENV_PYTHON = BASE_DIR / ".venv" / "bin" / "python"
PYTHON = str(VENV_PYTHON) if VENV_PYTHON.exists() else sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
HOST = "127.0.0.1"
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


# --- environment and child processes ---------------------------------------------------------


def bench_env(database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """Production-like settings (DEBUG off) for a loopback run against `database_url`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DJANGO_"))
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "off",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "SECURE_SSL_REDIRECT": "off",
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"http://{HOST}",
            "EMAIL_URL": "dummymail://",
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "lcpa.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], *, quiet: bool = True) -> str:
    """Run a command in the project directory; raise with its output when it fails."""
    result = subprocess.run(
        args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"failed: {' '.join(args)}")
    if not quiet:
        sys.stdout.write(result.stdout)
    return result.stdout


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> str:
    return run([PYTHON, "manage.py", *args], env, quiet=quiet)


def helper(env: dict[str, str], *args: str) -> str:
    """Run one of this file's commands (below) with Django set up in a child process."""
    return run([PYTHON, str(Path(__file__).resolve()), *args], env).strip()


def prepare_database(env: dict[str, str], *, seed: bool = True) -> None:
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    if seed:
        manage(env, "seed_demo", "--allow-production")  # DEBUG is off here


def static_is_current() -> bool:
    """Whether staticfiles/ was collected after every change to the project's static files and
    to the installed packages (npm and pip) that bring theirs."""
    manifest = BASE_DIR / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return False
    markers = [
        BASE_DIR / "package-lock.json",
        BASE_DIR / "node_modules" / ".installed",
        BASE_DIR / "requirements.txt",
        BASE_DIR / ".venv" / ".installed",
    ]
    newest = max((path.stat().st_mtime for path in markers if path.exists()), default=0.0)
    for static_dir in (BASE_DIR / "lcpa").glob("**/static"):
        for path in static_dir.rglob("*"):
            if path.is_file():
                newest = max(newest, path.stat().st_mtime)
    return newest < manifest.stat().st_mtime


def collect_static(env: dict[str, str], *, force: bool = False) -> bool:
    """DEBUG off serves hashed static names from STATIC_ROOT (git-ignored staticfiles/).
    Collecting and compressing takes a while on a busy machine, so it is skipped when nothing
    changed since the last run. Returns whether it ran."""
    if not force and static_is_current():
        print("  static files are current: collectstatic skipped", flush=True)
        return False
    with timed("collectstatic"):
        manage(env, "collectstatic", "--no-input")
    return True


@contextlib.contextmanager
def workdir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def timed(what: str) -> Iterator[None]:
    """Print how long the block took, indented under the step it belongs to."""
    started = time.perf_counter()
    yield
    print(f"  {what}: {time.perf_counter() - started:.1f} s", flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def postgres_reachable(timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((HOST, 5432), timeout=timeout):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def postgres_database(name: str) -> Iterator[str]:
    """Create a fresh database `name` on the local server, yield its URL, then drop it."""
    import psycopg
    from psycopg import sql

    admin = POSTGRES_ADMIN_URL.replace("postgres://", "postgresql://", 1)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(drop)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(drop)


@dataclass
class Gunicorn:
    """gunicorn serving lcpa.wsgi on a free loopback port; stopped when the block ends."""

    env: dict[str, str]
    workers: int = 2
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> Gunicorn:
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "lcpa.wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stopping it stops its workers
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"gunicorn exited early:\n{self.log.read()}")
            try:
                status, _, _ = request("GET", self.base + "/healthz", timeout=2)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc_info: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def errors(self) -> str:
        self.log.seek(0)
        return self.log.read()


# --- HTTP -------------------------------------------------------------------------------------


def request(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30,
) -> tuple[int, dict[str, list[str]], bytes]:
    """One request on a new connection; returns (status, headers by lower-case name, body)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        found: dict[str, list[str]] = {}
        for name, value in response.getheaders():
            found.setdefault(name.lower(), []).append(value)
        return response.status, found, data
    finally:
        connection.close()


def cookies_from(headers: dict[str, list[str]]) -> dict[str, str]:
    found = {}
    for line in headers.get("set-cookie", []):
        name, _, rest = line.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)
    if not match:
        raise ValueError(f"no input named {name}")
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value.group(1) if value else ""


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LoadResult:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    first_error: str = ""

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 0.50) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 0.95) * 1000

    @property
    def mean_ms(self) -> float:
        return statistics.fmean(self.latencies) * 1000 if self.latencies else float("nan")


def load(
    base: str,
    path: str,
    *,
    threads: int = 4,
    max_requests: int = 400,
    max_seconds: float = 10.0,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> LoadResult:
    """`threads` clients request GET `path` in a loop until together they have sent
    `max_requests` or `max_seconds` have passed, whichever comes first. Each client keeps its
    connection open when the server allows it (gunicorn's sync workers close it after each
    response, and http.client then reconnects)."""
    parts = urllib.parse.urlsplit(base)
    latencies: list[float] = []
    errors = [0]
    first_error: list[str] = []
    budget = [max_requests]
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds

    def take() -> bool:
        with lock:
            if budget[0] <= 0 or time.monotonic() >= deadline:
                return False
            budget[0] -= 1
            return True

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine: list[float] = []
        try:
            while take():
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers or {})
                    response = connection.getresponse()
                    response.read()
                    status = response.status
                    if response.will_close:
                        connection.close()
                except (OSError, http.client.HTTPException) as error:
                    connection.close()
                    status = -1
                    detail = repr(error)
                else:
                    detail = f"HTTP {status}"
                mine.append(time.perf_counter() - started)
                if status != expect:
                    with lock:
                        errors[0] += 1
                        if not first_error:
                            first_error.append(detail)
        finally:
            connection.close()
            with lock:
                latencies.extend(mine)

    started = time.perf_counter()
    workers = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=max_seconds + 60)
    elapsed = time.perf_counter() - started
    return LoadResult(
        path=path,
        requests=len(latencies),
        errors=errors[0],
        seconds=elapsed,
        latencies=latencies,
        first_error=first_error[0] if first_error else "",
    )


# --- in-process measurements ------------------------------------------------------------------

CHILD_FLAG = "LCPA_BENCH_CHILD"


def rerun_in_prepared_database(prefix: str, *, extra: int = 0) -> bool:
    """For scripts that measure in-process: in the parent, prepare a throwaway SQLite database
    (demo data, `extra` more registrations), run this same command line again as a child with
    it and return False; in that child, set Django up and return True."""
    if os.environ.get(CHILD_FLAG):
        setup_django()
        return True
    with workdir(prefix) as tmp:
        env = bench_env(
            f"sqlite:///{tmp / 'bench.sqlite3'}",
            tmp,
            **{CHILD_FLAG: "1", "REGISTRATION_RATE_LIMIT": "100000/h"},
        )
        prepare_database(env)
        if extra:
            helper(env, "add-registrations", str(extra))
        run([PYTHON, *sys.argv], env, quiet=False)
    return False


def plain_static_files() -> None:
    """DEBUG is off, as in production, but in-process runs have no collected manifest: name
    static files plainly (call before the first page)."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- commands run with Django set up (in a child process) -------------------------------------


def setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcpa.settings")
    import django

    django.setup()


def add_registrations(count: int, *, seed: int = 2026) -> int:
    """Store `count` more interest registrations as the services would leave them: a valid team
    for every chosen learning community, statuses across the pipeline, staff assignees,
    follow-ups for those staff have contacted, and follow-up due dates (some overdue)."""
    import random
    import uuid
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from lcpa.accounts.models import User
    from lcpa.core.states import US_STATES
    from lcpa.curriculum.models import Jurisdiction, LearningCommunity, Sector, TeamRole
    from lcpa.intake import deadlines
    from lcpa.intake.models import (
        FollowUp,
        InterestRegistration,
        ProposedMember,
    )

    Status = InterestRegistration.Status
    rng = random.Random(seed)
    communities = list(LearningCommunity.objects.order_by("position"))
    staff = list(User.objects.filter(role=User.Role.PROGRAM_STAFF).order_by("pk"))
    if not communities or not staff:
        raise SystemExit("run seed_demo first: no learning communities or program staff")
    states = [code for code, _ in US_STATES]
    first_response = [Sector.LAW_ENFORCEMENT, Sector.FIRE, Sector.EMS]
    coordinators = [Sector.LOCAL_GOVERNMENT, Sector.PUBLIC_HEALTH]
    now = timezone.now()
    planned = []
    for index in range(count):
        submitted = now - timedelta(days=rng.randint(0, 420), minutes=rng.randint(0, 1439))
        status = rng.choices(list(Status), weights=[30, 20, 15, 8, 10, 6, 6, 5], k=1)[0]
        chosen = rng.sample(communities, k=rng.choice([1, 1, 1, 2]))
        contacted = status != Status.NEW
        first_contact = submitted + timedelta(days=rng.randint(1, 20)) if contacted else None
        anchor = timezone.localtime(first_contact or submitted).date()
        registration = InterestRegistration(
            submission_key=uuid.uuid4(),
            jurisdiction_name=f"Benchmark Town {index + 1}",
            state=rng.choice(states),
            jurisdiction_kind=rng.choice(Jurisdiction.Kind.values),
            population=rng.randint(1_500, 2_500_000),
            goals=f"Bench registration {index + 1}: build a non-police response and measure it.",
            stage=rng.choice(InterestRegistration.Stage.values),
            preferred_start=rng.choice(InterestRegistration.PreferredStart.values),
            heard_from=rng.choice(["", *InterestRegistration.HeardFrom.values]),
            contact_name=f"Contact {index + 1}",
            contact_email=f"contact{index + 1}@bench.example",
            status=status,
            assigned_to=rng.choice([None, *staff]) if contacted or rng.random() < 0.5 else None,
            follow_up_due_on=deadlines.follow_up_due_on(anchor),
            first_followed_up_at=first_contact,
            last_followed_up_at=first_contact,
        )
        members = [
            (TeamRole.DATA_COORDINATOR, rng.choice(coordinators)),
            (TeamRole.FIRST_RESPONSE, rng.choice(first_response)),
            *((TeamRole.IMPLEMENTING_SECTOR, c.implementing_sector) for c in chosen),
        ]
        planned.append((registration, submitted, chosen, members))

    with transaction.atomic():
        stored = InterestRegistration.objects.bulk_create(
            [registration for registration, *_ in planned], batch_size=500
        )
        through = InterestRegistration.learning_communities.through
        through.objects.bulk_create(
            [
                through(interestregistration_id=registration.pk, learningcommunity_id=c.pk)
                for registration, (_, _, chosen, _) in zip(stored, planned, strict=True)
                for c in chosen
            ],
            batch_size=1000,
        )
        ProposedMember.objects.bulk_create(
            [
                ProposedMember(
                    registration=registration,
                    position=position,
                    name=f"Member {position} of {registration.contact_name}",
                    email=f"m{position}.{registration.contact_email}",
                    organisation=f"{registration.jurisdiction_name} {Sector(sector).label}",
                    sector=sector,
                    job_title="Lead",
                    role=role,
                )
                for registration, (_, _, _, members) in zip(stored, planned, strict=True)
                for position, (role, sector) in enumerate(members, start=1)
            ],
            batch_size=1000,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    registration=registration,
                    kind=rng.choice(FollowUp.Kind.values),
                    summary="Talked about the team and the next cohorts.",
                    status_from=Status.NEW,
                    status_to=registration.status,
                    recorded_by=registration.assigned_to or staff[0],
                )
                for registration in stored
                if registration.status != Status.NEW
            ],
            batch_size=1000,
        )
        # auto_now_add stamped every row "now"; date them as submitted.
        for registration, (_, submitted, _, _) in zip(stored, planned, strict=True):
            InterestRegistration.objects.filter(pk=registration.pk).update(created_at=submitted)
    return len(stored)


def staff_session(email: str) -> str:
    """A signed-in session for a staff member who has an authenticator (MFA) enrolled and has
    passed its code in this session, as staff pages require; prints nothing but the session
    key."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from lcpa.accounts.models import User
    from lcpa.testing import enrol_totp, sign_in

    user = User.objects.get(email=email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        enrol_totp(user)
    client = Client()
    sign_in(client, user)  # with the second factor recorded in the session
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def count_registrations(since_email_domain: str = "") -> int:
    from lcpa.intake.models import InterestRegistration

    rows = InterestRegistration.objects.all()
    if since_email_domain:
        rows = rows.filter(contact_email__endswith=since_email_domain)
    return rows.count()


def communities() -> str:
    """`pk:implementing_sector` of each learning community, comma-separated."""
    from lcpa.curriculum.models import LearningCommunity

    rows = LearningCommunity.objects.order_by("position").values_list("pk", "implementing_sector")
    return ",".join(f"{pk}:{sector}" for pk, sector in rows)


COMMANDS: dict[str, Callable[..., object]] = {
    "communities": communities,
    "add-registrations": lambda count: add_registrations(int(count)),
    "staff-session": staff_session,
    "count-registrations": count_registrations,
}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    setup_django()
    print(COMMANDS[command](*arguments))
