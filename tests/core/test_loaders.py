"""The demo and reference loaders each app registers: explicit, in layer order, never skipped."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from core import loaders as registry


@pytest.fixture
def fresh_registry(monkeypatch):
    monkeypatch.setattr(registry, "_loaders", list(registry._loaders))


def test_the_loaders_run_in_layer_order():
    assert [loader.name for loader in registry.loaders("reference")] == [
        "accounts.reference.reference_units_load",
        "services.reference.reference_load",
    ]
    assert [loader.name for loader in registry.loaders("demo")] == [
        "accounts.demo.demo_load",
        "organizations.demo.registration.demo_load",
        "organizations.demo.people.demo_load_people",
        "services.demo.demo_load",
        "procurement.demo.projects.demo_load",
        "procurement.demo.year_2014.demo_load_2014",
        "procurement.demo.contracts.demo_contracts_load",
        "orders.demo.residents.demo_residents_load",
        "orders.demo.orders.demo_load",
    ]
    layers = ["core", "accounts", "organizations", "services", "procurement", "orders"]
    assert [config.label for config in apps.get_app_configs() if config.label in layers] == layers


def test_a_loader_named_by_a_dotted_string_is_refused(fresh_registry):
    # The old list named "organizations.reference.reference_load", a module that never existed,
    # and the command skipped it in silence.
    with pytest.raises(TypeError):
        registry.loader_register("reference", "organizations", "organizations.reference.reference_load")


def test_a_failing_loader_makes_the_command_fail(fresh_registry, db):
    def reference_broken():
        raise RuntimeError("the CSV file is missing")

    registry.loader_register("reference", "services", reference_broken)
    with pytest.raises(RuntimeError, match="CSV file is missing"):
        call_command("load_reference", stdout=io.StringIO())


def test_registering_the_same_loader_twice_runs_it_once(fresh_registry, db):
    calls = []

    def demo_count(*, stdout):
        calls.append(1)

    registry.loader_register("demo", "procurement", demo_count)
    registry.loader_register("demo", "procurement", demo_count)
    assert [loader.name for loader in registry.loaders("demo")].count(f"{__name__}.{demo_count.__qualname__}") == 1
