"""Recompute after a change: once per transaction, after the commit, coalesced over Redis."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from scoring import queue as scoring_queue
from tests.factories import CommitmentFactory, MilestoneFactory


@pytest.mark.django_db(transaction=True)
def test_without_redis_a_transaction_recomputes_once_after_commit(settings):
    settings.REDIS_URL = None
    a, b = CommitmentFactory(), CommitmentFactory()
    MilestoneFactory(commitment=a)
    with mock.patch("scoring.tasks.recompute_scores.delay") as delay:
        with transaction.atomic():
            scoring_queue.scores_recompute_enqueue(commitment_ids=[a.pk])
            scoring_queue.scores_recompute_enqueue(commitment_ids=[b.pk, a.pk])
            assert delay.call_count == 0  # nothing before the commit
        assert delay.call_count == 1
        assert delay.call_args.kwargs == {"commitment_ids": sorted([a.pk, b.pk])}


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_nothing(settings):
    settings.REDIS_URL = None
    c = CommitmentFactory()
    with mock.patch("scoring.tasks.recompute_scores.delay") as delay:
        with pytest.raises(RuntimeError), transaction.atomic():
            scoring_queue.scores_recompute_enqueue(commitment_ids=[c.pk])
            raise RuntimeError
        assert delay.call_count == 0
        with transaction.atomic():  # the next transaction is not lost
            scoring_queue.scores_recompute_enqueue(commitment_ids=[c.pk])
        assert delay.call_count == 1


@pytest.mark.django_db(transaction=True)
def test_in_process_recompute_updates_the_stored_scores(settings):
    settings.REDIS_URL = None
    c = CommitmentFactory()
    MilestoneFactory(commitment=c, status="completed", completed_on=c.plan.period_start)
    with transaction.atomic():
        scoring_queue.scores_recompute_enqueue(commitment_ids=[c.pk])
    c.refresh_from_db()
    assert c.progress == 100


@pytest.fixture
def redis_queue(settings, redis_url):
    import redis

    settings.REDIS_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = redis.Redis.from_url(redis_url)
    client.delete(scoring_queue.DIRTY_KEY, scoring_queue.SCHEDULED_KEY)
    yield client
    client.delete(scoring_queue.DIRTY_KEY, scoring_queue.SCHEDULED_KEY)


@pytest.mark.django_db
def test_a_burst_of_edits_schedules_one_run_that_takes_every_id(redis_queue):
    with mock.patch("scoring.tasks.recompute_dirty_scores.apply_async") as apply_async:
        scheduled = [
            scoring_queue.scores_recompute_schedule(commitment_ids=[n, n + 100]) for n in range(10)
        ]
        assert scheduled == [True] + [False] * 9
        assert apply_async.call_count == 1
        assert apply_async.call_args.kwargs["countdown"] > 0
        taken = scoring_queue.dirty_commitments_take()
        assert taken == sorted([*range(10), *range(100, 110)])
        assert scoring_queue.dirty_commitments_take() == []
        # after the run took the set, the next edit schedules a new run
        assert scoring_queue.scores_recompute_schedule(commitment_ids=[7]) is True
        assert apply_async.call_count == 2


@pytest.mark.django_db
def test_a_failed_run_puts_its_ids_back(redis_queue):
    from scoring.tasks import recompute_dirty_scores

    redis_queue.sadd(scoring_queue.DIRTY_KEY, 1, 2)
    with (
        mock.patch("scoring.recompute.scores_recompute", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        recompute_dirty_scores.run()
    assert sorted(int(x) for x in redis_queue.smembers(scoring_queue.DIRTY_KEY)) == [1, 2]


@pytest.mark.django_db
def test_a_broker_outage_does_not_break_a_saved_change(settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert scoring_queue.scores_recompute_schedule(commitment_ids=[1]) is False
    assert "could not schedule the score recompute" in caplog.text
