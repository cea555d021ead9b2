"""Reference-data and demo loaders, registered by each app in its AppConfig.ready().

Registration is explicit (a callable, never a dotted name resolved later), so a loader whose
module is missing or broken fails at start-up instead of being skipped. The commands run the
loaders in registration order, which is INSTALLED_APPS order, which lists the apps by layer:
an app's data may rely on the data of the layers below it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["reference", "demo"]


@dataclass(frozen=True)
class Loader:
    kind: Kind
    app_label: str
    name: str
    load: Callable


_loaders: list[Loader] = []


def loader_register(kind: Kind, app_label: str, load: Callable) -> None:
    """`load()` for reference data returns a dict of counts; `load(stdout=...)` for demo data."""
    if kind not in ("reference", "demo"):
        raise ValueError(f"unknown loader kind {kind!r}")
    if not callable(load):
        raise TypeError(f"{app_label}'s {kind} loader must be a function, not {load!r}")
    name = f"{load.__module__}.{load.__qualname__}"
    if any(existing.kind == kind and existing.name == name for existing in _loaders):
        return
    _loaders.append(Loader(kind=kind, app_label=app_label, name=name, load=load))


def loaders(kind: Kind) -> list[Loader]:
    return [loader for loader in _loaders if loader.kind == kind]
