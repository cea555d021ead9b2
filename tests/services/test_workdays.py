"""China's working-day calendar: statutory holidays and make-up working days (调休).

The package (`chinesecalendar`) knows 2004-2026; the district enters later years as
`CalendarDay` rows (admin or `manage.py load_holidays`); a year with neither is counted on
weekdays and the sender is told the deadline is provisional.
"""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.errors import DomainError, NotAllowed
from core.models import AuditRecord
from services.actions.calendar import calendar_day_delete, calendar_days_load
from services.models import CalendarDay, TaskRequest
from services.workdays import (
    LAST_YEAR,
    add_working_days,
    is_working_day,
    provisional_between,
    schedule_known,
    subtract_working_days,
    working_days_between,
)
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

# A made-up 2027 Spring Festival (the real notice is not out when these tests are written):
# Saturday Feb 6 and Monday Feb 8 to Sunday Feb 14 off; Sunday Feb 7 and Saturday Feb 20 worked.
NOTICE = "国办发明电〔2026〕N号"
SPRING_2027 = [
    {"date": date(2027, 2, d), "kind": "holiday", "name": "春节", "source": NOTICE} for d in (6, *range(8, 15))
] + [{"date": date(2027, 2, d), "kind": "workday", "name": "春节调休", "source": NOTICE} for d in (7, 20)]


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


# --- Years the package does not know ------------------------------------------------------------
def test_a_year_without_a_schedule_is_counted_on_weekdays_and_is_provisional():
    assert LAST_YEAR == 2026
    # Thursday 2026-12-31 + 1 = Friday 2027-01-01 (New Year's Day, but nobody has said so yet).
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert add_working_days(date(2027, 1, 1), 1) == date(2027, 1, 4)
    assert subtract_working_days(date(2027, 1, 4), 2) == date(2026, 12, 31)
    assert working_days_between(date(2026, 12, 31), date(2027, 1, 8)) == 6
    assert not is_working_day(date(2027, 1, 2)) and is_working_day(date(2003, 5, 1))
    assert schedule_known(2026) and not schedule_known(2027)
    assert provisional_between(date(2026, 11, 27), date(2028, 1, 3)) == [2027, 2028]
    assert provisional_between(date(2026, 11, 27), date(2026, 12, 31)) == []


