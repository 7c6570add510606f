"""WSGI entry point for gunicorn: `gunicorn newsroom.wsgi`.

Cached pages for anonymous readers are answered by `CachedPages` before
Django builds a request (newsroom/pagecache.py); everything else goes to
Django: an anonymous reader's request through the middleware that concerns
readers (`ReaderRouting`, newsroom/readers.py), any other through all of it.
`RequestLog`, outermost, writes one JSON line per request when
REQUEST_LOG is on (newsroom/requestlog.py).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

# These need the settings configured above.
from newsroom.pagecache import CachedPages  # noqa: E402
from newsroom.readers import ReaderRouting  # noqa: E402
from newsroom.requestlog import RequestLog  # noqa: E402

application = RequestLog(CachedPages(ReaderRouting(django_application)))
