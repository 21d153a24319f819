"""Video processing: probe, validate, transcode, thumbnails, then hand to moderation.

The media pipeline issue fills this in; the gateway already enqueues it on upload.
"""

from backend_constant.celery_app import celery_app

PROCESS_VIDEO = "opentok.process_video"


@celery_app.task(name=PROCESS_VIDEO, bind=True)
def process_video(self, video_id: int) -> None:  # type: ignore[no-untyped-def]
    """Placeholder: the video stays `uploaded` until the media pipeline lands."""
