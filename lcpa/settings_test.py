"""Settings for the test suite: production settings with fast hashing and plain static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "off")
# Tests turn the demo waiver on where they test it; a DEMO_MODE left in the shell must not.
os.environ["DEMO_MODE"] = "off"

from lcpa.settings import *  # noqa: E402,F403
from lcpa.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
