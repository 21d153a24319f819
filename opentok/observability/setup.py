"""The one line each FastAPI service adds: `install_observability(app, "<service>")`."""

from __future__ import annotations

from typing import Any

from opentok.observability.logging import RequestIdMiddleware, configure_logging
from opentok.observability.metrics import install_metrics


def install_observability(app: Any, service: str) -> None:
    """JSON/text logs with request ids, the request-id middleware and Prometheus `/metrics`.

    The request-id middleware is added last so it is outermost: metrics, error handlers and
    every log line of the request already see the id.
    """
    configure_logging(service)
    install_metrics(app, service)
    app.add_middleware(RequestIdMiddleware)
