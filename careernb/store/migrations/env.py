"""Alembic environment: careernb passes its connection and tables in ``config.attributes``."""

from alembic import context

from careernb.store.sql_schema import SCHEMA

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, version_table_schema=SCHEMA, transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
