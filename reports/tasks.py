"""Celery tasks of the reports: thin wrappers around services."""

from celery import shared_task


@shared_task(name="reports.tasks.roll_summaries_warm_stale")
def roll_summaries_warm_stale(limit: int = 500) -> int:
    """Catch-up (Celery beat): the locked rolls still without summaries (locked before the hook
    was wired, or while no worker ran) are computed in the background, a bounded batch a run."""
    from .services import roll_summaries_warm

    return roll_summaries_warm(limit=limit)
