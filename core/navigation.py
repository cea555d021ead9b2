"""The menu: each app registers its entries in its AppConfig.ready(); the base template shows
each user only the entries their roles allow.

Core knows no app, so the scope an entry's `visible` predicate receives is opaque here: it is
whatever the context processor that draws the menu computes for the user (accounts' Scope).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    visible: Callable[[Any], bool] = lambda scope: True
    order: int = 100

    @property
    def url(self) -> str:
        # Every page draws the menu: a reverse() per entry per page was a good part of a short page.
        return _url(self.url_name, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _url(url_name: str, prefix: str) -> str:
    return reverse(url_name)


_items: list[NavItem] = []


def nav_register(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)
        _items.sort(key=lambda i: i.order)


def nav_for(scope: Any) -> list[NavItem]:
    return [item for item in _items if item.visible(scope)]
