"""Offline video moderation: sampled frames through nudenet, all text through the comment model.

No network and no API key: the default provider. Frames cover sexual content (nudenet's
ONNX detector ships in its wheel); the title, description, hashtags and on-screen text
(OCR, when tesseract is installed) are scored by the same transformer that moderates
comments. Each category takes the worst score any source gave it, and our thresholds
decide. Without a comment model the video can still be rejected on its frames, but never
approved: it waits for a human.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version as package_version
from typing import Any

from nudenet import NudeDetector

from moderation_service.policy import base_thresholds
from moderation_service.text.classifier import CommentClassifier, get_classifier
from moderation_service.video import ocr
from moderation_service.video.base import (
    Thresholds,
    VideoInput,
    VideoVerdict,
    Violation,
    ViolationSource,
    complete_scores,
    decide_verdict,
    needs_review,
)
from moderation_service.video.frames import Frame, sample_frames
from opentok.core.config import CATEGORY_NAMES, UNSAFE_CATEGORIES
from opentok.models.enums import Verdict

log = logging.getLogger(__name__)

PROVIDER = "local"
#: nudenet labels that count as sexual content; covered parts, faces and feet do not.
SEXUAL_LABELS = frozenset(
    {
        "FEMALE_GENITALIA_EXPOSED",
        "MALE_GENITALIA_EXPOSED",
        "ANUS_EXPOSED",
        "FEMALE_BREAST_EXPOSED",
        "BUTTOCKS_EXPOSED",
    }
)
#: Text scores at or above this are listed as evidence (the verdict uses thresholds, not this).
EVIDENCE_MIN_SCORE = 0.3


@lru_cache
def get_nude_detector() -> NudeDetector:
    return NudeDetector()


class LocalVideoProvider:
    """`VideoModerationProvider` that runs on this machine, offline."""

    name = PROVIDER

    def __init__(
        self,
        *,
        frame_samples: int = 8,
        classifier: Callable[[], CommentClassifier | None] = get_classifier,
        detector: Callable[[], NudeDetector] = get_nude_detector,
    ) -> None:
        self.frame_samples = frame_samples
        self._classifier = classifier
        self._detector = detector

    @property
    def model_version(self) -> str:
        """Short enough for the audit log's 64 characters; `components()` has the detail."""
        classifier = self._classifier()
        return "+".join(
            [
                f"nudenet{package_version('nudenet')}",
                classifier.version if classifier else "no-comment-model",
                "ocr" if ocr.tesseract_version() else "no-ocr",
            ]
        )

    def components(self) -> dict[str, str | None]:
        classifier = self._classifier()
        return {
            "nudenet": package_version("nudenet"),
            "comment_model": classifier.version if classifier else None,
            "tesseract": ocr.tesseract_version(),
        }

    def moderate(self, video: VideoInput, thresholds: Thresholds | None = None) -> VideoVerdict:
        started = time.perf_counter()
        timings: dict[str, float] = {}
        model_version = self.model_version
        try:
            frames = sample_frames(video.path, self.frame_samples)
        except Exception as exc:  # noqa: BLE001 - any undecodable upload is a human's call
            log.warning("could not sample frames of %s: %s", video.path, exc)
            frames = []
        timings["sample_ms"] = _ms_since(started)
        if not frames:
            verdict = needs_review(
                "No frame could be decoded; held for a moderator.",
                provider=PROVIDER,
                model_version=model_version,
            )
            verdict.latency_ms = _ms_since(started)
            return verdict

        mark = time.perf_counter()
        frame_records, violations = self._scan_frames(frames)
        unsafe = {c: 0.0 for c in UNSAFE_CATEGORIES}
        unsafe["S"] = max((v.score for v in violations), default=0.0)
        timings["nudenet_ms"] = _ms_since(mark)

        mark = time.perf_counter()
        on_screen = _on_screen_text(frames)
        timings["ocr_ms"] = _ms_since(mark)

        texts: dict[ViolationSource, str] = {
            "title": video.title,
            "description": video.description,
            "hashtags": video.hashtag_text(),
            "on_screen_text": on_screen,
        }
        texts = {source: text.strip() for source, text in texts.items() if text.strip()}
        classifier = self._classifier()
        mark = time.perf_counter()
        text_scores: dict[str, dict[str, float]] = {}
        if classifier is not None and texts:
            for source, scores in zip(texts, classifier.predict(list(texts.values())), strict=True):
                text_scores[source] = {c: round(float(scores[c]), 4) for c in UNSAFE_CATEGORIES}
                for c, score in text_scores[source].items():
                    unsafe[c] = max(unsafe[c], score)
                violations += [
                    Violation(category=c, score=s, source=source, detail=_clip(texts[source]))
                    for c, s in text_scores[source].items()
                    if s >= EVIDENCE_MIN_SCORE
                ]
        timings["text_ms"] = _ms_since(mark)

        violations.sort(key=lambda v: v.score, reverse=True)
        details: dict[str, Any] = {
            "frames": frame_records,
            "text_scores": text_scores,
            "ocr": {"engine": ocr.tesseract_version(), "text": on_screen},
            "timings_ms": timings,
            "components": self.components(),
        }
        if thresholds is None:  # standalone use: settings, then the model's own calibration
            thresholds = base_thresholds(classifier.thresholds if classifier else None)
        verdict = decide_verdict(
            complete_scores(unsafe),
            provider=PROVIDER,
            model_version=model_version,
            explanation=_explain(violations, len(frames)),
            violations=violations,
            thresholds=thresholds,
            details=details,
        )
        if classifier is None and verdict.verdict == Verdict.approve:
            verdict.verdict, verdict.degraded = Verdict.review, True
            verdict.explanation = "No comment model loaded: the text was not checked; held for a moderator."
        verdict.latency_ms = _ms_since(started)
        return verdict

    def _scan_frames(self, frames: list[Frame]) -> tuple[list[dict[str, Any]], list[Violation]]:
        """nudenet on every sampled frame: all detections are kept, sexual ones become evidence."""
        detections = self._detector().detect_batch([f.image for f in frames], batch_size=len(frames))
        records: list[dict[str, Any]] = []
        violations: list[Violation] = []
        for frame, found in zip(frames, detections, strict=True):
            records.append(
                {
                    "index": frame.index,
                    "timestamp_s": frame.timestamp_s,
                    "detector": "nudenet",
                    "detections": [
                        {"label": d["class"], "score": round(float(d["score"]), 4)} for d in found
                    ],
                }
            )
            violations += [
                Violation(
                    category="S",
                    score=round(float(d["score"]), 4),
                    source="frame",
                    timestamp_s=frame.timestamp_s,
                    frame_index=frame.index,
                    detail=d["class"],
                )
                for d in found
                if d["class"] in SEXUAL_LABELS
            ]
        return records, violations


def _on_screen_text(frames: list[Frame]) -> str:
    """OCR every sampled frame; captions repeat across frames, so keep each line once."""
    if ocr.tesseract_version() is None:
        return ""
    seen: dict[str, None] = {}
    for frame in frames:
        text = ocr.read_text(frame.image)
        if text:
            seen.setdefault(text, None)
    return " ".join(seen)


def _explain(violations: list[Violation], frame_count: int) -> str:
    if not violations:
        return f"Nothing flagged in {frame_count} sampled frames or in the text."
    parts = []
    for v in violations[:3]:
        where = f"frame {v.frame_index} at {v.timestamp_s:.1f}s" if v.source == "frame" else v.source
        parts.append(f"{where}: {CATEGORY_NAMES[v.category]} {v.score:.2f} ({v.detail})")
    return "Evidence: " + "; ".join(parts) + "."


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ms_since(mark: float) -> float:
    return round((time.perf_counter() - mark) * 1000, 1)
