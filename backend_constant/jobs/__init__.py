"""Job handlers, one module per domain. Each module is loaded by the Celery app."""
