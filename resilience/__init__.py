"""State that must survive an outage of Redis, kept in the database.

* ``PendingWork``: ids whose derived data (scores…) could not be scheduled because Redis (the
  Celery broker and the debounce set) was down; a periodic task hands them back to their owner
  once Redis answers again (``resilience.pending``).
* ``RateCounter``: fixed-window counters for the limits that must hold whatever the cache does
  (log-in failures, password-reset and invitation e-mails; ``resilience.ratelimit``).
"""
