"""Every URL of the project, for every member of the cast: the status they get.

A new route without a row in some `tests/<app>/matrix.py` fails `test_every_route_is_in_the_matrix`.
"""

from __future__ import annotations

import copy
import importlib

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.cast import CAST, build_cast
from tests.matrix import Route

APPS = ["core", "accounts", "services", "organizations", "procurement", "orders"]

# Routes whose access is not ours to decide, each with the reason.
NOT_IN_MATRIX = {
    # Django's admin checks is_staff and model permissions itself; admin:index is in the matrix.
    "admin:",
}


def _modules():
    for app in APPS:
        try:
            yield importlib.import_module(f"tests.{app}.matrix")
        except ModuleNotFoundError as exc:
            if not f"tests.{app}.matrix".startswith(exc.name or "-"):
                raise


MODULES = list(_modules())
ROUTES: list[Route] = [route for module in MODULES for route in getattr(module, "ROUTES", [])]


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>"


def project_route_names() -> set[str]:
    return {name for name in _walk(get_resolver().url_patterns) if not name.startswith(tuple(NOT_IN_MATRIX))}


def test_every_route_is_in_the_matrix():
    names = project_route_names()
    unnamed = sorted(n for n in names if "<unnamed" in n)
    assert not unnamed, f"give these URL patterns a name: {unnamed}"
    covered = {route.name for route in ROUTES}
    missing = sorted(names - covered)
    assert not missing, f"routes missing from the permission matrix: {missing}"
    stale = sorted(covered - names - {"admin:index"})
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"


def test_no_route_is_listed_twice():
    seen = [route.name for route in ROUTES]
    assert len(seen) == len(set(seen))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The cast and every app's objects, built ONCE for the module inside a transaction that is
    rolled back when the module ends. Each route's test runs in a savepoint of it (pytest-django's
    `db`), and each cell in a savepoint of that, so no cell sees what another one changed."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_cast()
        for module in MODULES:
            build = getattr(module, "build", None)
            if build:
                build(world)
        yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module", autouse=True)
def _schema_generated_once():
    """The schema is one public document (SERVE_PUBLIC), the same for every member of the cast:
    the first cell generates it and the others are served that document, still through the view's
    authentication, permissions and renderer."""
    from drf_spectacular.generators import SchemaGenerator

    generate = SchemaGenerator.get_schema
    documents = {}

    def get_schema(self, request=None, public=False):
        key = (self.api_version, public, translation.get_language())
        if key not in documents:
            documents[key] = generate(self, request=request, public=public)
        return copy.deepcopy(documents[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SchemaGenerator, "get_schema", get_schema)
        yield


def _call(route: Route, method: str, role: str, world, api_as, page_as) -> int:
    user = getattr(world, role)
    url = reverse(route.name, kwargs=route.kwargs(world) if route.kwargs else None) + route.query
    client = api_as(user) if route.is_api else page_as(user)
    data = route.data(world) if route.data else None
    call = getattr(client, method.lower())
    if method == "GET":
        return call(url).status_code
    if route.is_api:
        return call(url, data or {}, format=route.format).status_code
    return call(url, data or {}).status_code


# One test per route; each cell (method × member of the cast) runs in a savepoint that is rolled
# back, so a cell that changes state (an accepted task, a submitted form) cannot leak into the
# next, and the world is built once for all the routes.
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_permission_matrix(route: Route, world, db, api_as, page_as):
    wrong = []
    for method, spec in route.expect.items():
        for role in CAST:
            expected = spec.get(role, spec.get("*"))
            assert expected is not None, f"{route.name} {method}: no expectation for {role}"
            allowed = expected if isinstance(expected, tuple) else (expected,)
            cache.clear()  # throttles and lockouts count per cell
            with transaction.atomic():
                status = _call(route, method, role, world, api_as, page_as)
                transaction.set_rollback(True)
            if status not in allowed:
                wrong.append(f"{role} {method}: got {status}, expected {expected}")
    assert not wrong, f"{route.name}:\n  " + "\n  ".join(wrong)
