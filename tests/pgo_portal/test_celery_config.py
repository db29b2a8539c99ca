"""Celery at-least-once (issue 14, item 4): a killed worker's task is redelivered within
minutes, a worker holds back at most one task, and the periodic drain of the work deferred by a
Redis outage is scheduled."""

from __future__ import annotations

from pgo_portal.celery import app


def test_tasks_are_acknowledged_late_and_redelivered_within_minutes():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    timeout = conf.broker_transport_options["visibility_timeout"]
    assert 60 <= timeout <= 600  # minutes, not Redis's default hour


def test_publishing_gives_up_quickly_when_the_broker_is_down():
    options = app.conf.broker_transport_options
    assert options["socket_connect_timeout"] <= 1
    assert app.conf.task_publish_retry_policy["max_retries"] <= 2


def test_beat_drains_the_pending_work_every_minute():
    entry = app.conf.beat_schedule["drain-pending-work"]
    assert entry["task"] == "resilience.tasks.drain_pending_work"
    assert entry["schedule"] == 60.0
    import resilience.tasks  # noqa: F401 - the task exists under that name

    assert "resilience.tasks.drain_pending_work" in app.tasks
