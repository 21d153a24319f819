"""`.env.example` documents every setting (issue 2): a field added without its line fails here."""

from __future__ import annotations

import re

from opentok.core.config import REPO_ROOT, Settings


def test_every_setting_is_documented_in_env_example() -> None:
    text = (REPO_ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.M))
    missing = sorted(name.upper() for name in Settings.model_fields if name.upper() not in documented)
    assert missing == []
