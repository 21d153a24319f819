"""`python -m moderation_service.training <command>`: the moderation models' CLI.

ensure               build or reuse the cached comment model and the cyberbullying model
comments [...]       train_comments options (--profile, --davidson N, --feedback, --force)
retrain              retrain the comment model with human overrides added (feedback loop)
cyberbullying [...]  train_cyberbullying options (--model tfidf|transformer|both, --steps)
compare [...]        fine-tune one model per data mix and compare on validation
probe [...]          the cheap frozen-encoder comparison of data mixes
"""

from __future__ import annotations

import sys


def ensure_models() -> None:
    """What `make run` and the test harness need: never retrains what is cached."""
    from moderation_service.training.cache import ensure_comment_model
    from moderation_service.training.train_bullying_type import ensure_cyberbullying_model

    comment = ensure_comment_model()
    bullying = ensure_cyberbullying_model()
    print(f"comment-moderation {comment.version}\ncyberbullying-type {bullying.version}")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return
    command, rest = args[0], args[1:]
    if command == "ensure":
        ensure_models()
    elif command == "comments":
        from moderation_service.training.train_comments import main as run

        run(rest)
    elif command == "retrain":
        from moderation_service.training.train_comments import main as run

        run(["--feedback", *rest])
    elif command == "cyberbullying":
        from moderation_service.training.train_bullying_type import main as run

        run(rest)
    elif command == "compare":
        from moderation_service.training.compare_sources import main as run

        run(rest)
    elif command == "probe":
        from moderation_service.training.probe_sources import main as run

        run(rest)
    else:
        raise SystemExit(f"unknown command {command!r}\n{__doc__}")


if __name__ == "__main__":
    main()
