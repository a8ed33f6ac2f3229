"""FollowTheMoney export: entities valid for the followthemoney model, every statement tied to
the document it was read from."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
from followthemoney import model  # noqa: E402

from claimgraph.cli import main  # noqa: E402
from claimgraph.export.corpus import load_corpus  # noqa: E402
from claimgraph.export.ftm import article_id, write_ftm  # noqa: E402
from claimgraph.store import Store  # noqa: E402


def entities_of(store: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    write_ftm(load_corpus(store), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def assert_valid_ftm(entities: list[dict[str, Any]]) -> None:
    """Each entity passes its schema's validation, has its required properties, and every
    entity-typed value points at an entity in the export."""
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities)
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        schema.validate(data)
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"]
        for name in schema.required:
            assert data["properties"].get(name), (data["schema"], name)
        for name, values in data["properties"].items():
            if schema.properties[name].type.name == "entity":
                assert set(values) <= ids, (data["schema"], name)


def test_entities_validate(export_store: Store) -> None:
    entities = entities_of(export_store)
    assert_valid_ftm(entities)
    schemata = {e["schema"] for e in entities}
    assert {"Article", "PublicBody", "Organization", "Address", "Mention"} <= schemata
    assert {"UnknownLink", "Event"} <= schemata


def test_statements_carry_their_source_document(export_store: Store) -> None:
    docs = {d.source: d.id for d in export_store.documents()}
    leak, denial = article_id(docs["leak.txt"]), article_id(docs["denial.txt"])
    entities = {(e["schema"], e["caption"]): e for e in entities_of(export_store)}
    ruritania = entities[("PublicBody", "Ruritania")]
    assert set(ruritania["origin"]) == {leak, denial}
    assert set(ruritania["properties"]["proof"]) == {leak, denial}
    assert ruritania["properties"]["topics"] == ["gov.national"]
    assert ruritania["properties"]["wikidataId"] == ["Q999"]
    event = next(e for e in entities.values() if e["schema"] == "Event")
    assert event["origin"] == [leak] and "24 Falcon" in event["properties"]["name"][0]
    out = io.StringIO()
    write_ftm(load_corpus(export_store), out, statements=True)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    statements = [s for s in lines if s["prop"] != "id"]  # "id": FtM's own entity checksum
    assert statements and all(s["origin"] in {leak, denial} for s in statements)
    names = {s["origin"] for s in statements if s["prop"] == "name" and s["value"] == "Ruritania"}
    assert names == {leak, denial}


def test_hostile_text_stays_data(export_store: Store) -> None:
    article = next(e for e in entities_of(export_store) if e["caption"].startswith("Leak"))
    assert "<script>alert(1)</script>" in article["properties"]["bodyText"][0]


def test_export_command_ftm(export_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "ftm.jsonl"
    result = CliRunner().invoke(
        main, ["export", "--db", str(export_db), "--format", "ftm", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert_valid_ftm([json.loads(line) for line in out.read_text().splitlines()])
    bad = CliRunner().invoke(main, ["export", "--db", str(export_db), "--statements"])
    assert bad.exit_code == 2 and "--statements" in bad.stderr
