"""`{% answer_tags task.answers %}`: each community's answer on a task-list row, as tags."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def answer_tags(answers: list[dict]) -> str:
    # One tag call per row instead of three variables per answer: the /tasks/ page shows fifty
    # rows of two or three answers, and each template variable costs a lookup, a localisation and
    # an escape (decision 014, second pass). Escaped by format_html_join.
    return format_html_join(
        " ",
        '<span class="tag" data-status="{}">{}: {}</span>',
        ((a["status"], a["community__name"], a["status_label"]) for a in answers),
    )
