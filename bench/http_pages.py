"""Requests per second and latency of the main pages, each compared with /healthz.

Builds a throwaway SQLite database (demo data plus --extra registrations), serves it with
gunicorn (DEBUG off, --workers) on a free 127.0.0.1 port, and sends a bounded load to each page
in turn: --threads clients, at most --requests requests or --seconds seconds per page. /healthz
is measured first and last; its mean is the reference for the ratios, and the two figures show
how steady the machine was during the run.

Goals (issue 7): public pages at least 0.50 of /healthz's requests per second, the staff pipeline
(2,000 registrations) at least 0.25. The script reports; it always exits 0.

    .venv/bin/python bench/http_pages.py [--seconds 8] [--requests 600] [--threads 4]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import (  # noqa: E402
    Gunicorn,
    LoadResult,
    bench_env,
    collect_static,
    helper,
    load,
    prepare_database,
    request,
    timed,
    workdir,
)

PUBLIC_GOAL = 0.50
STAFF_GOAL = 0.25
PUBLIC_PAGES = [
    "/",
    "/learning-communities/crisis-systems/",
    "/register-interest/",
    "/jurisdictions/",
    "/resources/",
    "/contact/",
]
STAFF_PAGES = ["/staff/registrations/"]
STAFF_EMAIL = "staff@example.org"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="longest run per page")
    parser.add_argument("--requests", type=int, default=600, help="most requests per page")
    parser.add_argument("--threads", type=int, default=4, help="concurrent clients")
    parser.add_argument(
        "--collectstatic", action="store_true", help="collect static files even if current"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--extra", type=int, default=2000, help="registrations beyond the demo")
    parser.add_argument("--warmup", type=int, default=8, help="unmeasured requests per page")
    return parser.parse_args()


def main() -> int:
    options = parse_args()
    with workdir("lcpa-bench-pages-") as tmp:
        env = bench_env(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp)
        print(f"Preparing a SQLite database in {tmp} ...", flush=True)
        with timed("migrate, createcachetable, seed_demo"):
            prepare_database(env)
        with timed(f"{options.extra} more registrations"):
            helper(env, "add-registrations", str(options.extra))
        total = helper(env, "count-registrations")
        session = helper(env, "staff-session", STAFF_EMAIL)
        collect_static(env, force=options.collectstatic)
        print(f"  {total} registrations in the database", flush=True)
        staff_headers = {"Cookie": f"sessionid={session}"}

        with Gunicorn(env, workers=options.workers) as server:
            print(
                f"gunicorn: {options.workers} sync workers on {server.base}; "
                f"{options.threads} clients, up to {options.requests} requests or "
                f"{options.seconds:g} s per page",
                flush=True,
            )
            plan = [("/healthz", {})]
            plan += [(path, {}) for path in PUBLIC_PAGES]
            plan += [(path, staff_headers) for path in STAFF_PAGES]
            plan += [("/healthz", {})]
            results: list[LoadResult] = []
            for path, headers in plan:
                status, _, _ = request("GET", server.base + path, headers=headers)
                if status != 200:
                    print(f"  {path} answers {status}; measuring anyway", flush=True)
                for _ in range(options.warmup):
                    request("GET", server.base + path, headers=headers)
                results.append(
                    load(
                        server.base,
                        path,
                        threads=options.threads,
                        max_requests=options.requests,
                        max_seconds=options.seconds,
                        headers=headers,
                    )
                )
            server_log = server.errors()

    report(results)
    if server_log.strip():
        print("\ngunicorn reported:\n" + server_log[-3000:])
    return 0


def report(results: list[LoadResult]) -> None:
    first, *pages, last = results
    reference = (first.rate + last.rate) / 2
    print()
    print(
        f"/healthz: {first.rate:.0f} req/s at the start, {last.rate:.0f} at the end; "
        f"ratios below use the mean, {reference:.0f} req/s."
    )
    header = (
        f"{'page':<40} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'ratio':>6}  goal"
    )
    print(header)
    print("-" * len(header))
    for result in [first, *pages, last]:
        is_health = result.path == "/healthz"
        goal = None if is_health else STAFF_GOAL if result.path in STAFF_PAGES else PUBLIC_GOAL
        ratio = result.rate / reference if reference else 0.0
        verdict = ""
        if goal is not None:
            verdict = f">= {goal:.2f} {'OK' if ratio >= goal and not result.errors else 'BELOW'}"
        errors = f"{result.errors}" + (f" ({result.first_error})" if result.errors else "")
        print(
            f"{result.path:<40} {result.rate:>7.1f} {result.p50_ms:>8.1f} "
            f"{result.p95_ms:>8.1f} {errors:>7} {ratio:>6.2f}  {verdict}"
        )
    print(
        "\nreq/s: responses per second from all clients together; p50/p95: latency of one "
        "request as a client saw it; ratio: the page's req/s over /healthz's."
    )


if __name__ == "__main__":
    sys.exit(main())
