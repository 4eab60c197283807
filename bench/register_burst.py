"""A burst of interest registrations submitted at once, on SQLite and on PostgreSQL.

For each database: a fresh one (SQLite in a temporary directory; PostgreSQL `lcpa_bench` on
127.0.0.1:5432, created and dropped here, skipped when the server is not reachable), migrated
and seeded with the demo data, served by gunicorn (DEBUG off) on a free loopback port. Then
--registrations visitors, --clients at a time, each GET /register-interest/ (CSRF cookie, token
and the form's submission key) and POST a valid team. The registration rate limit is raised for
the run. Printed per database: registrations stored (counted in the database), errors (any
POST answer other than a 302 to the confirmation page), and latencies.

Goal: every registration stored, 0 errors. The script reports; it always exits 0.

    .venv/bin/python bench/register_burst.py [--registrations 200] [--clients 20] [--workers 4]
"""

import argparse
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (  # noqa: E402
    Gunicorn,
    bench_env,
    collect_static,
    cookies_from,
    helper,
    hidden_value,
    percentile,
    postgres_database,
    postgres_reachable,
    prepare_database,
    request,
    timed,
    workdir,
)

EMAIL_DOMAIN = "@burst.example"
FIRST_RESPONSE = ["law_enforcement", "fire", "ems"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrations", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20, help="submitting at the same time")
    parser.add_argument(
        "--collectstatic", action="store_true", help="collect static files even if current"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres", "both"],
        default="both",
        help="PostgreSQL is skipped when 127.0.0.1:5432 does not answer",
    )
    return parser.parse_args()


@dataclass
class BurstResult:
    database: str
    attempted: int = 0
    stored: int = 0
    errors: int = 0
    seconds: float = 0.0
    post_latencies: list[float] = field(default_factory=list)
    total_latencies: list[float] = field(default_factory=list)
    error_samples: list[str] = field(default_factory=list)
    server_log: str = ""


def registration_form(
    number: int, html: str, csrf_token: str, communities: list[tuple[str, str]]
) -> bytes:
    """A valid team for one learning community (they take turns): a data coordinator, a
    first-response member and one from the community's implementing sector."""
    community, implementing_sector = communities[number % len(communities)]
    place = f"Burst City {number}"
    members = [
        ("Avery", "local_government", "data_coordinator", "City of " + place),
        ("Blake", FIRST_RESPONSE[number % 3], "first_response", place + " responders"),
        ("Casey", implementing_sector, "implementing_sector", place + " partner"),
    ]
    fields = [
        ("csrfmiddlewaretoken", csrf_token),
        ("submission_key", hidden_value(html, "submission_key")),
        ("website", ""),
        ("jurisdiction_name", place),
        ("state", ["MA", "CA", "WA", "AL", "TX", "NY"][number % 6]),
        ("jurisdiction_kind", "city"),
        ("population", f"{20_000 + number * 37:,}"),
        ("learning_communities", community),
        ("members-TOTAL_FORMS", str(len(members))),
        ("members-INITIAL_FORMS", "0"),
        ("members-MIN_NUM_FORMS", "0"),
        ("members-MAX_NUM_FORMS", "20"),
        ("goals", f"Team {number} wants an alternative response to calls that need no police."),
        ("stage", "planning"),
        ("preferred_start", "next"),
        ("heard_from", "colleague"),
        ("contact_name", f"Avery {number}"),
        ("contact_email", f"avery{number}{EMAIL_DOMAIN}"),
        ("contact_phone", ""),
    ]
    for index, (name, sector, role, organisation) in enumerate(members):
        prefix = f"members-{index}-"
        fields += [
            (prefix + "name", f"{name} {number}"),
            (prefix + "email", f"{name.lower()}{number}{EMAIL_DOMAIN}"),
            (prefix + "organisation", organisation),
            (prefix + "sector", sector),
            (prefix + "job_title", "Lead"),
            (prefix + "role", role),
        ]
    return urllib.parse.urlencode(fields).encode()


def submit(base: str, number: int, communities: list[tuple[str, str]]) -> tuple[str, float, float]:
    """One visitor: open the form, then send it. Returns (error or "", POST s, total s)."""
    started = time.perf_counter()
    try:
        status, headers, body = request("GET", base + "/register-interest/")
        if status != 200:
            return f"GET answered {status}", 0.0, time.perf_counter() - started
        html = body.decode()
        cookies = cookies_from(headers)
        csrf_token = hidden_value(html, "csrfmiddlewaretoken")
        data = registration_form(number, html, csrf_token, communities)
        posted = time.perf_counter()
        status, headers, body = request(
            "POST",
            base + "/register-interest/",
            body=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            },
        )
        finished = time.perf_counter()
    except (OSError, ValueError) as error:
        return repr(error), 0.0, time.perf_counter() - started
    location = headers.get("location", [""])[0]
    if status != 302 or "/register-interest/thanks/" not in location:
        snippet = body.decode(errors="replace")[:120].replace("\n", " ")
        error = f"POST answered {status} {location or snippet}"
        return error, finished - posted, finished - started
    return "", finished - posted, finished - started


