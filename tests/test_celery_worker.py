"""End to end: a real Celery worker on the real Redis runs the recompute and reminder tasks.

The worker is a separate process on the test database (PostgreSQL, committed data), listening on
a queue of its own; e-mails land in files the test reads.
"""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from commitments.models import Commitment
from tests.factories import CommitmentFactory, MilestoneFactory, UserFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_until(predicate, timeout=60.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None


@pytest.fixture
def worker(postgres, redis_url, tmp_path):
    db = connection.settings_dict
    queue = f"pgo-test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pgo_portal.settings.local",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        ),
        "REDIS_URL": redis_url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SITE_URL": "https://pgo.example.fr",
    }
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "pgo_portal",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = Celery(broker=redis_url)
    ready = wait_until(lambda: "ready" in (tmp_path / "worker.log").read_text(), timeout=60)
    if not ready:
        process.kill()
        pytest.fail("the Celery worker did not start:\n" + (tmp_path / "worker.log").read_text())

    def send(name, **kwargs):
        client.send_task(name, kwargs=kwargs, queue=queue)

    yield type(
        "Worker",
        (),
        {"send": staticmethod(send), "mail_dir": mail_dir, "log": tmp_path / "worker.log"},
    )
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    client.close()


def test_a_real_worker_recomputes_scores(worker):
    c = CommitmentFactory()
    MilestoneFactory(commitment=c, status="completed", completed_on=datetime.date(2016, 1, 1))
    MilestoneFactory(commitment=c, due_date=datetime.date(2016, 3, 1))
    worker.send("scoring.tasks.recompute_scores", commitment_ids=[c.pk], as_of="2016-07-01")

    def scored():
        c.refresh_from_db()
        return c.method_version == "v2"

    assert wait_until(scored), Path(worker.log).read_text()
    assert (c.progress, c.points, c.late_milestones) == (50, 5, 1)
    assert Commitment.objects.get(pk=c.pk).snapshots.count() == 1


def test_a_real_worker_sends_a_milestone_reminder_once(worker):
    from commitments.models import Membership

    c = CommitmentFactory(plan__published=True)
    member = UserFactory(email="agent@ministere.gouv.fr")
    Membership.objects.create(user=member, administration=c.lead_administration)
    m = MilestoneFactory(
        commitment=c, title="Publier le décret", due_date=datetime.date(2026, 12, 1)
    )
    as_of = (m.due_date - datetime.timedelta(days=7)).isoformat()
    worker.send("reminders.tasks.send_reminders", as_of=as_of)
    files = wait_until(lambda: list(worker.mail_dir.glob("*.log")))
    assert files, Path(worker.log).read_text()
    body = files[0].read_text()
    assert "agent@ministere.gouv.fr" in body
    assert "Publier le décret" in body
    # the same job again: nothing new is sent
    worker.send("reminders.tasks.send_reminders", as_of=as_of)
    worker.send("scoring.tasks.recompute_scores", commitment_ids=[c.pk])
    assert wait_until(lambda: Commitment.objects.get(pk=c.pk).method_version == "v2")
    sent = "".join(f.read_text() for f in worker.mail_dir.glob("*.log"))
    assert sent.count("Subject:") == 1
