"""Create the schema and demo accounts whose passwords really work.

    python -m testing.data_setup            # uses DATABASE_URL / embedded SQLite
    python -m testing.data_setup --password demo-pass-123

Passwords are hashed by the gateway's own hash function, so the demo users can log in
through the API exactly like real ones.
"""

from __future__ import annotations

import argparse

from sqlalchemy import select
from sqlalchemy.orm import Session
from tqdm import tqdm

from backend.app.crud.users import create_user
from opentok.core.config import get_settings
from opentok.db.migrate import upgrade_head
from opentok.db.session import make_engine
from opentok.models import User, UserRole

DEMO_PASSWORD = "opentok-demo-pass"
DEMO_USERS: list[tuple[str, UserRole, list[str]]] = [
    ("admin", UserRole.admin, []),
    ("moderator", UserRole.moderator, []),
    ("dancequeen", UserRole.user, ["dance", "music"]),
    ("chefmario", UserRole.user, ["food", "travel"]),
    ("petlover", UserRole.user, ["pets", "comedy"]),
    ("techtalks", UserRole.user, ["tech", "education", "science"]),
    ("gamerpro", UserRole.user, ["gaming", "comedy"]),
    ("fitfam", UserRole.user, ["sports", "beauty"]),
]


def setup(database_url: str | None = None, password: str = DEMO_PASSWORD) -> list[str]:
    """Migrate and create any missing demo users; returns the usernames created."""
    url = database_url or get_settings().sqlalchemy_url
    upgrade_head(url)
    engine = make_engine(url)
    created = []
    with Session(engine) as session:
        for username, role, interests in tqdm(DEMO_USERS, desc="demo users", unit="user"):
            if session.scalar(select(User.id).where(User.username == username)):
                continue
            create_user(
                session, username, f"{username}@demo.opentok.local", password, role=role, interests=interests
            )
            created.append(username)
        session.commit()
    engine.dispose()
    return created


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--password", default=DEMO_PASSWORD)
    args = parser.parse_args()
    created = setup(args.database_url, args.password)
    names = ", ".join(created) or "(all existed)"
    print(f"created {len(created)} demo users: {names}; password: {args.password}")


if __name__ == "__main__":
    main()
