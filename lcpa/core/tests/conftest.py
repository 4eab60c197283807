import pytest
from django.db import transaction
from django.test import override_settings

from lcpa.core.tests.access_matrix import make_access_cast, role_sessions


@pytest.fixture(scope="module")
def access_cast(django_db_setup, django_db_blocker, tmp_path_factory):
    """The access matrix's cast and a signed-in session per role, built once per test module.

    They live in a transaction opened here and rolled back after the module's last test. Each
    test also asks for `db`, which runs it in a savepoint inside that transaction, rolled back
    when it ends: what one test's POST changes (a membership removed, a calendar link reset),
    the next test does not see.
    """
    media = tmp_path_factory.mktemp("access-matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            cast = make_access_cast()
            yield cast, role_sessions(cast)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
