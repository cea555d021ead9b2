"""The permission matrix: every route × every member of the cast × every method → a status.

Each app declares its routes in `tests/<app>/matrix.py` as `ROUTES = [Route(...), ...]` and, if
its routes need objects, a `build(world)` that adds them to the world (a namespace already
holding the cast by name). `tests/test_permission_matrix.py` runs every cell and fails when a
URL pattern of the project has no row here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

World = SimpleNamespace
Expect = int | tuple[int, ...]


@dataclass(frozen=True)
class Route:
    name: str
    # {"GET": {"*": 200, "anonymous": 401}}: "*" is everyone not named.
    expect: dict[str, dict[str, Expect]]
    kwargs: Callable[[World], dict] | None = None
    data: Callable[[World], dict] | None = None
    query: str = ""
    # Pages are driven by a session client; API routes (name starting "api:") by token.
    format: str = "json"
    notes: str = field(default="", compare=False)

    @property
    def is_api(self) -> bool:
        return self.name.startswith("api:")


def everyone(status: Expect, **overrides: Expect) -> dict[str, Expect]:
    return {"*": status, **overrides}


SIGNED_IN_ONLY = {"*": 200, "anonymous": 401}
