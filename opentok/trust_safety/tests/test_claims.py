"""Claim detection: held-out metrics without text overlap, and the fact-check flag."""

from __future__ import annotations

from opentok.models import Video
from opentok.trust_safety import claims
from opentok.trust_safety.tests import factories


def test_holdout_metrics_and_no_text_overlap(small_models):
    m = small_models[1]["claims"]
    assert m["text_overlap_train_test"] == 0
    assert m["accuracy"] > m["majority_baseline_accuracy"] + 0.3
    assert 0.8 < m["f1_claim"] <= 1.0
    assert m["accuracy_without_opening_words"] > 0.7


def test_claim_videos_are_flagged_for_fact_checking(models, db):
    scorer = claims.ClaimScorer.load()
    with db.session() as session:
        owner = factories.user(session)
        claim = factories.video(
            session, owner, title="a friend read in the news that the eiffel tower grows 15 cm in summer"
        )
        opinion = factories.video(session, owner, title="i think that cats are the best pets ever")
        session.commit()
        assert [v.id for v in claims.unscored_videos(session)] == [claim.id, opinion.id]
        assert claims.score_videos(session, scorer, claims.unscored_videos(session)) == 1
        session.commit()
        claim, opinion = session.get(Video, claim.id), session.get(Video, opinion.id)
        assert claim.needs_fact_check and claim.claim_score >= claims.FACT_CHECK_THRESHOLD
        assert not opinion.needs_fact_check and opinion.claim_score < claims.FACT_CHECK_THRESHOLD
        assert claims.unscored_videos(session) == []
