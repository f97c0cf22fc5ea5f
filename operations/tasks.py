"""Celery tasks of operations: thin wrappers around operations.health."""

from celery import shared_task

from operations.health import record_heartbeat


@shared_task(bind=True, ignore_result=True)
def heartbeat(self) -> None:
    """Beat queues this every 30 seconds; whichever worker runs it says it is alive."""
    record_heartbeat(self.request.hostname or "in-process")
