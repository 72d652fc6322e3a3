"""Two application nodes behind HAProxy, from the files of ``deploy/``, survive losing one.

The short version of ``make bench-cluster`` (docs/DEPLOY.md, docs/PERFORMANCE.md): the
nodes run the command line of ``deploy/systemd/recueil-web.service`` with the production
settings, HAProxy runs ``deploy/haproxy/haproxy.cfg`` with TLS, Redis
``deploy/redis/recueil.conf``; the database is this test's. One person logs in through
the proxy, works on both nodes, one node is killed (SIGKILL), and the person goes on
working on the other, still logged in; every contact logged is in the database once.
Twice: nodes connected to PostgreSQL directly, and through PgBouncer in transaction mode
(``deploy/pgbouncer/pgbouncer.ini``, ``RECUEIL_DB_POOL=pgbouncer``): logging a contact
takes row locks and appends to the audit chain, which must hold within one transaction.
"""

from __future__ import annotations

import secrets

import pytest
from axes.models import AccessLog
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench.cluster import Browser, Cluster, node_env, proxy_time, served_by
from cases.models import Case, Role
from tests.people import PASSWORD, staff, totp_device
from tests.system_packages import needs_haproxy, needs_pgbouncer, needs_redis_server

pytestmark = [
    needs_haproxy,
    needs_redis_server,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the nodes share the database through PostgreSQL (DATABASE_URL=postgres://…)",
    ),
]


def _database_url() -> str:
    params = connection.settings_dict
    host = params["HOST"] or "127.0.0.1"
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{auth}@{host}:{params['PORT'] or 5432}/{params['NAME']}"


@pytest.fixture(
    params=[
        pytest.param("persistent", id="nodes-to-postgresql"),
        pytest.param("pgbouncer", id="nodes-through-pgbouncer", marks=needs_pgbouncer),
    ]
)
def cluster(request, tmp_path):
    env = node_env(_database_url(), settings.RECUEIL_KEYS, secrets.token_urlsafe(50))
    env["RECUEIL_DB_POOL"] = request.param
    running = Cluster(tmp_path, env, workers=1)
    try:
        params = connection.settings_dict
        running.prepare_key_store(
            params["HOST"] or "127.0.0.1",
            int(params["PORT"] or 5432),
            params["NAME"],
            user=params["USER"],
        )
        redis = running.start_redis()
        running.env["RECUEIL_CACHE_URL"] = f"{redis}/1"
        running.env["RECUEIL_CELERY_BROKER_URL"] = f"{redis}/0"
        if request.param == "pgbouncer":
            # deploy/pgbouncer/pgbouncer.ini in transaction mode, in front of this database.
            params = connection.settings_dict
            password = secrets.token_urlsafe(12)
            port = running.start_pgbouncer(
                params["HOST"] or "127.0.0.1",
                int(params["PORT"] or 5432),
                params["NAME"],
                password,
                user=params["USER"],
            )
            running.env["DATABASE_URL"] = (
                f"postgres://{params['USER']}:{password}@127.0.0.1:{port}/{params['NAME']}"
            )
        first, second = running.start_node("node1"), running.start_node("node2")
        running.start_proxy([first.address, second.address])
        yield running
    finally:
        running.stop()


@pytest.mark.django_db(transaction=True)
def test_a_person_keeps_working_through_the_proxy_when_a_node_is_killed(school_a, cluster):
    listener = staff(Role.LISTENER, school_a)
    # The nodes run the production hashers (the test settings' MD5 is not among them).
    listener.password = PBKDF2PasswordHasher().encode(PASSWORD, "clustertest", iterations=1000)
    listener.save(update_fields=["password"])
    device = totp_device(listener)

    browser = Browser(cluster.url, cluster.proxy_port, forwarded_for="203.0.113.9")
    assert browser.login(listener.username, PASSWORD, device.key)
    # The address the lockout sees is the one HAProxy saw, not the header the client forged.
    assert AccessLog.objects.get(username=listener.username).ip_address == "127.0.0.1"

    written = [browser.log_contact() for _ in range(2)]
    assert {"node1", "node2"} <= set(served_by(cluster.proxy_lines()))

    killed_at = cluster.kill("node2")
    pages = [browser.get("/contacts/") for _ in range(4)]
    written += [browser.log_contact() for _ in range(2)]

    # Still logged in (the session is in the database), every request answered.
    assert [(status, path) for status, path, _body in pages] == [(200, "/contacts/")] * 4
    assert all(status == 200 and reference for status, reference in written)
    after = [line for line in cluster.proxy_lines() if proxy_time(line["at"]) > killed_at]
    assert after
    assert set(served_by(after)) == {"node1"}
    assert all(200 <= int(line["status"]) < 400 for line in after)
    # Each contact logged is one case in the database: none lost, none doubled.
    references = [reference or "" for _status, reference in written]
    assert len(set(references)) == 4
    assert sorted(Case.objects.values_list("reference", flat=True)) == sorted(references)
