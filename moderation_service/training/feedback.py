"""Human overrides as training data: the system learns from its moderators.

Every human decision on a comment (`moderation_decisions` with source `human`) is a label:
* approve -> the comment is safe: all eight unsafe labels 0 (so `OK` = 1);
* reject  -> the categories the moderator named are 1. If they named none, the categories
  the AI flagged on that comment are used; failing both, only `OK` = 0 is known.
The latest human decision per comment wins. `review`/`escalate` carry no label.

    python -m moderation_service.training.train_comments --feedback   # retrain with them

Feedback rows only ever join the training side; the validation split stays the fixed
openai-moderation-half rows, so retrained models are compared on the same ground.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from moderation_service.training.datasets import Example, with_ok
from opentok.core.config import UNSAFE_CATEGORIES
from opentok.db.session import session_scope
from opentok.models import Comment, DecisionSource, ModerationDecision, SubjectType, Verdict

FEEDBACK_WEIGHT = 2.0  # a moderator's call on our own platform counts more than a public dataset


def feedback_examples(session: Session) -> list[Example]:
    decisions = session.scalars(
        select(ModerationDecision)
        .where(ModerationDecision.subject_type == SubjectType.comment)
        .order_by(ModerationDecision.created_at, ModerationDecision.id)
    ).all()
    latest_human: dict[int, ModerationDecision] = {}
    ai_categories: dict[int, list[str]] = {}
    for d in decisions:
        if d.source == DecisionSource.human and d.verdict in (Verdict.approve, Verdict.reject):
            latest_human[d.subject_id] = d
        elif d.source == DecisionSource.ai and d.categories:
            ai_categories[d.subject_id] = list(d.categories)
    if not latest_human:
        return []
    texts = dict(session.execute(select(Comment.id, Comment.text).where(Comment.id.in_(latest_human))).all())
    out = []
    for comment_id, d in sorted(latest_human.items()):
        if comment_id not in texts:
            continue
        if d.verdict == Verdict.approve:
            labels = dict.fromkeys(UNSAFE_CATEGORIES, 0)
        else:
            named = [
                c for c in (d.categories or ai_categories.get(comment_id) or []) if c in UNSAFE_CATEGORIES
            ]
            labels = {c: 1 for c in named} if named else {"OK": 0}
        out.append(
            Example(
                texts[comment_id], with_ok(labels), "feedback", FEEDBACK_WEIGHT, {"comment_id": comment_id}
            )
        )
    return out


def load_feedback_examples() -> list[Example]:
    with session_scope() as session:
        return feedback_examples(session)
