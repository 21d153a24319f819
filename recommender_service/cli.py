"""Command line: `python -m recommender_service.cli rebuild | preferences | serve`."""

from __future__ import annotations

import argparse
import json
import logging

from opentok.core.config import get_settings
from opentok.db.session import session_scope


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="recommender_service.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("rebuild", help="build a new artifact from the database and activate it")
    pref = sub.add_parser("preferences", help="run the daily user preference analysis now")
    pref.add_argument("--days", type=int, default=30)
    serve = sub.add_parser("serve", help="run the API server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8002)
    args = parser.parse_args(argv)
    logging.basicConfig(level=get_settings().log_level)

    if args.command == "rebuild":
        from recommender_service.engine.build import rebuild

        with session_scope() as session:
            model = rebuild(session)
        print(json.dumps(model.describe(), indent=2))
    elif args.command == "preferences":
        from recommender_service.engine.preferences import analyse_preferences

        with session_scope() as session:
            print(json.dumps(analyse_preferences(session, days=args.days)))
    else:
        import uvicorn

        uvicorn.run("recommender_service.app.main:app", host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
