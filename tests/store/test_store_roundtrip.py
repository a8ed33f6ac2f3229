"""Saving and loading analyses: exact round trip, duplicates, entity merging, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.store import InvalidAnalysisError, Store


def test_round_trip_is_exact(store: Store, make_analysis) -> None:
    analysis = make_analysis()
    assert store.save_analysis(analysis) is True
    loaded = store.load_analysis(analysis.document.id)
    assert loaded == analysis
    assert loaded.model_dump_json() == analysis.model_dump_json()


def test_rows_of_every_record_type(store: Store, make_analysis) -> None:
    store.save_analysis(make_analysis())
    counts = store.counts()
    assert counts == {
        "documents": 1,
        "entities": 2,
        "document_entities": 2,
        "mentions": 3,
        "claims": 1,
        "transfers": 1,
        "attributions": 1,
        "grades": 1,
        "timeline": 1,
        "ingest_failures": 0,
    }


def test_saving_the_same_document_again_changes_nothing(store: Store, make_analysis) -> None:
    analysis = make_analysis()
    store.save_analysis(analysis)
    before = store.counts()
    changed = analysis.model_copy(update={"claims": []})
    assert store.save_analysis(changed) is False
    assert store.counts() == before
    assert store.load_analysis(analysis.document.id) == analysis


def test_entities_are_merged_across_documents(store: Store, make_analysis) -> None:
    first = make_analysis()
    second = make_analysis(
        "Russia delivered two more S-400 systems to India in 2021, officials said. "
        "Moscow called it routine.",
        title="More S-400",
        russia_alias="RF",
    )
    store.save_analysis(first)
    store.save_analysis(second)

    russia = next(e for e in store.entities() if e.id == "country:RU")
    assert russia.aliases == ["Russian Federation", "RF"]
    assert russia.mentions == []
    assert store.entity_stats()["country:RU"].documents == 2

    loaded = store.load_analysis(first.document.id)
    assert loaded is not None
    assert loaded.entities[0].aliases == ["Russian Federation", "RF"]
    assert loaded.entities[0].mentions == first.entities[0].mentions


def test_a_failing_document_leaves_nothing_behind(store: Store, make_analysis) -> None:
    analysis = make_analysis()
    broken = analysis.model_copy(update={"claims": analysis.claims * 2})  # same claim id twice
    with pytest.raises(InvalidAnalysisError, match="cannot be stored"):
        store.save_analysis(broken)
    assert set(store.counts().values()) == {0}
    assert store.save_analysis(analysis) is True


def test_records_of_another_document_are_refused(store: Store, make_analysis) -> None:
    analysis = make_analysis()
    stray = analysis.claims[0].model_copy(update={"doc_id": "0" * 64})
    with pytest.raises(InvalidAnalysisError, match="another doc_id"):
        store.save_analysis(analysis.model_copy(update={"claims": [stray]}))


def test_filters(store: Store, make_analysis) -> None:
    analysis = make_analysis()
    store.save_analysis(analysis)
    assert len(store.claims(certainty="reported")) == 1
    assert store.claims(certainty="fact") == []
    assert len(store.claims(doc_id=analysis.document.id[:8])) == 1
    assert len(store.claims(entity="India")) == 1
    assert [e.id for e in store.entities(type="state")] == ["country:IN", "country:RU"]
    assert store.entities(type="person") == []
    for name in ("Russia", "russian federation", "country:RU"):
        assert len(store.transfers(supplier=name)) == 1, name
    assert store.transfers(supplier="India") == []
    assert len(store.transfers(recipient="India", status="delivered")) == 1
    assert [t.when for t in store.timeline()] == ["2021"]
    assert store.grades()[0].reliability == "F"
    assert store.attributions()[0].anonymous is True
    assert store.resolve_doc_id(analysis.document.id[:10]) == analysis.document.id


def test_failures_are_logged_once(store: Store) -> None:
    store.record_failure("a.txt", "empty document")
    store.record_failure("a.txt", "empty document")
    store.record_failure("b.txt", "binary data")
    assert [(f.source, f.reason) for f in store.failures()] == [
        ("a.txt", "empty document"),
        ("b.txt", "binary data"),
    ]


def test_second_process_sees_committed_data(db_path: Path, make_analysis) -> None:
    with Store.open(db_path) as writer, Store.open(db_path) as reader:
        writer.save_analysis(make_analysis())
        assert len(reader.documents()) == 1
