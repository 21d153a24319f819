"""`POST /v1/videos:moderate` through the service app: local by default, Gemini with a key."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from moderation_service.app.main import create_app
from moderation_service.tests.video.conftest import clip, comment_model  # noqa: F401 - shared fixtures
from moderation_service.tests.video.test_gemini_provider import VIOLENT
from opentok.core.config import CATEGORIES, get_settings
from testing.fakes.gemini_server import Endpoint, FakeGeminiServer


@pytest.fixture
def settings_env(monkeypatch) -> Iterator[pytest.MonkeyPatch]:
    """Env changes that the cached settings must see, undone afterwards."""
    monkeypatch.setenv("VIDEO_FRAME_SAMPLES", "3")
    monkeypatch.setenv("GEMINI_API_KEY", "")
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def service(settings_env, comment_model) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app()) as client:
        yield client


def test_local_provider_moderates_a_file(service, clip):  # noqa: F811
    body = {"video_id": 5, "media_path": str(clip), "title": "Sunset at the beach", "hashtags": ["sunset"]}
    response = service.post("/v1/videos:moderate", json=body)
    assert response.status_code == 200, response.text
    verdict = response.json()
    assert verdict["video_id"] == 5 and verdict["provider"] == "local"
    assert verdict["verdict"] == "approve"
    assert set(verdict["scores"]) == set(CATEGORIES)
    assert len(verdict["details"]["frames"]) == 3


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"media_path": "/nonexistent/video.mp4"}, 404, "video_not_found", "media_path"),
        ({"storage_key": "../../etc/passwd"}, 422, "invalid_storage_key", "storage_key"),
        ({"title": "no media"}, 422, "validation_error", None),
        ({"media_path": "/a.mp4", "storage_key": "videos/a.mp4"}, 422, "validation_error", None),
    ],
)
def test_bad_requests_are_4xx_with_a_json_error(service, body, status, code, field):
    response = service.post("/v1/videos:moderate", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error.get("field") == field


def test_gemini_is_used_when_a_key_is_set(settings_env, comment_model, clip):  # noqa: F811
    with FakeGeminiServer(reply=VIOLENT, processing_polls=0) as fake:
        settings_env.setenv("GEMINI_API_KEY", fake.api_key)
        settings_env.setenv("GEMINI_BASE_URL", fake.base_url)
        get_settings.cache_clear()
        with TestClient(create_app()) as client:
            response = client.post("/v1/videos:moderate", json={"media_path": str(clip), "title": "fight"})
        assert response.status_code == 200, response.text
        verdict = response.json()
        assert (verdict["provider"], verdict["verdict"]) == ("gemini", "reject")
        assert verdict["violations"][0]["timestamp_s"] == 1.5
        assert len(fake.calls(Endpoint.generate)) == 1
