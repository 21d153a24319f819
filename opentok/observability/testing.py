"""Reading a `/metrics` page in tests: one series' value by name and labels."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


def sample_value(metrics_text: str, name: str, **labels: str) -> float:
    """Sum of the samples called `name` whose labels include `labels` (0 when none)."""
    return sum(
        s.value
        for family in text_string_to_metric_families(metrics_text)
        for s in family.samples
        if s.name == name and all(s.labels.get(k) == v for k, v in labels.items())
    )
