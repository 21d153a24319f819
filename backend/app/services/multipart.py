"""Stream a multipart upload straight to disk, enforcing the size cap as bytes arrive.

Starlette's form parser would spool the whole body before our code runs; this parser
writes each chunk as it comes, so memory stays flat and an oversized upload is cut off
at the cap instead of after it has all been received.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from backend_constant.ffmpeg.formats import HEAD_BYTES
from opentok.api.errors import ApiError

MAX_FIELD_BYTES = 64 * 1024


@dataclass
class ReceivedFile:
    path: Path
    filename: str
    size: int = 0
    head: bytes = b""


@dataclass
class _State:
    dest_dir: Path
    max_bytes: int
    file_field: str
    fields: dict[str, str] = field(default_factory=dict)
    file: ReceivedFile | None = None
    _fh: object = None
    _headers: dict[bytes, bytes] = field(default_factory=dict)
    _header_field: bytes = b""
    _header_value: bytes = b""
    _name: str = ""
    _buffer: bytearray = field(default_factory=bytearray)
    _is_file: bool = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field, self._header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, params = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = params.get(b"name", b"").decode("utf-8", "replace")
        filename = params.get(b"filename")
        self._is_file = filename is not None and self._name == self.file_field
        if self._is_file:
            if self.file is not None:
                raise ApiError(400, "too_many_files", "send exactly one file", field=self.file_field)
            fd, tmp = tempfile.mkstemp(dir=self.dest_dir, prefix="upload-")
            self._fh = os.fdopen(fd, "wb")
            self.file = ReceivedFile(Path(tmp), filename.decode("utf-8", "replace"))

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._is_file and self.file is not None:
            self.file.size += len(chunk)
            if self.file.size > self.max_bytes:
                raise ApiError(413, "payload_too_large", f"file exceeds {self.max_bytes} bytes", field="file")
            if len(self.file.head) < HEAD_BYTES:
                self.file.head += chunk[: HEAD_BYTES - len(self.file.head)]
            self._fh.write(chunk)  # type: ignore[attr-defined]
        else:
            self._buffer += chunk
            if len(self._buffer) > MAX_FIELD_BYTES:
                raise ApiError(413, "field_too_large", f"field {self._name!r} is too large", field=self._name)

    def on_part_end(self) -> None:
        if self._is_file:
            self._fh.close()  # type: ignore[attr-defined]
            self._fh = None
        elif self._name:
            self.fields[self._name] = self._buffer.decode("utf-8", "replace")
        self._buffer, self._headers, self._is_file = bytearray(), {}, False

    def cleanup(self) -> None:
        if self._fh is not None:
            self._fh.close()  # type: ignore[attr-defined]
        if self.file is not None:
            self.file.path.unlink(missing_ok=True)


async def receive(
    request: Request, dest_dir: Path, max_bytes: int, file_field: str = "file"
) -> tuple[dict[str, str], ReceivedFile]:
    content_type, params = parse_options_header(request.headers.get("content-type", ""))
    if content_type != b"multipart/form-data" or b"boundary" not in params:
        raise ApiError(415, "unsupported_media_type", "send the video as multipart/form-data")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + MAX_FIELD_BYTES * 8:
        raise ApiError(413, "payload_too_large", f"file exceeds {max_bytes} bytes", field="file")
    state = _State(dest_dir=dest_dir, max_bytes=max_bytes, file_field=file_field)
    parser = MultipartParser(
        params[b"boundary"],
        {
            "on_header_field": state.on_header_field,
            "on_header_value": state.on_header_value,
            "on_header_end": state.on_header_end,
            "on_headers_finished": state.on_headers_finished,
            "on_part_data": state.on_part_data,
            "on_part_end": state.on_part_end,
        },
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except ApiError:
        state.cleanup()
        raise
    except Exception as exc:  # malformed multipart body
        state.cleanup()
        raise ApiError(400, "malformed_multipart", "the multipart body could not be parsed") from exc
    if state.file is None:
        raise ApiError(422, "missing_file", "attach the video as the 'file' field", field=file_field)
    if state.file.size == 0:
        state.cleanup()
        raise ApiError(422, "empty_file", "the uploaded file is empty", field=file_field)
    return state.fields, state.file
