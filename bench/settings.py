"""Settings of the benchmark server: development settings plus the ceiling page.

Used by ``bench.run`` (in-process pages) and by the load test's gunicorn server.
Same middleware stack as every staff page; only the URLconf gains ``/bench/ceiling/``.
"""

from __future__ import annotations

from config.settings.dev import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
