"""Bounds on free text. Databases take megabytes in a text column; people never write them, so
a longer value is a mistake or an attack and is refused with a message beside its field."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .errors import DomainError

# Reasons, comments and other one-paragraph answers.
REASON_MAX = 2000
# Descriptions and summaries: a few paragraphs.
DESCRIPTION_MAX = 5000
# A whole document pasted in (an organisation's articles of association).
DOCUMENT_TEXT_MAX = 20000


def text_too_long(value: str | None, limit: int) -> str | None:
    """The message for a value over `limit` characters, or None."""
    if value is None or len(value) <= limit:
        return None
    return _("Enter at most %(max)d characters (this has %(count)d).") % {"max": limit, "count": len(value)}


def require_text_within(message: str | None = None, **fields: tuple[str | None, int]) -> None:
    """Raise one DomainError naming every field (name=(value, limit)) that is too long."""
    problems = {name: msg for name, (value, limit) in fields.items() if (msg := text_too_long(value, limit))}
    if problems:
        raise DomainError(message or next(iter(problems.values())), fields=problems)


def require_comment(comment: str | None, message: str, *, field_message: str | None = None) -> str:
    """The comment a move cannot go without, stripped: a DomainError (`message`, and beside the
    field `field_message` or `message`) when it is blank, or when it is over REASON_MAX."""
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(message, fields={"comment": field_message or message})
    require_text_within(comment=(comment, REASON_MAX))
    return comment
