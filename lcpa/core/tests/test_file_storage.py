"""Uploaded files: local disk by default, private S3-compatible storage when a bucket is named."""

from unittest import mock

import pytest
from django.utils.module_loading import import_string

from lcpa.settings import file_storage
from lcpa.testing import load_settings as settings_with

BUCKET_ENV = {
    "AWS_STORAGE_BUCKET_NAME": "lcpa-files",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    "AWS_S3_REGION_NAME": "us-east-1",
}


def test_files_stay_on_local_disk_by_default():
    assert file_storage({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert settings_with({})["STORAGES"]["default"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_naming_a_bucket_selects_private_s3_storage():
    default = settings_with(BUCKET_ENV)["STORAGES"]["default"]

    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"] == {
        "bucket_name": "lcpa-files",
        "location": "media",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "signature_version": "s3v4",
        "custom_domain": None,
        "file_overwrite": False,
        "endpoint_url": "https://objects.example.org",
        "region_name": "us-east-1",
    }


def test_the_s3_storage_only_makes_signed_urls_that_expire():
    """No network: signing a URL is computed locally."""
    default = file_storage(BUCKET_ENV)
    credentials = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-secret"}
    with mock.patch.dict("os.environ", credentials):
        storage = import_string(default["BACKEND"])(**default["OPTIONS"])
        url = storage.url("deliverables/2026/12/charter.pdf")

    assert url.startswith("https://objects.example.org/lcpa-files/media/deliverables/")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    assert storage.default_acl == "private"


@pytest.mark.django_db
def test_nothing_serves_uploaded_files_at_media_url(client, settings):
    assert settings.MEDIA_URL == "/media/"

    response = client.get("/media/deliverables/2026/12/charter.pdf")

    assert response.status_code == 404
