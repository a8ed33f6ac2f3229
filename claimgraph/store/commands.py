"""Store commands: ingest, documents, entities, claims, transfers, search, export."""

import click


def register(main: click.Group) -> None:
    """Add the store commands to the main group."""
