"""Lifecycles of the services app, one table of the core transition engine per model:
task assignments (task_requests.py), duty lists and their imports (duties.py)."""

from .duties import DUTY_LIST, DUTY_LIST_IMPORT
from .task_requests import OPEN_WORK, TASK_ASSIGNMENT

__all__ = ["DUTY_LIST", "DUTY_LIST_IMPORT", "OPEN_WORK", "TASK_ASSIGNMENT"]
