"""Queries and time of the public pages and the staff pipeline, rendered in-process by Django's
test client.

Builds a throwaway SQLite database (demo data plus --extra registrations), then prints for each
page (or each --page) the SQL queries of one request and the mean CPU milliseconds of --repeat
requests, the fastest of --batches such runs (CPU time, so that other work on the machine counts
little; SQLite runs in-process), with the public cache warm (as visitors mostly meet it) and
cold (emptied before every request, as right after an edit). With --profile PATH, the functions
that took the most time (cProfile, restricted by --filter); with --sql PATH, one request's SQL.

    .venv/bin/python bench/profile_page.py [--repeat 30] [--profile /register-interest/]
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import plain_static_files, rerun_in_prepared_database  # noqa: E402

PAGES = [
    "/healthz",
    "/",
    "/learning-communities/",
    "/learning-communities/crisis-systems/",
    "/learning-communities/community-violence-intervention/",
    "/learning-communities/school-based-diversion/",
    "/learning-communities/traffic-safety/",
    "/jurisdictions/",
    "/jurisdictions/?state=MA",
    "/register-interest/",
    "/resources/",
    "/contact/",
]
STAFF_PAGES = ["/staff/registrations/"]  # signed in as STAFF_EMAIL
STAFF_EMAIL = "staff@example.org"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per page")
    parser.add_argument("--extra", type=int, default=2000, help="registrations beyond the demo")
    parser.add_argument("--profile", action="append", default=[], help="page to profile")
    parser.add_argument("--sort", default="cumulative", help="cProfile order (tottime, ...)")
    parser.add_argument("--filter", action="append", default=[], help="pstats regex or count")
    parser.add_argument(
        "--batches", type=int, default=1, help="batches of --repeat requests; the fastest counts"
    )
    parser.add_argument("--page", action="append", default=[], help="measure only these pages")
    parser.add_argument("--sql", action="append", default=[], help="page whose SQL to print")
    return parser.parse_args()


def measure(options: argparse.Namespace) -> None:
    import cProfile
    import pstats

    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lcpa.accounts.models import User
    from lcpa.testing import enrol_totp, sign_in

    plain_static_files()
    public_client = Client(HTTP_HOST="127.0.0.1")
    staff_client = Client(HTTP_HOST="127.0.0.1")
    staff = User.objects.get(email=STAFF_EMAIL)
    enrol_totp(staff)
    sign_in(staff_client, staff)
    clients = {path: staff_client for path in STAFF_PAGES}
    public = caches["public"]

    def get(client: Client, path: str) -> None:
        # Django's test client keeps the database connection open from one request to the
        # next; gunicorn's workers open a new one for each (CONN_MAX_AGE is 0 with SQLite),
        # which costs about 3 ms of CPU here, and /healthz pays it too. Close it, so these
        # figures compare with what the server does.
        client.get(path)
        connection.close()

    def timed(path: str, *, cold: bool) -> tuple[int, float]:
        client = clients.get(path, public_client)
        public.clear()
        get(client, path)
        if cold:
            public.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # now: the next requests reset the connection's query log
        batches = []
        for _ in range(options.batches):
            started = time.process_time()
            for _ in range(options.repeat):
                if cold:
                    public.clear()
                get(client, path)
            batches.append((time.process_time() - started) * 1000 / options.repeat)
        return count, min(batches)

    heading = ("page", "status", "warm: queries", "ms", "cold: queries", "ms")
    print("{:<56} {:>6} {:>13} {:>6} {:>13} {:>6}".format(*heading))
    for path in options.page or PAGES + STAFF_PAGES:
        status = clients.get(path, public_client).get(path).status_code
        warm, warm_ms = timed(path, cold=False)
        cold, cold_ms = timed(path, cold=True)
        print(
            f"{path:<56} {status:>6} {warm:>13} {warm_ms:>6.1f} {cold:>13} {cold_ms:>6.1f}",
            flush=True,
        )
    for path in options.sql:
        client = clients.get(path, public_client)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"\n--- {path}: {len(queries)} queries")
        for query in queries.captured_queries:
            print(f"{query['time']:>6} s  {query['sql']}")
    for path in options.profile:
        profile = cProfile.Profile()
        profile.enable()
        client = clients.get(path, public_client)
        for _ in range(options.repeat):
            get(client, path)
        profile.disable()
        print(f"\n--- {path}: {options.repeat} requests (warm), by {options.sort} time")
        pstats.Stats(profile).sort_stats(options.sort).print_stats(*(options.filter or [30]))


def main() -> int:
    options = parse_args()
    if rerun_in_prepared_database("lcpa-profile-", extra=options.extra):
        measure(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
