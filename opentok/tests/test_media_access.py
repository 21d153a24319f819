"""The signed-link scheme on its own: one signature covers every file under a video's folder."""

from __future__ import annotations

import pytest

from opentok.media_access import URL_ROOT, Audience, MediaAccessError, expires_in, sign, signed_url, verify

SECRET = "unit-test-secret-that-is-long-enough-1"


def test_one_signature_covers_any_file_under_the_folder() -> None:
    base = sign("videos/abc", expires_in(300, now=1000), video_id=7, audience=Audience.owner, secret=SECRET)
    assert base.startswith(URL_ROOT) and base.endswith("/videos/abc/")
    # HLS relative URIs (variants, fMP4 init segment from EXT-X-MAP, segments) inherit the token
    for name in ("master.m3u8", "720p/init.mp4", "720p/seg_00001.m4s", "poster.jpg"):
        grant = verify(base.removeprefix(URL_ROOT) + name, now=1000, secret=SECRET)
        assert (grant.prefix, grant.key, grant.video_id) == ("videos/abc", f"videos/abc/{name}", 7)
        assert grant.audience == Audience.owner
    assert signed_url("videos/abc/720p/index.m3u8", base) == base + "720p/index.m3u8"
    with pytest.raises(ValueError):
        signed_url("videos/other/master.m3u8", base)


def test_expired_tampered_and_private_paths_are_refused() -> None:
    base = sign("videos/abc", 1200, video_id=7, secret=SECRET).removeprefix(URL_ROOT)
    with pytest.raises(MediaAccessError) as exc:
        verify(base + "a.ts", now=1201, secret=SECRET)
    assert exc.value.status == 403 and "expired" in exc.value.reason
    with pytest.raises(MediaAccessError):
        verify(base + "a.ts", now=1000, secret="another-secret-that-is-long-enough-xx")
    with pytest.raises(MediaAccessError):
        verify(base.replace(".p.", ".o.") + "a.ts", now=1000, secret=SECRET)  # audience upgraded
    for path in ("uploads/1/x.src", "videos/abc/.hidden", "videos/abc/../../etc/passwd"):
        with pytest.raises(MediaAccessError) as exc:
            verify(base.split("/")[0] + "/" + path, now=1000, secret=SECRET)
        assert exc.value.status == 404
    with pytest.raises(ValueError):
        sign("uploads/1", 1200, secret=SECRET)


def test_expiry_is_rounded_so_links_stay_cacheable() -> None:
    assert expires_in(300, now=1000) == expires_in(300, now=1010) and expires_in(300, now=1000) >= 1300
