"""Contract tests: the Gemini provider, through the real google-genai SDK, against a fake
Gemini REST server (upload, state polling, generateContent) and its failure modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from moderation_service.video.base import VideoInput
from moderation_service.video.gemini import GeminiVideoProvider
from opentok.core.config import CATEGORIES, UNSAFE_CATEGORIES
from opentok.models.enums import Verdict
from testing.fakes.gemini_server import Endpoint, FakeGeminiServer, Fault

MAX_RETRIES = 2

VIOLENT = {
    "scores": {**{c: 0.01 for c in UNSAFE_CATEGORIES}, "V": 0.97, "V2": 0.4},
    "violations": [
        {"category": "V", "start_s": 1.5, "end_s": 2.5, "confidence": 0.97, "description": "a beating"}
    ],
    "explanation": "Shows a person being beaten.",
}
BENIGN = {
    "scores": {c: 0.01 for c in UNSAFE_CATEGORIES},
    "violations": [],
    "explanation": "A colour test pattern.",
}


def provider_for(server: FakeGeminiServer, timeout_s: float = 5.0) -> GeminiVideoProvider:
    return GeminiVideoProvider(
        api_key=server.api_key,
        model="gemini-2.5-flash",
        base_url=server.base_url,
        max_retries=MAX_RETRIES,
        timeout_s=timeout_s,
        backoff_base_s=0.02,
        poll_interval_s=0.02,
    )


def video(clip: Path, title: str = "my holiday") -> VideoInput:
    return VideoInput(path=clip, title=title, description="a day out", hashtags=["travel"], video_id=7)


def test_uploads_waits_for_active_and_rejects_on_our_thresholds(fake_gemini, clip):
    fake_gemini.reply = VIOLENT
    result = provider_for(fake_gemini).moderate(video(clip, title="fight night"))

    assert result.verdict == Verdict.reject
    assert result.provider == "gemini" and result.model_version == fake_gemini.model_version
    assert "V" in result.categories and set(result.scores) == set(CATEGORIES)
    assert result.scores["V"] == pytest.approx(0.97)
    [violation] = result.violations
    assert (violation.category, violation.timestamp_s, violation.end_s) == ("V", 1.5, 2.5)
    assert not result.degraded

    # What went over the wire: a resumable upload of the real bytes...
    [start] = fake_gemini.calls(Endpoint.upload_start)
    assert start.headers["X-Goog-Upload-Protocol"] == "resumable"
    assert start.headers["x-goog-api-key"] == fake_gemini.api_key
    assert int(start.headers["X-Goog-Upload-Header-Content-Length"]) == clip.stat().st_size
    # ...state polls until ACTIVE (PROCESSING at upload, then once more)...
    assert len(fake_gemini.calls(Endpoint.get_file)) == 2
    # ...one deterministic JSON request with our categories and schema...
    [generate] = fake_gemini.calls(Endpoint.generate)
    assert generate.path.endswith("/models/gemini-2.5-flash:generateContent")
    body = generate.json()
    config = body["generationConfig"]
    assert config["temperature"] == 0
    assert config["responseMimeType"] == "application/json"
    assert set(config["responseSchema"]["properties"]) == {"scores", "violations", "explanation"}
    assert set(config["responseSchema"]["properties"]["scores"]["properties"]) == set(UNSAFE_CATEGORIES)
    prompt = " ".join(p.get("text", "") for p in body["contents"][0]["parts"])
    assert "fight night" in prompt and all(f"- {c} (" in prompt for c in UNSAFE_CATEGORIES)
    # ...and the file is deleted afterwards.
    assert len(fake_gemini.calls(Endpoint.delete_file)) == 1 and not fake_gemini.files


def test_benign_answer_is_approved(fake_gemini, clip):
    fake_gemini.reply = BENIGN
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.approve
    assert result.categories == [] and result.violations == []


def test_rate_limit_is_retried_then_succeeds(fake_gemini, clip):
    fake_gemini.reply = VIOLENT
    fake_gemini.fail(Fault.rate_limit, times=2)
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.reject and not result.degraded
    assert len(fake_gemini.calls(Endpoint.generate)) == 3
    assert result.details["attempts"]["generate"] == 3


def test_transient_upload_and_poll_errors_are_retried(fake_gemini, clip):
    fake_gemini.reply = BENIGN
    fake_gemini.fail(Fault.unavailable, endpoint=Endpoint.upload_start)
    fake_gemini.fail(Fault.rate_limit, endpoint=Endpoint.get_file)
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.approve
    assert result.details["attempts"]["upload"] == 2


def test_server_errors_exhausting_retries_go_to_review(fake_gemini, clip):
    fake_gemini.reply = BENIGN  # would approve, if Gemini ever answered
    fake_gemini.fail(Fault.server_error, times=MAX_RETRIES + 1)
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.review and result.degraded
    assert len(fake_gemini.calls(Endpoint.generate)) == MAX_RETRIES + 1
    assert "500" in result.explanation


@pytest.mark.parametrize("fault", [Fault.malformed_json, Fault.malformed_body])
def test_malformed_answer_goes_to_review(fake_gemini, clip, fault):
    fake_gemini.reply = BENIGN
    fake_gemini.fail(fault)
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.review and result.degraded
    assert "could not be read" in result.explanation


def test_answer_outside_the_schema_goes_to_review(fake_gemini, clip):
    fake_gemini.reply = {"scores": {"V": 2.0}, "explanation": "?"}
    result = provider_for(fake_gemini).moderate(video(clip))
    assert result.verdict == Verdict.review and result.degraded


def test_timeouts_exhausting_retries_go_to_review(fake_gemini, clip):
    fake_gemini.reply = BENIGN
    fake_gemini.slow_seconds = 3.0
    fake_gemini.fail(Fault.slow, times=MAX_RETRIES + 1)
    result = provider_for(fake_gemini, timeout_s=0.5).moderate(video(clip))
    assert result.verdict == Verdict.review and result.degraded
    assert len(fake_gemini.calls(Endpoint.generate)) == MAX_RETRIES + 1


def test_wrong_api_key_is_not_retried_and_goes_to_review(fake_gemini, clip):
    provider = GeminiVideoProvider(api_key="wrong", model="m", base_url=fake_gemini.base_url, max_retries=3)
    result = provider.moderate(video(clip))
    assert result.verdict == Verdict.review
    assert len(fake_gemini.calls(Endpoint.upload_start)) == 1
