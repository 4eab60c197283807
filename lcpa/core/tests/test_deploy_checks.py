"""`check --deploy` refuses an http SITE_URL, a published SECRET_KEY and DEMO_MODE; HSTS and the
trusted-proxy count come from the environment."""

import pytest
from django.core.checks import Error
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from lcpa.core.checks import (
    check_demo_mode_is_off,
    check_secret_key_is_not_published,
    check_site_url_is_https,
)
from lcpa.testing import load_settings

SAFE = {
    "DEBUG": False,
    "SITE_URL": "https://learning-communities.example.org",
    "SECRET_KEY": "a-long-random-production-key-0123456789-abcdefghijklmnop",
    "DEMO_MODE": False,
}


def ids(errors: list[Error]) -> list[str]:
    return [error.id for error in errors]


@override_settings(**SAFE)
def test_a_production_configuration_passes_all_three():
    assert check_site_url_is_https() == []
    assert check_secret_key_is_not_published() == []
    assert check_demo_mode_is_off() == []


@pytest.mark.parametrize("site_url", ["http://learning-communities.example.org", "example.org"])
def test_an_address_that_is_not_https_fails_when_debug_is_off(site_url):
    with override_settings(**{**SAFE, "SITE_URL": site_url}):
        assert ids(check_site_url_is_https()) == ["lcpa.E001"]
    with override_settings(**{**SAFE, "SITE_URL": site_url, "DEBUG": True}):
        assert check_site_url_is_https() == []


@pytest.mark.parametrize("key", ["insecure-development-key", "change-me-to-a-long-random-string"])
def test_the_development_key_and_the_example_placeholder_fail(key):
    with override_settings(**{**SAFE, "SECRET_KEY": key}):
        errors = check_secret_key_is_not_published()

    assert ids(errors) == ["lcpa.E002"]
    assert "published" in errors[0].msg


def test_demo_mode_fails_the_deploy_check():
    with override_settings(**{**SAFE, "DEMO_MODE": True}):
        errors = check_demo_mode_is_off()

    assert ids(errors) == ["lcpa.E003"]


def test_the_checks_run_with_check_deploy_only():
    with override_settings(**{**SAFE, "DEMO_MODE": True, "SITE_URL": "http://example.org"}):
        call_command("check")  # the everyday check (runserver, migrate) stays quiet
        with pytest.raises(SystemCheckError) as refused:
            call_command("check", deploy=True)

    assert "lcpa.E001" in str(refused.value)
    assert "lcpa.E003" in str(refused.value)


def test_hsts_comes_from_the_environment():
    default = load_settings({})
    trying = load_settings(
        {
            "SECURE_HSTS_SECONDS": "300",
            "SECURE_HSTS_PRELOAD": "off",
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": "off",
        }
    )

    assert (default["SECURE_HSTS_SECONDS"], default["SECURE_HSTS_PRELOAD"]) == (31_536_000, True)
    assert default["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert trying["SECURE_HSTS_SECONDS"] == 300
    assert trying["SECURE_HSTS_PRELOAD"] is False
    assert trying["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False


def test_demo_mode_and_the_proxy_count_come_from_the_environment():
    default = load_settings({})
    demo = load_settings({"DEMO_MODE": "on", "TRUSTED_PROXY_COUNT": "2", "DEBUG": "on"})

    assert default["DEMO_MODE"] is False
    assert default["TRUSTED_PROXY_COUNT"] == default["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    assert demo["DEMO_MODE"] is True
    assert demo["TRUSTED_PROXY_COUNT"] == demo["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
