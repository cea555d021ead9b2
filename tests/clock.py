"""The suite's clock: every test runs on the same day, whatever the calendar on the wall says.

Deadlines, "last year's report", "the years the holiday package covers" and the like are read from
the clock, so a suite that reads the real one passes in December and fails in March. The whole run
(collection included, since some parametrisations read the date) travels with time-machine to
10:00 Beijing time on `--today` (or $WUHOU_TEST_TODAY), default DEFAULT_TODAY; the clock ticks
from there, so timestamps still advance. Prove a change does not lean on the day with e.g.

    .venv/bin/pytest -q --today=2027-03-15
    .venv/bin/pytest -q --today=2026-06-15

A test that needs a particular day says so with `time_machine.move_to(...)` (the `time_machine`
fixture of time-machine's pytest plugin); it stacks on top of this clock and ends with the test.

A real Celery worker runs in another process on the real clock: tests marked `worker` run on the
real clock too, so both sides agree on what "an hour ago" means.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

DEFAULT_TODAY = "2026-12-01"
SHANGHAI = ZoneInfo("Asia/Shanghai")

_travel: time_machine.travel | None = None


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("WUHOU_TEST_TODAY", DEFAULT_TODAY),
        help=f"the day the tests run on, YYYY-MM-DD (default {DEFAULT_TODAY}, or $WUHOU_TEST_TODAY)",
    )


def test_day(config) -> date:
    return date.fromisoformat(config.getoption("--today"))


def pytest_configure(config):
    global _travel
    _travel = time_machine.travel(datetime.combine(test_day(config), time(10, 0), tzinfo=SHANGHAI), tick=True)
    _travel.start()
    config.add_cleanup(_travel.stop)


def pytest_report_header(config):
    return f"clock: tests run on {test_day(config).isoformat()} (--today)"


@pytest.fixture(autouse=True)
def _real_clock_beside_a_real_worker(request):
    if request.node.get_closest_marker("worker") is None or _travel is None:
        yield
        return
    _travel.stop()
    try:
        yield
    finally:
        _travel.start()
