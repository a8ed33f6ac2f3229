"""STIX 2.1 export: built with stix2, validated with stix2-validator, ICD 203 confidence."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, get_args

from click.testing import CliRunner
from stix2validator import ValidationOptions, validate_instance

from claimgraph.cli import main
from claimgraph.export.corpus import load_corpus
from claimgraph.export.stix import icd203_table, write_stix
from claimgraph.model import Certainty
from claimgraph.store import Store

ALLOWED_WARNINGS = {"202"}  # custom relationship types ("supply") are permitted by the spec


def bundle_of(store: Store, **scope: Any) -> dict[str, Any]:
    from claimgraph.export.corpus import Scope

    out = io.StringIO()
    write_stix(load_corpus(store, Scope(**scope)), out)
    return json.loads(out.getvalue())


def assert_valid(bundle: dict[str, Any]) -> None:
    """Valid STIX 2.1, and no warnings beyond the permitted custom relationship types."""
    results = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert results.is_valid, [str(e) for e in results.errors or []]
    codes = {m.group(1) for w in results.warnings or [] if (m := re.search(r"\{(\d+)\}", str(w)))}
    assert codes <= ALLOWED_WARNINGS, results.warnings


def by_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [o for o in bundle["objects"] if o["type"] == kind]


def test_bundle_validates_with_stix2_validator(export_store: Store) -> None:
    bundle = bundle_of(export_store)
    assert bundle["type"] == "bundle"
    assert_valid(bundle)
    kinds = {o["type"] for o in bundle["objects"]}
    assert {
        "report",
        "identity",
        "location",
        "threat-actor",
        "relationship",
        "note",
        "extension-definition",
    } <= kinds


def test_relationships_carry_time_confidence_and_grade(export_store: Store) -> None:
    bundle = bundle_of(export_store)
    claims = {
        (o["x_claimgraph_doc_id"], o["x_claimgraph_claim_id"]): o
        for o in by_type(bundle, "relationship")
        if o.get("x_claimgraph_claim_id") and "x_claimgraph_transfer" not in o
    }
    sale = next(o for o in claims.values() if o["description"].startswith("Leaked files"))
    assert sale["relationship_type"] == "supply"
    assert (sale["start_time"], sale["stop_time"]) == (
        "2024-01-01T00:00:00Z",
        "2025-01-01T00:00:00Z",
    )
    assert sale["confidence"] == 70 and sale["x_claimgraph_icd203"] == "likely"
    assert sale["x_claimgraph_admiralty_reliability"] == "F"
    assert sale["x_claimgraph_admiralty_credibility"] == 3
    assert sale["x_claimgraph_source_chain"] == ["Night Owl"]
    assert next(iter(sale["extensions"].values())) == {
        "extension_type": "toplevel-property-extension"
    }
    forecast = next(o for o in claims.values() if o["x_claimgraph_certainty"] == "possible")
    assert "start_time" not in forecast and forecast["stop_time"] == "2027-01-01T00:00:00Z"
    denial = next(o for o in claims.values() if o["x_claimgraph_certainty"] == "denied")
    assert denial["relationship_type"] == "not-supply" and denial["confidence"] == 15
    transfer = next(o for o in by_type(bundle, "relationship") if "x_claimgraph_transfer" in o)
    assert transfer["relationship_type"] == "supplies-arms-to"
    assert transfer["x_claimgraph_transfer"]["designation"] == "Falcon"


def test_entities_map_to_identities_threat_actors_and_locations(export_store: Store) -> None:
    bundle = bundle_of(export_store)
    actor = by_type(bundle, "threat-actor")[0]
    assert actor["name"] == "Night Owl" and actor["threat_actor_types"] == ["hacker"]
    assert actor["x_claimgraph_admiralty_reliability"] == "F"
    names = {o["name"]: o for o in by_type(bundle, "identity")}
    assert names["Ruritania"]["sectors"] == ["government-national"]
    assert names["Example Wire"]["sectors"] == ["communications"]
    assert names["a defence official"]["identity_class"] == "individual"
    locations = {o.get("country") for o in by_type(bundle, "location")}
    assert locations == {"AT"}  # Vienna; the invented states have no ISO code


def test_notes_and_reports_hold_the_evidence(export_store: Store) -> None:
    bundle = bundle_of(export_store)
    notes = by_type(bundle, "note")
    leak = next(n for n in notes if "Night Owl" in n["content"])
    assert "Falcon drones" in leak["content"] and leak["authors"] == ["Example Wire", "Jo Writer"]
    reports = {r["name"]: r for r in by_type(bundle, "report")}
    report = reports["Leak <b>claims</b> drone sale"]
    assert report["published"] == "2025-03-01T00:00:00Z"
    assert leak["id"] in report["object_refs"]
    ids = {o["id"] for o in bundle["objects"]}
    for obj in bundle["objects"]:
        for ref in obj.get("object_refs", []):
            assert ref in ids


def test_ids_are_stable_between_exports(export_store: Store) -> None:
    first = {o["id"] for o in bundle_of(export_store)["objects"]}
    second = {o["id"] for o in bundle_of(export_store)["objects"]}
    assert first == second


def test_scope_narrows_the_bundle(export_store: Store) -> None:
    bundle = bundle_of(export_store, doc=bundle_of_doc_prefix(export_store))
    assert len(by_type(bundle, "report")) == 1
    assert_valid(bundle)


def bundle_of_doc_prefix(store: Store) -> str:
    return next(d.id for d in store.documents() if d.source == "denial.txt")[:10]


def test_icd203_table_covers_every_certainty_and_matches_the_dni_scale() -> None:
    table = icd203_table()
    assert set(table["icd203"]) == set(get_args(Certainty))
    for row in table["icd203"].values():
        low, high = row["range"]
        assert low <= row["stix"] <= high
        word = next(b["word"] for b in table["stix_to_icd203"] if row["stix"] <= b["max"])
        assert word == row["word"]


def test_export_command_writes_stix(export_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "bundle.json"
    result = CliRunner().invoke(
        main, ["export", "--db", str(export_db), "--format", "stix", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert_valid(json.loads(out.read_text(encoding="utf-8")))
    scoped = CliRunner().invoke(
        main, ["export", "--db", str(export_db), "--format", "stix", "--entity", "Night Owl"]
    )
    assert scoped.exit_code == 0, scoped.output
    assert "Ruritania denies" not in scoped.stdout
