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
