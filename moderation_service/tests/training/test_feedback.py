from __future__ import annotations

from moderation_service.training.feedback import load_feedback_examples
from opentok.db.session import session_scope
from opentok.models import Comment, DecisionSource, ModerationDecision, SubjectType, User, Verdict, Video


def _decision(
    comment_id: int, source: DecisionSource, verdict: Verdict, categories=None
) -> ModerationDecision:
    return ModerationDecision(
        subject_type=SubjectType.comment,
        subject_id=comment_id,
        source=source,
        verdict=verdict,
        categories=categories,
    )


def test_human_overrides_become_labels(service_env) -> None:
    with session_scope() as s:
        user = User(username="u", email="u@x.org", password_hash="x")
        s.add(user)
        s.flush()
        video = Video(owner_id=user.id, title="v")
        s.add(video)
        s.flush()
        comments = [
            Comment(video_id=video.id, user_id=user.id, text=t) for t in ("fine", "nasty", "vague", "ai")
        ]
        s.add_all(comments)
        s.flush()
        a, b, c, d = (x.id for x in comments)
        s.add_all(
            [
                _decision(a, DecisionSource.ai, Verdict.reject, ["H"]),
                _decision(a, DecisionSource.human, Verdict.approve),  # false positive fixed
                _decision(b, DecisionSource.ai, Verdict.review, ["HR", "V"]),
                _decision(b, DecisionSource.human, Verdict.reject),  # confirms the AI's categories
                _decision(c, DecisionSource.human, Verdict.reject),  # no categories anywhere
                _decision(d, DecisionSource.ai, Verdict.reject, ["S"]),  # AI only: no label
            ]
        )
    examples = {e.text: e for e in load_feedback_examples()}
    assert set(examples) == {"fine", "nasty", "vague"}
    assert examples["fine"].labels["OK"] == 1 and examples["fine"].labels["H"] == 0
    assert examples["nasty"].labels == {"HR": 1, "V": 1, "OK": 0}
    assert examples["vague"].labels == {"OK": 0}
    assert all(e.source == "feedback" and e.weight > 1 for e in examples.values())
