"""The fake Gemini server keeps the real API's rules, so code that passes here works there."""

from __future__ import annotations

import httpx
import pytest
from google import genai
from google.genai import errors, types

from testing.fakes.gemini_server import Endpoint, FakeGeminiServer, Fault


@pytest.fixture
def server():
    with FakeGeminiServer(processing_polls=1, reply={"hello": "world"}) as fake:
        yield fake


def sdk(server: FakeGeminiServer, key: str | None = None) -> genai.Client:
    options = types.HttpOptions(base_url=server.base_url, timeout=5000)
    return genai.Client(api_key=key or server.api_key, http_options=options)


def test_sdk_round_trip_upload_poll_generate(server, tmp_path):
    media = tmp_path / "clip.mp4"
    media.write_bytes(b"\x00\x01" * 5000)
    client = sdk(server)
    uploaded = client.files.upload(file=media)
    assert uploaded.state == types.FileState.PROCESSING and uploaded.size_bytes == 10_000
    assert bytes(server.files[uploaded.name.split("/")[1]].data) == media.read_bytes()

    # Like the real API, an unprocessed file cannot be used yet.
    with pytest.raises(errors.ClientError, match="ACTIVE"):
        client.models.generate_content(model="gemini-2.5-flash", contents=[uploaded, "describe"])

    assert client.files.get(name=uploaded.name).state == types.FileState.ACTIVE
    answer = client.models.generate_content(model="gemini-2.5-flash", contents=[uploaded, "describe"])
    assert answer.text == '{"hello": "world"}' and answer.model_version == server.model_version


def test_reply_can_be_computed_from_the_request(server):
    server.reply = lambda request: {"echo": request["contents"][0]["parts"][0]["text"]}
    client = sdk(server)  # keep a reference: a collected Client closes its connection pool
    answer = client.models.generate_content(model="m", contents="ping")
    assert answer.text == '{"echo": "ping"}'


def test_scripted_faults_then_recovery(server):
    server.fail(Fault.rate_limit)
    server.fail(Fault.server_error)
    client = sdk(server)
    with pytest.raises(errors.ClientError) as first:
        client.models.generate_content(model="m", contents="x")
    with pytest.raises(errors.ServerError) as second:
        client.models.generate_content(model="m", contents="x")
    assert (first.value.code, second.value.code) == (429, 500)
    assert client.models.generate_content(model="m", contents="x").text
    assert len(server.calls(Endpoint.generate)) == 3


def test_bad_api_key_and_unknown_routes_are_refused(server):
    client = sdk(server, key="nope")
    with pytest.raises(errors.ClientError) as refused:
        client.models.generate_content(model="m", contents="x")
    assert refused.value.code == 400
    assert httpx.get(f"{server.base_url}/v1beta/nothing").status_code == 404
