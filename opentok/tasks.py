"""Celery task names: the contract between the processes that send tasks (the gateway,
other jobs, beat) and the workers that run them. Each name is defined here only."""

# Media pipeline (backend_constant/jobs/video_processing.py, uploads.py)
PROCESS_VIDEO = "opentok.process_video"
SWEEP_STUCK_VIDEOS = "opentok.sweep_stuck_videos"
EXPIRE_UPLOADS = "opentok.expire_uploads"
PURGE_ORIGINALS = "opentok.purge_originals"

# Moderation (jobs/comment_moderation.py, video_moderation.py, retraining.py, drift.py)
MODERATE_COMMENT = "opentok.moderate_comment"
SWEEP_STRANDED_COMMENTS = "opentok.sweep_stranded_comments"
MODERATE_VIDEO = "opentok.moderate_video"
RETRAIN_COMMENT_MODEL = "opentok.retrain_comment_model"
DRIFT_REPORT = "opentok.drift_report"

# Recommender (jobs/recommender.py)
REBUILD_RECOMMENDER = "opentok.rebuild_recommender"
ANALYZE_PREFERENCES = "opentok.analyze_preferences"

# Trust and safety (jobs/trust_safety.py)
SCORE_VIDEO_CLAIMS = "opentok.score_video_claims"
SCORE_COMMENT_SENTIMENT = "opentok.score_comment_sentiment"
DAILY_TRUST_SCORES = "opentok.daily_trust_scores"
DAILY_CHURN_SEGMENTS = "opentok.daily_churn_segments"
SWEEP_CLAIMS_SENTIMENT = "opentok.sweep_claims_sentiment"
RETRAIN_ENGAGEMENT = "opentok.retrain_engagement"
