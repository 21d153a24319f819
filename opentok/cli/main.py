"""`python -m opentok <command>`: the entry point behind the Makefile targets."""

from __future__ import annotations

import argparse
import getpass
import sys

from opentok.core.config import get_settings


def _create_admin(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from backend.app.crud.users import create_user
    from opentok.db.migrate import upgrade_head
    from opentok.db.session import session_scope
    from opentok.models import User, UserRole

    upgrade_head(get_settings().sqlalchemy_url)
    password = args.password or getpass.getpass("password: ")
    if len(password) < 8:
        print("password must have at least 8 characters", file=sys.stderr)
        return 2
    with session_scope() as session:
        user = session.scalar(select(User).where(User.username == args.username))
        if user is None:
            user = create_user(session, args.username, args.email, password, role=UserRole.admin)
        else:
            from backend.app.core.security import hash_password

            user.role, user.password_hash = UserRole.admin, hash_password(password)
    print(f"admin {args.username!r} is ready")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="opentok", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the whole platform on embedded defaults")
    sub.add_parser("migrate", help="apply database migrations")
    admin = sub.add_parser("create-admin", help="create (or promote) an admin account")
    admin.add_argument("username")
    admin.add_argument("--email", default="admin@opentok.local")
    admin.add_argument("--password", help="prompted when omitted")
    args = parser.parse_args(argv)

    if args.command == "run":
        from opentok.cli.launcher import run

        return run()
    if args.command == "migrate":
        from opentok.db.migrate import upgrade_head

        upgrade_head(get_settings().sqlalchemy_url)
        return 0
    return _create_admin(args)


if __name__ == "__main__":
    raise SystemExit(main())
