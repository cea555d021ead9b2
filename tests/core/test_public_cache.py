"""The shared cache of public lists: an entry is never read after a write to its topic."""

from django.core.cache import cache
from django.core.cache.backends.base import BaseCache
from django.utils import translation

from core.public_cache import DUTY_LISTS, PLACES, public_cached, public_changed


def _cached(value, topics=(PLACES,), parts=("/x",)):
    return public_cached("test", parts, topics, lambda: value)


def test_a_second_visitor_gets_what_the_first_one_built(db):
    assert _cached("built") == "built"
    assert _cached("rebuilt") == "built"


def test_a_write_to_the_topic_is_visible_at_once(db):
    _cached("before")
    public_changed(PLACES)
    assert _cached("after") == "after"


def test_a_write_to_another_topic_keeps_the_entry(db):
    _cached("kept")
    public_changed(DUTY_LISTS)
    assert _cached("other") == "kept"


def test_what_a_reader_built_before_the_writer_committed_is_not_read_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        public_changed(PLACES)
        # Another process reads before the commit: it sees the old rows and caches them.
        _cached("what the database showed before the commit")
    assert _cached("after the commit") == "after the commit"


def test_a_lost_version_never_brings_an_old_entry_back(db):
    _cached("old")
    cache.delete("public:version:places")
    assert _cached("new") == "new"


def test_entries_differ_by_language_and_by_what_the_caller_passes(db):
    with translation.override("en"):
        assert _cached("english") == "english"
    with translation.override("zh-hans"):
        assert _cached("chinese") == "chinese"
    assert _cached("page 2", parts=("/x?page=2",)) == "page 2"


class UnreachableCache(BaseCache):
    """A cache server that does not answer."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache does not answer")

    get = set = add = get_many = delete = clear = _fail


def test_without_the_cache_lists_are_built_afresh_and_writes_go_through(settings, api, nanqiao, district_admin):
    from accounts.reference import reference_units_load

    settings.CACHES = {"default": {"BACKEND": "tests.core.test_public_cache.UnreachableCache"}}
    assert _cached("fresh") == "fresh"
    assert _cached("again") == "again"
    public_changed(PLACES)
    assert reference_units_load()["streets"] == 13
    names = [r["name"] for r in api.get("/api/v1/streets/").json()["results"]]
    assert "华兴街道" in names


# --- Whole pages for visitors who are not signed in --------------------------------------------------


def _visitor():
    from django.test import Client

    return Client(enforce_csrf_checks=True)


def _token_of(page: str) -> str:
    import re

    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_visitors_share_a_page_each_with_a_csrf_token_of_their_own(db, muling, django_assert_num_queries):
    first, second = _visitor(), _visitor()
    page = first.get("/organizations/")
    assert page.status_code == 200 and muling.name in page.content.decode()
    with django_assert_num_queries(0):  # the second visitor's page is not built again
        again = second.get("/organizations/")
    body = again.content.decode()
    assert muling.name in body and "__wuhou-visitor-csrf-token__" not in body
    # Each visitor's forms carry a token that matches the cookie they were given: switching the
    # language from the shared page works for both.
    for visitor, response in ((first, page), (second, again)):
        assert "csrftoken" in response.cookies
        switch = visitor.post(
            "/i18n/setlang/",
            {"language": "en", "next": "/organizations/", "csrfmiddlewaretoken": _token_of(response.content.decode())},
        )
        assert switch.status_code == 302
    assert _token_of(page.content.decode()) != _token_of(body)


def test_a_change_to_the_directory_shows_to_the_next_visitor(db, muling, district_admin):
    from organizations.actions.standing import organization_suspend

    assert muling.name in _visitor().get("/organizations/").content.decode()
    organization_suspend(actor=district_admin, organization=muling, comment="年检不合格")
    assert muling.name not in _visitor().get("/organizations/").content.decode()


def test_the_page_differs_by_language_large_text_and_query(db, muling):
    visitor = _visitor()
    assert "社会组织" in visitor.get("/organizations/").content.decode()
    assert "Social organisations" in visitor.get("/organizations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    visitor.cookies["large_text"] = "1"
    assert 'class="large-text"' in visitor.get("/organizations/").content.decode()
    del visitor.cookies["large_text"]
    assert 'class="large-text"' not in visitor.get("/organizations/").content.decode()
    assert muling.name not in visitor.get("/organizations/?q=不存在的名字").content.decode()


def test_signed_in_visitors_and_waiting_messages_never_get_the_shared_page(db, page_as, district_admin):
    _visitor().get("/")  # the visitors' home is cached
    mine = page_as(district_admin).get("/").content.decode()
    assert 'data-testid="logout"' in mine and 'data-testid="login"' not in mine
    # A visitor with a message waiting (signed out just now) sees it, on a page built for them.
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    visitor = _visitor()
    response = HttpResponse()
    storage = CookieStorage(type("R", (), {"COOKIES": {}})())
    storage._store([Message(20, "您已退出登录。")], response)
    visitor.cookies["messages"] = response.cookies["messages"].value
    assert "您已退出登录。" in visitor.get("/").content.decode()
    assert "您已退出登录。" not in _visitor().get("/").content.decode()


def test_a_write_to_one_part_of_a_topic_keeps_the_other_parts_and_the_whole_topic_reaches_all(db):
    from core.public_cache import TASKS, topic_part

    def cached(value, part):
        return _cached(value, topics=(topic_part(TASKS, "community", part),), parts=(f"/tasks/{part}",))

    cached("one", 1), cached("two", 2)
    public_changed(topic_part(TASKS, "community", 1))
    assert topic_part(TASKS, "community", 1) == "tasks/community/1"
    assert cached("one, again", 1) == "one, again"
    assert cached("two, again", 2) == "two"
    public_changed(TASKS)  # a loader writes the whole topic
    assert cached("two, after the loader", 2) == "two, after the loader"


def test_an_unknown_topic_is_refused(db):
    import pytest

    with pytest.raises(ValueError):
        public_changed("nonsense/community/1")
