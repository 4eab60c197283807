"""Every test starts at lcpa.testing.NOW, so dates in tests never pass into the past."""

import time
from datetime import date, timedelta

from django.utils import timezone

from lcpa.testing import NOW


def test_every_test_starts_on_the_suites_fixed_day_whatever_the_real_date():
    assert abs(timezone.now() - NOW) < timedelta(minutes=1)
    assert date.today() == NOW.date()
    assert abs(time.time() - NOW.timestamp()) < 60


def test_the_clock_ticks_on_from_there():
    before = timezone.now()
    time.sleep(0.01)
    assert timezone.now() > before


def test_a_test_can_move_the_clock_elsewhere(time_machine):
    time_machine.move_to(NOW + timedelta(days=400))
    assert timezone.now().date() == (NOW + timedelta(days=400)).date()
