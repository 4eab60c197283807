import pytest

from lcpa.testing import make_staff


@pytest.fixture
def staff(db):
    """Robin Staff, program staff with an authenticator app."""
    staff = make_staff("robin@program.example")
    staff.full_name = "Robin Staff"
    staff.save()
    return staff
