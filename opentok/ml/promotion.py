"""The promotion rule: a new version replaces the serving one only if it is not worse.

"Worse" is judged on one primary metric per model (with its direction), measured on the
model's *fixed* validation set. A candidate's metrics must say which set they come from
(`metrics["validation_set"]`, e.g. a hash from `dataset_fingerprint`); if the serving
version was scored on another set, the comparison is meaningless, so the caller must pass
`evaluate` to re-score the serving model on the candidate's set, or the candidate is held.

Every decision is logged three ways: the `model_versions.promotion_note` of the candidate,
the MLflow model version's tags (or the JSON run record), and the application log.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opentok.ml import registry
from opentok.ml.tracking import numeric_metrics, tag_version
from opentok.models import ModelVersion

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rule:
    metric: str  # a key of the metrics dict; nested keys with dots ("per_class.H.f1")
    higher_is_better: bool = True
    tolerance: float = 0.0  # a candidate this much worse still counts as "not worse"


#: One rule per model name. Services add theirs with `register_rule` if they use other names.
RULES: dict[str, Rule] = {
    # moderation_service.training: macro AUPRC over categories on the fixed openai-moderation split
    "comment-moderation": Rule("macro_auprc"),
    # The keys each trainer writes to metrics.json (see their write_metrics calls).
    "cyberbullying-type": Rule("macro_f1"),
    "ban-risk": Rule("applied.roc_auc"),
    "claims": Rule("f1_claim"),
    # No rule for the recommender: its daily rebuild must ship new videos, so it always activates.
}
DEFAULT_RULE = Rule("score")


def register_rule(name: str, metric: str, higher_is_better: bool = True, tolerance: float = 0.0) -> Rule:
    RULES[name] = Rule(metric, higher_is_better, tolerance)
    return RULES[name]


def rule_for(name: str) -> Rule:
    return RULES.get(name, DEFAULT_RULE)


def dataset_fingerprint(rows: Iterable[Any]) -> str:
    """A short stable id of a validation set (any JSON-able rows), to put in the metrics."""
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Decision:
    promote: bool
    note: str
    candidate: float | None
    current: float | None


def _metric(metrics: dict[str, Any] | None, rule: Rule) -> float | None:
    value = numeric_metrics(metrics or {}).get(rule.metric)
    return None if value is None or math.isnan(value) else value


def decide(
    name: str,
    candidate_metrics: dict[str, Any],
    current_metrics: dict[str, Any] | None,
    rule: Rule | None = None,
) -> Decision:
    """Pure comparison: promote when there is nothing serving, or the candidate is not worse."""
    rule = rule or rule_for(name)
    cand = _metric(candidate_metrics, rule)
    arrow = "higher" if rule.higher_is_better else "lower"
    if cand is None:
        return Decision(False, f"held: candidate has no {rule.metric!r} metric", None, None)
    if current_metrics is None:
        return Decision(True, f"promoted: first version ({rule.metric}={cand:.4f})", cand, None)
    cur = _metric(current_metrics, rule)
    if cur is None:
        note = f"promoted: serving version has no {rule.metric!r} ({cand:.4f} now)"
        return Decision(True, note, cand, None)
    cand_set, cur_set = candidate_metrics.get("validation_set"), current_metrics.get("validation_set")
    if cand_set and cur_set and cand_set != cur_set:
        note = f"held: validation sets differ ({cand_set} vs {cur_set}); re-score the serving model first"
        return Decision(False, note, cand, cur)
    delta = cand - cur if rule.higher_is_better else cur - cand
    if delta >= -rule.tolerance:
        verb = "better" if delta > 0 else "equal"
        note = f"promoted: {rule.metric} {cand:.4f} vs {cur:.4f} ({verb}; {arrow} is better)"
        return Decision(True, note, cand, cur)
    note = f"held: {rule.metric} {cand:.4f} is worse than {cur:.4f} ({arrow} is better)"
    return Decision(False, note, cand, cur)


def serving_row(session: Session, name: str) -> ModelVersion | None:
    return session.scalar(
        select(ModelVersion).where(ModelVersion.name == name, ModelVersion.active.is_(True)).limit(1)
    )


def promote_if_not_worse(
    session: Session,
    artifact: registry.Artifact,
    metrics: dict[str, Any],
    params: dict[str, Any] | None = None,
    evaluate: Callable[[registry.Artifact], dict[str, Any]] | None = None,
    rule: Rule | None = None,
) -> Decision:
    """Compare a trained (not yet active) artifact with the serving version, then activate it
    or keep it on disk as a held candidate. Either way it is recorded and tracked.

    `evaluate(serving_artifact)` re-scores the serving model on the candidate's validation set;
    without it, the serving version's recorded metrics are used.
    """
    current_row = serving_row(session, artifact.name)
    current_metrics: dict[str, Any] | None = None
    if current_row is not None:
        current_metrics = dict(current_row.metrics or {})
        serving = registry.active_artifact(artifact.name)
        if evaluate is not None and serving is not None and serving.version != artifact.version:
            current_metrics = evaluate(serving)
    decision = decide(artifact.name, metrics, current_metrics, rule)
    note = decision.note + (f" [serving: {current_row.version}]" if current_row is not None else "")
    if decision.promote:
        registry.activate(artifact)
    registry.record_version(session, artifact, metrics, params, active=decision.promote, note=note)
    tags = {"promoted": str(decision.promote).lower(), "decision": note}
    tag_version(artifact.name, artifact.version, tags)
    log.info("model %s %s: %s", artifact.name, artifact.version, note)
    return Decision(decision.promote, note, decision.candidate, decision.current)
