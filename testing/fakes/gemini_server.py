"""A local HTTP server that speaks the Gemini REST API the google-genai SDK uses.

Only Gemini is faked in our tests, and only at the wire: the real SDK talks HTTP to this
server, so the code under test runs exactly as it would against Google. It implements
what our features use:

- the resumable file upload (`POST /upload/{version}/files` with `X-Goog-Upload-Command:
  start`, then `upload, finalize` to the returned upload URL),
- file state polling (`GET /{version}/files/{id}`: PROCESSING for `processing_polls`
  polls after the upload, then ACTIVE),
- `DELETE /{version}/files/{id}`,
- `POST /{version}/models/{model}:generateContent`, whose answer comes from `reply`.

Any API version is accepted: google-genai 3.x speaks `v1`, older releases `v1beta`.

Failures are scripted per endpoint (`fail(Fault.rate_limit, times=2)`), and every request
is recorded so tests can check what the SDK really sent (temperature, schema, api key).

    with FakeGeminiServer(reply={"verdict": "ok"}) as gemini:
        client = genai.Client(api_key=gemini.api_key,
                              http_options=types.HttpOptions(base_url=gemini.base_url))
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

#: What the model answers: fixed text, a JSON-able value, or a function of the request body.
Reply = str | dict | list | Callable[[dict[str, Any]], Any]


class Endpoint(StrEnum):
    upload_start = "upload_start"
    upload = "upload"
    get_file = "get_file"
    delete_file = "delete_file"
    generate = "generate"


class Fault(StrEnum):
    rate_limit = "rate_limit"  # 429 RESOURCE_EXHAUSTED
    server_error = "server_error"  # 500 INTERNAL
    unavailable = "unavailable"  # 503 UNAVAILABLE
    malformed_body = "malformed_body"  # 200 whose body is not JSON at all
    malformed_json = "malformed_json"  # a valid envelope whose model text is broken JSON
    slow = "slow"  # answer only after `slow_seconds` (client timeouts)


_ERRORS = {
    Fault.rate_limit: (429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
    Fault.server_error: (500, "INTERNAL", "An internal error has occurred."),
    Fault.unavailable: (503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
}


@dataclass
class RecordedRequest:
    endpoint: Endpoint | None
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class FakeFile:
    id: str
    mime_type: str
    display_name: str | None
    expected_size: int
    data: bytearray = field(default_factory=bytearray)
    finalized: bool = False
    polls_left: int = 0
    created: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def state(self) -> str:
        return "ACTIVE" if self.finalized and self.polls_left <= 0 else "PROCESSING"


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FakeGeminiServer:
    """A threaded fake of generativelanguage.googleapis.com on 127.0.0.1 (a free port)."""

    def __init__(
        self,
        *,
        reply: Reply | None = None,
        processing_polls: int = 1,
        slow_seconds: float = 5.0,
        api_key: str = "fake-gemini-key",
        model_version: str = "gemini-fake-001",
    ) -> None:
        self.reply = reply
        self.processing_polls = processing_polls
        self.slow_seconds = slow_seconds
        self.api_key = api_key
        self.model_version = model_version
        self.files: dict[str, FakeFile] = {}
        self.requests: list[RecordedRequest] = []
        self._faults: dict[Endpoint, deque[Fault]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- Lifecycle --------------------------------------------------------------
    def start(self) -> FakeGeminiServer:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fake-gemini", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # releases requests sleeping in a `slow` fault
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeGeminiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start() the server first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # --- Scripting and inspection -------------------------------------------------
    def fail(self, fault: Fault, times: int = 1, endpoint: Endpoint = Endpoint.generate) -> None:
        """Make the next `times` calls to `endpoint` fail with `fault`, then behave again."""
        with self._lock:
            self._faults[endpoint].extend([fault] * times)

    def reset(self) -> None:
        with self._lock:
            self._faults.clear()
            self.requests.clear()
            self.files.clear()

    def calls(self, endpoint: Endpoint) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.endpoint == endpoint]

    def _next_fault(self, endpoint: Endpoint) -> Fault | None:
        with self._lock:
            queue = self._faults[endpoint]
            return queue.popleft() if queue else None

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    # --- Wire format ----------------------------------------------------------------
    def file_json(self, f: FakeFile) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": f"files/{f.id}",
            "mimeType": f.mime_type,
            "sizeBytes": str(len(f.data)),
            "createTime": _ts(f.created),
            "updateTime": _ts(f.created),
            "expirationTime": _ts(f.created + timedelta(hours=48)),
            "sha256Hash": base64.b64encode(hashlib.sha256(bytes(f.data)).hexdigest().encode()).decode(),
            "uri": f"{self.base_url}/v1beta/files/{f.id}",
            "state": f.state,
            "source": "UPLOADED",
        }
        if f.display_name:
            body["displayName"] = f.display_name
        return body

    def model_text(self, request: dict[str, Any]) -> str:
        reply = self.reply
        if callable(reply):
            reply = reply(request)
        if reply is None:
            config = request.get("generationConfig") or {}
            return "{}" if config.get("responseMimeType") == "application/json" else "OK"
        return reply if isinstance(reply, str) else json.dumps(reply)

    def generate_json(self, model: str, text: str) -> dict[str, Any]:
        return {
            "candidates": [
                {"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": "STOP", "index": 0}
            ],
            "usageMetadata": {"promptTokenCount": 300, "candidatesTokenCount": 50, "totalTokenCount": 350},
            "modelVersion": self.model_version or model,
            "responseId": secrets.token_hex(8),
        }


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGeminiServer
    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
        return

    # --- Plumbing ---------------------------------------------------------------------
    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes | dict | None = None, headers: dict[str, str] | None = None
    ) -> None:
        payload = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test): nothing left to tell it

    def _error(
        self, status: int, status_text: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        self._send(status, {"error": {"code": status, "message": message, "status": status_text}}, headers)

    def _apply_fault(self, endpoint: Endpoint) -> Fault | None:
        """Play a scripted failure; returns the fault when the caller must still act on it."""
        fault = self.fake._next_fault(endpoint)
        if fault is None:
            return None
        if fault in _ERRORS:
            status, status_text, message = _ERRORS[fault]
            # Upload chunk errors still carry a status header, or the SDK loops on its own.
            extra = {"X-Goog-Upload-Status": "final"} if endpoint == Endpoint.upload else None
            self._error(status, status_text, message, extra)
            return fault
        if fault == Fault.malformed_body:
            self._send(200, b'{"candidates": [ {"content": truncated')
            return fault
        if fault == Fault.slow:
            self.fake._stopping.wait(self.fake.slow_seconds)
            return None  # then answer normally, too late for a short client timeout
        return fault  # malformed_json: the endpoint shapes it

    def _authorized(self) -> bool:
        key = self.headers.get("x-goog-api-key") or parse_qs(urlparse(self.path).query).get("key", [""])[0]
        if key == self.fake.api_key:
            return True
        self._error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")
        return False

    # --- Routes -----------------------------------------------------------------------
    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        body = self._body()
        path = urlparse(self.path).path
        parts = path.strip("/").split("/")
        if len(parts) == 3 and parts[0] == "upload" and parts[2] == "files":
            command = (self.headers.get("X-Goog-Upload-Command") or "").lower()
            endpoint = Endpoint.upload_start if command == "start" else Endpoint.upload
            self.fake._record(RecordedRequest(endpoint, "POST", self.path, dict(self.headers), body))
            if endpoint == Endpoint.upload_start:
                self._upload_start(body)
            else:
                self._upload_chunk(body, command)
            return
        if len(parts) == 3 and parts[1] == "models" and parts[2].endswith(":generateContent"):
            self.fake._record(RecordedRequest(Endpoint.generate, "POST", self.path, dict(self.headers), body))
            self._generate(parts[2].removesuffix(":generateContent"), body)
            return
        self.fake._record(RecordedRequest(None, "POST", self.path, dict(self.headers), body))
        self._error(404, "NOT_FOUND", f"no route for POST {path}")

    def do_GET(self) -> None:  # noqa: N802
        self._file_route("GET", Endpoint.get_file)

    def do_DELETE(self) -> None:  # noqa: N802
        self._file_route("DELETE", Endpoint.delete_file)

    def _file_route(self, method: str, endpoint: Endpoint) -> None:
        body = self._body()
        parts = urlparse(self.path).path.strip("/").split("/")
        is_file = len(parts) == 3 and parts[1] == "files"
        self.fake._record(
            RecordedRequest(endpoint if is_file else None, method, self.path, dict(self.headers), body)
        )
        if not is_file:
            self._error(404, "NOT_FOUND", f"no route for {method} {self.path}")
            return
        if not self._authorized() or self._apply_fault(endpoint):
            return
        with self.fake._lock:
            f = self.fake.files.get(parts[2])
            if f is not None and method == "GET" and f.finalized:
                f.polls_left -= 1
            if f is not None and method == "DELETE":
                del self.fake.files[parts[2]]
        if f is None:
            self._error(403, "PERMISSION_DENIED", f"You do not have permission to access the File {parts[2]}")
        elif method == "DELETE":
            self._send(200, {})
        else:
            self._send(200, self.fake.file_json(f))

    def _upload_start(self, body: bytes) -> None:
        if not self._authorized() or self._apply_fault(Endpoint.upload_start):
            return
        if (self.headers.get("X-Goog-Upload-Protocol") or "").lower() != "resumable":
            self._error(400, "INVALID_ARGUMENT", "only the resumable upload protocol is supported")
            return
        meta = (json.loads(body) if body else {}).get("file") or {}
        file_id = secrets.token_hex(6)
        f = FakeFile(
            id=file_id,
            mime_type=self.headers.get("X-Goog-Upload-Header-Content-Type") or meta.get("mimeType") or "",
            display_name=meta.get("displayName"),
            expected_size=int(self.headers.get("X-Goog-Upload-Header-Content-Length") or 0),
            polls_left=self.fake.processing_polls,
        )
        with self.fake._lock:
            self.fake.files[file_id] = f
        upload_url = f"{self.fake.base_url}/upload/v1beta/files?upload_id={file_id}&upload_protocol=resumable"
        self._send(200, b"", {"X-Goog-Upload-URL": upload_url, "X-Goog-Upload-Status": "active"})

    def _upload_chunk(self, body: bytes, command: str) -> None:
        if self._apply_fault(Endpoint.upload):
            return
        file_id = parse_qs(urlparse(self.path).query).get("upload_id", [""])[0]
        with self.fake._lock:
            f = self.fake.files.get(file_id)
        if f is None or "upload" not in command:
            self._error(
                400,
                "INVALID_ARGUMENT",
                "unknown upload session or command",
                {"X-Goog-Upload-Status": "final"},
            )
            return
        if int(self.headers.get("X-Goog-Upload-Offset") or 0) != len(f.data):
            self._error(
                400, "INVALID_ARGUMENT", "upload offset does not match", {"X-Goog-Upload-Status": "final"}
            )
            return
        f.data.extend(body)
        if "finalize" not in command:
            self._send(200, b"", {"X-Goog-Upload-Status": "active"})
            return
        if f.expected_size and len(f.data) != f.expected_size:
            self._error(
                400,
                "INVALID_ARGUMENT",
                "size does not match the announced length",
                {"X-Goog-Upload-Status": "final"},
            )
            return
        f.finalized = True
        self._send(200, {"file": self.fake.file_json(f)}, {"X-Goog-Upload-Status": "final"})

    def _generate(self, model: str, body: bytes) -> None:
        if not self._authorized():
            return
        fault = self._apply_fault(Endpoint.generate)
        if fault and fault != Fault.malformed_json:
            return
        try:
            request = json.loads(body)
        except json.JSONDecodeError:
            self._error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.")
            return
        # Like the real API: a referenced file must exist and be ACTIVE.
        for content in request.get("contents") or []:
            for part in content.get("parts") or []:
                # The SDK sends snake_case here and the API accepts both spellings.
                data = part.get("fileData") or part.get("file_data") or {}
                uri = data.get("fileUri") or data.get("file_uri")
                if uri is None:
                    continue
                f = self.fake.files.get(uri.rstrip("/").rsplit("/", 1)[-1])
                if f is None or f.state != "ACTIVE":
                    self._error(400, "FAILED_PRECONDITION", f"The File {uri} is not in an ACTIVE state.")
                    return
        text = self.fake.model_text(request)
        if fault == Fault.malformed_json:
            text = text[: max(1, len(text) // 2)] + ' "unterminated'
        self._send(200, self.fake.generate_json(model, text))
