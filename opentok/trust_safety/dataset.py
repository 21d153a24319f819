"""The `tiktok-claims` training file, read once and given stable column names.

Only the training portion of a fixed 80/20 split lives in shared data; every held-out
figure we report comes from a second, group-aware split of that file (see `splits`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from opentok.core.config import get_settings

CLAIMS_FILE = Path("tiktok-claims") / "tiktok_claims_train.csv"

COLUMNS = {
    "claim_status": "claim_status",
    "video_duration_sec": "duration_s",
    "video_transcription_text": "text",
    "verified_status": "verified_status",
    "author_ban_status": "ban_status",
    "video_view_count": "views",
    "video_like_count": "likes",
    "video_share_count": "shares",
    "video_download_count": "downloads",
    "video_comment_count": "comments",
}


def claims_path() -> Path:
    return get_settings().shared_data_dir / CLAIMS_FILE


def load_claims(path: Path | None = None) -> pd.DataFrame:
    """Rows with a label and a text (the 238 empty rows carry neither), renamed per COLUMNS."""
    frame = pd.read_csv(path or claims_path())
    frame = frame.rename(columns=COLUMNS)[list(COLUMNS.values())]
    frame = frame.dropna(subset=["claim_status", "text"]).reset_index(drop=True)
    frame["verified"] = (frame["verified_status"] == "verified").astype(int)
    frame["is_claim"] = (frame["claim_status"] == "claim").astype(int)
    return frame
