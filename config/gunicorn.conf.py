"""Gunicorn, the production server: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment; the defaults suit one machine behind a
reverse proxy (nginx, Caddy, a load balancer) that terminates TLS."""

import multiprocessing
import os

# Where to listen. Behind a proxy on the same machine, the loopback is enough.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")

# Sync workers: one request at a time each. 2 × cores + 1 is gunicorn's advice; capped so a
# big machine does not start more Django processes (each ~150 MB) than PostgreSQL wants.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# Django is loaded once in the master, before the port opens and the workers fork: an import
# error stops the start at once, workers share the code's memory and start fast. (A code
# change then needs a restart, not a HUP.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes")

# A request longer than this is killed (the worker is restarted): long work goes to the
# queue worker, never into a web request. PDFs of one invoice or report take a few seconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Workers are replaced after a number of requests, so a slow leak cannot grow forever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The addresses of the proxies trusted to set X-Forwarded-Proto / X-Forwarded-For: from them,
# "X-Forwarded-Proto: https" makes the request secure for Django (HSTS, secure cookies,
# SECURE_SSL_REDIRECT). Only the proxy's address, never "*" when the port is reachable
# from outside: anybody could then claim HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs on stdout / stderr for the service manager (systemd, a container runtime).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The access log names the path without its query string (%(U)s, not %(r)s), no referrer
# (it holds the previous URL and its query) and no user name: a search for a person's name
# or NIR (?q=…) must not land in the logs. Status, size and duration in milliseconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# Bounds on what a client may send before Django sees it.
limit_request_line = 8190
limit_request_fields = 100
