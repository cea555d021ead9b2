"""China's working-day calendar: statutory holidays and make-up working days (调休)."""

from datetime import date

import pytest

from services.workdays import (
    LAST_YEAR,
    CalendarNotCovered,
    add_working_days,
    is_working_day,
    subtract_working_days,
    working_days_between,
)


def test_an_ordinary_week_skips_the_weekend():
    # Friday 2025-06-06 + 1 working day is Monday 2025-06-09.
    assert add_working_days(date(2025, 6, 6), 1) == date(2025, 6, 9)


def test_national_day_2025_is_skipped_and_its_make_up_saturday_counts():
    # 2025: Oct 1-8 off; Sunday Sep 28 and Saturday Oct 11 are make-up working days.
    assert is_working_day(date(2025, 9, 28))
    assert not is_working_day(date(2025, 10, 8))
    assert is_working_day(date(2025, 10, 11))
    # Friday Sep 26 + 1 = Sunday Sep 28 (make-up); + 2 = Monday Sep 29; + 3 = Tuesday Sep 30.
    assert add_working_days(date(2025, 9, 26), 1) == date(2025, 9, 28)
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)


def test_national_day_2026_ends_on_the_7th():
    assert not is_working_day(date(2026, 10, 7))
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    # Saturday Oct 10 2026 is a make-up working day.
    assert add_working_days(date(2026, 10, 9), 1) == date(2026, 10, 10)


def test_spring_festival_2026_with_its_make_up_saturdays():
    # 2026: Feb 15-23 off; Saturday Feb 14 and Saturday Feb 28 are working days.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6  # 14, 24, 25, 26, 27, 28


def test_spring_festival_2025():
    # 2025: Jan 28 - Feb 4 off; Sunday Jan 26 and Saturday Feb 8 are working days.
    assert add_working_days(date(2025, 1, 24), 1) == date(2025, 1, 26)
    assert add_working_days(date(2025, 1, 27), 1) == date(2025, 2, 5)


def test_days_between_and_back():
    assert working_days_between(date(2025, 9, 30), date(2025, 10, 9)) == 1
    assert working_days_between(date(2025, 10, 9), date(2025, 9, 30)) == -1
    assert working_days_between(date(2025, 10, 9), date(2025, 10, 9)) == 0
    assert subtract_working_days(date(2025, 10, 10), 2) == date(2025, 9, 30)


def test_zero_days_is_the_start_itself():
    assert add_working_days(date(2026, 3, 2), 0) == date(2026, 3, 2)


def test_it_fails_clearly_outside_the_years_the_calendar_covers():
    with pytest.raises(CalendarNotCovered) as caught:
        add_working_days(date(LAST_YEAR, 12, 30), 5)
    assert str(LAST_YEAR) in caught.value.message
    with pytest.raises(CalendarNotCovered):
        is_working_day(date(2003, 5, 1))
