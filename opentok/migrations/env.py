"""Alembic environment: the URL comes from the caller or from the settings."""

from alembic import context

import opentok.models  # noqa: F401  (registers every table)
from opentok.core.config import get_settings
from opentok.db.base import Base
from opentok.db.session import make_engine

config = context.config
url = config.get_main_option("sqlalchemy.url") or get_settings().sqlalchemy_url


def run_migrations() -> None:
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=Base.metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection:
        # Batch mode lets ALTERs work on SQLite too.
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
