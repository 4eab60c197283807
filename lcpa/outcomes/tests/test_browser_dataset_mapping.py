"""In headless Chromium at 390 px: the column-mapping page of a New Orleans-layout file passes
axe, has no console error and no sideways scroll (its tables are stacked)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lcpa.browser import TIMEOUT_MS, assert_accessible, assert_clean, sign_in_context, watch
from lcpa.outcomes.datasets import dataset_upload_file, dataset_version_take_on
from lcpa.outcomes.tests.test_dataset_mapping import HEADER, WINTER
from lcpa.testing import make_cast

pytestmark = pytest.mark.browser


def test_the_mapping_page_fits_a_phone_and_passes_axe(browser, live_server, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cast = make_cast()
    version = dataset_upload_file(
        team=cast.team_a,
        kind="calls",
        name="CAD calls",
        upload=SimpleUploadedFile("calls.csv", WINTER),
        by=cast.member_a1,
    )
    dataset_version_take_on(version=version, columns=HEADER.split(","))
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    sign_in_context(context, Client(), cast.member_a1, live_server.url)
    page = context.new_page()
    problems = watch(page)
    try:
        page.goto(f"/teams/{cast.team_a.pk}/datasets/versions/{version.pk}/mapping/")
        assert page.get_by_role("heading", name="Standard columns").count() == 1
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        assert_accessible(page, "the column-mapping page")
        assert_clean(problems, "the column-mapping page")
    finally:
        context.close()
