import pytest

from lcpa.cohorts.models import Cohort
from lcpa.testing import Cast, give_curriculum


@pytest.fixture
def cohort(cast: Cast, settings, tmp_path) -> Cohort:
    """The cast's cohort, both cohorts with deliverable prompts of every kind, and uploads
    stored in a temporary directory."""
    settings.MEDIA_ROOT = tmp_path
    give_curriculum(cast.cohort)
    give_curriculum(cast.other_cohort)
    return cast.cohort
