"""The whole production stack, end to end (issue 14, item 6).

Starts what ``docker-compose.yml`` starts, with the commands and the environment read from it
(so they cannot drift apart): its own ``redis-server`` (the compose command, on a free port),
a database of its own on the PostgreSQL server of ``DATABASE_URL`` migrated by the ``migrate``
service's command, the ``web`` service's start (``deploy/start-web.sh``: collectstatic, then
gunicorn), the Celery ``worker`` and ``beat``, and an SMTP sink (aiosmtpd) in this process.
The compose variables are interpolated from a test ``.env`` (a strong random secret key…);
only hosts, ports, paths and three delays are substituted (listed in ``_stack_env``).

Then it plays: a contributor records a measurement through the write API with her token → the
worker recomputes → the public commitment page and the API show the new progress → the plan's
bulk zip is regenerated with the measurement → a reminder of a milestone due in seven days
reaches the SMTP sink once although the job runs twice. Then Redis is killed (SIGKILL): pages,
a feed and the log-in page still answer, within a second more than before; a write is
accepted; ``/healthz`` shows its recompute deferred; Redis restarts on the same port, beat's
drain hands the recompute back, and the page shows the new progress.

Every process runs in its own process group, killed at the end; their logs are written to
``test-output/e2e/`` and printed when the test fails. Locally, a missing PostgreSQL, Redis binary
or aiosmtpd skips the test; with ``CI`` set it fails.
"""

from __future__ import annotations

import contextlib
import datetime
import email
import email.policy
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
import yaml

from tests.conftest import service_missing

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
LOG_DIR = REPO / "test-output" / "e2e"
# Collected static files are kept between runs: a warm collectstatic takes seconds, a cold one
# (a fresh clone, CI) compresses everything once (toolkit.staticfiles).
STATIC_ROOT = REPO / "var" / "e2e-staticfiles"
VENV_BIN = Path(sys.executable).parent
FORWARDED = {"X-Forwarded-Proto": "https"}  # what the HTTPS proxy in front of gunicorn adds


# --- docker-compose.yml, read and interpolated --------------------------------------------------

_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:-|:\?)(?P<arg>[^}]*))?\}")


def interpolate(value: str, dotenv: dict[str, str]) -> str:
    """Compose's interpolation: ``${NAME}``, ``${NAME:-default}``, ``${NAME:?error}``."""

    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        found = dotenv.get(name, "")
        if op == ":?" and not found:
            raise AssertionError(f"docker-compose.yml requires {name}: {arg}")
        if op == ":-" and not found:
            return arg
        return found

    return _VARIABLE.sub(replace, value)


def compose_file() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the processes ------------------------------------------------------------------------------


