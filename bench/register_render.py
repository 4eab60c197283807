"""Milliseconds to render the register-interest page, in-process, for each way of writing its
about 150 <option>s, as ratios to the first variant (Jinja2 widgets, as on main before).

Builds a throwaway SQLite database with the demo data, then for each variant times --repeat
requests through Django's test client: a fresh form (GET), and the form posted back with errors
(a bound form, which the public cache never keeps). Variants:

- jinja2: Django's widget templates rendered by Jinja2 (decision 0001), selects included;
- django: the same templates rendered by the Django engine;
- django + python options: the selects written in Python (lcpa.core.widgets.OptionsSelect);
- ... + cached form: the fresh form's fields kept rendered (lcpa.core.public_cache).

    .venv/bin/python bench/register_render.py [--repeat 40]
"""

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _server import plain_static_files, rerun_in_prepared_database  # noqa: E402

URL = "/register-interest/"
# Posted back with problems: no population, no learning community, a member without an email.
POSTED = {
    "submission_key": "7d0f3c47-2f4c-4a51-9a0e-0b6b1b1f6a55",
    "jurisdiction_name": "Springfield",
    "state": "MA",
    "jurisdiction_kind": "city",
    "goals": "A non-police response to mental health calls.",
    "stage": "exploring",
    "preferred_start": "next",
    "contact_name": "Casey Jones",
    "contact_email": "casey@springfield.example",
    "members-TOTAL_FORMS": "3",
    "members-INITIAL_FORMS": "0",
    "members-0-name": "Robin Lee",
    "members-0-organisation": "Springfield Police",
    "members-0-sector": "law_enforcement",
    "members-0-role": "first_response",
}
VARIANTS = [
    # name, form renderer, selects in Python, fresh form cached
    ("jinja2", "django.forms.renderers.Jinja2", False, False),
    ("django", "django.forms.renderers.DjangoTemplates", False, False),
    ("django + python options", "django.forms.renderers.DjangoTemplates", True, False),
    ("jinja2 + cached form", "django.forms.renderers.Jinja2", False, True),
    ("django + python options + cached form", "django.forms.renderers.DjangoTemplates", True, True),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per measure")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all variants")
    return parser.parse_args()


@contextlib.contextmanager
def variant(renderer: str, python_options: bool) -> Iterator[None]:
    from django import forms
    from django.test.utils import override_settings

    from lcpa.core.widgets import OptionsSelect

    own_render = OptionsSelect.render
    if not python_options:
        OptionsSelect.render = forms.Select.render
    try:
        with override_settings(FORM_RENDERER=renderer):
            yield
    finally:
        OptionsSelect.render = own_render


def measure(options: argparse.Namespace) -> None:
    from django.core.cache import caches
    from django.test import Client

    plain_static_files()
    client = Client(HTTP_HOST="127.0.0.1")
    public = caches["public"]

    def ms_per_page(send, *, cached: bool) -> float:
        public.clear()
        send()  # warm: templates compiled, the version read, the fragment stored if cached
        started = time.perf_counter()
        for _ in range(options.repeat):
            if not cached:
                public.clear()
            send()
        return (time.perf_counter() - started) * 1000 / options.repeat

    def get() -> None:
        assert client.get(URL).status_code == 200

    def post() -> None:
        response = client.post(URL, POSTED)
        assert response.status_code == 200 and b"usa-error-message" in response.content

    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, *_ in VARIANTS}
    skipped: set[str] = set()
    for _ in range(options.rounds):  # interleaved, so a busy moment hits every variant
        for name, renderer, python_options, cached in VARIANTS:
            if name in skipped:
                continue
            try:
                with variant(renderer, python_options):
                    runs[name].append(
                        (ms_per_page(get, cached=cached), ms_per_page(post, cached=False))
                    )
            except ImportError as error:  # Jinja2 not installed
                print(f"{name}: skipped ({error})")
                skipped.add(name)
    medians = {
        name: tuple(statistics.median(each) for each in zip(*rows, strict=True))
        for name, rows in runs.items()
        if rows
    }
    baseline = next(iter(medians))
    base_get, base_post = medians[baseline]
    print(f"\n{'variant':<40} {'GET ms':>7} {'ratio':>6} {'POST ms':>8} {'ratio':>6}")
    for name, (get_ms, post_ms) in medians.items():
        print(
            f"{name:<40} {get_ms:>7.1f} {get_ms / base_get:>6.2f} "
            f"{post_ms:>8.1f} {post_ms / base_post:>6.2f}"
        )
    print(
        f"\nmedians of {options.rounds} rounds of {options.repeat} requests; ratios to "
        f"{baseline!r}. POST: the form sent back with errors (never cached)."
    )


def main() -> int:
    options = parse_args()
    if rerun_in_prepared_database("lcpa-register-render-"):
        measure(options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
