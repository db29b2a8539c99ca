from celery.schedules import crontab
from django.conf import settings

from pgo_portal.celery import app


def test_one_beat_schedule_in_paris_time_naming_registered_tasks():
    app.loader.import_default_modules()
    assert settings.CELERY_TIMEZONE == "Europe/Paris"
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {
        "scoring.tasks.nightly_recompute",
        "opendata.tasks.nightly_opendata",
        "reports.tasks.generate_due_reports",
        "reminders.tasks.send_reminders",
        "civilsociety.tasks.erase_askers_addresses",
        "subscriptions.tasks.send_digests",
        "subscriptions.tasks.purge_subscriptions",
        "resilience.tasks.drain_pending_work",
    }
    for entry in schedule.values():
        assert entry["task"] in app.tasks
        if entry["task"] == "resilience.tasks.drain_pending_work":
            assert entry["schedule"] == 60.0  # every minute: writes made while Redis was down
            continue
        assert isinstance(entry["schedule"], crontab)


def test_tasks_acknowledge_late_so_a_killed_task_runs_again():
    app.loader.import_default_modules()
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    for name in ("scoring.tasks.recompute_scores", "reminders.tasks.send_reminders"):
        assert app.tasks[name].acks_late is True
