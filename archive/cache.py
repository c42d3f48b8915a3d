"""Django's file cache, for the caches gunicorn's workers share in production
(archive/settings/production.py: the rate limits' counts, the PDFs).

Django's ``FileBasedCache`` lists its whole folder on every write to count its
entries: 16 ms a write at 4,000 files (measured on the rate limits' counter,
which writes on every request to a limited address), more than the search it
guards. This one counts on one write in ``CULL_EVERY`` (an option, 100 by
default) and, when over ``MAX_ENTRIES``, removes the expired entries before
any live one (Django's removes a random third, live counts included).
"""

import contextlib
import random

from django.core.cache.backends.filebased import FileBasedCache


class SharedFileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._cull_every = int(params.get("OPTIONS", {}).get("CULL_EVERY", 100))

    def _cull(self):
        if random.randrange(self._cull_every):
            return
        files = self._list_cache_files()
        if len(files) < self._max_entries:
            return
        for name in files:
            with contextlib.suppress(FileNotFoundError), open(name, "rb") as f:
                self._is_expired(f)  # removes the file if it is
        super()._cull()  # still too many: Django's random third