class Stack:
    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def start(
        self, name: str, command: list[str], env: dict[str, str], cwd: Path = REPO
    ) -> subprocess.Popen:
        log = LOG_DIR / f"{name}.log"
        self.logs[name] = log
        with open(log, "ab") as out:
            process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: gunicorn's and Celery's children
            )
        self.processes[name] = process
        return process

    def run(self, name: str, command: list[str], env: dict[str, str], timeout: float) -> str:
        """Run a one-shot command (like compose's ``migrate``) to completion; its output."""
        process = self.start(name, command, env)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise AssertionError(f"{name} did not finish in {timeout} s") from None
        output = self.logs[name].read_text(errors="replace")
        assert code == 0, f"{name} failed ({code})"
        return output

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 10) -> None:
        process = self.processes.get(name)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)

    def read(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")

    def dump(self) -> str:
        parts = []
        for name, log in self.logs.items():
            text = log.read_text(errors="replace") if log.exists() else ""
            parts.append(f"===== {name} ({log}) =====\n{text[-6000:]}")
        return "\n".join(parts)


def wait_for(what: str, predicate: Callable[[], Any], timeout: float, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
        except Exception as exc:  # not ready yet (connection refused…)
            last = exc
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s (last: {last!r})")


# --- HTTP, as a browser behind the HTTPS proxy -------------------------------------------------


class Site:
    def __init__(self, base: str) -> None:
        self.base = base

    def request(
        self, path: str, *, data: dict | None = None, token: str = "", timeout: float = 10
    ) -> tuple[int, dict[str, str], bytes, float]:
        headers = dict(FORWARDED)
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Token {token}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                content = response.read()
                status, got = response.status, dict(response.headers)
        except urllib.error.HTTPError as error:
            content, status, got = error.read(), error.code, dict(error.headers)
        return status, got, content, time.monotonic() - started

    def get(self, path: str) -> tuple[int, bytes, float]:
        status, _headers, content, seconds = self.request(path)
        return status, content, seconds

    def api_progress(self, commitment: int) -> float | None:
        status, content, _ = self.get(f"/api/v1/commitments/{commitment}/")
        assert status == 200, content[:500]
        value = json.loads(content)["progress"]
        return None if value is None else float(value)


_PAGE_PROGRESS = re.compile(
    r'pgo-progress--lg"><span class="pgo-progress__track" aria-hidden="true">'
    r'<span class="pgo-progress__fill" style="width: ([0-9.]+)%"'
)


def page_progress(html: bytes) -> float | None:
    match = _PAGE_PROGRESS.search(html.decode())
    return float(match[1]) if match else None


# --- the SMTP sink ----------------------------------------------------------------------------


class Sink:
    """The messages aiosmtpd's ``Mailbox`` handler stored (a Maildir; ``X-RcptTo`` names the
    envelope's recipients)."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        if not (self.maildir / "new").exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted((self.maildir / "new").iterdir())
        ]

    def texts_to(self, address: str) -> list[str]:
        texts = []
        for message in self.messages:
            if address in str(message.get("X-RcptTo", "")):
                body = message.get_body(preferencelist=("plain", "html"))
                texts.append(f"{message['Subject']}\n{body.get_content() if body else ''}")
        return texts


# --- the fixture: the whole stack ---------------------------------------------------------------


def _requirements() -> tuple[str, str]:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        service_missing("the e2e test needs PostgreSQL: set DATABASE_URL=postgres://…")
    redis_server = shutil.which("redis-server")
    if not redis_server:
        service_missing("the e2e test needs the redis-server binary (apt package redis-server)")
    import importlib.util

    if importlib.util.find_spec("aiosmtpd") is None:
        service_missing("the e2e test needs aiosmtpd (make install)")
    for binary in ("gunicorn", "celery"):
        if not (VENV_BIN / binary).exists():
            service_missing(f"the e2e test needs {binary} in {VENV_BIN}")
    try:
        import psycopg

        with psycopg.connect(_server_url(database_url, "postgres"), connect_timeout=3):
            pass
    except Exception as exc:
        service_missing(f"PostgreSQL at {database_url} does not answer: {exc}")
    return database_url, redis_server


def _server_url(database_url: str, name: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))


def _stack_env(
    compose: dict, dotenv: dict[str, str], *, database_url: str, redis_port: int, tmp: Path
) -> dict[str, str]:
    """The ``x-app`` environment of docker-compose.yml, interpolated from ``dotenv``; then the
    substitutions that a machine without Docker needs, and nothing else."""
    env = {
        name: interpolate(str(value), dotenv)
        for name, value in compose["x-app"]["environment"].items()
    }
    # Hosts: the compose services "db" and "redis" are this machine's.
    db = urlsplit(env["DATABASE_URL"])
    assert db.hostname == "db", env["DATABASE_URL"]
    env["DATABASE_URL"] = database_url
    redis = urlsplit(env["REDIS_URL"])
    assert redis.hostname == "redis", env["REDIS_URL"]
    env["REDIS_URL"] = urlunsplit(redis._replace(netloc=f"127.0.0.1:{redis_port}"))
    env.update(
        {
            # the image's PATH and ENV (Dockerfile): its Python is this virtualenv's
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "PYTHONUNBUFFERED": "1",
            "PYTHONDONTWRITEBYTECODE": "1",
            # the web port (compose publishes 8000), two gunicorn workers for two CPUs
            "WEB_WORKERS": "2",
            # the volumes: media shared by web and worker, and the static files
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_STATIC_ROOT": str(STATIC_ROOT),
            # delays shortened so the test takes seconds, not minutes
            "SCORES_DEBOUNCE_SECONDS": "1",
            "OPENDATA_DEBOUNCE_SECONDS": "1",
            "PENDING_DRAIN_SECONDS": "2",
        }
    )
    return env


def _command(compose: dict, service: str, tmp: Path) -> list[str]:
    """A service's command; a path under /tmp (beat's schedule) goes under this test's folder."""
    return [arg.replace("/tmp/", f"{tmp}/") for arg in compose["services"][service]["command"]]


@pytest.fixture
def stack(tmp_path):
    database_url, redis_server = _requirements()
    shutil.rmtree(LOG_DIR, ignore_errors=True)
    LOG_DIR.mkdir(parents=True)
    compose = compose_file()
    name = f"{urlsplit(database_url).path.lstrip('/') or 'pgo'}_e2e"
    e2e_database_url = urlunsplit(urlsplit(database_url)._replace(path=f"/{name}"))

    import psycopg

    def admin(sql: str) -> None:
        with psycopg.connect(_server_url(database_url, "postgres"), autocommit=True) as conn:
            conn.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')

    ports = {"redis": free_port(), "web": free_port(), "smtp": free_port()}
    sink = Sink(tmp_path / "maildir")
    dotenv = {  # the .env an operator writes beside docker-compose.yml
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "POSTGRES_PASSWORD": secrets.token_urlsafe(16),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{ports['web']}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(ports["smtp"]),
        "COORDINATION_EMAILS": "coordination@pgo.example.fr",
    }
    env = _stack_env(
        compose, dotenv, database_url=e2e_database_url, redis_port=ports["redis"], tmp=tmp_path
    )
    env["WEB_BIND"] = f"127.0.0.1:{ports['web']}"
    redis_dir = tmp_path / "redis"
    redis_dir.mkdir()
    redis_command = [
        redis_server,
        *compose["services"]["redis"]["command"][1:],
        *("--port", str(ports["redis"]), "--bind", "127.0.0.1", "--dir", str(redis_dir)),
    ]
    assert compose["services"]["redis"]["command"][0] == "redis-server"

    processes = Stack()
    import redis as redis_client

    def redis_up() -> bool:
        return bool(redis_client.Redis(port=ports["redis"], socket_timeout=1).ping())

    def start_redis() -> None:
        processes.start("redis", redis_command, env)
        wait_for("redis-server answers", redis_up, timeout=15)

    try:
        # The SMTP sink, run outside the repository: aiosmtpd imports a module named ``public``
        # (atpublic), which the portal's app of that name would shadow.
        processes.start(
            "smtp",
            [
                sys.executable,
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                f"127.0.0.1:{ports['smtp']}",
                "-c",
                "aiosmtpd.handlers.Mailbox",
                str(sink.maildir),
            ],
            {"PATH": env["PATH"], "HOME": env["HOME"], "LANG": "C.UTF-8"},
            cwd=tmp_path,
        )
        wait_for(
            "the SMTP sink answers",
            lambda: (
                socket.create_connection(("127.0.0.1", ports["smtp"]), timeout=1).close() or True
            ),
            timeout=15,
        )
        start_redis()
        # collectstatic then gunicorn, while the database is migrated and seeded
        processes.start("web", _command(compose, "web", tmp_path), env)
        processes.run("migrate", _command(compose, "migrate", tmp_path), env, timeout=180)
        seeded = processes.run(
            "seed", [env_python(env), "-m", "tests.e2e.seed"], env, timeout=120
        ).strip()
        data = json.loads(seeded.splitlines()[-1])
        processes.start("worker", _command(compose, "worker", tmp_path), env)
        processes.start("beat", _command(compose, "beat", tmp_path), env)
        site = Site(f"http://127.0.0.1:{ports['web']}")
        wait_for(
            "gunicorn answers /healthz (cold collectstatic compresses everything once)",
            lambda: site.get("/healthz")[0] == 200,
            timeout=480,
            interval=0.5,
        )
        wait_for("the worker is ready", lambda: "ready." in processes.read("worker"), timeout=60)
        wait_for("beat is running", lambda: "beat: Starting" in processes.read("beat"), 30)
        yield {
            "site": site,
            "data": data,
            "env": env,
            "sink": sink,
            "processes": processes,
            "start_redis": start_redis,
            "redis_up": redis_up,
        }
    except BaseException:
        print(processes.dump())
        raise
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception):
            (LOG_DIR / "smtp-messages.log").write_text(
                "\n\n".join(str(message) for message in sink.messages), encoding="utf-8"
            )
        with contextlib.suppress(Exception):
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_python(env: dict[str, str]) -> str:
    return shutil.which("python", path=env["PATH"]) or sys.executable


