"""Comment sentiment: VADER handles negation and intensity, and aggregates per video."""

from __future__ import annotations

from opentok.db.base import utcnow
from opentok.models import CommentStatus
from opentok.trust_safety import sentiment
from opentok.trust_safety.tests import factories


def test_compound_understands_negation_and_emphasis():
    assert sentiment.compound("this is good") > 0
    assert sentiment.compound("this is not good") < 0  # a keyword count would call it positive
    assert sentiment.compound("this is GOOD!!!") > sentiment.compound("this is good")
    assert sentiment.label(sentiment.compound("the video is 30 seconds long")) == "neutral"


def test_video_sentiment_scores_and_aggregates_visible_comments(db):
    with db.session() as session:
        u = factories.user(session)
        v = factories.video(session, u)
        for text in (
            "love it, amazing work!",
            "great video :)",
            "this is terrible and boring",
            "posted at noon",
        ):
            factories.comment(session, u, v, text)
        factories.comment(session, u, v, "awful awful awful", status=CommentStatus.rejected)
        factories.comment(session, u, v, "horrible", deleted_at=utcnow())
        session.commit()
        assert sentiment.score_comments(session, sentiment.unscored_comments(session)) == 6
        session.commit()
        summary = sentiment.video_sentiment(session, v.id)
    assert summary["comments"] == 4
    assert (summary["positive"], summary["neutral"], summary["negative"]) == (2, 1, 1)
    assert summary["mean"] > 0 and summary["label"] == "positive"
