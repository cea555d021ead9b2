"""Lists and pages kept in the shared cache (CACHE_URL): public ones, the same for every visitor,
and personalised API lists, the same for every caller whose scope holds the same units
(`core.api.CachedListMixin` keys those on the scope).

A *topic* names the tables a cached list is built from (`PLACES`: streets, communities and
departments; `DUTY_LISTS`: duty lists, their categories and items; `ORGANIZATIONS`: the
organisations the directory shows; `TASKS`: task requests and their communities' answers;
`PEOPLE`: social workers and their certificates). A list that reads only some of a topic's rows
may name parts of it instead (`tasks/community/12`: the task requests one community received), so
that a write elsewhere leaves it be. Each topic has a version, a random token kept in the cache,
and every entry's key holds the tokens of the topics it was built from: once a token changes, no
one reads an entry built before the change again (it expires unread).

Whatever writes a topic's tables calls `public_changed(topic)`: the actions, the admin's saves and
the reference loaders (STYLE.md: no signals). It replaces the token at once, so the writer's next
read (the page it is redirected to) is built afresh, and again when the transaction commits,
because between the two a reader may have cached what the database still showed before the
commit. A token the cache lost is replaced by a new one: a lost token empties the topic, it never
brings an old entry back.

Callers key an entry on everything the output depends on besides the topics: the language (added
here), the path and query, the host (absolute links), and any difference between callers (say,
whether the page shows the district's import button, or the units of a caller's scope).

Pages the same for every visitor who is not signed in are kept whole for those visitors
(`public_page`, a view decorator), with each visitor's CSRF token put in on the way out; a signed-in
user gets the page built for them, with its shared part from `public_fragment`.

The cache is a convenience, never a dependency: when it cannot be reached, a list is built afresh
and a write goes through (logged). Entries the cache kept through such an outage may then show
for up to TIMEOUT.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

# Streets, communities and departments: their names are in many lists.
PLACES = "places"
DUTY_LISTS = "duty_lists"
ORGANIZATIONS = "organizations"
TASKS = "tasks"
PEOPLE = "people"
TOPICS = (PLACES, DUTY_LISTS, ORGANIZATIONS, TASKS, PEOPLE)

# An entry lives this long unless its topic changes first; it bounds what rarely asked-for
# queries (a search typed once) keep in the cache.
TIMEOUT = 10 * 60

T = TypeVar("T")
logger = logging.getLogger(__name__)


def _version_key(topic: str) -> str:
    return f"public:version:{topic}"


def _new_token() -> str:
    return uuid.uuid4().hex[:16]


def topic_part(topic: str, *unit) -> str:
    """The name of a part of `topic` (`topic_part(TASKS, "community", 12)`: `tasks/community/12`),
    for a list that reads only some of the topic's rows."""
    return "/".join([topic, *map(str, unit)])


def public_versions(topics: Iterable[str]) -> str:
    """The current tokens of `topics`, as one string for a key. A part of a topic brings its whole
    topic's token too: a write to the whole topic (a loader's) reaches every part."""
    topics = tuple(topics)
    wholes = [t.partition("/")[0] for t in topics if "/" in t]
    keys = [_version_key(t) for t in dict.fromkeys([*topics, *wholes])]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # Another process may add its own at the same moment: whichever lands is read back.
            cache.add(key, _new_token(), timeout=None)
            found[key] = cache.get(key) or _new_token()
    return ".".join(found[key] for key in keys)


def public_changed(*topics: str) -> None:
    """A write to the tables of `topics`: entries built before it are not read again.

    A topic is one of TOPICS, or one of its parts named `<topic>/<unit kind>/<id>` (the task
    requests of one community, say), for lists that read only some of a topic's rows."""
    for topic in topics:
        if topic.partition("/")[0] not in TOPICS:
            raise ValueError(f"unknown public topic {topic!r}")

    def bump() -> None:
        try:
            cache.set_many({_version_key(topic): _new_token() for topic in topics}, timeout=None)
        except Exception:
            logger.exception("public cache: could not renew %s (entries may show for %ss)", topics, TIMEOUT)

    bump()
    transaction.on_commit(bump)


def _entry_key(name: str, parts: Iterable, topics: Iterable[str]) -> str:
    digest = hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=16).hexdigest()
    return f"public:{name}:{get_language()}:{public_versions(tuple(topics))}:{digest}"


def public_cached(name: str, parts: Iterable, topics: Iterable[str], build: Callable[[], T]) -> T:
    """`build()`'s result, from the cache when a visitor already asked for the same thing since
    the topics last changed. `parts`: whatever else the result depends on (path, query, host...).
    `build` must not return None."""
    try:
        key = _entry_key(name, parts, topics)
        value = cache.get(key)
    except Exception:
        logger.warning("public cache unreachable: %s built afresh", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        _keep(name, key, value)
    return value


def _keep(name: str, key: str, value) -> None:
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("public cache unreachable: %s not kept", name, exc_info=True)


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


# --- Whole pages for visitors who are not signed in ------------------------------------------------

# What a cached page holds where its CSRF tokens were: each visitor is given their own on the way out.
CSRF_MARK = "__wuhou-visitor-csrf-token__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Cookies that make a visitor's page their own: a session (signed in, or messages kept there) or
# messages waiting in a cookie.
_PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)


def _a_plain_visitor(request) -> bool:
    return (
        request.method == "GET"
        and not any(name in request.COOKIES for name in _PERSONAL_COOKIES)
        and "HTTP_AUTHORIZATION" not in request.META
    )


def public_page(name: str, topics: Iterable[str] = ()):
    """View decorator: a page that is the same for every visitor who is not signed in is served to
    them whole from the cache, and built by the view only when a visitor first asks for it since
    its topics last changed (or after TIMEOUT).

    What differs between such visitors is in the key (language, host, path and query, large-text
    mode) or handed out per request: the CSRF token of its forms (the language and large-text
    switches), replaced by CSRF_MARK in the cache and by the visitor's own token on the way out, so
    that the middleware sets the visitor's cookie as for any rendered page. A signed-in visitor,
    one with a session or with messages waiting, and anything but a 200 HTML answer go through the
    view as usual. The view's own fragments (`public_fragment`) still serve signed-in visitors."""
    topics = tuple(topics)

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _a_plain_visitor(request):
                return view(request, *args, **kwargs)
            parts = (request.get_host(), request.get_full_path(), request.COOKIES.get("large_text") == "1")
            try:
                key = _entry_key(f"page:{name}", parts, topics)
                html = cache.get(key)
            except Exception:
                logger.warning("public cache unreachable: page %s built afresh", name, exc_info=True)
                return view(request, *args, **kwargs)
            if html is not None:
                return HttpResponse(html.replace(CSRF_MARK, get_token(request)))  # text/html; utf-8
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and response.get("Content-Type", "").startswith("text/html")
                and not response.cookies
            ):
                if hasattr(response, "render") and not response.is_rendered:
                    response.render()
                page = _CSRF_INPUT.sub(rf"\g<1>{CSRF_MARK}\g<2>", response.content.decode(response.charset))
                _keep(f"page:{name}", key, page)
            return response

        return wrapped

    return decorate
