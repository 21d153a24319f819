"""A seeded simulator of per-user watch activity, for evaluating churn and segments before
the platform has history. Everything measured on it is measured on SIMULATED data.

Each user has a persona (how often and how long they watch, how complete), a daily hazard
of leaving for good, and a chance of short breaks, so that "no activity in the next 14 days"
is sometimes a true churn and sometimes just a pause the model must not over-read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd

#: persona -> (sessions per active day, events per session, mean watch s, completion prob,
#:             daily churn hazard, probability a day is an active day)
PERSONAS: dict[str, tuple[float, float, float, float, float, float]] = {
    "binge": (2.5, 12.0, 22.0, 0.7, 0.004, 0.85),
    "regular": (1.2, 6.0, 15.0, 0.5, 0.01, 0.6),
    "casual": (1.0, 3.0, 9.0, 0.3, 0.03, 0.25),
    "skimmer": (1.5, 8.0, 3.0, 0.05, 0.04, 0.4),
}


def simulate_watch_events(
    n_users: int = 600, days: int = 90, seed: int = 20261121, start: datetime | None = None
) -> pd.DataFrame:
    """(user_id, created_at, watched_ms, completed, persona) over `days` days."""
    rng = np.random.default_rng(seed)
    start = start or datetime(2026, 1, 1)
    names = list(PERSONAS)
    rows: list[tuple[int, datetime, int, bool, str]] = []
    for user_id in range(1, n_users + 1):
        persona = names[rng.integers(len(names))]
        sessions, per_session, watch_s, completion, hazard, active_p = PERSONAS[persona]
        joined = int(rng.integers(0, days // 2))
        # Individual variation around the persona.
        active_p = float(np.clip(active_p * rng.lognormal(0, 0.3), 0.02, 0.98))
        hazard = hazard * rng.lognormal(0, 0.5)
        fading = rng.random() < 0.3  # some users slowly lose interest before leaving
        break_left = 0
        for day in range(joined, days):
            if rng.random() < hazard:
                break
            if break_left > 0:
                break_left -= 1
                continue
            if rng.random() < 0.02:
                break_left = int(rng.integers(3, 12))
            p_day = active_p * (0.985 ** (day - joined) if fading else 1.0)
            if rng.random() >= p_day:
                continue
            for _ in range(max(1, rng.poisson(sessions))):
                t0 = datetime.combine((start + timedelta(days=day)).date(), datetime.min.time()) + timedelta(
                    seconds=float(rng.uniform(0, 86000))
                )
                for k in range(max(1, rng.poisson(per_session))):
                    watched = float(rng.exponential(watch_s))
                    rows.append(
                        (
                            user_id,
                            t0 + timedelta(seconds=20 * k),
                            int(watched * 1000),
                            bool(rng.random() < completion),
                            persona,
                        )
                    )
    return pd.DataFrame(rows, columns=["user_id", "created_at", "watched_ms", "completed", "persona"])
