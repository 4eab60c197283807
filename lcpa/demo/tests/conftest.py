import pytest


@pytest.fixture(autouse=True)
def _uploads_in_a_temporary_directory(settings, tmp_path):
    """The demo keeps files (a TA request's attachment); tests keep them out of var/media."""
    settings.MEDIA_ROOT = tmp_path
