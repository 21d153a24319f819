"""The offline provider on real generated clips: real PyAV, real nudenet, the real comment model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from nudenet import NudeDetector

from moderation_service.video import ocr
from moderation_service.video.base import VideoInput
from moderation_service.video.local import LocalVideoProvider, get_nude_detector
from moderation_service.video.providers import make_provider
from opentok.core.config import CATEGORIES, Settings
from opentok.models.enums import Verdict

from .conftest import make_caption_clip

SAMPLES = 4
OFFENDING_TITLE = "I will kill you and your whole family, you worthless piece of trash"
BENIGN_TITLE = "Sunset timelapse at the beach"


class RecordingDetector:
    """The real nudenet detector, remembering which frames it was given."""

    def __init__(self) -> None:
        self.real = get_nude_detector()
        self.batches: list[list[np.ndarray]] = []

    def detect_batch(self, images: list[np.ndarray], batch_size: int = 4) -> list[list[dict]]:
        self.batches.append(list(images))
        return self.real.detect_batch(images, batch_size=batch_size)


@pytest.fixture
def provider(comment_model) -> LocalVideoProvider:
    return LocalVideoProvider(frame_samples=SAMPLES)


def test_offending_title_is_rejected(provider, clip):
    result = provider.moderate(VideoInput(path=clip, title=OFFENDING_TITLE, video_id=1))
    assert result.verdict == Verdict.reject, result.explanation
    assert result.provider == "local" and "nudenet" in result.model_version
    assert set(result.scores) == set(CATEGORIES)
    assert any(v.source == "title" for v in result.violations)
    assert set(result.categories) & {"V", "HR", "H", "H2"}


def test_benign_clip_is_approved(provider, clip):
    result = provider.moderate(
        VideoInput(
            path=clip, title=BENIGN_TITLE, description="Calm waves, no music", hashtags=["beach", "sunset"]
        )
    )
    assert result.verdict == Verdict.approve, result.explanation
    assert not result.degraded and result.violations == []
    assert set(result.details["text_scores"]) == {"title", "description", "hashtags"}


def test_nudenet_runs_on_every_sampled_frame(comment_model, clip):
    detector = RecordingDetector()
    provider = LocalVideoProvider(frame_samples=SAMPLES, detector=lambda: detector)
    result = provider.moderate(VideoInput(path=clip, title=BENIGN_TITLE))

    [frames] = detector.batches
    assert len(frames) == SAMPLES and all(f.shape == (240, 320, 3) and f.dtype == np.uint8 for f in frames)
    assert len({f.tobytes() for f in frames}) == SAMPLES  # distinct moments, not one frame 4 times
    records = result.details["frames"]
    assert [r["detector"] for r in records] == ["nudenet"] * SAMPLES
    stamps = [r["timestamp_s"] for r in records]
    assert stamps == sorted(stamps) and 0 <= stamps[0] < stamps[-1] <= 3.0


@pytest.mark.skipif(ocr.tesseract_version() is None, reason="tesseract is not installed")
def test_on_screen_text_is_read_and_scored(provider, tmp_path):
    clip = make_caption_clip(tmp_path / "caption.mp4", "I will kill you tonight")
    result = provider.moderate(VideoInput(path=clip, title=BENIGN_TITLE))
    assert "kill you tonight" in result.details["ocr"]["text"]
    assert "on_screen_text" in result.details["text_scores"]
    assert result.verdict != Verdict.approve, result.explanation


def test_without_a_comment_model_nothing_is_approved(clip):
    provider = LocalVideoProvider(frame_samples=2, classifier=lambda: None)
    result = provider.moderate(VideoInput(path=clip, title=BENIGN_TITLE))
    assert result.verdict == Verdict.review and result.degraded
    assert "no-comment-model" in result.model_version


def test_undecodable_upload_goes_to_review(provider, tmp_path: Path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"definitely not a video" * 100)
    result = provider.moderate(VideoInput(path=broken, title=BENIGN_TITLE))
    assert result.verdict == Verdict.review and result.degraded


def test_gemini_is_chosen_only_when_a_key_is_set():
    from moderation_service.video.gemini import GeminiVideoProvider

    assert isinstance(make_provider(Settings(gemini_api_key="")), LocalVideoProvider)
    gemini = make_provider(Settings(gemini_api_key="k", gemini_model="gemini-x"))
    assert isinstance(gemini, GeminiVideoProvider) and gemini.model_version == "gemini-x"
    assert isinstance(get_nude_detector(), NudeDetector)
