"""Helpers shared by the tests of every app."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fn: Callable[[], object]) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def assert_queries_do_not_grow(fetch: Callable[[], object], add_rows: Callable[[int], None], *, rows: int = 5):
    """Fetch once with some rows, add more rows, fetch again: the query count must not change.

    `fetch` returns a response (its status is checked to be 200); `add_rows(n)` creates n more
    rows of whatever the list shows. The shared cache is emptied before each fetch: factories
    write behind the actions' backs, and the count pinned is the one of a list built afresh.
    """
    add_rows(rows)
    cache.clear()
    before, response = count_queries(fetch)
    assert getattr(response, "status_code", 200) == 200, getattr(response, "content", b"")[:500]
    add_rows(rows * 3)
    cache.clear()
    after, response = count_queries(fetch)
    assert getattr(response, "status_code", 200) == 200
    assert after == before, f"queries grew from {before} to {after} when rows were added"
    return before


def error_of(response) -> dict:
    """The API's one error shape, checked: {"message", "code", "fields"}."""
    body = response.json()
    assert set(body) >= {"message", "code", "fields"}, body
    return body


class ScopeReads:
    """Records which fields of a scope the code reads: `patch(monkeypatch, "module", ...)` makes
    `scope_for` in those modules answer the caller's real scope wrapped so that every field read
    is noted in `read` (a method that reads a field counts as that field)."""

    METHODS = {"has": "roles", "key": None}

    def __init__(self):
        self.read: set[str] = set()

    def patch(self, monkeypatch, *modules: str) -> ScopeReads:
        from accounts.queries import scope_for

        reads = self

        class Recorded:
            def __init__(self, scope):
                self._scope = scope

            def __getattr__(self, name):
                field = reads.METHODS.get(name, name)
                if field is not None:
                    reads.read.add(field)
                return getattr(self._scope, name)

        for module in modules:
            monkeypatch.setattr(f"{module}.scope_for", lambda user: Recorded(scope_for(user)))
        return self
