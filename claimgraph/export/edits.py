"""Analyst edits of entities (rename, merge, split) and source reliability overrides.

Edits are an ordered log (table ``entity_edits``); reading applies them to every record, so
they hold for documents ingested before and after the edit and survive re-ingesting:

- ``rename`` ``{"name": N}``: the entity is called N from now on (the old name becomes an alias).
- ``merge`` ``{"other": B}``: entity B is folded into the edited entity (refs, mentions,
  aliases); B disappears.
- ``split`` ``{"new_id": X, "name": N, "aliases": [...], "docs": [...]}``: mentions whose
  surface form is one of ``aliases`` (any document) and everything in ``docs`` move to a new
  entity X (same type). A record outside ``docs`` moves when its evidence names one of the
  aliases and none of the entity's other names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel
from sqlalchemy import select, update

from claimgraph.errors import InputError
from claimgraph.export import tables
from claimgraph.model import Entity, EntityRef, Grade, Mention
from claimgraph.store import schema
from claimgraph.store.db import Store
from claimgraph.store.engine import write_transaction

Op = Literal["rename", "merge", "split"]
OPS: tuple[str, ...] = ("rename", "merge", "split")
RELIABILITY = ("A", "B", "C", "D", "E", "F")
R = TypeVar("R", bound=BaseModel)


class EditError(InputError):
    """An edit that cannot be applied (unknown entity, bad arguments)."""


@dataclass(frozen=True)
class EntityEdit:
    """One logged edit."""

    id: int
    op: str
    entity_id: str
    args: dict[str, Any]
    author: str | None
    at: str
    reverted: bool = False

    def as_dict(self) -> dict[str, Any]:
        """JSON form for the API."""
        return {
            "id": self.id,
            "op": self.op,
            "entity_id": self.entity_id,
            "args": self.args,
            "author": self.author,
            "at": self.at,
            "reverted": self.reverted,
        }


@dataclass(frozen=True)
class Override:
    """An analyst's reliability for a source."""

    source_id: str
    reliability: str
    reason: str | None
    author: str | None
    at: str