def burst(database: str, database_url: str, tmp: Path, options: argparse.Namespace) -> BurstResult:
    env = bench_env(database_url, tmp, REGISTRATION_RATE_LIMIT="100000/h")
    print(f"{database}: preparing the database ...", flush=True)
    with timed("migrate, createcachetable, seed_demo"):
        prepare_database(env)
    communities = [
        tuple(pair.split(":", 1)) for pair in helper(env, "communities").split(",") if pair
    ]
    result = BurstResult(database=database, attempted=options.registrations)
    lock = threading.Lock()
    with Gunicorn(env, workers=options.workers) as server:
        print(
            f"  gunicorn: {options.workers} sync workers on {server.base}; "
            f"{options.registrations} registrations, {options.clients} at a time",
            flush=True,
        )
        started = time.perf_counter()

        def one(number: int) -> None:
            error, post_seconds, total_seconds = submit(server.base, number, communities)
            with lock:
                if post_seconds:
                    result.post_latencies.append(post_seconds)
                result.total_latencies.append(total_seconds)
                if error:
                    result.errors += 1
                    if len(result.error_samples) < 5:
                        result.error_samples.append(error)

        with ThreadPoolExecutor(max_workers=options.clients) as pool:
            list(pool.map(one, range(1, options.registrations + 1)))
        result.seconds = time.perf_counter() - started
        result.server_log = server.errors()
    result.stored = int(helper(env, "count-registrations", EMAIL_DOMAIN))
    return result


def main() -> int:
    options = parse_args()
    with workdir("lcpa-bench-burst-") as tmp:
        # One collectstatic for both runs: STATIC_ROOT is the same directory.
        static_env = bench_env(f"sqlite:///{tmp / 'static.sqlite3'}", tmp)
        collect_static(static_env, force=options.collectstatic)
        results = []
        if options.database in ("sqlite", "both"):
            results.append(burst("SQLite", f"sqlite:///{tmp / 'burst.sqlite3'}", tmp, options))
        if options.database in ("postgres", "both"):
            if postgres_reachable():
                with postgres_database("lcpa_bench") as url:
                    results.append(burst("PostgreSQL", url, tmp, options))
            else:
                print("PostgreSQL: 127.0.0.1:5432 does not answer; skipped.", flush=True)
    report(results, options)
    return 0


def report(results: list[BurstResult], options: argparse.Namespace) -> None:
    print()
    header = (
        f"{'database':<11} {'stored':>7} {'errors':>7} {'seconds':>8} {'reg/s':>6} "
        f"{'POST p50 ms':>12} {'POST p95 ms':>12} {'GET+POST p95 ms':>16}  goal"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        ok = result.stored == options.registrations and result.errors == 0
        print(
            f"{result.database:<11} {result.stored:>7} {result.errors:>7} "
            f"{result.seconds:>8.1f} {result.stored / result.seconds:>6.1f} "
            f"{percentile(result.post_latencies, 0.5) * 1000:>12.0f} "
            f"{percentile(result.post_latencies, 0.95) * 1000:>12.0f} "
            f"{percentile(result.total_latencies, 0.95) * 1000:>16.0f}  "
            f"{options.registrations} stored, 0 errors: {'OK' if ok else 'BELOW'}"
        )
    for result in results:
        for sample in result.error_samples:
            print(f"  {result.database} error: {sample}")
        if result.server_log.strip():
            print(f"  {result.database} gunicorn reported:\n{result.server_log[-2000:]}")


if __name__ == "__main__":
    sys.exit(main())
