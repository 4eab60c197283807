"""`make run` serves the demo on PORT and gives every step the same address as SITE_URL, so
the links it prints, emails and puts in calendar files and CSVs open the site it runs."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import lcpa

ROOT = Path(lcpa.__file__).resolve().parent.parent

MAKE = shutil.which("make")

pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def planned_commands(*arguments: str) -> str:
    """The commands `make run` would run (make -n runs nothing)."""
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [MAKE, "-n", "run", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize(("arguments", "port"), [((), "8000"), (("PORT=8123",), "8123")])
def test_make_run_sets_site_url_to_the_address_it_serves_on(arguments, port):
    commands = planned_commands(*arguments)
    served = re.search(r"manage\.py runserver (\S+)", commands)[1]
    assert served == f"127.0.0.1:{port}"
    for step in ("seed_demo", "runserver", "db_worker"):
        line = next(line for line in commands.splitlines() if f"manage.py {step}" in line)
        assert f"SITE_URL=http://{served} " in line, line
    assert f"on http://{served}/" in commands
