import pytest
import time_machine
from hypothesis import HealthCheck, settings

from lcpa.testing import NOW, Cast, Client, make_cast, make_learning_communities

# Property tests check what is computed, not how fast: on a loaded CI machine drawing the
# examples can be slow, which must not fail the suite.
settings.register_profile(
    "lcpa", deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("lcpa")


@pytest.fixture
def client() -> Client:
    """pytest-django's client, whose force_login also records the second factor for people
    with an authenticator app, as a real sign-in does (lcpa.testing.Client)."""
    return Client()


@pytest.fixture(autouse=True)
def _fixed_clock():
    """Every test runs on the same day (lcpa.testing.NOW), whatever the real date."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """The public pages' fragments live in process memory (lcpa.core.public_cache); a test's
    rows must not meet the fragments an earlier test cached."""
    from django.core.cache import caches

    caches["public"].clear()


@pytest.fixture
def cast(db) -> Cast:
    return make_cast()


@pytest.fixture
def communities(db):
    return make_learning_communities()


@pytest.fixture(autouse=True)
def _emails_to_outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module (see lcpa/browser.py)."""
    from lcpa.browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium
