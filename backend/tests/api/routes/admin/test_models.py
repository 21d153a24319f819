"""The models page: registry versions with metrics, and the providers that decided."""

from __future__ import annotations

from opentok.models import ModelVersion


def test_lists_versions_and_providers(api, moderator, upload, make_user, ai_video, platform):  # type: ignore[no-untyped-def]
    with platform.session() as session:
        session.add(ModelVersion(name="comment-moderation", version="v-test-1", path="/x", active=True,
                                 metrics={"macro_f1": 0.81}, params={"epochs": 2}))  # fmt: skip
        session.commit()
    video = upload(make_user("creator"))
    ai_video(video["id"], "review")
    body = api.get("/api/admin/models", headers=moderator.headers).json()
    version = next(v for v in body["versions"] if v["version"] == "v-test-1")
    assert (
        version["active"] and version["metrics"] == {"macro_f1": 0.81} and version["params"] == {"epochs": 2}
    )
    local = next(p for p in body["providers"] if p["provider"] == "local")
    assert (
        local["subject_type"] == "video" and local["model_version"] == "nudenet-3" and local["decisions"] >= 1
    )
