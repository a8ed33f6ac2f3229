"""Storage: schema, migrations, SQLite (default) and PostgreSQL backends, full-text search."""

from claimgraph.store.db import Failure, InvalidAnalysisError, Store
from claimgraph.store.engine import default_db

__all__ = ["Failure", "InvalidAnalysisError", "Store", "default_db"]
