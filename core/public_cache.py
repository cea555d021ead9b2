"""Lists and pages that are the same for every visitor, kept in the shared cache (CACHE_URL).

A *topic* names the tables a public list is built from (`PLACES`: streets and communities;
`DUTY_LISTS`: duty lists, their categories and items; `ORGANIZATIONS`: the organisations the
directory shows). Each topic has a version, a random token kept in the cache, and every entry's
key holds the tokens of the topics it was built from: once a token changes, no one reads an entry
built before the change again (it expires unread).

Whatever writes a topic's tables calls `public_changed(topic)`: the actions, the admin's saves and
the reference loaders (STYLE.md: no signals). It replaces the token at once, so the writer's next
read (the page it is redirected to) is built afresh, and again when the transaction commits,
because between the two a reader may have cached what the database still showed before the
commit. A token the cache lost is replaced by a new one: a lost token empties the topic, it never
brings an old entry back.

Callers key an entry on everything the output depends on besides the topics: the language (added
here), the path and query, the host (absolute links), and any difference between callers (say,
whether the page shows the district's import button).

The cache is a convenience, never a dependency: when it cannot be reached, a list is built afresh
and a write goes through (logged). Entries the cache kept through such an outage may then show
for up to TIMEOUT.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

PLACES = "places"
DUTY_LISTS = "duty_lists"
ORGANIZATIONS = "organizations"
TOPICS = (PLACES, DUTY_LISTS, ORGANIZATIONS)

# An entry lives this long unless its topic changes first; it bounds what rarely asked-for
# queries (a search typed once) keep in the cache.
TIMEOUT = 10 * 60

T = TypeVar("T")
logger = logging.getLogger(__name__)


def _version_key(topic: str) -> str:
    return f"public:version:{topic}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def public_versions(topics: Iterable[str]) -> str:
    """The current tokens of `topics`, as one string for a key."""
    keys = [_version_key(t) for t in topics]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Another process may add its own at the same moment: whichever lands is read back.
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key) or _new_token()
    return ".".join(found[key] for key in keys)


def public_changed(topic: str) -> None:
    """A write to `topic`'s tables: entries built before it are not read again."""
    if topic not in TOPICS:
        raise ValueError(f"unknown public topic {topic!r}")

    def bump() -> None:
        try:
            cache.set(_version_key(topic), _new_token(), timeout=None)
        except Exception:
            logger.exception("public cache: could not renew %s (entries may show for %ss)", topic, TIMEOUT)

    bump()
    transaction.on_commit(bump)


def public_cached(name: str, parts: Iterable, topics: Iterable[str], build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when a visitor already asked for the same thing since
    the topics last changed. `parts`: whatever else the result depends on (path, query, host...).
    `build` must not return None."""
    topics = tuple(topics)
    digest = hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=16).hexdigest()
    try:
        key = f"public:{name}:{get_language()}:{public_versions(topics)}:{digest}"
        value = cache.get(key)
    except Exception:
        logger.warning("public cache unreachable: %s built afresh", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("public cache unreachable: %s not kept", name, exc_info=True)
    return value


def public_fragment(request, name: str, topics: Iterable[str], template: str, context: Callable[[], dict], *, vary=()):
    """A page's content rendered from `template`, the same for every visitor, from the cache.

    `context()` runs only when the fragment is built, so the view's queries run only then too. The
    fragment sees `request` and what `context()` returns, but no context processor: nothing about
    the user (no `user`, no CSRF token) can slip into what every visitor is shown. `vary`: what
    else it depends on (say, whether the import button shows)."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    html = public_cached(
        name,
        (request.get_host(), request.get_full_path(), *vary),
        topics,
        lambda: render_to_string(template, {"request": request, **context()}),
    )
    return mark_safe(html)  # rendered by the template engine, which escaped it
