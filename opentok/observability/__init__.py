"""Shared observability plumbing: Prometheus metrics, JSON logs and request ids.

Each FastAPI service adds one line, `install_observability(app, "<service>")`; the Celery
app calls `instrument_celery(celery_app)` once. Everything else (metric names, log format,
request-id propagation) is defined here so that every process speaks the same dialect.
"""

from opentok.observability.setup import install_observability

__all__ = ["install_observability"]