def now() -> str:
    """The current time, ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


# -- the log ------------------------------------------------------------------------------------


def load_edits(store: Store, *, include_reverted: bool = False) -> list[EntityEdit]:
    """The edit log, oldest first."""
    t = tables.entity_edits
    query = select(t).order_by(t.c.id)
    if not include_reverted:
        query = query.where(t.c.reverted.is_(False))
    with store.reading() as conn:
        return [
            EntityEdit(r.id, r.op, r.entity_id, dict(r.args), r.author, r.at, bool(r.reverted))
            for r in conn.execute(query)
        ]


def add_edit(
    store: Store, op: str, entity_id: str, args: dict[str, Any], author: str | None = None
) -> EntityEdit:
    """Check an edit against the current view and append it to the log."""
    view = EditView.from_store(store)
    args = view.check(op, entity_id, args)
    t = tables.entity_edits
    at = now()
    with write_transaction(store.engine) as conn:
        new_id = conn.execute(
            t.insert().values(
                op=op, entity_id=entity_id, args=args, author=author, at=at, reverted=False
            )
        ).inserted_primary_key
    assert new_id is not None
    return EntityEdit(int(new_id[0]), op, entity_id, args, author, at)


def revert_edit(store: Store, edit_id: int) -> bool:
    """Mark an edit as reverted (kept in the log); False if there is no such edit."""
    t = tables.entity_edits
    with write_transaction(store.engine) as conn:
        result = conn.execute(update(t).where(t.c.id == edit_id).values(reverted=True))
    return bool(result.rowcount)


def load_overrides(store: Store) -> dict[str, Override]:
    """Reliability overrides by source id (the store's ``source_overrides`` table)."""
    t = schema.source_overrides
    with store.reading() as conn:
        return {
            r.source_id: Override(r.source_id, r.reliability, r.reason or None, None, r.at)
            for r in conn.execute(select(t))
        }


def set_override(
    store: Store, source_id: str, reliability: str | None, reason: str | None, author: str | None
) -> Override | None:
    """Set (or with ``reliability=None`` remove) a source's reliability override, then regrade
    the claims from that source (cross-document stage) when this claimgraph has it."""
    if reliability is not None and reliability not in RELIABILITY:
        raise EditError(f"reliability must be one of {', '.join(RELIABILITY)}, not {reliability!r}")
    text = (reason or "").strip()
    if author and text:
        text = f"{text} ({author})"
    elif author:
        text = f"set by {author}"
    setter = getattr(store, "set_override", None)
    if setter is not None:
        setter(source_id, reliability, text)
    else:
        _write_override(store, source_id, reliability, text)
    _regrade(store, source_id)
    return load_overrides(store).get(source_id)


def _write_override(store: Store, source_id: str, reliability: str | None, reason: str) -> None:
    t = schema.source_overrides
    with write_transaction(store.engine) as conn:
        conn.execute(t.delete().where(t.c.source_id == source_id))
        if reliability is not None:
            conn.execute(
                t.insert().values(
                    source_id=source_id, reliability=reliability, reason=reason, at=now()
                )
            )


def _regrade(store: Store, source_id: str) -> None:
    try:
        from claimgraph.analysis.crossdoc import regrade_source
    except ImportError:
        return
    regrade_source(store, source_id)


# -- applying -----------------------------------------------------------------------------------


@dataclass
class _Split:
    entity_id: str
    new_id: str
    name: str
    aliases: set[str]
    docs: set[str]


@dataclass
class EditView:
    """Applies the edit log and overrides to records as they are read."""

    entities: dict[str, Entity]
    edits: list[EntityEdit] = field(default_factory=list)
    overrides: dict[str, Override] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._merged: dict[str, str] = {}
        self._splits: list[_Split] = []
        self._view = dict(self.entities)
        for edit in self.edits:
            self._apply(edit)

    @classmethod
    def from_store(cls, store: Store) -> EditView:
        """The current edit log and overrides of a store, over its entities."""
        return cls(
            {e.id: e for e in store.entities()},
            load_edits(store),
            load_overrides(store),
        )

    @property
    def active(self) -> bool:
        """Is there anything to apply?"""
        return bool(self.edits or self.overrides)

    def entity_list(self) -> list[Entity]:
        """Entities after the edits, by id."""
        return [self._view[k] for k in sorted(self._view)]

    def entity(self, entity_id: str) -> Entity | None:
        """One entity after the edits (a merged-away id gives its target)."""
        return self._view.get(self._final(entity_id))

    def resolve(self, entity_id: str) -> str:
        """The id an entity has after merges (splits need a record: see :meth:`ref`)."""
        return self._final(entity_id)

    def ids_for(self, entity_id: str) -> set[str]:
        """Stored ids that read as ``entity_id`` (itself and what was merged into it)."""
        target = self._final(entity_id)
        return {i for i in [*self.entities, *self._merged] if self._final(i) == target}

    # -- records ------------------------------------------------------------------------------

    def ref(self, ref: EntityRef, doc_id: str | None, context: str = "") -> EntityRef:
        """An entity reference after merges, splits and renames."""
        entity_id = self._final(ref.id)
        for split in self._splits:
            if entity_id == split.entity_id and self._moves(split, doc_id, context):
                entity_id = self._final(split.new_id)
        entity = self._view.get(entity_id)
        name = entity.name if entity else ref.name
        if entity_id == ref.id and name == ref.name:
            return ref
        return EntityRef(id=entity_id, name=name)

    def record(self, record: R, doc_id: str | None = None) -> R:
        """Any record with its entity references rewritten (unchanged when there are no edits)."""
        if not self.edits:
            return record
        data = record.model_dump(mode="json")
        evidence = data.get("evidence") or {}
        context = evidence.get("text", "") if isinstance(evidence, dict) else ""
        doc = doc_id or data.get("doc_id")
        new = _walk(data, lambda ref: self.ref(ref, doc, context))
        return type(record).model_validate(new)

    def mention(self, mention: Mention, doc_id: str) -> Mention:
        """A mention, moved by splits on its own surface form."""
        if not self.edits:
            return mention
        ref = self.ref(mention.entity, doc_id, mention.span.text)
        return mention if ref == mention.entity else mention.model_copy(update={"entity": ref})

    def grade(self, grade: Grade, doc_id: str | None = None) -> Grade:
        """A grade with its source re-mapped and the analyst's reliability applied."""
        grade = self.record(grade, doc_id)
        if grade.source is None:
            return grade
        override = self._override_for(grade.source.id)
        if override is None or override.reliability == grade.reliability:
            return grade
        reason = f"reliability set to {override.reliability} by an analyst" + (
            f": {override.reason}" if override.reason else ""
        )
        return grade.model_copy(
            update={
                "reliability": override.reliability,
                "rationale": [*grade.rationale, reason],
            }
        )

    def reliability_of(self, source_id: str) -> Override | None:
        """The analyst's override for a source (after merges), if any."""
        return self._override_for(source_id)

    # -- checks -------------------------------------------------------------------------------

    def check(self, op: str, entity_id: str, args: dict[str, Any]) -> dict[str, Any]:
        """Validated, normalised arguments of an edit; :class:`EditError` if it cannot apply."""
        if op not in OPS:
            raise EditError(f"unknown edit {op!r}; choose from {', '.join(OPS)}")
        if self.entity(entity_id) is None or self._final(entity_id) != entity_id:
            raise EditError(f"no entity {entity_id!r} (after earlier edits)")
        if op == "rename":
            name = str(args.get("name") or "").strip()
            if not name:
                raise EditError("rename needs a non-empty 'name'")
            return {"name": name}
        if op == "merge":
            other = str(args.get("other") or "")
            if other == entity_id or self.entity(other) is None:
                raise EditError(f"merge needs 'other': an existing entity other than {entity_id}")
            if self._final(other) != other:
                raise EditError(f"{other} was already merged into {self._final(other)}")
            return {"other": other}
        return self._check_split(entity_id, args)

    def _check_split(self, entity_id: str, args: dict[str, Any]) -> dict[str, Any]:
        name = str(args.get("name") or "").strip()
        aliases = sorted({str(a).strip() for a in args.get("aliases") or [] if str(a).strip()})
        docs = sorted({str(d) for d in args.get("docs") or [] if str(d)})
        if not name or not (aliases or docs):
            raise EditError("split needs a 'name' and 'aliases' or 'docs' to move")
        prefix = entity_id.split(":", 1)[0]
        new_id = str(args.get("new_id") or f"{prefix}:{_slug(name)}")
        if new_id in self._view or new_id in self._merged:
            raise EditError(f"split: entity {new_id!r} exists already; give another 'new_id'")
        return {"new_id": new_id, "name": name, "aliases": aliases, "docs": docs}

    # -- internals ----------------------------------------------------------------------------

    def _final(self, entity_id: str) -> str:
        seen = set()
        while entity_id in self._merged and entity_id not in seen:
            seen.add(entity_id)
            entity_id = self._merged[entity_id]
        return entity_id

    def _override_for(self, source_id: str) -> Override | None:
        return self.overrides.get(source_id) or self.overrides.get(self._final(source_id))

    def _apply(self, edit: EntityEdit) -> None:
        target = self._final(edit.entity_id)
        entity = self._view.get(target)
        if entity is None:  # the entity is gone from the store: the edit waits for it
            return
        if edit.op == "rename":
            name = str(edit.args["name"])
            aliases = _add(entity.aliases, entity.name, exclude=name)
            self._view[target] = entity.model_copy(update={"name": name, "aliases": aliases})
        elif edit.op == "merge":
            other_id = self._final(str(edit.args["other"]))
            other = self._view.pop(other_id, None)
            if other is None or other_id == target:
                return
            self._merged[other_id] = target
            aliases = _add(entity.aliases, other.name, *other.aliases, exclude=entity.name)
            self._view[target] = entity.model_copy(
                update={
                    "aliases": aliases,
                    "roles": entity.roles + [r for r in other.roles if r not in entity.roles],
                    "external_ids": {**other.external_ids, **entity.external_ids},
                }
            )
        elif edit.op == "split":
            self._split(edit, target, entity)

    def _split(self, edit: EntityEdit, target: str, entity: Entity) -> None:
        aliases = {str(a) for a in edit.args.get("aliases", [])}
        split = _Split(
            entity_id=target,
            new_id=str(edit.args["new_id"]),
            name=str(edit.args["name"]),
            aliases={a.casefold() for a in aliases},
            docs={str(d) for d in edit.args.get("docs", [])},
        )
        self._splits.append(split)
        kept = [a for a in entity.aliases if a.casefold() not in split.aliases]
        self._view[target] = entity.model_copy(update={"aliases": kept})
        self._view[split.new_id] = Entity(
            id=split.new_id,
            name=split.name,
            type=entity.type,
            country=entity.country,
            aliases=sorted(a for a in aliases if a != split.name),
        )

    def _moves(self, split: _Split, doc_id: str | None, context: str) -> bool:
        if doc_id is not None and any(doc_id.startswith(d) for d in split.docs):
            return True
        if not split.aliases or not context:
            return False
        text = context.casefold()
        if not any(_names(text, alias) for alias in split.aliases):
            return False
        remaining = self._view.get(split.entity_id)
        others = [remaining.name, *remaining.aliases] if remaining else []
        return not any(
            _names(text, o.casefold()) for o in others if o.casefold() not in split.aliases
        )


def _names(text: str, name: str) -> bool:
    """Does ``text`` contain ``name`` as whole words?"""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def _add(aliases: Iterable[str], *new: str, exclude: str) -> list[str]:
    out = list(aliases)
    for alias in new:
        if alias and alias != exclude and alias not in out:
            out.append(alias)
    return [a for a in out if a != exclude]


def _slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-") or "entity"


def _walk(data: Any, fix: Any) -> Any:
    """Rewrite every ``{"id", "name"}`` reference inside a JSON structure."""
    if isinstance(data, dict):
        if set(data) == {"id", "name"} and isinstance(data["id"], str):
            ref = fix(EntityRef(id=data["id"], name=str(data["name"])))
            return {"id": ref.id, "name": ref.name}
        return {k: _walk(v, fix) for k, v in data.items()}
    if isinstance(data, list):
        return [_walk(v, fix) for v in data]
    return data
