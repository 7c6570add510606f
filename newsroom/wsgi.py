"""WSGI entry point for gunicorn: `gunicorn newsroom.wsgi`.

Cached pages for anonymous readers are answered by `CachedPages` before
Django builds a request (newsroom/pagecache.py); everything else goes to
Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

from newsroom.pagecache import CachedPages  # noqa: E402 - needs the settings configured above

application = CachedPages(django_application)
