"""The background work on an uploaded dataset version, queued when its upload finishes."""

from django_tasks import task

from lcpa.outcomes.datasets import dataset_version_wait_for_mapping
from lcpa.outcomes.models import DatasetVersion


@task()
def process_dataset_version(version_id: int) -> str:
    """Take an uploaded version on: it waits for its team to map its columns. Returns the
    version's status afterwards (a version cancelled or gone meanwhile is left alone)."""
    version = DatasetVersion.objects.filter(pk=version_id).first()
    if version is None:
        return "gone"
    dataset_version_wait_for_mapping(version=version)
    version.refresh_from_db(fields=["status"])
    return version.status
