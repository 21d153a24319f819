"""Train and evaluate the trust-and-safety models: `python -m opentok.trust_safety.train all`.

Each model writes a versioned artifact (opentok.ml.registry) with its held-out metrics, and
is recorded in `model_versions` when the database is reachable and migrated. Sentiment
(VADER, a published lexicon) and trends (a query) have nothing to train.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from threadpoolctl import threadpool_limits

from opentok.db.session import session_scope
from opentok.ml import registry
from opentok.trust_safety import ban_risk, churn, claims, engagement
from opentok.trust_safety.dataset import load_claims


def _record(artifact: registry.Artifact, metrics: dict[str, Any]) -> None:
    try:
        with session_scope() as session:
            registry.record_version(session, artifact, metrics, note="opentok.trust_safety.train")
    except SQLAlchemyError as exc:
        print(
            f"[{artifact.name}] not recorded in model_versions ({type(exc).__name__}; is the database"
            " migrated? `python -m opentok migrate`); the artifact is saved and serves anyway",
            file=sys.stderr,
        )


def _engagement(args: argparse.Namespace) -> tuple[registry.Artifact, dict[str, Any]]:
    try:
        with session_scope() as session:
            frame, source = engagement.choose_training_frame(session, load_claims())
    except SQLAlchemyError:
        frame, source = engagement.choose_training_frame(None, load_claims())
    return engagement.train(frame, source, progress=not args.quiet)


TRAINERS: dict[str, Callable[[argparse.Namespace], tuple[registry.Artifact, dict[str, Any]]]] = {
    "ban-risk": lambda a: ban_risk.train(load_claims(), n_estimators=a.n_estimators, progress=not a.quiet),
    "claims": lambda a: claims.train(load_claims(), progress=not a.quiet),
    "engagement": _engagement,
    "churn": lambda a: churn.train(progress=not a.quiet),
}


def main(argv: list[str] | None = None) -> dict[str, dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model", choices=[*TRAINERS, "all"])
    parser.add_argument("--n-estimators", type=int, default=150, help="trees for the ban-risk ensembles")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads")
    parser.add_argument("--no-record", action="store_true", help="skip the model_versions row")
    parser.add_argument(
        "--missing", action="store_true", help="train only models with no serving version (first run)"
    )
    args = parser.parse_args(argv)
    names = list(TRAINERS) if args.model == "all" else [args.model]
    if args.missing:
        names = [name for name in names if registry.active_artifact(name) is None]
        print(f"trust-and-safety models to train: {', '.join(names) or 'none'}", flush=True)
    results = {}
    for name in names:
        # One BLAS thread: these models are small, and on shared cores extra BLAS threads
        # spin against each other (a 1 s logistic regression took 35 s without this).
        with threadpool_limits(limits=args.threads):
            artifact, metrics = TRAINERS[name](args)
        if not args.no_record:
            _record(artifact, metrics)
        results[name] = {"version": artifact.version, "path": str(artifact.path), "metrics": metrics}
        print(f"\n== {name} {artifact.version} (held-out) ==\n{json.dumps(metrics, indent=2, default=str)}")
    return results


if __name__ == "__main__":
    main()
