"""The file cache the workers of a host share without Redis (newsroom.cache.SharedFileCache)."""

from unittest import mock

from newsroom.cache import SharedFileCache


def make_cache(tmp_path, max_entries):
    """With the production settings' culling: a tenth of the files when over the limit."""
    return SharedFileCache(
        str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": max_entries, "CULL_FREQUENCY": 10}}
    )


def test_writes_do_not_list_the_folder_each_time(tmp_path):
    """Django's backend lists every file at each write; this one every 100th write."""
    store = make_cache(tmp_path, 10_000)
    with mock.patch.object(store, "_list_cache_files", wraps=store._list_cache_files) as listed:
        for n in range(250):
            store.set(f"page-{n}", b"<html>", 300)
    assert listed.call_count == 3  # writes 1, 101 and 201
    assert store.get("page-249") == b"<html>"


def test_the_folder_stays_bounded(tmp_path):
    """It may exceed MAX_ENTRIES by the writes between two counts, never more (while
    MAX_ENTRIES is above CULL_EVERY × CULL_FREQUENCY, as in production: 20,000 > 1,000)."""
    store = make_cache(tmp_path, 1_500)
    sizes = []
    for n in range(4_000):
        store.set(f"page-{n}", b"<html>", 300)
        if n % 25 == 0:
            sizes.append(len(store._list_cache_files()))
    assert max(sizes) <= 1_500 + SharedFileCache.CULL_EVERY
    assert sizes[-1] >= 1_300