def _succeeded(log: str, task: str) -> int:
    return len(re.findall(rf"Task {re.escape(task)}\[[^\]]+\] succeeded", log))


def _zip_texts(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8-sig", errors="replace")
            for name in archive.namelist()
            if name.endswith(".csv")
        )


# --- the scenario -------------------------------------------------------------------------------


def test_the_whole_stack_from_a_write_to_the_page_the_zip_the_mail_and_a_redis_outage(stack):
    site: Site = stack["site"]
    data = stack["data"]
    processes: Stack = stack["processes"]
    sink: Sink = stack["sink"]
    commitment, indicator, token = data["commitment"], data["indicator"], data["token"]
    page = f"/plans/{data['plan']}/engagements/{data['commitment_number']}/"
    today = data["today"]
    yesterday = (datetime.date.fromisoformat(today) - datetime.timedelta(days=1)).isoformat()
    try:
        # --- before: the seeded scores, the page, the zip ----------------------------------------
        before = site.api_progress(commitment)
        status, html, _ = site.get(page)
        assert status == 200
        assert page_progress(html) == before
        status, _headers, zip_before, _ = site.request(f"/api/v1/downloads/{data['plan']}.zip")
        assert status == 200, zip_before[:300]
        assert yesterday not in _zip_texts(zip_before)

        # --- a contributor records a measurement with her token ----------------------------------
        status, _h, body, _ = site.request(
            f"/api/v1/indicators/{indicator}/measurements/",
            data={"date": yesterday, "value": 80, "source": "data.gouv.fr"},
            token=token,
        )
        assert status == 201, body
        # the worker recomputes (debounced), the API and the public page show it
        after = wait_for(
            "the API shows the recomputed progress",
            lambda: (p := site.api_progress(commitment)) != before and p,
            timeout=30,
        )
        wait_for(
            "the public page shows the recomputed progress",
            lambda: page_progress(site.get(page)[1]) == after,
            timeout=15,
        )
        assert _succeeded(processes.read("worker"), "scoring.tasks.recompute_dirty_scores") >= 1

        # --- the plan's bulk zip is regenerated with the measurement -----------------------------
        def zip_regenerated():
            status, _got, content, _ = site.request(f"/api/v1/downloads/{data['plan']}.zip")
            return status == 200 and content != zip_before and yesterday in _zip_texts(content)

        wait_for("the bulk zip is regenerated with the new measurement", zip_regenerated, 30)

        # --- a due milestone's reminder reaches the SMTP sink once, the job run twice ------------
        from celery import Celery

        client = Celery(broker=stack["env"]["REDIS_URL"])
        try:
            for run in (1, 2):
                client.send_task("reminders.tasks.send_reminders")
                wait_for(
                    f"reminder job run {run} done",
                    lambda run=run: (
                        _succeeded(processes.read("worker"), "reminders.tasks.send_reminders")
                        >= run
                    ),
                    timeout=30,
                )
        finally:
            client.close()
        reminders = [
            text
            for text in sink.texts_to(data["contributor_email"])
            if data["milestone_title"] in text
        ]
        assert len(reminders) == 1, sink.messages

        # --- Redis killed: the site answers, a write is accepted ---------------------------------
        urls = [
            "/",
            "/plans/",
            page,
            f"/plans/{data['plan']}/flux.atom",
            "/compte/connexion/",
        ]
        normal = {}
        for url in urls:
            status, _c, normal[url] = site.get(url)
            assert status == 200, url
        processes.stop("redis", signal.SIGKILL)
        killed_at = time.monotonic()
        assert processes.processes["redis"].poll() is not None

        def all_answer() -> bool:
            for url in urls:
                status, _c, seconds = site.get(url)
                assert status == 200, (url, status)
                assert seconds < normal[url] + 1.0, (url, seconds, normal[url])
            return True

        for _ in range(3):  # each gunicorn worker meets the outage; the circuit opens
            all_answer()
        status, _h, body, seconds = site.request(
            f"/api/v1/indicators/{indicator}/measurements/",
            data={"date": today, "value": 30, "source": "data.gouv.fr"},
            token=token,
        )
        assert status == 201, body
        assert seconds < 3, seconds

        def deferred() -> bool:
            body = json.loads(site.get("/healthz")[1])
            return body["checks"]["pending_work"]["deferred"].get("scores") == 1

        wait_for("/healthz shows the recompute deferred in the database", deferred, 10)
        # the outage lasts past the circuit breaker's retry (REDIS_RETRY_SECONDS, 5 s): the
        # processes try Redis again, fail again, and the pages keep answering
        wait_for(
            "pages answering through an outage of 7 s",
            lambda: all_answer() and time.monotonic() - killed_at > 7,
            timeout=30,
        )
        assert site.api_progress(commitment) == after  # not recomputed while Redis is down

        # --- Redis back on the same port: the drain hands the recompute back ---------------------
        stack["start_redis"]()
        final = wait_for(
            "the write made during the outage is recomputed after Redis is back",
            lambda: (p := site.api_progress(commitment)) != after and p,
            timeout=60,
            interval=0.5,
        )
        wait_for(
            "the public page shows it",
            lambda: page_progress(site.get(page)[1]) == final,
            timeout=20,
        )
        assert _succeeded(processes.read("worker"), "resilience.tasks.drain_pending_work") >= 1
        wait_for(
            "nothing is left deferred",
            lambda: not json.loads(site.get("/healthz")[1])["checks"]["pending_work"]["deferred"],
            timeout=20,
        )
    except BaseException:
        print(processes.dump())
        raise
