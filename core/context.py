"""Per-request context that outlives the view: the request id, for logs and audit records."""

from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
