"""Recueil on several nodes, on loopback, from the files of ``deploy/``.

The pieces of docs/DEPLOY.md run here as they run in production, from the same files:
each application node is the command line of ``deploy/systemd/recueil-web.service``
(its gunicorn settings ``deploy/gunicorn/gunicorn.conf.py``), HAProxy runs
``deploy/haproxy/haproxy.cfg`` with TLS, Redis ``deploy/redis/recueil.conf`` and
PgBouncer ``deploy/pgbouncer/pgbouncer.ini``. Only addresses, ports and paths differ:
they come from the same environment variables as in production, or (PgBouncer, Redis)
from command-line overrides and a copy with loopback addresses.

Used by ``bench.cluster_run`` (``make bench-cluster``) and by
``tests/deploy/test_cluster.py`` (a short version: two nodes, a kill, a few requests).
"""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNIT_ROOT = "/opt/recueil"  # where the systemd units expect the checkout
PUBLIC_HOST = "recueil.test"

# The HAProxy log line of deploy/haproxy/haproxy.cfg's log-format:
# "%tr %ID %s %ST %Ta %tsc %rc %HM %HPO"
LOG_LINE = re.compile(
    r"(?P<at>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d\.\d{3}) (?P<id>\S+) (?P<server>\S+) "
    r"(?P<status>-?\d+) (?P<ta>-?\d+) (?P<term>\S+) (?P<retries>\+?-?\d+) (?P<method>\S+) "
    r"(?P<path>\S+)"
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CATEGORY = re.compile(r'name="categories" value="([^"]+)"')
REFERENCE = re.compile(r"\(dossier ([A-Z0-9_.-]+-\d{4}-\d+)\)")


def missing_tools() -> list[str]:
    """Debian packages the cluster needs that are not installed."""
    tools = {"haproxy": "haproxy", "redis-server": "redis-server"}
    absent = [package for tool, package in tools.items() if shutil.which(tool) is None]
    if not (Path(sys.executable).parent / "gunicorn").exists():
        absent.append("gunicorn (pip)")
    return absent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed_pem(path: Path, host: str) -> None:
    """A certificate and its key in one PEM file, as HAProxy's ``crt`` wants it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def unit_command(unit: Path) -> list[str]:
    """The ``ExecStart`` of a systemd unit of ``deploy/systemd``, for this checkout."""
    for line in unit.read_text(encoding="utf-8").splitlines():
        if line.startswith("ExecStart="):
            command = line.removeprefix("ExecStart=")
            command = command.replace(f"{UNIT_ROOT}/.venv/bin/", f"{Path(sys.executable).parent}/")
            return shlex.split(command.replace(UNIT_ROOT, str(ROOT)))
    raise ValueError(f"{unit} has no ExecStart")


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed")
    return path


def _wait_for(check: Callable[[], bool], what: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up within {seconds:g} s")


def _answers(url: str, headers: dict[str, str]) -> bool:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


@dataclass
class Node:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """Redis, application nodes and HAProxy on loopback; ``stop()`` ends what it started."""

    workdir: Path
    env: dict[str, str]
    workers: int = 1
    nodes: dict[str, Node] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    proxy_port: int = 0
    redis_port: int = 0
    proxy_log: Path | None = None
    proxy: subprocess.Popen[bytes] | None = None
    scratch: list[Path] = field(default_factory=list)
    key_store_drop: tuple[str, str] | None = None

    # --- pieces -------------------------------------------------------------------
    def start_redis(self) -> str:
        self.redis_port = free_port()
        process = subprocess.Popen(  # noqa: S603
            [
                _tool("redis-server"),
                str(DEPLOY / "redis" / "recueil.conf"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--dir",
                str(self.workdir),
                "--appendonly",
                "no",
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.processes.append(process)
        _wait_for(self._redis_up, "redis")
        return f"redis://127.0.0.1:{self.redis_port}"

    def _redis_up(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start_pgbouncer(
        self, host: str, port: int, dbname: str, password: str, user: str = "postgres"
    ) -> int:
        """PgBouncer from deploy/pgbouncer/pgbouncer.ini, pointed at loopback."""
        listen = free_port()
        # PgBouncer refuses to run as root: as root it runs as postgres, from a directory
        # of its own (the work directory may sit in one postgres cannot enter).
        as_root = os.geteuid() == 0
        home = Path(tempfile.mkdtemp(prefix="recueil-pgbouncer-")) if as_root else self.workdir
        self.scratch.append(home)
        text = (DEPLOY / "pgbouncer" / "pgbouncer.ini").read_text(encoding="utf-8")
        text = re.sub(
            r"^recueil = .*$",
            f"{dbname} = host={host} port={port} dbname={dbname}",
            text,
            flags=re.M,
        )
        replacements = {
            "listen_port": str(listen),
            "auth_file": str(home / "userlist.txt"),
            "logfile": str(home / "pgbouncer.log"),
            "pidfile": str(home / "pgbouncer.pid"),
        }
        for key, value in replacements.items():
            text = re.sub(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.M)
        config = home / "pgbouncer.ini"
        config.write_text(text, encoding="utf-8")
        (home / "userlist.txt").write_text(f'"{user}" "{password}"\n', encoding="utf-8")
        command = [_tool("pgbouncer"), str(config)]
        if as_root:
            command[1:1] = ["-u", "postgres"]
            for path in (home, home / "pgbouncer.ini", home / "userlist.txt"):
                shutil.chown(path, "postgres")
        process = subprocess.Popen(  # noqa: S603 — its log is the logfile above
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        self.processes.append(process)
        _wait_for(lambda: _port_open(listen), "pgbouncer")
        return listen

    def prepare_key_store(self, host: str, port: int, dbname: str, user: str = "postgres") -> str:
        """A fresh key-store database beside ``dbname`` (production refuses to start without
        one, docs/BACKUP.md), migrated as the docs say; dropped by ``stop()``."""
        name = f"{dbname}_keystore"
        server = f"postgresql://{user}@{host}:{port}/postgres"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.key_store_drop = (server, name)
        url = f"postgres://{user}@{host}:{port}/{name}"
        self.env["RECUEIL_KEY_STORE_URL"] = url
        subprocess.run(  # noqa: S603 — our own manage.py, arguments fixed
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--database", "keystore"],
            env=self.env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return url

    def start_node(self, name: str) -> Node:
        port = free_port()
        env = dict(
            self.env, RECUEIL_BIND=f"127.0.0.1:{port}", RECUEIL_WEB_WORKERS=str(self.workers)
        )
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(  # noqa: S603
            unit_command(DEPLOY / "systemd" / "recueil-web.service"),
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: a kill takes master and workers
        )
        node = Node(name, port, process)
        self.nodes[name] = node
        headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        _wait_for(lambda: _answers(f"http://{node.address}/healthz", headers), f"node {name}")
        return node

    def start_proxy(self, backends: list[str]) -> int:
        """HAProxy with deploy/haproxy/haproxy.cfg; ``backends``: node1's and node2's."""
        self.proxy_port = free_port()
        pem = self.workdir / "recueil.pem"
        self_signed_pem(pem, PUBLIC_HOST)
        config = DEPLOY / "haproxy" / "haproxy.cfg"
        if os.geteuid() != 0:
            # chroot and the change of user need root; nothing else differs.
            text = config.read_text(encoding="utf-8")
            text = re.sub(r"^\s+(chroot|user|group) .*$\n", "", text, flags=re.M)
            config = self.workdir / "haproxy.cfg"
            config.write_text(text, encoding="utf-8")
        env = dict(
            os.environ,
            RECUEIL_PROXY_BIND=f"127.0.0.1:{self.proxy_port}",
            RECUEIL_PROXY_HTTP=f"127.0.0.1:{free_port()}",
            RECUEIL_TLS_CERT=str(pem),
            RECUEIL_PUBLIC_HOST=PUBLIC_HOST,
            RECUEIL_NODE1=backends[0],
            RECUEIL_NODE2=backends[1],
            # One node behind both lines: each line gets half its workers.
            RECUEIL_NODE_MAXCONN=str(
                max(1, self.workers // 2) if backends[0] == backends[1] else self.workers
            ),
            RECUEIL_HAPROXY_LOG="stdout",
        )
        self.proxy_log = self.workdir / "haproxy.log"
        log = open(self.proxy_log, "ab")  # noqa: SIM115 — closed with the process
        process = subprocess.Popen(  # noqa: S603
            [_tool("haproxy"), "-db", "-f", str(config)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        self.proxy = process
        _wait_for(lambda: _port_open(self.proxy_port), "haproxy")
        return self.proxy_port

    def stop_proxy(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            os.killpg(self.proxy.pid, signal.SIGTERM)
            self.proxy.wait(timeout=20)
        self.proxy = None

    @property
    def url(self) -> str:
        return f"https://{PUBLIC_HOST}:{self.proxy_port}"

    def kill(self, name: str) -> float:
        """SIGKILL a node, master and workers at once; the moment it happened."""
        node = self.nodes[name]
        at = time.time()
        os.killpg(node.process.pid, signal.SIGKILL)
        node.process.wait(timeout=10)
        return at

    def stop(self) -> None:
        for process in [n.process for n in self.nodes.values()] + self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for process in [n.process for n in self.nodes.values()] + self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for directory in self.scratch:
            if directory != self.workdir:
                shutil.rmtree(directory, ignore_errors=True)
        if self.key_store_drop:
            server, name = self.key_store_drop
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self.key_store_drop = None

    def proxy_lines(self) -> list[dict[str, str]]:
        """HAProxy's log of the requests so far, one dict per request."""
        if self.proxy_log is None or not self.proxy_log.exists():
            return []
        text = self.proxy_log.read_text(encoding="utf-8", errors="replace")
        return [m.groupdict() for m in LOG_LINE.finditer(text)]


def _port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Browser:
    """One person's browser through the proxy: cookies, TLS to the test certificate."""

    def __init__(self, base: str, port: int, forwarded_for: str | None = None) -> None:
        self.base = base
        self.port = port
        self.jar = http.cookiejar.CookieJar()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            urllib.request.HTTPSHandler(context=context),
        )
        self.forwarded_for = forwarded_for

    def _request(
        self, path: str, data: dict[str, str | list[str]] | None = None
    ) -> tuple[int, str, str]:
        """(status, final URL path, body): the public host name, sent to loopback."""
        url = f"https://127.0.0.1:{self.port}{path}"
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)  # noqa: S310
        request.add_header("Host", f"{PUBLIC_HOST}:{self.port}")
        request.add_header("Referer", f"https://{PUBLIC_HOST}:{self.port}{path}")
        if self.forwarded_for:
            request.add_header("X-Forwarded-For", self.forwarded_for)
        try:
            with self.opener.open(request, timeout=30) as response:
                final = urllib.parse.urlsplit(response.geturl()).path
                return response.status, final, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._request(path)

    def post(self, path: str, data: dict[str, str | list[str]]) -> tuple[int, str, str]:
        return self._request(path, data)

    def login(self, username: str, password: str, totp_key: str) -> bool:
        from django_otp.oath import totp

        _status, _path, page = self.get("/login/")
        _status, _path, page = self.post(
            "/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": _csrf(page)},
        )
        code = f"{totp(bytes.fromhex(totp_key), t0=0, step=30, digits=6):06d}"
        _status, path, _page = self.post(
            "/login/code/", {"otp_token": code, "csrfmiddlewaretoken": _csrf(page)}
        )
        return not path.startswith("/login/")

    def log_contact(self) -> tuple[int, str | None]:
        """Log one contact handed over to the referents: (status, the case's reference)."""
        _status, _path, form = self.get("/intake/")
        status, _path, page = self.post(
            "/intake/",
            {
                "csrfmiddlewaretoken": _csrf(form),
                "contacted_on": dt.date.today().isoformat(),  # noqa: DTZ011
                "channel": "phone",
                "contact_kind": "victim",
                "person_status": "student",
                "categories": CATEGORY.findall(form)[:1],
                "narrative": "Contact de charge : propos répétés en cours.",
                "consent_to_handover": "on",
            },
        )
        found = REFERENCE.search(page)
        return status, found.group(1) if found else None


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    if not found:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def node_env(database_url: str, keys: dict[str, str], secret_key: str) -> dict[str, str]:
    """The environment of recueil.env.example, for loopback: production settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RECUEIL_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=database_url,
        RECUEIL_SECRET_KEY=secret_key,
        RECUEIL_MASTER_KEYS=keys["MASTER_KEYS"],
        RECUEIL_ACTIVE_MASTER_KEY=keys["ACTIVE_MASTER_KEY"],
        RECUEIL_BLIND_INDEX_KEY=keys["BLIND_INDEX_KEY"],
        RECUEIL_ALLOWED_HOSTS=PUBLIC_HOST,
        RECUEIL_TRUSTED_PROXY_COUNT="1",
        RECUEIL_PROXY_ADDRESSES="127.0.0.1",
        RECUEIL_WEB_LOG_LEVEL="warning",
        RECUEIL_AUDIT_ANCHOR_DIR=str(ROOT / "var" / "cluster-anchors"),
    )
    return env


def proxy_time(at: str) -> float:
    """HAProxy's ``%tr`` (local time, milliseconds) as a Unix time."""
    return dt.datetime.strptime(at, "%d/%b/%Y:%H:%M:%S.%f").astimezone().timestamp()


def served_by(lines: list[dict[str, str]]) -> Iterator[str]:
    for line in lines:
        yield line["server"].rsplit("/", 1)[-1]
