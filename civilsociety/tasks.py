"""Celery tasks of civil society's part: thin, idempotent."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .questions import erase_expired_addresses


@shared_task(acks_late=True)
def erase_askers_addresses() -> int:
    """Erase the askers' addresses that are due (nightly); run twice, erases once."""
    return erase_expired_addresses(as_of=timezone.localdate())