def test_a_holiday_entered_for_2027_pushes_the_deadline():
    calendar_days_load(actor=None, rows=[{"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "x"}])
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert schedule_known(2027)
    assert provisional_between(date(2026, 11, 27), date(2027, 3, 1)) == []


def test_a_make_up_working_day_counts_and_the_week_off_does_not():
    calendar_days_load(actor=None, rows=SPRING_2027)
    # Friday Feb 5 + 1 = Sunday Feb 7 (worked); then nothing until Monday Feb 15.
    assert add_working_days(date(2027, 2, 5), 1) == date(2027, 2, 7)
    assert add_working_days(date(2027, 2, 7), 1) == date(2027, 2, 15)
    assert is_working_day(date(2027, 2, 20)) and not is_working_day(date(2027, 2, 21))
    # 7, 15, 16, 17, 18, 19, 20
    assert working_days_between(date(2027, 2, 5), date(2027, 2, 20)) == 7
    assert subtract_working_days(date(2027, 2, 15), 1) == date(2027, 2, 7)


def test_a_calendar_day_may_correct_a_year_the_package_knows():
    assert is_working_day(date(2026, 12, 31))
    calendar_days_load(
        actor=None, rows=[{"date": date(2026, 12, 31), "kind": "holiday", "name": "更正", "source": "x"}]
    )
    assert not is_working_day(date(2026, 12, 31))
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 1)


def test_counting_reads_the_schedule_once_however_many_days():
    calendar_days_load(actor=None, rows=SPRING_2027)
    short, _ = count_queries(lambda: add_working_days(date(2026, 11, 27), 5))
    long, deadline = count_queries(lambda: add_working_days(date(2026, 11, 27), 250))
    assert short == long == 1 and deadline.year == 2027
    assert count_queries(lambda: subtract_working_days(date(2027, 12, 31), 250))[0] == 1
    assert count_queries(lambda: working_days_between(date(2026, 1, 1), date(2027, 12, 31)))[0] == 1


# --- Entering the schedule -----------------------------------------------------------------------
def _csv(tmp_path, text: str):
    path = tmp_path / "holidays-2027.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


GOOD_CSV = """date,kind,name,source
2027-01-01,holiday,元旦,国办发明电〔2026〕N号
2027-02-08,法定节假日,春节,国办发明电〔2026〕N号

2027-02-20,调休上班,春节调休,国办发明电〔2026〕N号
"""


def test_load_holidays_loads_a_year_once_and_audits_each_day(tmp_path, capsys):
    path = _csv(tmp_path, GOOD_CSV)
    call_command("load_holidays", path)
    days = {d.date: (d.kind, d.name) for d in CalendarDay.objects.all()}
    assert days == {
        date(2027, 1, 1): ("holiday", "元旦"),
        date(2027, 2, 8): ("holiday", "春节"),
        date(2027, 2, 20): ("workday", "春节调休"),
    }
    assert AuditRecord.objects.filter(action="calendar_day.create").count() == 3
    call_command("load_holidays", path)
    assert CalendarDay.objects.count() == 3 and AuditRecord.objects.count() == 3
    assert "3 already there" in capsys.readouterr().out
    # A corrected notice changes the day and says from what.
    call_command("load_holidays", _csv(tmp_path, "日期,类型,名称,来源\n2027-02-08,workday,春节调休,更正\n"))
    assert CalendarDay.objects.get(date=date(2027, 2, 8)).kind == "workday"
    record = AuditRecord.objects.get(action="calendar_day.update")
    assert (record.from_state, record.to_state) == ("holiday", "workday")


def test_a_bad_row_loads_nothing_and_is_named_by_its_line(tmp_path, capsys):
    text = GOOD_CSV + "2027-02-30,holiday,春节,x\n2027-01-01,休息,元旦,x\n"
    with pytest.raises(CommandError):
        call_command("load_holidays", _csv(tmp_path, text))
    errors = capsys.readouterr().err.splitlines()
    # The header is line 1 and line 4 is blank: the bad date is on line 6, the bad kind on line 7.
    assert any("6" in line and "2027-02-30" in line for line in errors), errors
    assert any("7" in line and "休息" in line for line in errors), errors
    assert any("7" in line and "2" in line and "2027-01-01" in line for line in errors), errors
    assert not CalendarDay.objects.exists() and not AuditRecord.objects.exists()


def test_only_the_district_enters_the_schedule(dept_officer, district_admin):
    row = {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": ""}
    with pytest.raises(NotAllowed):
        calendar_days_load(actor=dept_officer, rows=[row])
    with pytest.raises(DomainError):
        calendar_days_load(actor=district_admin, rows=[])
    assert calendar_days_load(actor=district_admin, rows=[row]).created == 1
    day = CalendarDay.objects.get()
    assert day.created_by == district_admin
    with pytest.raises(NotAllowed):
        calendar_day_delete(actor=dept_officer, day=day)
    calendar_day_delete(actor=district_admin, day=day)
    assert not CalendarDay.objects.exists()
    assert list(AuditRecord.objects.order_by("seq").values_list("action", flat=True)) == [
        "calendar_day.create",
        "calendar_day.delete",
    ]


def test_the_district_admin_enters_a_day_in_the_admin(district_admin, page_as):
    district_admin.is_staff = district_admin.is_superuser = True
    district_admin.save()
    client = page_as(district_admin)
    response = client.post(
        reverse("admin:services_calendarday_add"),
        {"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "国办发明电〔2026〕N号"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get()
    assert AuditRecord.objects.get().action == "calendar_day.create"
    response = client.post(
        reverse("admin:services_calendarday_change", args=[day.pk]),
        {"kind": "holiday", "name": "元旦", "source": "国办发明电〔2026〕M号"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get().source == "国办发明电〔2026〕M号"
    assert AuditRecord.objects.filter(action="calendar_day.update").count() == 1


# --- Telling the sender ------------------------------------------------------------------------
@pytest.fixture
def late_november_2026(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 11, 27))


def _send(api_as, user, community, days):
    response = api_as(user).post(
        reverse("api:task-request-list"),
        {"title": "入户走访", "due_in_working_days": days, "communities": [community.pk]},
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_the_api_says_when_a_deadline_in_2027_is_provisional(late_november_2026, duty, dept_officer, nanqiao, api_as):
    body = _send(api_as, dept_officer, nanqiao, 30)
    assert body["deadline"].startswith("2027-01")
    assert body["deadline_provisional"] is True and "2027" in body["deadline_notice"]
    body = _send(api_as, dept_officer, nanqiao, 5)
    assert body["deadline"] == "2026-12-04"
    assert body["deadline_provisional"] is False and body["deadline_notice"] == ""
    # Once the district enters 2027's schedule, the same request is no longer provisional.
    calendar_days_load(actor=None, rows=[{"date": "2027-01-01", "kind": "holiday", "name": "元旦", "source": "x"}])
    assert _send(api_as, dept_officer, nanqiao, 30)["deadline_provisional"] is False


def test_the_page_says_when_a_deadline_in_2027_is_provisional(late_november_2026, duty, dept_officer, nanqiao, page_as):
    client = page_as(dept_officer)
    form = {
        "title": "统计辖区失业人员",
        "communities": [nanqiao.pk],
        "funding": "0",
        "sender": f"department:{dept_officer.role_assignments.get().department_id}",
    }
    response = client.post(reverse("services:task-create"), {**form, "due_in_working_days": "30"}, follow=True)
    assert TaskRequest.objects.get().deadline.year == 2027
    assert "2027" in "".join(str(m) for m in response.context["messages"])
    response = client.post(reverse("services:task-create"), {**form, "due_in_working_days": "5"}, follow=True)
    assert not any("2027" in str(m) for m in response.context["messages"])
