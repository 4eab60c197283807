"""Every static file the pages name is found, and collectstatic takes from the npm packages
only the files the pages use (settings.VENDOR_STATIC)."""

import posixpath
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from lcpa.core.staticfiles import VendorFinder

TEMPLATES = sorted((settings.BASE_DIR / "lcpa").glob("**/templates/**/*.html"))
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
SOURCE_MAP = re.compile(r"sourceMappingURL=([^\s*]+)")


def named_in_templates() -> list[str]:
    return sorted({name for path in TEMPLATES for name in STATIC_TAG.findall(path.read_text())})


def referenced_by(name: str) -> list[str]:
    """The files a static CSS or JS file names (url(), source maps), as manifest storage reads
    them: relative to the file, without query or fragment."""
    text = Path(finders.find(name)).read_text(errors="replace")
    found = SOURCE_MAP.findall(text)
    if name.endswith(".css"):
        found += CSS_URL.findall(text)
    base = posixpath.dirname(name)
    return sorted(
        {
            posixpath.normpath(posixpath.join(base, url.split("?")[0].split("#")[0]))
            for url in found
            if not url.startswith(("data:", "http:", "https:", "//", "#"))
        }
    )


def test_the_templates_name_static_files():
    assert "vendor/uswds/css/uswds.min.css" in named_in_templates()
    assert "js/site.js" in named_in_templates()


@pytest.mark.parametrize("name", named_in_templates())
def test_every_static_file_a_template_names_is_found(name):
    assert finders.find(name), f"{name} is named in a template but no finder has it"


@pytest.mark.parametrize(
    "name", [name for name in named_in_templates() if name.endswith((".css", ".js"))]
)
def test_every_file_a_static_css_or_js_file_names_is_found_too(name):
    # The manifest storage (production) refuses collectstatic when one is missing.
    missing = [each for each in referenced_by(name) if not finders.find(each)]

    assert missing == []


@pytest.mark.parametrize(
    "name",
    [
        "vendor/htmx/htmx.js",  # in the package, not used
        "vendor/uswds/scss/packages/_uswds.scss",
        "vendor/uswds/img/material-icons/add.svg",
        "vendor/vega-lite/build/index.js",
        "vendor/us-atlas/counties-10m.json",
        "vendor/us-atlas/../../package.json",
        "vendor/htmx/../../../requirements.txt",
    ],
)
def test_files_of_the_packages_that_no_page_uses_are_not_served(name):
    assert VendorFinder().find(name) == ""
    assert VendorFinder().find(name, find_all=True) == []


def test_collectstatic_takes_a_few_hundred_vendor_files_not_whole_packages():
    listed = [path for path, _ in VendorFinder().list(None)]

    assert "htmx.min.js" in listed
    assert "css/uswds.min.css" in listed
    assert not any(path.startswith(("scss/", "img/material-icons/")) for path in listed)
    assert len(listed) < 600
