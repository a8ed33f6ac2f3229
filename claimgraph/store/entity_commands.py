"""`claimgraph entities merge|rename|split|edits|revert`: analyst edits of entities.

Edits are an append-only log in the database (``claimgraph.export.edits``) applied whenever
records are read, so they survive re-ingest and new documents about the same entities.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from claimgraph.export.edits import EditView, add_edit, load_edits, revert_edit
from claimgraph.store import Store

DbOption = Callable[[Any], Any]


def _apply(db: str, op: str, entity_id: str, args: dict) -> None:
    with Store.open(db, create=False) as store:
        edit = add_edit(store, op, entity_id, args, author="cli")
        view = EditView.from_store(store)
        target = view.entity(edit.args.get("new_id") or entity_id)
    name = target.name if target else entity_id
    click.echo(f"edit {edit.id}: {op} {entity_id} -> {name}")


def merge_command(db_option: DbOption) -> click.Command:
    """Build the merge command with the shared --db option."""

    @click.command("merge")
    @click.argument("keep")
    @click.argument("other")
    @db_option
    def merge(keep: str, other: str, db: str) -> None:
        """Merge entity OTHER into KEEP (OTHER's mentions, claims and aliases move to KEEP)."""
        _apply(db, "merge", keep, {"other": other})

    return merge


def rename_command(db_option: DbOption) -> click.Command:
    @click.command("rename")
    @click.argument("entity_id")
    @click.argument("name")
    @db_option
    def rename(entity_id: str, name: str, db: str) -> None:
        """Give ENTITY_ID a new canonical NAME (the old one stays an alias)."""
        _apply(db, "rename", entity_id, {"name": name})

    return rename


def split_command(db_option: DbOption) -> click.Command:
    @click.command("split")
    @click.argument("entity_id")
    @click.argument("name")
    @click.option("--alias", "aliases", multiple=True, help="Surface form that moves (repeat).")
    @click.option("--doc", "docs", multiple=True, help="Document whose mentions move (repeat).")
    @click.option("--new-id", help="Id of the new entity (default: from NAME).")
    @db_option
    def split(
        entity_id: str,
        name: str,
        aliases: tuple[str, ...],
        docs: tuple[str, ...],
        new_id: str | None,
        db: str,
    ) -> None:
        """Split a new entity NAME off ENTITY_ID: the mentions with --alias or in --doc move."""
        args = {"name": name, "aliases": list(aliases), "docs": list(docs)}
        if new_id:
            args["new_id"] = new_id
        _apply(db, "split", entity_id, args)

    return split


def edits_command(db_option: DbOption) -> click.Command:
    @click.command("edits")
    @click.option("--all", "include_reverted", is_flag=True, help="Include reverted edits.")
    @db_option
    def edits(include_reverted: bool, db: str) -> None:
        """List the entity edit log, oldest first."""
        with Store.open(db, create=False) as store:
            log = load_edits(store, include_reverted=include_reverted)
        for edit in log:
            flag = " (reverted)" if edit.reverted else ""
            click.echo(f"{edit.id}\t{edit.at}\t{edit.op}\t{edit.entity_id}\t{edit.args}{flag}")
        if not log:
            click.echo("no edits")

    return edits


def revert_command(db_option: DbOption) -> click.Command:
    @click.command("revert")
    @click.argument("edit_id", type=int)
    @db_option
    def revert(edit_id: int, db: str) -> None:
        """Undo edit EDIT_ID (it stays in the log, marked reverted)."""
        with Store.open(db, create=False) as store:
            if not revert_edit(store, edit_id):
                raise click.ClickException(f"no edit {edit_id}")
        click.echo(f"edit {edit_id} reverted")

    return revert


def add_edit_commands(group: click.Group, db_option: DbOption) -> None:
    """Attach the edit commands to the `entities` group."""
    for build in (merge_command, rename_command, split_command, edits_command, revert_command):
        group.add_command(build(db_option))
