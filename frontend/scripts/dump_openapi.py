"""Dump the gateway's OpenAPI schema and vocabularies for the typed front-end client.

The React app's API types are generated from this file (openapi-typescript), and its
category / report-reason / status lists come from the same Python constants the gateway
validates against, so neither side is written by hand twice.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from backend.app.main import app  # noqa: E402
from opentok.models import REPORT_REASONS, VIDEO_CATEGORIES, CommentStatus, VideoStatus  # noqa: E402


def main(schema_path: str, vocab_path: str) -> None:
    Path(schema_path).write_text(json.dumps(app.openapi(), indent=1, sort_keys=True) + "\n")
    vocab = {
        "categories": list(VIDEO_CATEGORIES),
        "reportReasons": list(REPORT_REASONS),
        "videoStatuses": [s.value for s in VideoStatus],
        "commentStatuses": [s.value for s in CommentStatus],
    }
    Path(vocab_path).write_text(json.dumps(vocab, indent=1) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
