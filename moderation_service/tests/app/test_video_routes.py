"""`POST /v1/videos:moderate` through the service app: local by default, Gemini with a key."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from moderation_service.app.main import create_app
from moderation_service.tests.video.conftest import clip, comment_model  # noqa: F401 - shared fixtures
from moderation_service.tests.video.test_gemini_provider import VIOLENT
from opentok.api.service_auth import service_headers
from opentok.core.config import CATEGORIES, get_settings
from opentok.storage import get_storage
from testing.fakes.gemini_server import Endpoint, FakeGeminiServer


@pytest.fixture
def settings_env(monkeypatch, tmp_path) -> Iterator[pytest.MonkeyPatch]:
    """Env changes that the cached settings must see, undone afterwards."""
    monkeypatch.setenv("VIDEO_FRAME_SAMPLES", "3")
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    monkeypatch.setenv("GEMINI_API_KEY", "")
    get_settings.cache_clear()
    get_storage.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()
    get_storage.cache_clear()


@pytest.fixture
def service(settings_env, comment_model) -> Iterator[TestClient]:  # noqa: F811
    with TestClient(create_app(), headers=service_headers()) as client:
        yield client


@pytest.fixture
def stored_clip(settings_env, clip, tmp_path) -> str:  # noqa: F811
    """The sample clip at a platform storage key, as the worker would name it."""
    key = "videos/0123abcd/video.mp4"
    (tmp_path / "media" / "videos" / "0123abcd").mkdir(parents=True)
    shutil.copy(clip, tmp_path / "media" / key)
    return key


def test_local_provider_moderates_a_file(service, stored_clip):
    body = {"video_id": 5, "storage_key": stored_clip, "title": "Sunset at the beach", "hashtags": ["sunset"]}
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
        ({"storage_key": "videos/0123abcd/missing.mp4"}, 404, "video_not_found", "storage_key"),
        ({"storage_key": "../../etc/passwd"}, 422, "invalid_storage_key", "storage_key"),
        ({"storage_key": "/etc/passwd"}, 422, "invalid_storage_key", "storage_key"),
        ({"storage_key": "videos/0123abcd/../../../etc/passwd"}, 422, "invalid_storage_key", "storage_key"),
        ({"storage_key": "videos/0123abcd/list.m3u8"}, 422, "unsupported_media", "storage_key"),
        ({"title": "no media"}, 422, "validation_error", "storage_key"),
        # local paths are no longer part of the API: refused, not ignored
        (
            {"media_path": "/etc/passwd", "storage_key": "videos/0123abcd/video.mp4"},
            422,
            "validation_error",
            "media_path",
        ),
    ],
)
def test_bad_requests_are_4xx_with_a_json_error(service, stored_clip, tmp_path, body, status, code, field):
    (tmp_path / "media" / "videos" / "0123abcd" / "list.m3u8").write_text("#EXTM3U\nfile:///etc/passwd\n")
    response = service.post("/v1/videos:moderate", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error.get("field") == field


def test_gemini_is_used_when_a_key_is_set(settings_env, comment_model, stored_clip):  # noqa: F811
    with FakeGeminiServer(reply=VIOLENT, processing_polls=0) as fake:
        settings_env.setenv("GEMINI_API_KEY", fake.api_key)
        settings_env.setenv("GEMINI_BASE_URL", fake.base_url)
        get_settings.cache_clear()
        with TestClient(create_app(), headers=service_headers()) as client:
            response = client.post("/v1/videos:moderate", json={"storage_key": stored_clip, "title": "fight"})
        assert response.status_code == 200, response.text
        verdict = response.json()
        assert (verdict["provider"], verdict["verdict"]) == ("gemini", "reject")
        assert verdict["violations"][0]["timestamp_s"] == 1.5
        assert len(fake.calls(Endpoint.generate)) == 1
