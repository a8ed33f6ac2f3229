"""Entity resolution across documents: titles, accents and surnames of guessed names."""

from __future__ import annotations

from pathlib import Path

from claimgraph import analyze
from claimgraph.analysis.resolution import EntityResolver, normal_name
from claimgraph.ingest import ingest_paths
from claimgraph.store import Store

FIRST = (
    "Dr. Vadym Kovalchuk, an analyst at the Kyiv Defence Forum, said Norway would buy "
    "12 howitzers from South Korea.\n"
)
SECOND = (
    "Vadim Kovalchuk said the howitzers would arrive in 2026. Kovalchuk added that Sweden "
    "may order more.\n"
)


def test_normal_names() -> None:
    assert normal_name("Defence Minister Boris Pistorius", person=True) == "boris pistorius"
    assert normal_name("Dr. Ingrid Solberg", person=True) == "ingrid solberg"
    assert normal_name("Recep Tayyip Erdoğan", person=True) == "recep tayyip erdogan"


def test_second_document_reuses_the_first_documents_entity() -> None:
    first = analyze(FIRST)
    resolver = EntityResolver.of(first.entities)
    second = resolver.resolve(analyze(SECOND))
    person_ids = {e.id for e in first.entities if e.type == "person"}
    second_people = {e.id for e in second.entities if e.type == "person"}
    assert second_people and second_people <= person_ids
    for claim in second.claims:
        if claim.subject and claim.subject.name.endswith("Kovalchuk"):
            assert claim.subject.id in person_ids


def test_ingest_resolves_across_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    db = tmp_path / "c.db"
    with Store.open(db) as store:
        ingest_paths(store, [tmp_path])
        people = [e for e in store.entities() if e.type == "person"]
    assert [p.name for p in people] == ["Vadym Kovalchuk"]
    assert "Vadim Kovalchuk" in people[0].aliases
