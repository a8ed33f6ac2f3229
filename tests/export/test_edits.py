"""Entity edits (rename, merge, split) and reliability overrides: an edit log applied on read,
so edits hold for documents ingested after them."""

from __future__ import annotations

import pytest

from claimgraph.export.corpus import load_corpus
from claimgraph.export.edits import (
    EditError,
    EditView,
    add_edit,
    load_edits,
    revert_edit,
    set_override,
)
from claimgraph.model import Analysis, Document, Entity, EntityRef, Mention, Span
from claimgraph.store import Store
from claimgraph.text.clean import document_id

from .builders import NIGHT_OWL, OSTERLICH, RURITANIA, leak_analysis


def mention_doc(text: str, ref: EntityRef, surface: str, entity_type: str = "state") -> Analysis:
    """A document that only mentions one entity."""
    start = text.index(surface)
    mention = Mention(entity=ref, span=Span(start=start, end=start + len(surface), text=surface))
    doc = Document(id=document_id(text), text=text, source="later.txt")
    entity = Entity(id=ref.id, name=ref.name, type=entity_type, mentions=[mention])  # type: ignore[arg-type]
    return Analysis(document=doc, entities=[entity])


def test_rename_applies_to_every_record(export_store: Store) -> None:
    add_edit(export_store, "rename", RURITANIA.id, {"name": "Kingdom of Ruritania (RT)"})
    corpus = load_corpus(export_store)
    entity = corpus.entities[RURITANIA.id]
    assert entity.name == "Kingdom of Ruritania (RT)" and "Ruritania" in entity.aliases
    assert all(c.subject.name == "Kingdom of Ruritania (RT)" for c in corpus.claims if c.subject)
    assert corpus.transfers[0].supplier.name == "Kingdom of Ruritania (RT)"


def test_edits_survive_documents_ingested_later(export_store: Store) -> None:
    add_edit(export_store, "rename", OSTERLICH.id, {"name": "Österlich"})
    export_store.save_analysis(
        mention_doc("Osterlich held talks on Friday.", OSTERLICH, "Osterlich")
    )
    corpus = load_corpus(export_store)
    later = next(d for d in corpus.documents.values() if d.source == "later.txt")
    assert [m.entity.name for m in corpus.mentions[later.id]] == ["Österlich"]
    assert export_store.entities()[0].name != "Österlich"  # the stored records are untouched


def test_merge_folds_one_entity_into_another(export_store: Store) -> None:
    twin = EntityRef(id="group:nightowl-team", name="NightOwl team")
    export_store.save_analysis(
        mention_doc("The NightOwl team posted files.", twin, "NightOwl team", "hacker_group")
    )
    add_edit(export_store, "merge", NIGHT_OWL.id, {"other": twin.id})
    corpus = load_corpus(export_store)
    assert twin.id not in corpus.entities
    assert "NightOwl team" in corpus.entities[NIGHT_OWL.id].aliases
    later = next(d for d in corpus.documents.values() if d.source == "later.txt")
    assert corpus.mentions[later.id][0].entity.id == NIGHT_OWL.id
    assert corpus.view.entity(twin.id).id == NIGHT_OWL.id
    with pytest.raises(EditError, match="already merged"):
        add_edit(export_store, "merge", NIGHT_OWL.id, {"other": twin.id})


def test_split_moves_mentions_and_records(export_store: Store) -> None:
    docs = {d.source: d.id for d in export_store.documents()}
    edit = add_edit(
        export_store,
        "split",
        RURITANIA.id,
        {"name": "Ruritanian junta", "docs": [docs["denial.txt"][:12]]},
    )
    assert edit.args["new_id"] == "country:ruritanian-junta"
    corpus = load_corpus(export_store)
    denial = corpus.doc_claims(docs["denial.txt"])[0]
    leak = corpus.doc_claims(docs["leak.txt"])[0]
    assert denial.subject.id == "country:ruritanian-junta"
    assert leak.subject.id == RURITANIA.id
    assert corpus.entities["country:ruritanian-junta"].type == "state"


def test_split_by_surface_form(export_store: Store) -> None:
    ref = EntityRef(id=RURITANIA.id, name="Ruritania")
    export_store.save_analysis(mention_doc("The Ruritanian junta met.", ref, "Ruritanian junta"))
    add_edit(
        export_store, "split", RURITANIA.id, {"name": "The junta", "aliases": ["Ruritanian junta"]}
    )
    corpus = load_corpus(export_store)
    later = next(d for d in corpus.documents.values() if d.source == "later.txt")
    assert corpus.mentions[later.id][0].entity.name == "The junta"
    assert all(c.subject.id == RURITANIA.id for c in corpus.claims if c.subject)


def test_revert_and_bad_edits(export_store: Store) -> None:
    edit = add_edit(export_store, "rename", RURITANIA.id, {"name": "X"})
    assert revert_edit(export_store, edit.id)
    assert load_corpus(export_store).entities[RURITANIA.id].name == "Ruritania"
    assert [e.reverted for e in load_edits(export_store, include_reverted=True)] == [True]
    assert not revert_edit(export_store, 999)
    for op, entity_id, args in [
        ("rename", "country:nowhere", {"name": "Y"}),
        ("rename", RURITANIA.id, {"name": " "}),
        ("explode", RURITANIA.id, {}),
        ("merge", RURITANIA.id, {"other": RURITANIA.id}),
        ("split", RURITANIA.id, {"name": "Z"}),
    ]:
        with pytest.raises(EditError):
            add_edit(export_store, op, entity_id, args)


def test_reliability_override_changes_grades(export_store: Store) -> None:
    set_override(export_store, NIGHT_OWL.id, "C", "known to leak genuine files", "analyst")
    corpus = load_corpus(export_store)
    leak = next(c for c in corpus.claims if c.attribution and c.attribution[0].source == NIGHT_OWL)
    grade = corpus.grade(leak)
    assert grade is not None and grade.reliability == "C"
    assert any("known to leak genuine files" in reason for reason in grade.rationale)
    set_override(export_store, NIGHT_OWL.id, None, None, "analyst")
    assert load_corpus(export_store).grade(leak).reliability == "F"
    with pytest.raises(EditError):
        set_override(export_store, NIGHT_OWL.id, "Q", None, None)


def test_view_without_edits_returns_records_unchanged() -> None:
    analysis = leak_analysis()
    view = EditView({e.id: e for e in analysis.entities})
    claim = analysis.claims[0]
    assert view.record(claim) is claim
