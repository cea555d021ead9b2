"""Models of the `services` app, one module per part of the domain.

- duties.py: the published duty lists (清单) and their versions, categories and items.
- task_requests.py: task requests from departments and streets to communities, judged by the gate.
- calendar.py: the official holiday schedule for years `chinesecalendar` does not know yet.
- Later: offerings, resident orders, ratings and unmet demand.
"""

from .calendar import CalendarDay  # noqa: F401
from .duties import DutyCategory, DutyItem, DutyList, DutyListImport  # noqa: F401
from .task_requests import *  # noqa: F403
