"""The system checks of the dataset upload settings (lcpa/outcomes/checks.py)."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from lcpa.outcomes.checks import check_dataset_chunks_fit_in_a_request

MIB = 1024 * 1024


def ids(errors) -> list[str]:
    return [error.id for error in errors]


def test_the_default_settings_pass():
    assert check_dataset_chunks_fit_in_a_request() == []


def test_a_chunk_as_large_as_the_request_body_limit_is_an_error(settings):
    settings.MAX_REQUEST_BODY_SIZE = 8 * MIB
    settings.DATASET_CHUNK_BYTES = 8 * MIB
    settings.DATASET_FORM_MAX_BYTES = 4 * MIB
    [error] = check_dataset_chunks_fit_in_a_request()
    assert error.id == "lcpa.E101"
    assert error.msg == (
        "DATASET_CHUNK_BYTES (8.0\xa0MB) is not below MAX_REQUEST_BODY_SIZE (8.0\xa0MB): every "
        "chunk of a large file would be refused."
    )
    settings.DATASET_CHUNK_BYTES = 8 * MIB - 1
    assert check_dataset_chunks_fit_in_a_request() == []


def test_manage_py_check_refuses_to_start_with_such_settings(settings):
    settings.DATASET_CHUNK_BYTES = settings.MAX_REQUEST_BODY_SIZE + 1
    with pytest.raises(SystemCheckError, match="lcpa.E101"):
        call_command("check")


def test_a_chunk_size_of_zero_and_a_form_limit_over_the_body_limit_are_errors(settings):
    settings.MAX_REQUEST_BODY_SIZE = 4 * MIB
    settings.DATASET_CHUNK_BYTES = 0
    settings.DATASET_FORM_MAX_BYTES = 5 * MIB
    assert ids(check_dataset_chunks_fit_in_a_request()) == ["lcpa.E102", "lcpa.E103"]
