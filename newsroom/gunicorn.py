"""gunicorn configuration: `gunicorn -c python:newsroom.gunicorn newsroom.wsgi`.

Every value can be overridden with the usual GUNICORN_CMD_ARGS or the
environment variables below, parsed as strictly as the settings' (a typo
stops gunicorn with the variable's name). See docs/deploy.md.
"""

import multiprocessing

from environs import Env
from marshmallow.validate import Range

env = Env()
POSITIVE = Range(min=1)

bind = env.str("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: requests are short and the database does the waiting; two per
# core leaves room for one worker blocked on I/O.
workers = env.int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1, validate=POSITIVE)
worker_class = "sync"
timeout = env.int("GUNICORN_TIMEOUT", 30, validate=POSITIVE)
graceful_timeout = 30
keepalive = 2
# Recycle workers now and then (jittered so they do not all restart together),
# which bounds the memory any slow leak can take. Rarely: a cached page costs
# well under a millisecond, so at 2,000 a worker restarted every ~2 s under load
# and lost a quarter of the throughput; 50,000 is minutes between restarts.
max_requests = env.int("GUNICORN_MAX_REQUESTS", 50_000, validate=Range(min=0))
max_requests_jitter = env.int("GUNICORN_MAX_REQUESTS_JITTER", 5_000, validate=Range(min=0))
# Import the app once in the master so workers share memory pages.
preload_app = True
accesslog = env.str("GUNICORN_ACCESS_LOG", "") or None
errorlog = "-"
forwarded_allow_ips = env.str("FORWARDED_ALLOW_IPS", "127.0.0.1")
