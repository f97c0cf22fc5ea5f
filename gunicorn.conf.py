"""gunicorn's settings, read from the working directory by every gunicorn started here
(docker-compose's web, the live tests, bench/load.py).

Threads, not sync workers: a sync worker reports to the arbiter only between requests, so a
long streamed export (a calendar of every item) is killed at `timeout` and, a few at once, take
every worker. A gthread worker keeps reporting while its threads stream, and while some threads
stream the others serve pages.
"""

import os

wsgi_app = "cica_site.wsgi"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("WEB_THREADS", "4"))
# Seconds a worker may go silent (stuck, not busy: busy threads do not silence it).
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# No keep-alive: gthread closes a connection idle for `keepalive` seconds, and a client sending
# on it at that moment gets a reset instead of an answer (the load test saw one in 348 writes).
# The TLS proxy in front opens its own connections; a request costs a TCP handshake on loopback.
keepalive = 0
