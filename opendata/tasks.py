"""Celery tasks of the bulk open-data files: thin wrappers around ``opendata.bulk``."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def regenerate_opendata(plan_ids: list[int] | None = None) -> dict:
    """Rewrite the bulk files of the given plans (all published plans when None)."""
    from .bulk import opendata_regenerate

    report = opendata_regenerate(plan_ids=plan_ids)
    return {"exported": len(report.exported), "removed": report.removed, "failed": report.failed}


@shared_task(acks_late=True)
def regenerate_pending_opendata() -> dict:
    """The coalesced run: take every plan marked by ``opendata_regenerate_soon`` since the last."""
    from .bulk import opendata_regenerate
    from .pending import opendata_pending_return, opendata_pending_take

    ids = opendata_pending_take()
    if not ids:
        return {"exported": 0, "removed": [], "failed": []}
    try:
        report = opendata_regenerate(plan_ids=ids)
    except Exception:
        opendata_pending_return(ids)
        raise
    return {"exported": len(report.exported), "removed": report.removed, "failed": report.failed}


@shared_task(acks_late=True)
def nightly_opendata() -> dict:
    """Every night, after the scores: days pass, so late flags and scores change."""
    return regenerate_opendata(plan_ids=None)
