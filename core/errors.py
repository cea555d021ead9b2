"""The one domain error.

Actions raise `DomainError` (or a subclass that only picks the HTTP status). The API turns it
into `{"message", "code", "fields"}`; pages show `message` on top and `fields` beside the inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    status_code = 400
    default_code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        fields: Mapping[str, str | Sequence[str]] | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.code = code or self.default_code
        self.fields = {
            name: [str(m) for m in ([msgs] if isinstance(msgs, str) or not isinstance(msgs, Sequence) else msgs)]
            for name, msgs in (fields or {}).items()
        }

    def as_dict(self) -> dict:
        return {"message": self.message, "code": self.code, "fields": self.fields}


class Conflict(DomainError):
    """The request is well formed but the object's state forbids it (HTTP 409)."""

    status_code = 409
    default_code = "conflict"


class NotAllowed(DomainError):
    """The user may see the object but not do this to it (HTTP 403)."""

    status_code = 403
    default_code = "permission_denied"
