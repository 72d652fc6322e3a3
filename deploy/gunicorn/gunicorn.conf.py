"""Gunicorn settings of one Recueil application node (docs/DEPLOY.md).

Read by ``deploy/systemd/recueil-web.service`` and by the cluster test and benchmark
(``bench/cluster.py``), which set the same variables. The node keeps nothing that a
request needs next time: any node may answer any request.
"""

import os

# Listen on the private interface only: the nodes are reached through HAProxy, never
# directly (the client address is taken from the header HAProxy sets).
bind = [os.environ.get("RECUEIL_BIND", "127.0.0.1:8000")]
# Sync workers: one request at a time per process, each with its own database connection
# (or pool, RECUEIL_DB_POOL). About two per core.
workers = int(os.environ.get("RECUEIL_WEB_WORKERS", "4"))
worker_class = "sync"
# A PDF conversion (LibreOffice) is the longest request: its own timeout is 60 s.
timeout = int(os.environ.get("RECUEIL_WEB_TIMEOUT", "90"))
graceful_timeout = 30
# Replace workers now and then (memory held by LibreOffice output, fragmentation).
max_requests = 2000
max_requests_jitter = 200
# X-Forwarded-Proto is honoured only from the proxy's address.
forwarded_allow_ips = os.environ.get("RECUEIL_PROXY_ADDRESSES", "127.0.0.1")
# Logs carry references, never content (T7): the access log has no query string.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("RECUEIL_WEB_LOG_LEVEL", "info")
proc_name = "recueil-web"
