"""Reads that run on every request, as statements built once instead of ORM queries.

The ORM compiles a query afresh each time it runs: for the small, fixed reads of a hot request
(the token's user, a list page's answers) that took more Python than the database took to run
them. A statement here is SQL text (with `connection.ops.quote_name` and the models' `_meta`
for names) and `fetch()` converts each value as the ORM would convert a read of the same field
(on SQLite: text to an aware datetime, and so on; on PostgreSQL mostly nothing)."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from django.db import connection
from django.db.models import Field


@functools.cache
def _converters(fields: tuple[Field | None, ...]) -> tuple:
    found = []
    for i, field in enumerate(fields):
        if field is None:
            continue
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if converters:
            found.append((i, column, converters))
    return tuple(found)


def fetch(sql: str, params: Sequence, fields: Sequence[Field | None]) -> list[Sequence]:
    """The rows of `sql`; the value in position i converted as a read of `fields[i]` (None: as read)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = _converters(tuple(fields))
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i, column, functions in converters:
            for function in functions:
                row[i] = function(row[i], column, connection)
        converted.append(row)
    return converted
